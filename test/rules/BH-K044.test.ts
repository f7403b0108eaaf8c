import { rbacEscalationVerbs } from '../../rules/kubernetes/rbac-escalation-verbs';
import { testRule } from '../helpers/rule-tester';
import { binding, role } from './rbac-fixtures';

testRule(rbacEscalationVerbs, {
  valid: [
    {
      name: 'ordinary verbs',
      text: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [roles]\n    verbs: [get, list]\n'),
    },
  ],
  invalid: [
    {
      name: 'impersonate, on the verb',
      text: role('  - apiGroups: [""]\n    resources: [users, groups, serviceaccounts]\n    verbs: [impersonate]\n'),
      findings: [
        {
          range: '9:13-9:24',
          message:
            /^Role "r" grants impersonate on users, groups, serviceaccounts\. It lets the holder grant itself more/,
        },
      ],
    },
    {
      name: 'escalate and bind in one rule, two findings',
      text: role(
        '  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs:\n      - bind\n      - escalate\n',
        'ClusterRole',
      ),
      findings: [
        { range: '10:9-10:13', message: /grants bind on clusterroles/ },
        { range: '11:9-11:17', message: /grants escalate/ },
      ],
    },
    {
      name: 'a binding in another file than its role',
      text: binding('ClusterRole', 'rbac-manager', 'ClusterRoleBinding'),
      workspace: {
        '/ws/role.yaml': role(
          '  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterrolebindings]\n    verbs: [bind]\n',
          'ClusterRole',
          'rbac-manager',
        ),
      },
      findings: [
        {
          range: '9:9-9:21',
          message: /which grants bind on clusterrolebindings\./,
          related: ['/ws/role.yaml:9:13-9:17'],
        },
      ],
    },
  ],
});
