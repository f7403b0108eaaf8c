import { rbacWildcard } from '../../rules/kubernetes/rbac-wildcard';
import { testRule } from '../helpers/rule-tester';
import { binding, role } from './rbac-fixtures';

testRule(rbacWildcard, {
  valid: [
    {
      name: 'explicit verbs, resources and groups',
      text: role('  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list"]\n'),
    },
    {
      name: 'a quoted "*" inside a longer name is no wildcard',
      text: role('  - apiGroups: [""]\n    resources: ["*/scale"]\n    verbs: [get]\n'),
    },
  ],
  invalid: [
    {
      name: 'each wildcard is its own finding, on the "*"',
      text: role('  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n', 'ClusterRole'),
      findings: [
        { range: '7:17-7:20', message: /^ClusterRole "r" grants "\*" in apiGroups\. A wildcard grants everything/ },
        { range: '8:17-8:20', message: /"\*" in resources/ },
        { range: '9:13-9:16', message: /"\*" in verbs/ },
      ],
    },
    {
      name: 'block sequences, a plain * verb',
      text: role('  - apiGroups:\n      - ""\n    resources:\n      - pods\n    verbs:\n      - "*"\n'),
      findings: [{ range: '12:9-12:12' }],
    },
    {
      name: 'a binding to a wildcard role in another file says what it grants and points at the rule',
      text: binding('Role', 'r'),
      workspace: { '/ws/rbac/role.yaml': role('  - apiGroups: [""]\n    resources: ["*"]\n    verbs: [get]\n') },
      findings: [
        {
          range: '9:9-9:10',
          message:
            /^RoleBinding "b" gives ServiceAccount shop\/app Role "r", which grants "\*" in resources\. A wildcard/,
          related: ['/ws/rbac/role.yaml:8:17-8:20'],
        },
      ],
    },
  ],
});
