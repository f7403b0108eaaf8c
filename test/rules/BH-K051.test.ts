import { networkPolicyAllowsAll } from '../../rules/kubernetes/network-policy-allows-all';
import { testRule } from '../helpers/rule-tester';

const policy = (spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n${spec}`;

testRule(networkPolicyAllowsAll, {
  valid: [
    { name: 'default deny', text: policy('  policyTypes: [Ingress, Egress]\n') },
    {
      name: 'named peers, and 0.0.0.0/0 with the metadata address excepted',
      text: policy(
        '  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: web}}\n  egress:\n    - to:\n        - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'ingress: [{}] on the empty rule',
      text: policy('  ingress:\n    - {}\n'),
      findings: [{ range: '8:7-8:9', message: /has an empty ingress rule, which allows every source on every port/ }],
    },
    {
      name: 'an empty peer, and egress to the internet, flow style',
      text: policy('  ingress: [{from: [{}]}]\n  egress: [{to: [{ipBlock: {cidr: "0.0.0.0/0"}}]}]\n'),
      findings: [
        { range: '7:21-7:23', message: /empty peer in ingress\.from/ },
        {
          range: '8:35-8:46',
          message: /allows egress to 0\.0\.0\.0\/0, the whole internet and the cloud metadata address/,
        },
      ],
    },
  ],
});
