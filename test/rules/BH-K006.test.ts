import { addedCapabilities } from '../../rules/kubernetes/added-capabilities';
import { testRule } from '../helpers/rule-tester';

const pod = (capabilities: string, os = '') =>
  `apiVersion: v1\nkind: Pod\nspec:\n${os}  containers:\n    - name: app\n      securityContext:\n        capabilities:\n${capabilities}`;

testRule(addedCapabilities, {
  valid: [
    {
      name: 'NET_BIND_SERVICE after dropping ALL',
      text: pod('          drop: [ALL]\n          add: [NET_BIND_SERVICE]\n'),
    },
    {
      name: 'restricted exempts Windows pods from v1.25',
      text: pod('          add: [SYS_ADMIN]\n', '  os: {name: windows}\n'),
    },
  ],
  invalid: [
    {
      name: 'SYS_ADMIN with its reason; the only item leaves an empty list',
      text: pod('          add:\n          - SYS_ADMIN\n'),
      findings: [{ range: '9:13-9:22', message: /adds SYS_ADMIN: mount, namespace.*baseline rejects/ }],
      fixed: [pod('          add: []\n')],
    },
    {
      name: 'CHOWN is in the default set: restricted only, as a warning',
      text: pod('          add: [NET_BIND_SERVICE, CHOWN]\n'),
      findings: [
        { range: '8:35-8:40', message: /adds CHOWN\. Pod Security restricted allows adding only NET_BIND_SERVICE/ },
      ],
      fixed: [pod('          add: [NET_BIND_SERVICE]\n')],
    },
  ],
});

testRule(
  addedCapabilities,
  {
    valid: [
      {
        name: 'baseline allows the default set',
        text: pod('          add: [CHOWN, NET_RAW_IS_NOT_HERE_SETUID]\n').replace(
          ', NET_RAW_IS_NOT_HERE_SETUID',
          ', SETUID',
        ),
      },
    ],
    invalid: [
      {
        name: 'baseline: NET_RAW is outside the default set PSA allows',
        text: pod('          add: [NET_RAW]\n'),
        findings: [{ range: '8:17-8:24', message: /raw sockets/ }],
        fixed: [pod('          add: []\n')],
      },
    ],
  },
  { config: { podSecurity: { level: 'baseline' } } },
);
