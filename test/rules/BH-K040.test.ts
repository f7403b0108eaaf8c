import { clusterAdminBinding } from '../../rules/kubernetes/cluster-admin-binding';
import { testRule } from '../helpers/rule-tester';

const binding = (kind: string, roleKind: string, role: string, subjects: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n  namespace: build\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${role}\nsubjects:\n${subjects}`;
const serviceAccount = '  - kind: ServiceAccount\n    name: ci\n    namespace: build\n';
const user = '  - kind: User\n    name: alice@example.com\n    apiGroup: rbac.authorization.k8s.io\n';
const superRole =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: god\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n';

testRule(clusterAdminBinding, {
  valid: [
    {
      name: 'a binding to the built-in view role',
      text: binding('ClusterRoleBinding', 'ClusterRole', 'view', serviceAccount),
    },
    {
      name: 'a Role named cluster-admin is not the ClusterRole',
      text: binding('RoleBinding', 'Role', 'cluster-admin', serviceAccount),
    },
    {
      name: 'a home-made role that is not all-powerful, in another file',
      text: binding('ClusterRoleBinding', 'ClusterRole', 'god', serviceAccount),
      workspace: { '/ws/roles.yaml': superRole.replace('verbs: ["*"]', 'verbs: ["get"]') },
    },
    {
      name: 'an unresolved role is not guessed at',
      text: binding('ClusterRoleBinding', 'ClusterRole', 'god', serviceAccount),
    },
  ],
  invalid: [
    {
      name: 'cluster-admin for a ServiceAccount: an error naming the subject',
      text: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', serviceAccount),
      findings: [
        {
          range: '9:9-9:22',
          message:
            /^ClusterRoleBinding "b" grants cluster-admin across the cluster to ServiceAccount build\/ci\. ServiceAccount build\/ci is not a person/,
          severity: 'error',
          related: [':12:11-12:13'],
        },
      ],
    },
    {
      name: 'system:authenticated in a RoleBinding, flow style',
      text: `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io}\nsubjects: [{kind: Group, name: "system:authenticated"}]\n`,
      findings: [{ range: '4:36-4:49', message: /in namespace "shop" to Group system:authenticated\. Group/ }],
    },
    {
      name: 'a human user only: still reported, as a warning',
      text: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', user),
      findings: [
        { range: '9:9-9:22', message: /to User alice@example\.com\. Bind a Role/, related: [], severity: 'warning' },
      ],
    },
    {
      name: 'a home-made */*/* ClusterRole in another file, resolved across files',
      text: binding('ClusterRoleBinding', 'ClusterRole', 'god', serviceAccount),
      workspace: { '/ws/roles.yaml': superRole },
      findings: [
        {
          range: '9:9-9:12',
          message: /grants ClusterRole "god", which allows every verb on every resource, across the cluster/,
          related: [':12:11-12:13', '/ws/roles.yaml:7:17-7:20'],
        },
      ],
    },
    {
      name: 'multi-document: the role and the binding in one file',
      text: `${superRole}---\n${binding('ClusterRoleBinding', 'ClusterRole', 'god', user)}`,
      findings: [{ range: '18:9-18:12', related: [':7:17-7:20'] }],
    },
  ],
});
