import { composeHostNamespace } from '../../rules/compose/host-namespace';
import { testRule } from '../helpers/rule-tester';

testRule(composeHostNamespace, {
  valid: [
    {
      name: 'own namespaces and sharing with one service',
      text: 'services:\n  app:\n    image: x\n  proxy:\n    network_mode: "service:app"\n    pid: "container:abc"\n    ipc: shareable\n',
    },
    { name: 'no services', text: 'services: {}\n' },
  ],
  invalid: [
    {
      name: 'pid: host, comments kept',
      text: 'services:\n  agent:\n    image: x\n    # see every process\n    pid: host # for top\n    restart: always\n',
      findings: [{ range: '5:5-5:8', message: /sets pid: host, so it sees every host process/ }],
      fixed: ['services:\n  agent:\n    image: x\n    # see every process\n    restart: always\n'],
    },
    {
      name: 'every key, flow style, several services',
      text: 'services:\n  a: {network_mode: host, image: x}\n  b: {ipc: host, uts: host, userns_mode: host, cgroup: host}\n',
      findings: [
        { range: '2:7-2:19', message: /network stack/ },
        { range: '3:7-3:10', message: /shared memory/ },
        { range: '3:18-3:21', message: /hostname/ },
        { range: '3:29-3:40', message: /user-namespace remapping/ },
        { range: '3:48-3:54', message: /cgroup/ },
      ],
      fixed: ['services:\n  a: {image: x}\n  b: {ipc: host, uts: host, userns_mode: host, cgroup: host}\n'],
    },
    {
      name: 'from an anchor: at <<, no fix',
      text: 'x-h: &h\n  network_mode: host\nservices:\n  web:\n    <<: *h\n',
      findings: [{ range: '5:5-5:7', message: /inherited from anchor &h/ }],
    },
  ],
});
