import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Container } from '../model/kubernetes';
import { containerPhrase, describeContainer, isWindowsPod } from '../model/pod-security';
import { getPair, nodeRange, resolveNode } from '../model/yaml';

export const rootGroup = defineRule({
  id: 'BH-K037',
  title: 'Container runs with group ID 0 (root)',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0116'],
  },
  docs: {
    why: "`runAsGroup: 0` makes the root group the primary group of every process in the container. Pod Security's restricted level forbids user 0 but not group 0, yet group 0 owns much of what matters in an image and on mounted host paths: files that are group-writable for root, `/etc` entries, device nodes and sockets shared with `root:root` ownership. The effective value counts: a pod-level `runAsGroup: 0` is reported once, on the pod, when at least one container inherits it; a container that sets it is reported on its own key. Windows pods cannot set the field and are skipped.",
    attacker:
      'A process in group 0 can read and write every file whose group permissions allow root, which in many images includes configuration and binaries the application should not change, and on a host mount it reaches files the node kept for root. It also makes a container escape land with root group rights on the host.',
    fix: 'Set `runAsGroup` to a non-zero group ID the image expects (e.g. the group of its non-root user, often the same number as `runAsUser`), together with `runAsNonRoot: true`; use `fsGroup` to give the process access to volumes instead of relying on root group permissions.',
    example: {
      language: 'yaml',
      bad: 'securityContext:\n  runAsUser: 10001\n  runAsGroup: 0',
      good: 'securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\n  runAsNonRoot: true',
    },
  },
  check(model, { report }) {
    for (const podSpec of model.podSpecs) {
      if (isWindowsPod(podSpec)) continue;
      const doc = podSpec.owner.document.document;
      const podSetting = getPair(podSpec.securityContext, 'runAsGroup');
      const inheriting: Container[] = [];
      for (const container of podSpec.containers) {
        const setting = container.effectiveSecurityContext.get('runAsGroup');
        if (!setting || !isRootGroup(resolveNode(doc, setting.value))) continue;
        if (setting.level === 'pod') {
          inheriting.push(container);
          continue;
        }
        report({
          range: nodeRange(model.source, setting.pair.value) ?? container.anchorRange,
          message: `${describeContainer(container)} runs with runAsGroup: 0, the root group: use a non-zero group ID.`,
        });
      }
      if (inheriting.length > 0 && podSetting) {
        const who =
          inheriting.length === podSpec.containers.length
            ? 'every container'
            : inheriting.map(containerPhrase).join(', ');
        report({
          range: nodeRange(model.source, podSetting.value) ?? podSpec.anchorRange,
          message: `The pod's securityContext sets runAsGroup: 0, so ${who} runs with the root group: use a non-zero group ID.`,
        });
      }
    }
  },
});

/** `runAsGroup: 0`; a quoted "0" is a string, which the API server rejects anyway. */
function isRootGroup(node: unknown): boolean {
  return isScalar(node) && node.value === 0;
}
