import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { ensureSequenceItem } from '../fixes/yaml-edit';
import type { Container, KubernetesModel } from '../model/kubernetes';
import { describeContainer, evaluates, isWindowsPod, podSecurityScopes } from '../model/pod-security';
import { getMap, getPair, getSeq, keyRange, nodeRange, resolveNode } from '../model/yaml';

export const dropAllCapabilities = defineRule({
  id: 'BH-K001',
  title: 'Container does not drop all capabilities',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0003'],
    checkov: ['CKV_K8S_37'],
    pss: ['capabilities_restricted'],
  },
  docs: {
    why: 'Container runtimes keep about fourteen Linux capabilities by default (NET_RAW, CHOWN, SETUID, DAC_OVERRIDE, MKNOD…). Few applications need any of them. The Pod Security Standards\' restricted level requires `drop: ["ALL"]` (exactly, in upper case) on every container, init and ephemeral ones included, and allows adding back only NET_BIND_SERVICE.',
    attacker:
      'Each kept capability is a piece of root: NET_RAW lets a compromised container spoof packets and ARP-poison its neighbours, SETUID/SETGID help escalate inside the container, DAC_OVERRIDE ignores file permissions, and every capability widens what a kernel exploit can reach.',
    fix: 'Add `securityContext.capabilities.drop: ["ALL"]` to each container and add back only what the process needs, e.g. `add: ["NET_BIND_SERVICE"]` for a port below 1024 (better: listen on 8080).',
    example: {
      language: 'yaml',
      bad: 'containers:\n  - name: app\n    image: registry.example/app:1.4.2',
      good: 'containers:\n  - name: app\n    image: registry.example/app:1.4.2\n    securityContext:\n      capabilities:\n        drop: ["ALL"]',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'capabilities_restricted')) continue;
      for (const container of podSpec.containers) {
        // PSA exempts Windows pods from v1.25; before that they had to drop ALL like any other.
        if (policy.minor >= 25 && isWindowsPod(container.podSpec)) continue;
        const doc = container.podSpec.owner.document.document;
        const capabilities = getMap(doc, container.securityContext, 'capabilities');
        const drop = getSeq(doc, capabilities, 'drop');
        const dropped = drop?.items.map((item) => resolveNode(doc, item)).filter(isScalar) ?? [];
        if (dropped.some((item) => item.value === 'ALL')) continue;
        const label = describeContainer(container);
        const lowerCaseAll = dropped.find(
          (item) => typeof item.value === 'string' && item.value.toUpperCase() === 'ALL',
        );
        if (lowerCaseAll) {
          const range = nodeRange(model.source, lowerCaseAll) ?? container.anchorRange;
          report({
            range,
            message: `${label} drops "${lowerCaseAll.value}": Pod Security Admission only accepts the exact value "ALL".`,
            fixes: [{ title: 'Write "ALL" in upper case', edits: [{ range, newText: 'ALL' }], isPreferred: true }],
          });
          continue;
        }
        const range = (drop && keyRange(model.source, getPair(capabilities, 'drop'))) ?? container.anchorRange;
        const message = drop
          ? `${label} drops some capabilities but not ALL.`
          : `${label} does not drop ALL capabilities.`;
        report({ range, message, fixes: dropAllFix(model, container) });
      }
    }
  },
});

function dropAllFix(model: KubernetesModel, container: Container): Fix[] {
  const edit = ensureSequenceItem(
    model.source,
    container.podSpec.owner.document.document,
    container.node,
    ['securityContext', 'capabilities', 'drop'],
    'ALL',
  );
  return edit
    ? [{ title: 'Drop all capabilities (securityContext.capabilities.drop: [ALL])', edits: [edit], isPreferred: true }]
    : [];
}
