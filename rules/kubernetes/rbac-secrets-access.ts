import { defineRule } from '../engine/rule';
import { reportGrants } from '../model/rbac-grants';

export const rbacSecretsAccess = defineRule({
  id: 'BH-K042',
  title: 'RBAC rule reads Secrets',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0041'],
    kubeLinter: ['access-to-secrets'],
    kubescape: ['C-0015', 'C-0186'],
  },
  docs: {
    why: '`get`, `list` or `watch` on `secrets` reads every Secret the role reaches: in a namespace, the service account tokens, TLS keys and credentials of every workload there; through a ClusterRole binding, all of them. `list` and `watch` return the values too, not just the names. Rules restricted by `resourceNames` are not reported, since they name the Secrets they read. Bindings to such a role, in this file or elsewhere in the workspace, are reported with the rule as related information.',
    attacker:
      'Reading Secrets is how an attacker moves from one compromised pod to the database, the cloud account and the other service accounts; a token with cluster-wide Secret access is as good as cluster-admin.',
    fix: 'Mount the Secrets a workload needs instead of reading them through the API, or restrict the rule with `resourceNames` to the Secrets it needs. Controllers that must watch Secrets should do so in their own namespace only.',
    example: {
      language: 'yaml',
      bad: 'rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get", "list"]',
      good: 'rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["app-tls"]\n    verbs: ["get"]',
    },
  },
  check(model, context) {
    reportGrants(
      model,
      context,
      'secrets',
      'Restrict it with resourceNames, or mount the Secrets the workload needs instead.',
    );
  },
});
