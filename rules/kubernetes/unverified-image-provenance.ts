import { defineRule } from '../engine/rule';
import { getPair, nodeRange } from '../model/yaml';

export const unverifiedImageProvenance = defineRule({
  id: 'BH-K070',
  title: 'No admission policy verifies image signatures',
  severity: 'information',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'strict',
  aliases: {},
  docs: {
    why: 'Pinning and scanning images in CI says nothing about what actually reaches the cluster: anyone who can push to the registry, or edit a manifest, can run an unreviewed image. An admission policy that verifies signatures or provenance attestations (Kyverno `verifyImages`, the Sigstore policy-controller, Gatekeeper with Ratify) is the gate that makes the build pipeline the only way in. Bulkhead reports this once per file with workloads, and only when no such policy is defined anywhere in the workspace; it is advice, in the strict profile only, since the policy may live in another repository.',
    attacker:
      'With push access to the registry (a leaked CI token, a compromised dependency that publishes images) an attacker replaces a tag with a backdoored image and the cluster runs it on the next rollout; nothing checks that the image came from your pipeline.',
    fix: 'Sign images in CI (`cosign sign --yes <image>@<digest>`, keyless with the CI identity), then enforce it at admission: a Kyverno ClusterPolicy with a `verifyImages` rule or a Sigstore ClusterImagePolicy for your registries, in Enforce mode once it has run in Audit mode. Add a scanner gate (Trivy, Grype) that blocks critical vulnerabilities before signing.',
    example: {
      language: 'yaml',
      bad: '# workloads, and no policy that verifies their images',
      good: 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: verify-images\nspec:\n  validationFailureAction: Enforce\n  rules:\n    - name: signed-by-ci\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      verifyImages:\n        - imageReferences: ["registry.example/*"]\n          attestors: [{entries: [{keyless: {subject: "https://github.com/example/*", issuer: "https://token.actions.githubusercontent.com"}}]}]',
    },
  },
  check(model, context) {
    if (context.provenancePolicies().length > 0) return;
    const container = model.containers.find((candidate) => getPair(candidate.node, 'image'));
    if (!container) return;
    const image = getPair(container.node, 'image');
    context.report({
      range: nodeRange(model.source, image?.value) ?? container.anchorRange,
      message:
        'No admission policy in the workspace verifies image signatures or provenance (Kyverno verifyImages, Sigstore ClusterImagePolicy…): any image that reaches the registry can run here.',
    });
  },
});
