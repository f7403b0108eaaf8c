import { serviceAccountTokenMounted } from '../../rules/kubernetes/service-account-token-mounted';
import { testRule } from '../helpers/rule-tester';

const pod = (specLines: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}`;
const serviceAccount = (lines: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n${lines}---\n`;

testRule(serviceAccountTokenMounted, {
  valid: [
    {
      name: 'disabled on the pod',
      text: pod('  automountServiceAccountToken: false\n  containers:\n    - name: app\n'),
    },
    { name: 'YAML 1.1 "no"', text: pod('  automountServiceAccountToken: no\n  containers:\n    - name: app\n') },
    {
      name: 'disabled on the ServiceAccount in the same file',
      text: `${serviceAccount('automountServiceAccountToken: false\n')}${pod('  serviceAccountName: app\n  containers:\n    - name: app\n')}`,
    },
    {
      name: 'explicitly true: the workload says it calls the API',
      text: pod('  automountServiceAccountToken: true\n  containers:\n    - name: app\n'),
    },
    {
      name: 'explicitly true on its ServiceAccount',
      text: `${serviceAccount('automountServiceAccountToken: true\n')}${pod('  serviceAccountName: app\n  containers:\n    - name: app\n')}`,
    },
  ],
  invalid: [
    {
      name: 'unset: on the pod spec key, fix at pod level',
      text: pod('  containers:\n    - name: app\n'),
      findings: [{ range: '5:1-5:5', message: /mounts an API token for ServiceAccount "default"/ }],
      fixed: [pod('  containers:\n    - name: app\n  automountServiceAccountToken: false\n')],
    },
    {
      name: 'a ServiceAccount in the file that does not decide either; Deployment template spec',
      text: `${serviceAccount('')}apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec: # pod\n      serviceAccountName: app\n      containers: [{name: app}]\n`,
      findings: [{ range: '10:5-10:9', message: /ServiceAccount "app"/ }],
      fixed: [
        `${serviceAccount('')}apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec: # pod\n      serviceAccountName: app\n      containers: [{name: app}]\n      automountServiceAccountToken: false\n`,
      ],
    },
    {
      name: 'a ServiceAccount of the same name in another namespace does not count',
      text: `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: other}\nautomountServiceAccountToken: false\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: mine}\nspec: {serviceAccountName: app, containers: [{name: app}]}\n`,
      findings: [{ range: '9:1-9:5' }],
      fixed: [
        `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: other}\nautomountServiceAccountToken: false\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: mine}\nspec: {serviceAccountName: app, containers: [{name: app}], automountServiceAccountToken: false}\n`,
      ],
    },
    {
      name: 'comment lines after the containers: the key goes after them, before the next outer key',
      text: 'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        # resources:\n        #   limits: {}\n  volumeClaimTemplates:\n  - metadata: {name: www}\n',
      findings: [{ range: '5:5-5:9' }],
      fixed: [
        'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        # resources:\n        #   limits: {}\n      automountServiceAccountToken: false\n  volumeClaimTemplates:\n  - metadata: {name: www}\n',
      ],
    },
    {
      name: 'CronJob in a List',
      text: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: batch/v1\n    kind: CronJob\n    spec:\n      jobTemplate:\n        spec:\n          template:\n            spec:\n              containers:\n                - name: job\n',
      findings: [{ range: '10:13-10:17' }],
      fixed: [
        'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: batch/v1\n    kind: CronJob\n    spec:\n      jobTemplate:\n        spec:\n          template:\n            spec:\n              containers:\n                - name: job\n              automountServiceAccountToken: false\n',
      ],
    },
  ],
});
