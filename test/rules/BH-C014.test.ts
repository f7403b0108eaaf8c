import { composeImageWithoutDigest } from '../../rules/compose/image-without-digest';
import { testRule } from '../helpers/rule-tester';

testRule(composeImageWithoutDigest, {
  valid: [
    { name: 'tag and digest', text: `services:\n  db:\n    image: postgres:16.4@sha256:${'b'.repeat(64)}\n` },
    { name: 'latest is BH-C013', text: 'services:\n  db:\n    image: postgres:latest\n' },
    { name: 'no tag is BH-C013', text: 'services:\n  db:\n    image: postgres\n' },
    { name: 'no services', text: 'services: {}\n' },
  ],
  invalid: [
    {
      name: 'the tag',
      text: 'services:\n  db:\n    image: "postgres:16.4"\n',
      findings: [{ range: '3:22-3:26', message: /pinned to a tag but not a digest/ }],
    },
    {
      name: 'a variable tag',
      text: 'services:\n  db:\n    image: postgres:${PG:-16}\n',
      findings: [{ range: '3:21-3:30' }],
    },
  ],
});
