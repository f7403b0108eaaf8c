import { composeImageWithoutTag } from '../../rules/compose/image-without-tag';
import { testRule } from '../helpers/rule-tester';

testRule(composeImageWithoutTag, {
  valid: [
    { name: 'tagged', text: 'services:\n  db:\n    image: postgres:16.4\n' },
    { name: 'digest only', text: `services:\n  db:\n    image: postgres@sha256:${'a'.repeat(64)}\n` },
    { name: 'variable tag', text: 'services:\n  db:\n    image: "postgres:${PG_VERSION:-16}"\n' },
    { name: 'a variable name', text: 'services:\n  db:\n    image: ${IMAGE}\n' },
    { name: 'a built image', text: 'services:\n  app:\n    build: .\n    image: my-app\n' },
    { name: 'no services', text: 'services:\n' },
  ],
  invalid: [
    {
      name: 'no tag: the name',
      text: 'services:\n  db:\n    image: registry.example:5000/team/postgres\n',
      findings: [{ range: '3:12-3:47', message: /without a tag/ }],
    },
    {
      name: 'latest, quoted, in flow style, two services',
      text: 'services:\n  a: {image: \'redis:latest\'}\n  b: {image: "nginx"}\n',
      findings: [{ range: '2:21-2:27', message: /"latest" tag/ }, { range: '3:15-3:20' }],
    },
    {
      name: 'from an anchor: at <<',
      text: 'x-img: &img\n  image: busybox\nservices:\n  a:\n    <<: *img\n',
      findings: [{ range: '5:5-5:7' }],
    },
  ],
});
