import { secretAsEnvironment } from '../../rules/kubernetes/secret-as-environment';
import { testRule } from '../helpers/rule-tester';

const pod = (container: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${container}`;

testRule(secretAsEnvironment, {
  valid: [
    {
      name: 'a ConfigMap reference',
      text: pod(
        '    - name: app\n      env:\n        - name: MODE\n          valueFrom:\n            configMapKeyRef: {name: c, key: mode}\n',
      ),
    },
    {
      name: 'a Secret mounted as a file',
      text: pod('    - name: app\n      volumeMounts: [{name: db, mountPath: /run/secrets/db}]\n'),
    },
  ],
  invalid: [
    {
      name: 'secretKeyRef, on the key',
      text: pod(
        '    - name: app\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: db\n              key: password\n',
      ),
      findings: [
        {
          range: '11:13-11:25',
          message: /^Container "app" reads Secret "db" into environment variable "DB_PASSWORD"\./,
        },
      ],
    },
    {
      name: 'envFrom secretRef, flow style',
      text: pod('    - {name: app, envFrom: [{secretRef: {name: db}}]}\n'),
      findings: [{ range: '7:30-7:39', message: /loads every key of Secret "db"/ }],
    },
  ],
});
