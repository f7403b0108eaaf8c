import { defineRule } from '../engine/rule';
import { reportGrants } from '../model/rbac-grants';

export const rbacWorkloadCreation = defineRule({
  id: 'BH-K043',
  title: 'RBAC rule creates pods or workloads',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'strict',
  aliases: {
    trivy: ['KSV-0048'],
    kubeLinter: ['access-to-create-pods'],
    kubescape: ['C-0188'],
  },
  docs: {
    why: '`create` on `pods`, or on anything that makes pods (Deployments, DaemonSets, StatefulSets, ReplicaSets, ReplicationControllers, Jobs, CronJobs), lets the holder run any image as any ServiceAccount of the namespace, mounting any Secret and ConfigMap there. Unless an admission policy restricts what those pods may do, that includes privileged pods and hostPath mounts. Many controllers legitimately need it, so the rule is in the strict profile.',
    attacker:
      'An attacker who can create a pod names the most powerful ServiceAccount of the namespace in it and reads that token, or mounts every Secret of the namespace; with a privileged pod or a hostPath volume they take over the node.',
    fix: 'Give the permission only to the controllers that create pods, and enforce Pod Security (restricted) or an admission policy in the namespace so that created pods cannot be privileged. People and CI usually need to update a Deployment, not create pods.',
    example: {
      language: 'yaml',
      bad: 'rules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]',
      good: 'rules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "patch"]',
    },
  },
  check(model, context) {
    reportGrants(
      model,
      context,
      'workloads',
      'The holder can run any image as any ServiceAccount of the namespace; grant it only to controllers that need it.',
    );
  },
});
