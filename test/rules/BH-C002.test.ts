import { composeDangerousCapability } from '../../rules/compose/dangerous-capability';
import { testRule } from '../helpers/rule-tester';

testRule(composeDangerousCapability, {
  valid: [
    {
      name: 'harmless additions',
      text: 'services:\n  web:\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n',
    },
    { name: 'no cap_add', text: 'services:\n  web:\n    image: nginx:1.27\n' },
    { name: 'no services', text: 'networks:\n  front: {}\n' },
  ],
  invalid: [
    {
      name: 'block list: the finding is on the item, the fix removes its line',
      text: 'services:\n  web:\n    cap_add:\n      - NET_BIND_SERVICE\n      - SYS_ADMIN # for FUSE\n    image: x\n',
      findings: [{ range: '5:9-5:18', message: /adds SYS_ADMIN, which allows mounting filesystems/ }],
      fixed: ['services:\n  web:\n    cap_add:\n      - NET_BIND_SERVICE\n    image: x\n'],
    },
    {
      name: 'flow list, CAP_ prefix and lower case',
      text: 'services:\n  web: {cap_add: [cap_sys_ptrace, NET_ADMIN]}\n',
      findings: [
        { range: '2:19-2:33', message: /SYS_PTRACE/ },
        { range: '2:35-2:44', message: /NET_ADMIN/ },
      ],
      fixed: ['services:\n  web: {cap_add: [NET_ADMIN]}\n'],
    },
    {
      name: 'the only item of a block list removes the key',
      text: 'services:\n  web:\n    image: x\n    cap_add:\n      - ALL\n',
      findings: [{ range: '5:9-5:12', message: /every capability/ }],
      fixed: ['services:\n  web:\n    image: x\n'],
    },
    {
      name: 'from an anchor: at <<, no fix (the anchor is shared)',
      text: 'x-debug: &debug\n  cap_add: [SYS_PTRACE]\nservices:\n  web:\n    <<: *debug\n    image: x\n',
      findings: [{ range: '5:5-5:7', message: /inherited from anchor &debug/ }],
    },
    {
      name: 'extends merges lists: own and base both count',
      text: 'services:\n  base:\n    cap_add: [BPF]\n  web:\n    extends: base\n    cap_add: [PERFMON]\n',
      findings: [
        { range: '3:15-3:18', message: /"base" adds BPF/ },
        { range: '5:5-5:12', message: /"web" adds BPF \(inherited from service "base"\)/ },
        { range: '6:15-6:22', message: /"web" adds PERFMON/ },
      ],
      fixed: ['services:\n  base: {}\n  web:\n    extends: base\n    cap_add: [PERFMON]\n'],
    },
  ],
});
