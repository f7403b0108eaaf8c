import { dashboardExposed } from '../../rules/kubernetes/dashboard-exposed';
import { testRule } from '../helpers/rule-tester';

const service = (type: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes-dashboard\n  namespace: kubernetes-dashboard\nspec:\n  type: ${type}\n  selector:\n    k8s-app: kubernetes-dashboard\n  ports: [{port: 443, targetPort: 8443}]\n`;
const deployment = (args: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kubernetes-dashboard\nspec:\n  template:\n    spec:\n      containers:\n        - name: kubernetes-dashboard\n          image: kubernetesui/dashboard:v2.7.0\n          args:\n${args}`;

testRule(dashboardExposed, {
  valid: [
    { name: 'ClusterIP dashboard', text: service('ClusterIP') },
    {
      name: 'a LoadBalancer for something else',
      text: service('LoadBalancer').replaceAll('kubernetes-dashboard', 'shop'),
    },
    {
      name: 'default args',
      text: deployment('            - --auto-generate-certificates\n            - --namespace=kubernetes-dashboard\n'),
    },
  ],
  invalid: [
    {
      name: 'a LoadBalancer, on the type value',
      text: service('LoadBalancer'),
      findings: [{ range: '7:9-7:21', message: /exposes the Kubernetes Dashboard as LoadBalancer/ }],
    },
    {
      name: 'skip login and insecure login, multi-document',
      text: `${service('ClusterIP')}---\n${deployment('            - --enable-skip-login\n            - --enable-insecure-login=true\n')}`,
      findings: [
        { range: '23:15-23:34', message: /--enable-skip-login lets anyone use the dashboard/ },
        { range: '24:15-24:43', message: /--enable-insecure-login accepts logins over plain HTTP/ },
      ],
    },
  ],
});
