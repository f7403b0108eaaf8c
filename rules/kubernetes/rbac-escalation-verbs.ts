import { defineRule } from '../engine/rule';
import { reportGrants } from '../model/rbac-grants';

export const rbacEscalationVerbs = defineRule({
  id: 'BH-K044',
  title: 'RBAC rule allows escalate, bind or impersonate',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0043'],
    checkov: ['CKV_K8S_157', 'CKV_K8S_158'],
    kubescape: ['C-0065', 'C-0191'],
  },
  docs: {
    why: 'RBAC normally stops a subject from granting more than it holds. `escalate` on roles lifts that check for editing roles, `bind` lifts it for creating bindings, and `impersonate` on users, groups or service accounts lets the holder act as anyone it names (`kubectl --as=…`). Each is a path to cluster-admin.',
    attacker:
      'With `bind` an attacker binds `cluster-admin` to their own ServiceAccount; with `escalate` they add `*` to a role they are bound to; with `impersonate` they send requests as `system:masters` members or another ServiceAccount.',
    fix: 'Remove the verb. Tools that manage RBAC for others (an operator installing its own roles) should be bound to exactly the roles they hand out, using `resourceNames` on `bind`, and impersonation should be limited with `resourceNames` to the identities a proxy serves.',
    example: {
      language: 'yaml',
      bad: 'rules:\n  - apiGroups: [""]\n    resources: ["users", "groups"]\n    verbs: ["impersonate"]',
      good: 'rules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get"]',
    },
  },
  check(model, context) {
    reportGrants(
      model,
      context,
      'escalation',
      'It lets the holder grant itself more than it has; remove the verb or restrict it with resourceNames.',
    );
  },
});
