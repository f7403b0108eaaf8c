import { workloadNotIsolated } from '../../rules/kubernetes/workload-not-isolated';
import { testRule } from '../helpers/rule-tester';

const deployment =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers: [{name: api, image: api:1}]\n';
const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const policy = (selector: string, ns = 'shop') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ${ns}\nspec:\n  podSelector: ${selector}\n  policyTypes: [Ingress]\n`;
const denyAll = (name: string, extra = '') =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n${extra}`;
const dns =
  '  egress:\n    - to:\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels:\n              k8s-app: kube-dns\n      ports:\n        - {port: 53, protocol: UDP}\n        - {port: 53, protocol: TCP}\n';

testRule(workloadNotIsolated, {
  valid: [
    { name: 'a workspace that defines no Namespace or NetworkPolicy is not judged', text: deployment },
    { name: 'a default-deny policy in another file', text: deployment, workspace: { '/ws/netpol.yaml': policy('{}') } },
    {
      name: 'a policy selecting the labels, matchExpressions',
      text: `${deployment}---\n${policy('\n    matchExpressions: [{key: app, operator: In, values: [api, web]}]')}`,
    },
  ],
  invalid: [
    {
      name: 'a Namespace in the workspace but no policy: both fixes append a document',
      text: deployment,
      workspace: { '/ws/ns.yaml': namespace },
      findings: [
        { range: '3:1-3:9', message: /^Deployment "api" in namespace "shop" is selected by no NetworkPolicy/ },
      ],
      fixed: [`${deployment}${denyAll('default-deny')}`, `${deployment}${denyAll('default-deny-allow-dns', dns)}`],
    },
    {
      name: 'policies of another namespace or for other labels do not count',
      text: `${deployment}---\n${policy('{matchLabels: {app: web}}')}`,
      workspace: { '/ws/other.yaml': policy('{}', 'other') },
      findings: [{ range: '3:1-3:9' }],
      fixed: [
        `${deployment}---\n${policy('{matchLabels: {app: web}}')}${denyAll('default-deny')}`,
        `${deployment}---\n${policy('{matchLabels: {app: web}}')}${denyAll('default-deny-allow-dns', dns)}`,
      ],
    },
  ],
});
