import { composeCapabilitiesNotDropped } from '../../rules/compose/capabilities-not-dropped';
import { fixture } from '../helpers/fixtures';
import { testRule } from '../helpers/rule-tester';

testRule(composeCapabilitiesNotDropped, {
  valid: [
    { name: 'drops ALL (block)', text: 'services:\n  web:\n    cap_drop:\n      - ALL\n' },
    { name: 'drops all (flow, lower case)', text: 'services:\n  web: {cap_drop: [all], cap_add: [CHOWN]}\n' },
    { name: 'privileged services are BH-C001', text: 'services:\n  web:\n    privileged: true\n' },
    { name: 'from an anchor', text: 'x-h: &h\n  cap_drop: [ALL]\nservices:\n  web:\n    <<: *h\n' },
    {
      name: 'from the extended service',
      text: 'services:\n  a:\n    cap_drop: [ALL]\n  b:\n    extends: {service: a}\n',
    },
    { name: 'no services', text: 'services: {}\n' },
  ],
  invalid: [
    {
      name: 'missing: on the service name; the fix keeps comments',
      text: 'services:\n  web: # front end\n    image: nginx:1.27\n    # the last line\n    restart: always\n',
      findings: [{ range: '2:3-2:6', message: /Service "web" keeps Docker's default capabilities/ }],
      fixed: [
        'services:\n  web: # front end\n    image: nginx:1.27\n    # the last line\n    restart: always\n    cap_drop: [ALL]\n',
      ],
    },
    {
      name: 'a block list without ALL grows in its own style',
      text: 'services:\n  web:\n    cap_drop:\n    - NET_RAW\n    image: x\n',
      findings: [{ range: '3:5-3:13', message: /drops some capabilities but not ALL/ }],
      fixed: ['services:\n  web:\n    cap_drop:\n    - NET_RAW\n    - ALL\n    image: x\n'],
    },
    {
      name: 'flow service map',
      text: 'services:\n  web: {image: x}\n  db: {image: y, cap_drop: [NET_RAW]}\n',
      findings: [{ range: '2:3-2:6' }, { range: '3:18-3:26' }],
      fixed: ['services:\n  web: {image: x, cap_drop: [ALL]}\n  db: {image: y, cap_drop: [NET_RAW]}\n'],
    },
    {
      name: 'a list merged from an anchor is copied into the service, the anchor stays',
      text: 'x-h: &h\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *h\n    image: x\n',
      findings: [{ range: '5:5-5:7', message: /but not ALL/ }],
      fixed: [
        'x-h: &h\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *h\n    image: x\n    cap_drop: [NET_RAW, ALL]\n',
      ],
    },
    {
      name: 'an aliased list is copied too',
      text: 'x-caps: &caps [MKNOD]\nservices:\n  web:\n    cap_drop: *caps\n',
      findings: [{ range: '4:5-4:13' }],
      fixed: ['x-caps: &caps [MKNOD]\nservices:\n  web:\n    cap_drop: [MKNOD, ALL]\n'],
    },
    {
      name: 'CRLF and four-space indentation',
      text: 'services:\r\n    web:\r\n        image: x\r\n',
      findings: [{ range: '2:5-2:8' }],
      fixed: ['services:\r\n    web:\r\n        image: x\r\n        cap_drop: [ALL]\r\n'],
    },
    {
      name: 'a whole service that is an alias: no fix, the anchor is shared',
      text: 'x-base: &base\n  image: x\nservices:\n  web: *base\n  api: *base\n',
      findings: [{ range: '4:3-4:6' }, { range: '5:3-5:6' }],
    },
    {
      name: 'a stack with an x- anchor, comments and a flow-style service; the anchor is never edited',
      text: fixture('rules', 'BH-C003', 'stack.compose.yaml'),
      findings: [
        { range: '10:5-10:7', message: /"web" drops some capabilities but not ALL/ },
        { range: '19:3-19:8', message: /"cache" keeps Docker's default capabilities/ },
      ],
      fixed: [fixture('rules', 'BH-C003', 'stack.fixed-web.compose.yaml')],
    },
  ],
});
