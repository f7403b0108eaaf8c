import { rbacSecretsAccess } from '../../rules/kubernetes/rbac-secrets-access';
import { testRule } from '../helpers/rule-tester';
import { binding, role } from './rbac-fixtures';

const readSecrets = '  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get", "list"]\n';
const aggregating =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: monitoring\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels:\n        example.com/aggregate-to-monitoring: "true"\nrules: []\n';
const piece =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: monitoring-secrets\n  labels:\n    example.com/aggregate-to-monitoring: "true"\nrules:\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [watch]\n';

testRule(rbacSecretsAccess, {
  valid: [
    {
      name: 'resourceNames names the Secrets read',
      text: role(
        '  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["app-tls"]\n    verbs: ["get"]\n',
      ),
    },
    {
      name: 'create only: no read',
      text: role('  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["create"]\n'),
    },
    {
      name: 'secrets of another API group are not core Secrets',
      text: role('  - apiGroups: ["example.com"]\n    resources: ["secrets"]\n    verbs: ["get"]\n'),
    },
    { name: 'a binding whose role is nowhere in the workspace', text: binding('Role', 'r') },
    {
      name: "a Role of another namespace with the binding's role name",
      text: binding('Role', 'r'),
      workspace: { '/ws/role.yaml': role(readSecrets).replace('namespace: shop', 'namespace: other') },
    },
  ],
  invalid: [
    {
      name: 'get and list on secrets, on the "secrets" item',
      text: role(readSecrets),
      findings: [
        { range: '8:17-8:26', message: /^Role "r" grants get, list on secrets\. Restrict it with resourceNames/ },
      ],
    },
    {
      name: 'a wildcard verb reads too; the view aggregation label is called out',
      text: role(
        '  - apiGroups: [""]\n    resources: [configmaps, secrets]\n    verbs: ["*"]\n',
        'ClusterRole',
      ).replace('  namespace: shop\n', '  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: "true"\n'),
      findings: [
        {
          range: '9:29-9:36',
          message:
            /grants \* on secrets; its aggregate-to-view label also hands this to everyone bound to the built-in view role\./,
        },
      ],
    },
    {
      name: 'cross-file: the binding names what the bound Role reads and points at the rule in the other file',
      text: binding('Role', 'r'),
      workspace: { '/ws/rbac/role.yaml': role(readSecrets) },
      findings: [
        {
          range: '9:9-9:10',
          message: /^RoleBinding "b" gives ServiceAccount shop\/app Role "r", which grants get, list on secrets\./,
          related: ['/ws/rbac/role.yaml:8:17-8:26'],
        },
      ],
    },
    {
      name: 'aggregation: the aggregating ClusterRole and a binding to it both see the pulled-in rule',
      text: `${aggregating}---\n${binding('ClusterRole', 'monitoring', 'ClusterRoleBinding')}`,
      workspace: { '/ws/piece.yaml': piece },
      findings: [
        {
          range: '5:1-5:16',
          message: /^ClusterRole "monitoring" aggregates watch on secrets \(from ClusterRole "monitoring-secrets"\)\./,
          related: ['/ws/piece.yaml:9:17-9:24'],
        },
        { range: '19:9-19:19', related: ['/ws/piece.yaml:9:17-9:24'] },
      ],
    },
  ],
});
