import { rbacWrite } from '../../rules/kubernetes/rbac-write';
import { testRule } from '../helpers/rule-tester';
import { role } from './rbac-fixtures';

testRule(rbacWrite, {
  valid: [
    {
      name: 'read-only RBAC access',
      text: role(
        '  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [roles, rolebindings]\n    verbs: [get, list, watch]\n',
      ),
    },
    {
      name: 'core-group "roles" are not RBAC objects',
      text: role('  - apiGroups: [""]\n    resources: [roles]\n    verbs: [create]\n'),
    },
  ],
  invalid: [
    {
      name: 'create and patch on rolebindings',
      text: role(
        '  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings"]\n    verbs: ["create", "patch"]\n',
      ),
      findings: [
        {
          range: '8:17-8:31',
          message: /^Role "r" grants create, patch on rolebindings\. The holder can change who may do what/,
        },
      ],
    },
    {
      name: 'flow-style rule item in a ClusterRole',
      text: role(
        '  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [update]}\n',
        'ClusterRole',
      ),
      findings: [{ range: '7:58-7:70', message: /update on clusterroles/ }],
    },
  ],
});
