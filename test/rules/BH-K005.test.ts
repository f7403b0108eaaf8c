import { hostPorts } from '../../rules/kubernetes/host-ports';
import { testRule } from '../helpers/rule-tester';

const pod = (ports: string) =>
  `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      ports:\n${ports}`;

testRule(hostPorts, {
  valid: [
    {
      name: 'containerPort only, or hostPort 0',
      text: pod('        - containerPort: 80\n        - {containerPort: 81, hostPort: 0}\n'),
    },
  ],
  invalid: [
    {
      name: 'block style',
      text: pod('        - containerPort: 8080\n          hostPort: 80\n          protocol: TCP\n'),
      findings: [{ range: '8:11-8:19', message: /binds host port 80/ }],
      fixed: [pod('        - containerPort: 8080\n          protocol: TCP\n')],
    },
    {
      name: 'flow style, last entry',
      text: pod('        - {containerPort: 8080, hostPort: 8080}\n'),
      findings: [{ range: '7:33-7:41' }],
      fixed: [pod('        - {containerPort: 8080}\n')],
    },
  ],
});
