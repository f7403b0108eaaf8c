import type { Flag, Instruction } from 'dockerfile-ast';
import { isMap, isPair, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { capabilityRisks, capabilityUses, defaultCapabilities, normalizeCapability } from '../model/capabilities';
import type { DockerfileModel } from '../model/dockerfile';
import { parseFile } from '../model/parse';
import { type PodSecurityCheckId, podSecurityCheck } from '../model/pod-security';
import type { SourceText } from '../model/source';
import { containsPosition } from './ranges';
import type { Position, Range } from './types';

/**
 * Documentation for security-relevant keys and values wherever they appear, finding or not: hover on
 * `privileged`, `hostNetwork`, a capability name, a Dockerfile's USER… Pure: text and position in,
 * markdown out; the language server merges it with the hovers of findings.
 */

export interface KeyDoc {
  markdown: string;
  range: Range;
}

interface Entry {
  /** What the setting does, in one or two sentences. */
  text: string;
  /** The Pod Security check it belongs to (Kubernetes only). */
  podSecurity?: PodSecurityCheckId;
}

/** Keys of a Kubernetes pod spec or securityContext. */
const kubernetesKeys: Record<string, Entry> = {
  privileged: {
    text: '`privileged: true` gives the container every capability and all host devices, with no seccomp or AppArmor confinement: root in it is root on the node.',
    podSecurity: 'privileged',
  },
  hostNetwork: {
    text: "`hostNetwork: true` puts the pod in the node's network namespace: it can bind the node's ports and reach services listening on localhost of the node.",
    podSecurity: 'hostNamespaces',
  },
  hostPID: {
    text: "`hostPID: true` shares the node's process namespace: the pod sees every process on the node, and with enough privilege can signal or trace them.",
    podSecurity: 'hostNamespaces',
  },
  hostIPC: {
    text: "`hostIPC: true` shares the node's IPC namespace: shared memory and message queues of host processes become readable and writable.",
    podSecurity: 'hostNamespaces',
  },
  readOnlyRootFilesystem: {
    text: "`readOnlyRootFilesystem: true` mounts the container's image read-only, so a compromised process cannot drop tools or alter binaries; write to `emptyDir` volumes instead. Not part of Pod Security; recommended by the CIS benchmark and NSA hardening guide.",
  },
  runAsNonRoot: {
    text: '`runAsNonRoot: true` makes the kubelet refuse to start a container whose user is root (UID 0), whatever the image says.',
    podSecurity: 'runAsNonRoot',
  },
  runAsUser: {
    text: '`runAsUser` sets the UID the container runs as, overriding the image; 0 is root.',
    podSecurity: 'runAsUser',
  },
  allowPrivilegeEscalation: {
    text: '`allowPrivilegeEscalation: false` sets no_new_privs: setuid binaries and file capabilities can no longer raise the privileges of the process. It is implied true for privileged containers and those with CAP_SYS_ADMIN.',
    podSecurity: 'allowPrivilegeEscalation',
  },
  seccompProfile: {
    text: "`seccompProfile` chooses the system-call filter: `RuntimeDefault` (the runtime's default filter) or `Localhost` are safe; `Unconfined` lets the container make every system call, the kernel attack surface escapes use.",
    podSecurity: 'seccompProfile_restricted',
  },
  capabilities: {
    text: "`capabilities` adjusts the container's Linux capabilities, the pieces root's power is split into: `drop: [ALL]` and add back only what is needed.",
    podSecurity: 'capabilities_restricted',
  },
  procMount: {
    text: '`procMount: Unmasked` exposes the parts of /proc the runtime normally masks (kernel and host information).',
    podSecurity: 'procMount',
  },
};

const composeKeys: Record<string, Entry> = {
  privileged: {
    text: '`privileged: true` gives the container every capability and all host devices, with no seccomp or AppArmor confinement: root in it is root on the host.',
  },
  read_only: {
    text: "`read_only: true` mounts the container's image read-only, so a compromised process cannot drop tools or alter binaries; use `tmpfs` for scratch space.",
  },
  cap_add: { text: "`cap_add` grants Linux capabilities beyond Docker's default set." },
  cap_drop: { text: '`cap_drop: [ALL]` removes every capability; add back only what the service needs.' },
  network_mode: {
    text: "`network_mode: host` puts the service in the host's network namespace: it binds the host's ports and reaches services on the host's localhost.",
  },
  pid: { text: "`pid: host` shares the host's process namespace: the service sees and may signal every process." },
  ipc: { text: "`ipc: host` shares the host's IPC namespace: host shared memory becomes readable and writable." },
  user: { text: '`user` sets the user the service runs as, overriding the image; `root` or `0` is root.' },
  security_opt: {
    text: '`security_opt` sets seccomp, AppArmor, SELinux and `no-new-privileges`; `seccomp:unconfined` or `apparmor:unconfined` removes the confinement, `no-new-privileges:true` adds a safe one.',
  },
};

const dockerfileUser =
  "`USER` sets the user the following instructions and the container run as. Without it, or with `USER root`/`0` in the final stage, the image runs as root, and a process escaping the application has root's privileges in the container and a head start towards the node. Use a numeric UID (`USER 10001:10001`) so Kubernetes' `runAsNonRoot` can verify it.";
const dockerfileSecretMount =
  '`RUN --mount=type=secret,id=…` makes a secret available to this one RUN step (as a file under /run/secrets, or with `env=` as a variable) without writing it into any image layer or the build history, unlike `ARG`, `ENV` or `COPY`.';

export function keyDocAt(path: string, text: string, position: Position, languageId?: string): KeyDoc | undefined {
  const parsed = parseFile(path, text, languageId);
  if (parsed.kind === undefined || !parsed.model) return undefined;
  const model = parsed.model;
  if (model.kind === 'dockerfile') return dockerfileDoc(model, position);
  const offset = parsed.source.offsetAt(position);
  const keys = model.kind === 'kubernetes' ? kubernetesKeys : composeKeys;
  for (const document of model.documents) {
    const hit = yamlHit(document.root, offset, []);
    if (!hit) continue;
    const range = rangeOf(parsed.source, hit.node);
    if (hit.item !== undefined) {
      const list = hit.path.at(-1);
      const inCapabilities =
        model.kind === 'kubernetes'
          ? hit.path.at(-2) === 'capabilities' && (list === 'add' || list === 'drop')
          : list === 'cap_add' || list === 'cap_drop';
      if (inCapabilities && range) {
        const adding = list === 'add' || list === 'cap_add';
        return { markdown: capabilityDoc(hit.item, adding, model.kind === 'kubernetes'), range };
      }
      return undefined;
    }
    // The key itself, its scalar value, or `type` under seccompProfile.
    const key = hit.path.at(-1);
    const owner = hit.path.at(-2);
    const entryKey = key !== undefined && keys[key] ? key : owner === 'seccompProfile' ? owner : undefined;
    const entry = entryKey ? keys[entryKey] : undefined;
    if (!entry || !range) return undefined;
    return { markdown: render(entry), range };
  }
  return undefined;
}

interface YamlHit {
  /** The keys from the document root to the hit (sequence indexes left out). */
  path: string[];
  node: Node;
  /** The scalar's text when the hit is an item of a sequence. */
  item?: string;
}

function yamlHit(node: Node | null | undefined, offset: number, path: string[]): YamlHit | undefined {
  if (!node?.range || offset < node.range[0] || offset > node.range[1]) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const keyNode = pair.key as Scalar;
      if (keyNode.range && offset >= keyNode.range[0] && offset <= keyNode.range[1])
        return { path: [...path, key], node: keyNode };
      const value = pair.value as Node | null;
      if (isScalar(value) && value.range && offset >= value.range[0] && offset <= value.range[1])
        return { path: [...path, key], node: value };
      const inner = yamlHit(value, offset, [...path, key]);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const item of node.items as Node[]) {
      if (isScalar(item) && item.range && offset >= item.range[0] && offset <= item.range[1])
        return { path, node: item, item: String(item.value) };
      const inner = yamlHit(item, offset, path);
      if (inner) return inner;
    }
  }
  return undefined;
}

