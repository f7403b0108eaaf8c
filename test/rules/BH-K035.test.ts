import { defaultServiceAccount } from '../../rules/kubernetes/default-service-account';
import { testRule } from '../helpers/rule-tester';

const pod = (specLines: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}`;

testRule(defaultServiceAccount, {
  valid: [
    { name: 'its own ServiceAccount', text: pod('  serviceAccountName: app\n  containers:\n    - name: app\n') },
    {
      name: 'the deprecated serviceAccount field',
      text: pod('  serviceAccount: app\n  containers:\n    - name: app\n'),
    },
    {
      name: 'no token mounted: the account cannot be used',
      text: pod('  automountServiceAccountToken: false\n  containers:\n    - name: app\n'),
    },
    {
      name: 'the default ServiceAccount in the file mounts no token',
      text: `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default}\nautomountServiceAccountToken: false\n---\n${pod('  containers:\n    - name: app\n')}`,
    },
  ],
  invalid: [
    {
      name: 'none named: on the pod spec key',
      text: pod('  containers:\n    - name: app\n'),
      findings: [{ range: '5:1-5:5', message: /names no serviceAccountName/ }],
    },
    {
      name: '"default" named explicitly, flow style: on the value',
      text: 'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec: {serviceAccountName: default, containers: [{name: db}]}\n',
      findings: [{ range: '5:32-5:39', message: /names the "default" ServiceAccount/ }],
    },
    {
      name: 'an empty name is no name',
      text: pod('  serviceAccountName: ""\n  containers:\n    - name: app\n'),
      findings: [{ range: '5:1-5:5' }],
    },
  ],
});
