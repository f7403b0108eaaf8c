import { runAsRootUser } from '../../rules/kubernetes/run-as-root-user';
import { testRule } from '../helpers/rule-tester';

testRule(runAsRootUser, {
  valid: [
    {
      name: 'a non-zero UID',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext: {runAsUser: 1000}\n  containers: [{name: a}]\n',
    },
  ],
  invalid: [
    {
      name: 'UID 0 on an ephemeral container; the fix is offered, not preferred',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a}]\n  ephemeralContainers:\n    - name: debug\n      securityContext:\n        runAsUser: 0\n',
      findings: [{ range: '8:9-8:18', message: /Ephemeral container "debug" sets runAsUser: 0/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a}]\n  ephemeralContainers:\n    - name: debug\n      securityContext:\n        runAsUser: 10001\n',
      ],
    },
  ],
});
