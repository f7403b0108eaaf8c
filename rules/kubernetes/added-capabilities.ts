import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import { capabilityRisks, defaultCapabilities, normalizeCapability } from '../model/capabilities';
import { describeContainer, evaluates, isWindowsPod, podSecurityScopes } from '../model/pod-security';
import { getMap, getSeq, nodeRange, resolveNode } from '../model/yaml';

export const addedCapabilities = defineRule({
  id: 'BH-K006',
  title: 'Container adds capabilities',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0005', 'KSV-0022', 'KSV-0106', 'KSV-0119'],
    checkov: ['CKV_K8S_25', 'CKV_K8S_39'],
    kubescape: ['C-0046'],
    pss: ['capabilities_baseline', 'capabilities_restricted'],
  },
  docs: {
    why: "Each added capability hands the container a slice of root. Pod Security baseline allows only the runtime's default set (CHOWN, SETUID, NET_BIND_SERVICE…); restricted allows only NET_BIND_SERVICE, after dropping ALL. SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE and NET_RAW are the ones escapes are built on.",
    attacker:
      "SYS_ADMIN lets a compromised container mount the host's file systems or abuse cgroups to run code on the node; SYS_MODULE loads a kernel module; SYS_PTRACE injects into other processes; NET_ADMIN and NET_RAW let it intercept the traffic of its neighbours.",
    fix: 'Remove the capability and find the narrower thing the process needs: a port above 1024 instead of NET_BIND_SERVICE, a sidecar or node agent with its own exemption instead of NET_ADMIN, `kubectl debug` instead of SYS_PTRACE.',
    example: {
      language: 'yaml',
      bad: 'capabilities:\n  add: ["SYS_ADMIN"]',
      good: 'capabilities:\n  drop: ["ALL"]\n  add: ["NET_BIND_SERVICE"]',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      const restricted = evaluates(policy, 'capabilities_restricted');
      if (!restricted && !evaluates(policy, 'capabilities_baseline')) continue;
      for (const container of podSpec.containers) {
        // From v1.25 the restricted check, which replaces the baseline one, exempts Windows pods.
        if (restricted && policy.minor >= 25 && isWindowsPod(container.podSpec)) continue;
        const doc = container.podSpec.owner.document.document;
        const add = getSeq(doc, getMap(doc, container.securityContext, 'capabilities'), 'add');
        for (const item of add?.items ?? []) {
          const node = resolveNode(doc, item);
          if (!add || !isScalar(node) || node.value === null) continue;
          const capability = String(node.value);
          const inBaseline = defaultCapabilities.has(capability);
          if (inBaseline && (!restricted || capability === 'NET_BIND_SERVICE')) continue;
          const risk = capabilityRisks[normalizeCapability(capability)];
          const standard = inBaseline
            ? 'Pod Security restricted allows adding only NET_BIND_SERVICE.'
            : "Pod Security baseline rejects capabilities outside the runtime's default set.";
          report({
            range: nodeRange(model.source, item as typeof node) ?? container.anchorRange,
            message: `${describeContainer(container)} adds ${capability}${risk ? `: ${risk}` : ''}. ${standard}`,
            severity: inBaseline ? 'warning' : undefined,
            fixes: [
              {
                title: `Remove ${capability}`,
                edits: [removeEntry(model.source, add, item as typeof node)],
                isPreferred: true,
              },
            ],
          });
        }
      }
    }
  },
});
