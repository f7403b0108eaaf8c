import { composePrivileged } from '../../rules/compose/privileged';
import { testRule } from '../helpers/rule-tester';

testRule(composePrivileged, {
  valid: [
    { name: 'no privileged key', text: 'services:\n  web:\n    image: nginx:1.27\n' },
    { name: 'privileged: false', text: 'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n' },
    { name: 'a compose file without services', text: 'name: empty\nvolumes:\n  data: {}\n' },
    {
      name: 'an own privileged: false overrides the anchor',
      text: 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    privileged: false\n',
    },
  ],
  invalid: [
    {
      name: 'block style, with a comment kept',
      text: 'services:\n  web:\n    image: nginx:1.27\n    # needs the host network stack\n    privileged: true # TODO\n    restart: always\n',
      findings: [{ range: '5:5-5:15', message: /Service "web" runs privileged: it gets all capabilities/ }],
      fixed: ['services:\n  web:\n    image: nginx:1.27\n    # needs the host network stack\n    restart: always\n'],
    },
    {
      name: 'flow style, several services',
      text: 'services:\n  a: {image: "busybox:1.36", privileged: true}\n  b: {privileged: "true", image: "busybox:1.36"}\n',
      findings: [{ range: '2:30-2:40' }, { range: '3:7-3:17' }],
      fixed: ['services:\n  a: {image: "busybox:1.36"}\n  b: {privileged: "true", image: "busybox:1.36"}\n'],
    },
    {
      name: 'inherited through a merge key: reported at <<, related to the anchor, fixed in the service',
      text: 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n  db:\n    <<: *base\n',
      findings: [{ range: '5:5-5:7', message: /inherited from anchor &base/ }, { range: '8:5-8:7' }],
      fixed: [
        'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n    privileged: false\n  db:\n    <<: *base\n',
      ],
    },
    {
      name: 'merge key list and extends',
      text: 'x-a: &a\n  image: x\nx-b: &b\n  privileged: true\nservices:\n  base:\n    <<: [*a, *b]\n  web:\n    extends: {service: base}\n',
      findings: [
        { range: '7:5-7:7', message: /anchor &b/ },
        { range: '9:5-9:12', message: /anchor &b/ },
      ],
      fixed: [
        'x-a: &a\n  image: x\nx-b: &b\n  privileged: true\nservices:\n  base:\n    <<: [*a, *b]\n    privileged: false\n  web:\n    extends: {service: base}\n',
      ],
    },
    {
      name: 'a whole service that is an alias: at its name, no fix (the map is shared)',
      text: 'x-base: &base\n  privileged: true\nservices:\n  web: *base\n',
      findings: [{ range: '4:3-4:6', message: /inherited from anchor &base/ }],
    },
  ],
});
