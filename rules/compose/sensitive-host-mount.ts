import { isMap, isScalar, isSeq } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Severity } from '../engine/types';
import { inheritedNote, serviceSettings, settingLocation } from '../model/compose';
import { getPair, getScalar, type Node, resolveNode, type YAMLMap } from '../model/yaml';

interface SensitivePath {
  path: string;
  /** Whether paths below it count too, or only the path itself. */
  subpaths: boolean;
  what: string;
  /** Root-equivalent whatever the mount mode: a runtime socket is an API, not a file. */
  evenReadOnly?: boolean;
}

const runtimeSocket = 'the container runtime API, which starts privileged containers on the host: root-equivalent';

const sensitivePaths: readonly SensitivePath[] = [
  { path: '/var/run/docker.sock', subpaths: false, what: `the Docker socket, ${runtimeSocket}`, evenReadOnly: true },
  { path: '/run/docker.sock', subpaths: false, what: `the Docker socket, ${runtimeSocket}`, evenReadOnly: true },
  { path: '/run/containerd', subpaths: true, what: `containerd's socket, ${runtimeSocket}`, evenReadOnly: true },
  { path: '/var/run/containerd', subpaths: true, what: `containerd's socket, ${runtimeSocket}`, evenReadOnly: true },
  { path: '/run/crio', subpaths: true, what: `the CRI-O socket, ${runtimeSocket}`, evenReadOnly: true },
  { path: '/var/run/crio', subpaths: true, what: `the CRI-O socket, ${runtimeSocket}`, evenReadOnly: true },
  { path: '/run/podman', subpaths: true, what: `the Podman socket, ${runtimeSocket}`, evenReadOnly: true },
  {
    path: '/var/run/cri-dockerd.sock',
    subpaths: false,
    what: `the cri-dockerd socket, ${runtimeSocket}`,
    evenReadOnly: true,
  },
  { path: '/run', subpaths: false, what: `the host's /run, which holds ${runtimeSocket}`, evenReadOnly: true },
  { path: '/var/run', subpaths: false, what: `the host's /var/run, which holds ${runtimeSocket}`, evenReadOnly: true },
  { path: '/', subpaths: false, what: "the host's whole filesystem" },
  { path: '/etc', subpaths: false, what: "the host's configuration, users and password hashes" },
  { path: '/etc/shadow', subpaths: false, what: "the host's password hashes" },
  { path: '/etc/ssh', subpaths: true, what: "the host's SSH configuration and host keys" },
  { path: '/etc/sudoers', subpaths: false, what: "the host's sudo rules" },
  { path: '/etc/sudoers.d', subpaths: true, what: "the host's sudo rules" },
  { path: '/etc/kubernetes', subpaths: true, what: 'the Kubernetes node credentials' },
  { path: '/root', subpaths: true, what: "root's home with its SSH keys and credentials" },
  { path: '/proc', subpaths: true, what: "the host's /proc (processes, their environments, kernel settings)" },
  { path: '/sys', subpaths: true, what: "the host's /sys (kernel and device settings)" },
  { path: '/dev', subpaths: true, what: "the host's devices (disks, memory)" },
  { path: '/boot', subpaths: true, what: "the host's kernel and boot loader" },
  { path: '/lib/modules', subpaths: true, what: "the host's kernel modules" },
  { path: '/var/lib/docker', subpaths: true, what: "Docker's data: every container's filesystem and volumes" },
  { path: '/var/lib/containerd', subpaths: true, what: "containerd's data: every container's filesystem" },
  { path: '/var/lib/kubelet', subpaths: true, what: "the kubelet's data: every pod's secrets and volumes" },
];

interface BindMount {
  hostPath: string;
  /** Set when the host path is a variable and the container path tells what it is. */
  target?: string;
  readOnly: boolean;
  /** The node to report on: the short-syntax item, or the long syntax's `source` value. */
  node: Node;
}

/**
 * `/a:/b[:ro]` short syntax; named volumes and relative paths are not host system paths. A host path
 * that is a variable (`${DOCKER_SOCK}:/var/run/docker.sock`) is judged by where it is mounted, but
 * only for runtime sockets, whose container path gives them away.
 */
