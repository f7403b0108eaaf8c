import { privilegeEscalation } from '../../rules/kubernetes/privilege-escalation';
import { testRule } from '../helpers/rule-tester';

testRule(privilegeEscalation, {
  valid: [
    {
      name: 'false on every container',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  initContainers: [{name: i, securityContext: {allowPrivilegeEscalation: false}}]\n  containers: [{name: a, securityContext: {allowPrivilegeEscalation: false}}]\n',
    },
    {
      name: 'Windows pods are exempt from v1.25',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  os: {name: windows}\n  containers: [{name: a}]\n',
    },
  ],
  invalid: [
    {
      name: 'missing in a CronJob, the fix creates the securityContext',
      text: 'apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: job\n            image: job:2\n',
      findings: [{ range: '9:19-9:22', message: /Container "job" does not set allowPrivilegeEscalation: false/ }],
      fixed: [
        'apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: job\n            image: job:2\n            securityContext:\n              allowPrivilegeEscalation: false\n',
      ],
    },
    {
      name: 'explicit true is rewritten in place',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, securityContext: {allowPrivilegeEscalation: true}}]\n',
      findings: [{ range: '4:44-4:68', message: /allows privilege escalation/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, securityContext: {allowPrivilegeEscalation: false}}]\n',
      ],
    },
  ],
});
