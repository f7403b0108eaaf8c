import { unsafeSysctls } from '../../rules/kubernetes/unsafe-sysctls';
import { testRule } from '../helpers/rule-tester';

const pod = (sysctls: string) =>
  `apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls:\n${sysctls}  containers: [{name: app}]\n`;
const tcpRmem = '      - name: net.ipv4.tcp_rmem\n        value: "4096 87380 6291456"\n';

testRule(unsafeSysctls, {
  valid: [
    {
      name: 'safe sysctls of the latest version',
      text: pod(`      - {name: kernel.shm_rmid_forced, value: "1"}\n${tcpRmem}`),
    },
  ],
  invalid: [
    {
      name: 'kernel.msgmax is not namespaced-safe',
      text: pod(
        '      - name: kernel.msgmax\n        value: "65536"\n      - {name: net.ipv4.tcp_syncookies, value: "1"}\n',
      ),
      findings: [{ range: '6:15-6:28', message: /Sysctl kernel.msgmax is not in Pod Security baseline's safe set\.$/ }],
      fixed: [pod('      - {name: net.ipv4.tcp_syncookies, value: "1"}\n')],
    },
  ],
});

testRule(
  unsafeSysctls,
  {
    valid: [],
    invalid: [
      {
        name: 'tcp_rmem only from v1.32',
        text: pod(tcpRmem),
        findings: [{ range: '6:15-6:32', message: /allowed from v1.32; the policy in force is v1.31/ }],
        fixed: ['apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls: []\n  containers: [{name: app}]\n'],
      },
    ],
  },
  { config: { podSecurity: { version: 'v1.31' } } },
);
