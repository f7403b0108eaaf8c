import { defineRule } from '../engine/rule';
import { reportGrants } from '../model/rbac-grants';

export const rbacExecAccess = defineRule({
  id: 'BH-K045',
  title: 'RBAC rule allows exec, attach, port-forward or node proxy',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0047', 'KSV-0053', 'KSV-0054'],
    kubescape: ['C-0002', 'C-0063', 'C-0279'],
  },
  docs: {
    why: "`pods/exec` and `pods/attach` run commands inside containers, with their service account token, Secrets and network position; `pods/portforward` reaches pod ports that no Service exposes; `nodes/proxy` reaches the kubelet API of every node, which can run commands in any pod there and whose requests do not pass through the API server's admission or appear in its audit log as pod exec.",
    attacker:
      "An attacker with exec reads the target container's secrets and token and works from inside it; with `nodes/proxy` they run commands in every pod of every node, including control-plane pods, largely unseen by the audit log.",
    fix: 'Keep exec and attach for on-call humans through a short-lived, audited role, never for service accounts. Monitoring agents that read node metrics need `nodes/metrics` or `nodes/stats`, not `nodes/proxy`.',
    example: {
      language: 'yaml',
      bad: 'rules:\n  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    verbs: ["get"]',
      good: 'rules:\n  - apiGroups: [""]\n    resources: ["nodes/metrics"]\n    verbs: ["get"]',
    },
  },
  check(model, context) {
    reportGrants(model, context, 'exec', 'Keep this for audited, short-lived human access, not for service accounts.');
  },
});
