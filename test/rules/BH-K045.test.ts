import { rbacExecAccess } from '../../rules/kubernetes/rbac-exec-access';
import { testRule } from '../helpers/rule-tester';
import { role } from './rbac-fixtures';

testRule(rbacExecAccess, {
  valid: [
    {
      name: 'nodes/metrics is what monitoring needs',
      text: role('  - apiGroups: [""]\n    resources: [nodes/metrics, nodes/stats]\n    verbs: [get]\n'),
    },
    {
      name: 'listing pods/exec does nothing',
      text: role('  - apiGroups: [""]\n    resources: [pods/exec]\n    verbs: [list]\n'),
    },
  ],
  invalid: [
    {
      name: 'pods/exec and pods/attach with create',
      text: role('  - apiGroups: [""]\n    resources: ["pods/exec", "pods/attach"]\n    verbs: ["create"]\n'),
      findings: [
        {
          range: '8:17-8:28',
          message: /^Role "r" grants pods\/exec, to run commands in any container it can reach\. Keep this/,
        },
        { range: '8:30-8:43', message: /pods\/attach/ },
      ],
    },
    {
      name: 'nodes/proxy with get (a ClusterRole)',
      text: role('  - apiGroups: [""]\n    resources: [nodes/proxy]\n    verbs: [get]\n', 'ClusterRole'),
      findings: [{ range: '8:17-8:28', message: /nodes\/proxy, to reach the kubelet API of every node/ }],
    },
  ],
});
