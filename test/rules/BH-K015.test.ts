import { runAsNonRoot } from '../../rules/kubernetes/run-as-non-root';
import { testRule } from '../helpers/rule-tester';

testRule(runAsNonRoot, {
  valid: [
    {
      name: 'pod-level true',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers: [{name: a}]\n',
    },
    {
      name: 'hostUsers: false relaxes it from v1.35',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  hostUsers: false\n  containers: [{name: a}]\n',
    },
  ],
  invalid: [
    {
      name: 'missing: the fix sets it for the pod, keeping the existing pod securityContext',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    fsGroup: 2000\n  containers:\n    - name: a\n',
      findings: [{ range: '7:13-7:14', message: /Container "a" may run as root/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    fsGroup: 2000\n    runAsNonRoot: true\n  containers:\n    - name: a\n',
      ],
    },
    {
      name: 'a container overriding with false is reported alone',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: a\n      securityContext: {runAsNonRoot: false}\n',
      findings: [{ range: '7:25-7:37', message: /Container "a" sets runAsNonRoot to something other than true/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: a\n      securityContext: {runAsNonRoot: true}\n',
      ],
    },
  ],
});
