import { defineRule } from '../engine/rule';
import { serviceImage, settingLocation } from '../model/compose';

export const composeImageWithoutDigest = defineRule({
  id: 'BH-C014',
  title: 'Service image is not pinned to a digest',
  severity: 'hint',
  appliesTo: ['compose'],
  fixable: false,
  profile: 'strict',
  aliases: {},
  docs: {
    why: 'A tag is a movable name: the publisher (or whoever holds their credentials) can point `redis:7.4` at new content at any time, and registries re-push tags for rebuilds. Only a digest (`@sha256:…`) names the exact bytes, so every host runs what you tested. Images without a tag or with `latest` are left to BH-C013.',
    attacker:
      'An attacker who can re-tag an image in the upstream repository gets their image onto every host at the next pull, without any change to your Compose file.',
    fix: 'Append the digest of the image you tested and keep the tag for readers: `image: redis:7.4@sha256:<digest>` (from `docker buildx imagetools inspect redis:7.4`). Let Renovate or Dependabot update pinned digests.',
    example: {
      language: 'yaml',
      bad: 'services:\n  cache:\n    image: redis:7.4',
      good: 'services:\n  cache:\n    image: redis:7.4@sha256:<digest of the image you tested>',
    },
  },
  check(model, { report }) {
    for (const service of model.services) {
      const image = serviceImage(model.source, service);
      const tagSpan = image?.parts.tag;
      if (!image || !tagSpan || image.parts.digest) continue;
      const tag = image.text.slice(tagSpan.start, tagSpan.end);
      const name = image.text.slice(image.parts.name.start, image.parts.name.end);
      if (tag === 'latest' || name.includes('$')) continue;
      const related = settingLocation(model.source, image.setting, image.node).related;
      report({
        range: image.rangeOf(tagSpan),
        ...(related ? { related } : {}),
        message: `Service "${service.name}" uses image "${image.text}", pinned to a tag but not a digest: the tag can be moved to different content. Append @sha256:<digest> of the image you tested.`,
      });
    }
  },
});
