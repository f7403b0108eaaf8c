import { composeNewPrivilegesAllowed } from '../../rules/compose/new-privileges-allowed';
import { testRule } from '../helpers/rule-tester';

testRule(composeNewPrivilegesAllowed, {
  valid: [
    { name: 'colon', text: 'services:\n  web:\n    security_opt: [no-new-privileges:true]\n' },
    { name: 'equals', text: 'services:\n  web:\n    security_opt:\n      - "no-new-privileges=true"\n' },
    { name: 'bare', text: 'services:\n  web:\n    security_opt: [no-new-privileges]\n' },
    {
      name: 'from an anchor',
      text: 'x-h: &h\n  security_opt: [no-new-privileges:true]\nservices:\n  web:\n    <<: *h\n  api:\n    <<: *h\n',
    },
    { name: 'no services', text: 'volumes: {}\n' },
  ],
  invalid: [
    {
      name: 'missing, in a file with a header comment',
      text: '# dev stack\nservices:\n  web:\n    image: x\n',
      findings: [{ range: '3:3-3:6', message: /does not set no-new-privileges/ }],
      fixed: ['# dev stack\nservices:\n  web:\n    image: x\n    security_opt: [no-new-privileges:true]\n'],
    },
    {
      name: 'an existing block list gets the item',
      text: 'services:\n  web:\n    security_opt:\n      - apparmor:docker-default\n',
      findings: [{ range: '3:5-3:17' }],
      fixed: [
        'services:\n  web:\n    security_opt:\n      - apparmor:docker-default\n      - no-new-privileges:true\n',
      ],
    },
    {
      name: 'explicitly false',
      text: 'services:\n  web:\n    security_opt: ["no-new-privileges=false"]\n',
      findings: [{ range: '3:20-3:45', message: /sets "no-new-privileges=false"/ }],
      fixed: ['services:\n  web:\n    security_opt: [no-new-privileges:true]\n'],
    },
    {
      name: 'an inherited list is copied, not edited in the anchor',
      text: 'x-h: &h\n  security_opt:\n    - label=type:svirt_t\nservices:\n  web:\n    <<: *h\n',
      findings: [{ range: '6:5-6:7' }],
      fixed: [
        'x-h: &h\n  security_opt:\n    - label=type:svirt_t\nservices:\n  web:\n    <<: *h\n    security_opt: [label=type:svirt_t, no-new-privileges:true]\n',
      ],
    },
  ],
});
