import { composeHostDevice } from '../../rules/compose/host-device';
import { testRule } from '../helpers/rule-tester';

testRule(composeHostDevice, {
  valid: [
    { name: 'no devices', text: 'services:\n  web:\n    image: x\n' },
    { name: 'empty list', text: 'services:\n  web:\n    devices: []\n' },
  ],
  invalid: [
    {
      name: 'block list',
      text: 'services:\n  web:\n    devices:\n      - /dev/ttyUSB0:/dev/ttyUSB0\n      - "/dev/sda:/dev/xvda:rwm"\n',
      findings: [
        { range: '4:9-4:34', message: /gets the host device \/dev\/ttyUSB0/ },
        { range: '5:9-5:33', message: /\/dev\/sda/ },
      ],
      fixed: ['services:\n  web:\n    devices:\n      - "/dev/sda:/dev/xvda:rwm"\n'],
    },
    {
      name: 'flow list with one entry removes the key',
      text: 'services:\n  web: {image: x, devices: [/dev/fuse]}\n',
      findings: [{ range: '2:29-2:38' }],
      fixed: ['services:\n  web: {image: x}\n'],
    },
  ],
});
