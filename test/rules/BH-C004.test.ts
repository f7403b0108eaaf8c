import { composeWeakenedSecurityProfile } from '../../rules/compose/weakened-security-profile';
import { testRule } from '../helpers/rule-tester';

testRule(composeWeakenedSecurityProfile, {
  valid: [
    {
      name: 'custom profiles and no-new-privileges',
      text: 'services:\n  web:\n    security_opt:\n      - seccomp=./seccomp.json\n      - apparmor:docker-default\n      - no-new-privileges:true\n      - label=type:svirt_apache_t\n',
    },
    { name: 'no services', text: 'services:\n' },
  ],
  invalid: [
    {
      name: 'each spelling, on the item',
      text: 'services:\n  web:\n    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - label:disable\n      - systempaths=unconfined\n',
      findings: [
        { range: '4:9-4:27', message: /"seccomp:unconfined", which turns off the seccomp filter/ },
        { range: '5:9-5:28', message: /AppArmor/ },
        { range: '6:9-6:22', message: /SELinux/ },
        { range: '7:9-7:31', message: /unmasks/ },
      ],
      fixed: [
        'services:\n  web:\n    security_opt:\n      - apparmor=unconfined\n      - label:disable\n      - systempaths=unconfined\n',
      ],
    },
    {
      name: 'flow list with quotes',
      text: 'services:\n  web:\n    security_opt: ["no-new-privileges:true", "seccomp=unconfined"]\n',
      findings: [{ range: '3:46-3:66' }],
      fixed: ['services:\n  web:\n    security_opt: ["no-new-privileges:true"]\n'],
    },
    {
      name: 'from a merge key list: reported at <<',
      text: 'x-a: &a\n  image: x\nx-dbg: &dbg\n  security_opt: [seccomp=unconfined]\nservices:\n  web:\n    <<: [*a, *dbg]\n',
      findings: [{ range: '7:5-7:7', message: /inherited from anchor &dbg/ }],
    },
  ],
});
