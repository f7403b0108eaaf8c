import { unmaskedProcMount } from '../../rules/kubernetes/unmasked-proc-mount';
import { testRule } from '../helpers/rule-tester';

const pod = (spec: string) =>
  `apiVersion: v1\nkind: Pod\nspec:\n${spec}  containers:\n    - name: app\n      securityContext:\n        procMount: Unmasked\n        runAsNonRoot: true\n`;

testRule(
  unmaskedProcMount,
  {
    valid: [{ name: 'baseline v1.35+ relaxes it for user-namespaced pods', text: pod('  hostUsers: false\n') }],
    invalid: [
      {
        name: 'Unmasked without a user namespace',
        text: pod(''),
        findings: [{ range: '7:9-7:18', message: /procMount: Unmasked.*baseline/ }],
        fixed: [
          'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      securityContext:\n        runAsNonRoot: true\n',
        ],
      },
    ],
  },
  { config: { podSecurity: { level: 'baseline' } } },
);

testRule(unmaskedProcMount, {
  valid: [],
  invalid: [
    {
      name: 'restricted keeps forbidding it with hostUsers: false',
      text: pod('  hostUsers: false\n'),
      findings: [{ range: '8:9-8:18', message: /restricted rejects it/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  hostUsers: false\n  containers:\n    - name: app\n      securityContext:\n        runAsNonRoot: true\n',
      ],
    },
  ],
});
