import { selinuxOptions } from '../../rules/kubernetes/selinux-options';
import { testRule } from '../helpers/rule-tester';

const pod = (options: string) =>
  `apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seLinuxOptions:\n${options}  containers: [{name: app}]\n`;

testRule(selinuxOptions, {
  valid: [
    { name: 'level and a container type', text: pod('      level: "s0:c1,c2"\n      type: container_t\n') },
    { name: 'container_engine_t from v1.31', text: pod('      type: container_engine_t\n') },
  ],
  invalid: [
    {
      name: 'spc_t and a user',
      text: pod('      type: spc_t\n      user: system_u\n'),
      findings: [
        { range: '6:7-6:11', message: /The pod sets seLinuxOptions.type: type spc_t is not a container type/ },
        { range: '7:7-7:11', message: /a user may not be set/ },
      ],
      fixed: [pod('      user: system_u\n')],
    },
  ],
});

testRule(
  selinuxOptions,
  {
    valid: [],
    invalid: [
      {
        name: 'container_engine_t before v1.31',
        text: pod('      type: container_engine_t\n'),
        findings: [{ range: '6:7-6:11' }],
        fixed: [pod('    {}\n').replace('    seLinuxOptions:\n    {}\n', '    seLinuxOptions: {}\n')],
      },
    ],
  },
  { config: { podSecurity: { version: 'v1.30' } } },
);
