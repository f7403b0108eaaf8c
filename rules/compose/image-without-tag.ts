import { defineRule } from '../engine/rule';
import { serviceImage, settingLocation } from '../model/compose';

export const composeImageWithoutTag = defineRule({
  id: 'BH-C013',
  title: 'Service image has no tag or uses latest',
  severity: 'warning',
  appliesTo: ['compose'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'An image without a tag means `:latest`, and `latest` is whatever the publisher pushed last. Two `docker compose pull` runs a day apart can start different software, a breaking major version arrives unannounced, and nobody can tell which version ran when something went wrong.',
    attacker:
      'Anyone who can push to the repository (a compromised publisher account, a typo-squatted name) reaches every host that pulls `latest`, without a change to your Compose file that a review could catch.',
    fix: 'Pin a specific version tag you have tested (`postgres:16.4-bookworm`), and update it on purpose, e.g. with Renovate or Dependabot. Add the digest as well for full reproducibility (see BH-C014).',
    example: {
      language: 'yaml',
      bad: 'services:\n  db:\n    image: postgres',
      good: 'services:\n  db:\n    image: postgres:16.4-bookworm',
    },
  },
  check(model, { report }) {
    for (const service of model.services) {
      const image = serviceImage(model.source, service);
      if (!image || image.parts.digest) continue;
      const name = image.text.slice(image.parts.name.start, image.parts.name.end);
      if (name === '' || name.includes('$')) continue;
      const tag = image.parts.tag && image.text.slice(image.parts.tag.start, image.parts.tag.end);
      if (tag !== undefined && tag !== 'latest') continue;
      const related = settingLocation(model.source, image.setting, image.node).related;
      report({
        range: image.rangeOf(tag === undefined ? image.parts.name : image.parts.tag),
        ...(related ? { related } : {}),
        message:
          tag === undefined
            ? `Service "${service.name}" uses image "${image.text}" without a tag, which pulls whatever "latest" is at the time. Pin a tested version tag.`
            : `Service "${service.name}" uses image "${image.text}" with the "latest" tag, which changes whenever the publisher pushes. Pin a tested version tag.`,
      });
    }
  },
});
