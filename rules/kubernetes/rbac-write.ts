import { defineRule } from '../engine/rule';
import { reportGrants } from '../model/rbac-grants';

export const rbacWrite = defineRule({
  id: 'BH-K046',
  title: 'RBAC rule writes Roles or bindings',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0050'],
  },
  docs: {
    why: '`create`, `update` or `patch` on `roles`, `rolebindings`, `clusterroles` or `clusterrolebindings` lets the holder change who may do what. RBAC still refuses grants beyond what the holder has (unless it also has `escalate` or `bind`, BH-K044), but a subject with wide permissions can hand them all to any other account, including one the attacker controls, and a binding to an existing powerful role needs only `create` on bindings plus that role.',
    attacker:
      'An attacker who can write bindings attaches the strongest role they can reach to a ServiceAccount token they hold, which survives the rotation of the credential they started with.',
    fix: 'Manage RBAC from GitOps or CI with a dedicated identity, and remove write access to RBAC objects from workloads and everyday users.',
    example: {
      language: 'yaml',
      bad: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings"]\n    verbs: ["create", "patch"]',
      good: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings"]\n    verbs: ["get", "list"]',
    },
  },
  check(model, context) {
    reportGrants(
      model,
      context,
      'rbacWrite',
      'The holder can change who may do what; keep RBAC changes to a dedicated deployment identity.',
    );
  },
});
