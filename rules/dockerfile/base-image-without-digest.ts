import { defineRule } from '../engine/rule';
import { stageLabel } from '../model/dockerfile';
import { imagePinning, stageImage } from '../model/image-reference';

export const baseImageWithoutDigest = defineRule({
  id: 'BH-D003',
  title: 'Base image is not pinned to a digest',
  severity: 'hint',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'strict',
  aliases: {},
  docs: {
    why: 'A tag is a movable name: the publisher (or anyone who gets their credentials) can point `python:3.12-slim` at new content at any time, and registries re-push tags for security rebuilds. Only a digest (`@sha256:…`) names the exact bytes, so builds are reproducible and a tampered tag cannot slip in. Every stage that starts from a registry image is reported, builder stages included, because what they build ships. Images with no tag or the `latest` tag are left to BH-D002.',
    attacker:
      'An attacker who can re-tag an image in the upstream repository (a stolen publishing token, a compromised mirror) gets their image into your next build without any change to your Dockerfile.',
    fix: 'Append the digest of the image you tested, keeping the tag for readers: `FROM python:3.12-slim@sha256:<digest>` (from `docker buildx imagetools inspect python:3.12-slim`). `bulkhead pin` and the editor\'s "Pin to digest" action look the digest up in the registry and write it for you. Let Renovate or Dependabot update pinned digests.',
    example: {
      language: 'dockerfile',
      bad: 'FROM python:3.12-slim',
      good: 'FROM python:3.12-slim@sha256:<digest of the image you tested>',
    },
  },
  check(model, { report }) {
    for (const stage of model.stages) {
      const image = stageImage(model, stage);
      const reference = image?.reference;
      if (!image || !reference || imagePinning(reference) !== 'tag') continue;
      report({
        range: image.rangeOf('tag'),
        message: `The base image "${image.resolved}" of ${stageLabel(stage)} is pinned to a tag but not a digest: the tag can be moved to different content.`,
      });
    }
  },
});
