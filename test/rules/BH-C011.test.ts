import { composeWritableRootFilesystem } from '../../rules/compose/writable-root-filesystem';
import { testRule } from '../helpers/rule-tester';

testRule(composeWritableRootFilesystem, {
  valid: [
    { name: 'read_only: true', text: 'services:\n  web:\n    read_only: true\n' },
    { name: 'from an anchor', text: 'x-h: &h\n  read_only: true\nservices:\n  web: {<<: *h, image: x}\n' },
    { name: 'no services', text: 'services: {}\n' },
  ],
  invalid: [
    {
      name: 'missing: two fixes, with and without a tmpfs',
      text: 'services:\n  web:\n    image: x # pinned\n',
      findings: [{ range: '2:3-2:6', message: /has a writable root filesystem/ }],
      fixed: [
        'services:\n  web:\n    image: x # pinned\n    read_only: true\n',
        'services:\n  web:\n    image: x # pinned\n    read_only: true\n    tmpfs: [/tmp]\n',
      ],
    },
    {
      name: 'read_only: false, with an existing tmpfs list in block style',
      text: 'services:\n  web:\n    read_only: false\n    tmpfs:\n      - /run\n',
      findings: [{ range: '3:16-3:21', message: /sets read_only to false/ }],
      fixed: [
        'services:\n  web:\n    read_only: true\n    tmpfs:\n      - /run\n',
        'services:\n  web:\n    read_only: true\n    tmpfs:\n      - /run\n      - /tmp\n',
      ],
    },
    {
      name: 'flow style with /tmp already a tmpfs: one fix',
      text: 'services:\n  web: {image: x, tmpfs: ["/tmp:size=64m"]}\n',
      findings: [{ range: '2:3-2:6' }],
      fixed: ['services:\n  web: {image: x, tmpfs: ["/tmp:size=64m"], read_only: true}\n'],
    },
    {
      name: 'false from an anchor: fixed in the service',
      text: 'x-h: &h\n  read_only: false\nservices:\n  web:\n    <<: *h\n',
      findings: [{ range: '5:5-5:7', message: /sets read_only to false/ }],
      fixed: [
        'x-h: &h\n  read_only: false\nservices:\n  web:\n    <<: *h\n    read_only: true\n',
        'x-h: &h\n  read_only: false\nservices:\n  web:\n    <<: *h\n    read_only: true\n    tmpfs: [/tmp]\n',
      ],
    },
  ],
});
