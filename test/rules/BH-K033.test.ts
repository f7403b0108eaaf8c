import { imageWithoutDigest } from '../../rules/kubernetes/image-without-digest';
import { testRule } from '../helpers/rule-tester';

const pod = (specLines: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}`;
const digest = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

testRule(imageWithoutDigest, {
  valid: [
    { name: 'tag and digest', text: pod(`  containers:\n    - name: app\n      image: nginx:1.27@${digest}\n`) },
    { name: 'untagged is BH-K032', text: pod('  containers:\n    - name: app\n      image: nginx\n') },
    { name: 'latest is BH-K032', text: pod('  containers:\n    - name: app\n      image: nginx:latest\n') },
  ],
  invalid: [
    {
      name: 'a tag only, in a Deployment and its init container',
      text: 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: migrate\n          image: registry.example:5000/team/migrate:2.0\n      containers:\n        - name: app\n          image: "registry.example/app:1.4.2"\n',
      findings: [
        {
          range: '8:53-8:56',
          message:
            /Init container "migrate" runs "registry.example:5000\/team\/migrate:2.0", pinned to a tag but not a digest/,
        },
        { range: '11:40-11:45', message: /Container "app"/ },
      ],
    },
    {
      name: 'second document, List item',
      text: '---\nkind: Namespace\napiVersion: v1\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    spec: {containers: [{name: app, image: "python:3.12-slim"}]}\n',
      findings: [{ range: '10:52-10:61' }],
    },
  ],
});
