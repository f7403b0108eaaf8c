import { composeRootUser } from '../../rules/compose/root-user';
import { testRule } from '../helpers/rule-tester';

testRule(composeRootUser, {
  valid: [
    { name: 'numeric non-root', text: 'services:\n  web:\n    user: "1000:1000"\n' },
    { name: 'named non-root', text: 'services:\n  web:\n    user: nginx\n' },
    { name: 'no user (BH-C010)', text: 'services:\n  web:\n    image: x\n' },
    { name: 'root group only', text: 'services:\n  web:\n    user: "1000:0"\n' },
  ],
  invalid: [
    {
      name: 'root',
      text: 'services:\n  web:\n    user: root # needed?\n',
      findings: [{ range: '3:11-3:15', message: /runs as root \(user: root\)/ }],
      fixed: ['services:\n  web:\n    user: "10001:10001" # needed?\n'],
    },
    {
      name: 'numeric 0 and 0:0 in flow style',
      text: 'services:\n  a: {user: 0}\n  b: {user: "0:0"}\n',
      findings: [{ range: '2:13-2:14' }, { range: '3:13-3:18' }],
      fixed: ['services:\n  a: {user: "10001:10001"}\n  b: {user: "0:0"}\n'],
    },
    {
      name: 'from an anchor: the fix overrides in the service',
      text: 'x-r: &r\n  user: root\nservices:\n  web:\n    <<: *r\n    image: x\n',
      findings: [{ range: '5:5-5:7', message: /inherited from anchor &r/ }],
      fixed: ['x-r: &r\n  user: root\nservices:\n  web:\n    <<: *r\n    image: x\n    user: "10001:10001"\n'],
    },
  ],
});
