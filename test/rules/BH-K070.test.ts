import { unverifiedImageProvenance } from '../../rules/kubernetes/unverified-image-provenance';
import { testRule } from '../helpers/rule-tester';

const deployment =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example/web:1.2\n        - name: proxy\n          image: registry.example/proxy:3\n';
const kyverno =
  'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: verify-images\nspec:\n  rules:\n    - name: signed\n      verifyImages:\n        - imageReferences: ["registry.example/*"]\n';

testRule(unverifiedImageProvenance, {
  valid: [
    {
      name: 'a Kyverno verifyImages policy elsewhere in the workspace',
      text: deployment,
      workspace: { 'policies/verify.yaml': kyverno },
    },
    {
      name: 'a Sigstore ClusterImagePolicy in the same file',
      text: `${deployment}---\napiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: signed\nspec:\n  images: [{glob: "registry.example/**"}]\n`,
    },
    {
      name: 'no workloads: nothing to gate',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {a: b}\n',
    },
  ],
  invalid: [
    {
      name: 'workloads and no policy: one information finding per file, on the first image',
      text: deployment,
      findings: [{ range: '10:18-10:42', message: /No admission policy in the workspace verifies image signatures/ }],
    },
    {
      name: 'a Kyverno policy without verifyImages does not count',
      text: deployment,
      workspace: {
        'policies/labels.yaml': kyverno.replace(
          '      verifyImages:\n        - imageReferences: ["registry.example/*"]\n',
          '      validate: {message: labels}\n',
        ),
      },
      findings: [{ range: '10:18-10:42' }],
    },
  ],
});