function capabilityDoc(written: string, adding: boolean, kubernetes: boolean): string {
  const name = normalizeCapability(written);
  const risk = capabilityRisks[name];
  const use = capabilityUses[name];
  const lines = [`**CAP_${name === 'ALL' ? 'ALL (every capability)' : name}**`];
  if (name === 'ALL')
    lines.push(
      adding
        ? 'Adding ALL grants every capability, which amounts to a privileged container.'
        : 'Dropping ALL removes every capability; add back only the ones the process needs.',
    );
  else {
    if (risk) lines.push(`Allows ${risk}.`);
    else if (defaultCapabilities.has(name))
      lines.push("In the container runtime's default set, granted unless dropped.");
    if (use) lines.push(`Acceptable for: ${use}.`);
  }
  if (kubernetes) {
    lines.push(podSecurityLine('capabilities_baseline', "only the runtime's default set may be added"));
    lines.push(podSecurityLine('capabilities_restricted', '`drop: [ALL]`, and only NET_BIND_SERVICE may be added'));
  }
  return lines.join('\n\n');
}

function render(entry: Entry): string {
  return entry.podSecurity ? `${entry.text}\n\n${podSecurityLine(entry.podSecurity)}` : entry.text;
}

function podSecurityLine(check: PodSecurityCheckId, requirement?: string): string {
  const { level, since } = podSecurityCheck(check);
  const version = since === 0 ? 'all versions' : `since v1.${since}`;
  return `Pod Security Standards: **${level}**, check \`${check}\` (${version})${requirement ? `: ${requirement}` : ''}.`;
}

function dockerfileDoc(model: DockerfileModel, position: Position): KeyDoc | undefined {
  for (const instruction of model.instructions) {
    const keywordRange = instruction.getInstructionRange();
    if (instruction.getKeyword() === 'USER' && containsPosition(keywordRange, position))
      return { markdown: dockerfileUser, range: keywordRange };
    for (const flag of flagsOf(instruction)) {
      if (flag.getName() !== 'mount' || !containsPosition(flag.getRange(), position)) continue;
      if (flag.getOption('type')?.getValue() === 'secret')
        return { markdown: dockerfileSecretMount, range: flag.getRange() };
    }
  }
  return undefined;
}

function flagsOf(instruction: Instruction): Flag[] {
  const withFlags = instruction as Instruction & { getFlags?: () => Flag[] };
  return typeof withFlags.getFlags === 'function' ? withFlags.getFlags() : [];
}

function rangeOf(source: SourceText, node: Node): Range | undefined {
  return node.range ? source.rangeAt(node.range[0], node.range[1]) : undefined;
}