function shortSyntax(text: string, node: Node): BindMount | undefined {
  const variable = /^\$\{[^}]*\}|^\$[A-Za-z_]\w*/.exec(text)?.[0];
  const [hostPath = '', target = '', mode = ''] = (variable ? `VARIABLE${text.slice(variable.length)}` : text).split(
    ':',
  );
  const readOnly = mode.split(',').includes('ro');
  if (variable) return sensitivePath(target)?.evenReadOnly ? { hostPath: variable, target, readOnly, node } : undefined;
  if (!hostPath.startsWith('/')) return undefined;
  return { hostPath, readOnly, node };
}

function longSyntax(document: Parameters<typeof getScalar>[0], map: YAMLMap): BindMount | undefined {
  const type = getScalar(document, map, 'type');
  const sourceNode = resolveNode(document, getPair(map, 'source')?.value);
  if ((type !== undefined && type !== 'bind') || !isScalar(sourceNode) || typeof sourceNode.value !== 'string')
    return undefined;
  if (!sourceNode.value.startsWith('/')) return undefined;
  const readOnly = getScalar(document, map, 'read_only');
  return { hostPath: sourceNode.value, readOnly: readOnly === true || readOnly === 'true', node: sourceNode };
}

function normalise(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, '/').replace(/\/\.(?=\/|$)/g, '');
  return collapsed.length > 1 ? collapsed.replace(/\/+$/, '') : collapsed;
}

export function sensitivePath(hostPath: string): SensitivePath | undefined {
  const path = normalise(hostPath);
  return sensitivePaths.find(
    (candidate) => path === candidate.path || (candidate.subpaths && path.startsWith(`${candidate.path}/`)),
  );
}

export const composeSensitiveHostMount = defineRule({
  id: 'BH-C007',
  title: 'Service mounts a sensitive host path',
  severity: 'error',
  appliesTo: ['compose'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "A bind mount puts a piece of the host inside the container, under the container's control. For the runtime sockets (Docker, containerd, CRI-O, Podman) that piece is an API that starts new privileged containers, so mounting them is root on the host even with `:ro`. For /, /etc, /root, /proc, /sys, /dev, /boot or the runtimes' and kubelet's data directories it is the host's credentials, kernel settings or other containers' data.",
    attacker:
      "With the Docker socket a compromised service runs `docker run --privileged -v /:/host` and owns the host; with a writable /etc it adds a user or a cron job; with /var/lib/kubelet or /var/lib/docker it reads other workloads' secrets; even read-only, / and /etc leak password hashes and keys.",
    fix: 'Mount only the file or directory the service needs, read-only (`:ro` or `read_only: true`). For tools that must talk to Docker, put a filtering socket proxy in between that allows only the calls they make, or use a rootless runtime.',
    example: {
      language: 'yaml',
      bad: 'services:\n  dashboard:\n    image: registry.example/dashboard:2.0\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock',
      good: 'services:\n  dashboard:\n    image: registry.example/dashboard:2.0\n    volumes:\n      - ./config/dashboard.yml:/etc/dashboard.yml:ro',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      for (const setting of serviceSettings(source, service, 'volumes')) {
        const items = isSeq(setting.value) ? (setting.value.items as unknown[]) : [];
        for (const item of items) {
          const node = resolveNode(document, item);
          const mount = isScalar(node)
            ? typeof node.value === 'string'
              ? shortSyntax(node.value, node)
              : undefined
            : isMap(node)
              ? longSyntax(document, node as YAMLMap)
              : undefined;
          const sensitive = mount && sensitivePath(mount.target ?? mount.hostPath);
          if (!mount || !sensitive) continue;
          const severity: Severity = sensitive.evenReadOnly || !mount.readOnly ? 'error' : 'warning';
          const message = sensitive.evenReadOnly
            ? `Service "${service.name}" mounts ${mount.target ? `${mount.hostPath} at ${mount.target}, most likely` : mount.hostPath}${inheritedNote(setting)}: ${sensitive.what}${mount.readOnly ? ', even read-only (a socket is an API, not a file)' : ''}. Remove the mount or put a filtering socket proxy in between.`
            : `Service "${service.name}" mounts ${mount.hostPath} ${mount.readOnly ? 'read-only' : 'writable'}${inheritedNote(setting)}: ${sensitive.what}. ${mount.readOnly ? 'Mount only the files the service needs.' : 'Mount only the files the service needs, read-only (:ro).'}`;
          report({
            ...settingLocation(source, setting, mount.node),
            severity,
            message,
          });
        }
      }
    }
  },
});
