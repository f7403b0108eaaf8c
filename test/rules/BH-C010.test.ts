import { composeUserNotSet } from '../../rules/compose/user-not-set';
import { testRule } from '../helpers/rule-tester';

testRule(composeUserNotSet, {
  valid: [
    { name: 'set', text: 'services:\n  web:\n    user: "1000"\n' },
    { name: 'root is BH-C009', text: 'services:\n  web:\n    user: root\n' },
    { name: 'from extends', text: 'services:\n  a:\n    user: app\n  b:\n    extends: a\n' },
    { name: 'no services', text: 'services:\n' },
  ],
  invalid: [
    {
      name: 'missing',
      text: 'services:\n  web:\n    image: x\n  db: {image: y, user: postgres}\n',
      findings: [{ range: '2:3-2:6', message: /does not set a user/ }],
      fixed: ['services:\n  web:\n    image: x\n    user: "10001:10001"\n  db: {image: y, user: postgres}\n'],
    },
  ],
});
