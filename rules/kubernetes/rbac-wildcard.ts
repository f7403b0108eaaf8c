import { defineRule } from '../engine/rule';
import { reportGrants } from '../model/rbac-grants';

export const rbacWildcard = defineRule({
  id: 'BH-K041',
  title: 'Wildcard in an RBAC rule',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0044', 'KSV-0045', 'KSV-0046'],
    checkov: ['CKV_K8S_49'],
    kubeLinter: ['wildcard-in-rules'],
    kubescape: ['C-0187'],
  },
  docs: {
    why: '`"*"` in `verbs`, `resources` or `apiGroups` grants everything that exists now and everything added later: a wildcard verb includes `escalate`, `bind`, `impersonate` and `delete`; a wildcard resource includes `secrets`, `pods/exec` and every custom resource a future operator installs; a wildcard API group includes `rbac.authorization.k8s.io`. The rule reports each `*` on the Role that writes it and on bindings to that Role found anywhere in the workspace (with the rule as related information). The other RBAC rules (BH-K042 to BH-K046) only name explicit resources, so a wildcard is reported once, here; a binding to a role with `*` on every verb, resource and group is left to BH-K040.',
    attacker:
      'A wildcard is the permission an attacker looks for first: whatever the role was meant for, it also reads Secrets, creates pods that mount them, or writes RBAC objects to grant itself the rest.',
    fix: 'List the verbs, resources and API groups the subject actually uses (`kubectl auth can-i --list --as=…` and the audit log show them). Where many resources are needed, several narrow rules are still better than one wildcard.',
    example: {
      language: 'yaml',
      bad: 'rules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]',
      good: 'rules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "patch"]',
    },
  },
  check(model, context) {
    reportGrants(
      model,
      context,
      'wildcard',
      'A wildcard grants everything, including resources and verbs added later; list what is needed instead.',
    );
  },
});
