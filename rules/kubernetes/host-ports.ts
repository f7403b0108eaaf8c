import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import { describeContainer, evaluates, podSecurityScopes, settingRange } from '../model/pod-security';
import { getPair, getSeq, mapItems, resolveNode } from '../model/yaml';

export const hostPorts = defineRule({
  id: 'BH-K005',
  title: 'Container uses a host port',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: { trivy: ['KSV-0024'], checkov: ['CKV_K8S_26'], kubescape: ['C-0044'], pss: ['hostPorts'] },
  docs: {
    why: "A `hostPort` binds the container port on the node's own network interfaces. The pod is then reachable around Services and NetworkPolicies that assume pod IPs, and only one such pod fits on each node. Pod Security baseline forbids host ports.",
    attacker:
      "A host port exposes the container on the node's address, often past the firewall rules and network policies meant to keep it internal, and lets a compromised pod squat on a port other software on the node expects.",
    fix: 'Remove `hostPort` and expose the container through a Service (ClusterIP, NodePort or LoadBalancer) or an Ingress.',
    example: {
      language: 'yaml',
      bad: 'ports:\n  - containerPort: 8080\n    hostPort: 80',
      good: 'ports:\n  - containerPort: 8080',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'hostPorts')) continue;
      for (const container of podSpec.containers) {
        const doc = container.podSpec.owner.document.document;
        for (const port of mapItems(doc, getSeq(doc, container.node, 'ports'))) {
          const pair = getPair(port, 'hostPort');
          const value = resolveNode(doc, pair?.value);
          if (!pair || !isScalar(value) || Number(value.value) === 0 || value.value === null) continue;
          report({
            range: settingRange(model.source, pair),
            message: `${describeContainer(container)} binds host port ${String(value.value)} on the node. Pod Security baseline rejects host ports; expose it through a Service.`,
            fixes: [{ title: 'Remove hostPort', edits: [removeEntry(model.source, port, pair)], isPreferred: true }],
          });
        }
      }
    }
  },
});
