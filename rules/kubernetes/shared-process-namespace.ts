import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Range, RelatedLocation } from '../engine/types';
import { removeEntry } from '../fixes/yaml-edit';
import type { Container } from '../model/kubernetes';
import { containerPhrase, describeContainer, yamlBoolean } from '../model/pod-security';
import type { SourceText } from '../model/source';
import { getMap, getPair, getSeq, getString, nodeRange, resolveNode } from '../model/yaml';

export const sharedProcessNamespace = defineRule({
  id: 'BH-K038',
  title: 'Process namespace shared with a privileged container',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "`shareProcessNamespace: true` puts all containers of a pod in one PID namespace: each sees the others' processes, their environment through `/proc/<pid>/environ` and their files through `/proc/<pid>/root`. On its own that is a debugging aid; next to a container that is `privileged` or adds `SYS_PTRACE` (or `ALL`), it lets that container attach to, inspect and inject code into every neighbour's processes, so the isolation between the pod's containers is gone. Regular init containers have finished before the others start and are not counted; sidecar init containers (`restartPolicy: Always`) and ephemeral containers are.",
    attacker:
      "Whoever compromises the privileged or ptrace-capable container (often a debugging or monitoring sidecar with a bigger attack surface than the app) reads the application's secrets from its memory and environment and can run code as the application, with its tokens and network identity.",
    fix: 'Remove `shareProcessNamespace` (the quick fix) unless the pod really needs it; if it does, keep every container unprivileged and without `SYS_PTRACE`, and run debugging tools as an ephemeral container only when needed (`kubectl debug --target`).',
    example: {
      language: 'yaml',
      bad: 'shareProcessNamespace: true\ncontainers:\n  - name: app\n  - name: profiler\n    securityContext:\n      capabilities: {add: [SYS_PTRACE]}',
      good: 'containers:\n  - name: app\n  - name: profiler\n    securityContext:\n      capabilities: {drop: [ALL]}',
    },
  },
  check(model, { report }) {
    for (const podSpec of model.podSpecs) {
      const doc = podSpec.owner.document.document;
      const pair = getPair(podSpec.node, 'shareProcessNamespace');
      if (yamlBoolean(resolveNode(doc, pair?.value)) !== true || !pair) continue;
      const running = podSpec.containers.filter((container) => runsAlongside(container));
      if (running.length < 2) continue;
      const powerful = running.flatMap((container) => {
        const power = dangerousPower(model.source, container);
        return power ? [{ container, power }] : [];
      });
      const [first] = powerful;
      if (!first) continue;
      const related: RelatedLocation[] = powerful.map(({ container, power }) => ({
        range: power.range,
        message: `${describeContainer(container)} ${power.text}.`,
      }));
      const more = powerful.length > 1 ? ` (and ${powerful.length - 1} more)` : '';
      report({
        range: nodeRange(model.source, pair.value) ?? podSpec.anchorRange,
        message: `The pod shares one process namespace while ${containerPhrase(first.container)} ${first.power.text}${more}: it can read and ptrace every other container's processes. Remove shareProcessNamespace or the extra privileges.`,
        related,
        fixes: [{ title: 'Remove shareProcessNamespace', edits: [removeEntry(model.source, podSpec.node, pair)] }],
      });
    }
  },
});

/** Containers that run while the others do: app and ephemeral containers, and sidecar init containers. */
function runsAlongside(container: Container): boolean {
  if (container.group !== 'initContainers') return true;
  return getString(container.podSpec.owner.document.document, container.node, 'restartPolicy') === 'Always';
}

/** `privileged: true`, or SYS_PTRACE (or ALL) in `capabilities.add`, with where it is written. */
function dangerousPower(source: SourceText, container: Container): { text: string; range: Range } | undefined {
  const doc = container.podSpec.owner.document.document;
  const privileged = container.effectiveSecurityContext.get('privileged');
  if (privileged && yamlBoolean(resolveNode(doc, privileged.value)) === true) {
    return { text: 'is privileged', range: nodeRange(source, privileged.pair.key) ?? container.anchorRange };
  }
  const added = getSeq(doc, getMap(doc, container.securityContext, 'capabilities'), 'add');
  for (const item of added?.items ?? []) {
    const node = resolveNode(doc, item);
    if (!isScalar(node) || typeof node.value !== 'string') continue;
    const name = node.value.toUpperCase().replace(/^CAP_/, '');
    if (name === 'SYS_PTRACE' || name === 'ALL') {
      return { text: `adds the ${node.value} capability`, range: nodeRange(source, node) ?? container.anchorRange };
    }
  }
  return undefined;
}
