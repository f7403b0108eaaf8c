import { rbacWorkloadCreation } from '../../rules/kubernetes/rbac-workload-creation';
import { testRule } from '../helpers/rule-tester';
import { role } from './rbac-fixtures';

testRule(rbacWorkloadCreation, {
  valid: [
    {
      name: 'read-only on pods',
      text: role('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list"]\n'),
    },
    {
      name: 'patching a Deployment creates nothing new',
      text: role('  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [patch]\n'),
    },
  ],
  invalid: [
    {
      name: 'create on pods and on jobs, each on its resource',
      text: role('  - apiGroups: ["", batch]\n    resources: [pods, jobs]\n    verbs: [create, delete]\n'),
      findings: [
        { range: '8:17-8:21', message: /^Role "r" grants create on pods\. The holder can run any image/ },
        { range: '8:23-8:27', message: /create on jobs/ },
      ],
    },
    {
      name: 'a wildcard verb on deployments, multi-document',
      text: `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ci}\n---\n${role('  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: ["*"]\n')}`,
      findings: [{ range: '12:17-12:28', message: /grants create on deployments/ }],
    },
  ],
});
