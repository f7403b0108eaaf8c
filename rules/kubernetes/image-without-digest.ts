import { defineRule } from '../engine/rule';
import { containerImage, imagePinning } from '../model/image-reference';
import { describeContainer } from '../model/pod-security';

export const imageWithoutDigest = defineRule({
  id: 'BH-K033',
  title: 'Container image is not pinned to a digest',
  severity: 'hint',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'strict',
  aliases: {
    checkov: ['CKV_K8S_43'],
    kubescape: ['C-0306'],
  },
  docs: {
    why: 'A tag is a movable name: the publisher, or anyone holding their credentials, can point `app:1.4.2` at new content, and registries re-push tags for rebuilds. Only a digest (`@sha256:…`) names the exact bytes, so every node runs what you tested and a re-pushed tag cannot slip in when a pod is rescheduled. Images without a tag or with `latest` are left to BH-K032; this is the same check as BH-D003 for Dockerfiles.',
    attacker:
      'An attacker who can re-tag an image in the repository (a stolen publishing token, a compromised mirror) gets their image onto your nodes the next time a pod starts on a node that has not cached the old one, without any change to your manifests.',
    fix: 'Append the digest of the image you tested and keep the tag for readers: `image: registry.example/app:1.4.2@sha256:<digest>` (from `docker buildx imagetools inspect registry.example/app:1.4.2` or `crane digest`). Let Renovate or Dependabot update pinned digests, or have an admission policy resolve tags to digests.',
    example: {
      language: 'yaml',
      bad: 'containers:\n  - name: app\n    image: registry.example/app:1.4.2',
      good: 'containers:\n  - name: app\n    image: registry.example/app:1.4.2@sha256:<digest of the image you tested>',
    },
  },
  check(model, { report }) {
    for (const container of model.containers) {
      const image = containerImage(model, container);
      if (!image?.reference || imagePinning(image.reference) !== 'tag') continue;
      report({
        range: image.rangeOf('tag'),
        message: `${describeContainer(container)} runs "${image.written}", pinned to a tag but not a digest: the tag can be moved to different content.`,
      });
    }
  },
});
