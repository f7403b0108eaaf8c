import { defineRule } from '../engine/rule';
import { stageLabel } from '../model/dockerfile';
import { imagePinning, referenceParts, stageImage } from '../model/image-reference';

export const unpinnedBaseImage = defineRule({
  id: 'BH-D002',
  title: 'Base image is not pinned to a version',
  severity: 'warning',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    hadolint: ['DL3006', 'DL3007'],
    trivy: ['DS-0001'],
    checkov: ['CKV_DOCKER_7'],
  },
  docs: {
    why: "`FROM python` and `FROM python:latest` build on whatever the registry's `latest` is that day, so two builds of one commit can ship different operating systems, libraries and vulnerabilities, and a bad upstream release reaches you without a change on your side. Every stage counts: a builder image's compiler also shapes what ships. A digest (`@sha256:…`) pins even without a tag; `FROM scratch` and `FROM <earlier stage>` are not images to pin; a `FROM` built from `ARG` defaults is checked with those defaults, and a variable no global `ARG` declares is empty, as BuildKit makes it. Differences from peers: a tag from an `ARG` declared without default (`ARG TAG` then `FROM alpine$TAG`) is not reported, since the build passes the value (Trivy reports it); an `ARG` declared inside a stage is not used by a later `FROM`, as in BuildKit (Trivy uses it); `FROM $REGISTRY/ubuntu` is reported whatever the registry (hadolint skips images that start with a variable).",
    attacker:
      'Whoever can push to the upstream repository, or take over a name you pull without a registry or tag, decides what your next build contains; a routine rebuild pulls their image into every environment that deploys it.',
    fix: 'Name a specific version (`python:3.12.4-slim-bookworm`), preferably with its digest as well (`python:3.12.4-slim-bookworm@sha256:…`); `bulkhead pin` and the editor\'s "Pin to digest" action can add the digest. Update the pin on purpose, e.g. with Renovate or Dependabot.',
    example: {
      language: 'dockerfile',
      bad: 'FROM node:latest AS build\nRUN npm ci\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html',
      good: 'FROM node:20.15-bookworm AS build\nRUN npm ci\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html',
    },
  },
  check(model, { report }) {
    for (const stage of model.stages) {
      const image = stageImage(model, stage);
      if (!image) continue;
      const where = stageLabel(stage);
      const { reference } = image;
      const resolvedFrom = image.resolved !== image.written ? ` (from "${image.written}")` : '';
      if (reference) {
        const pinning = imagePinning(reference);
        if (pinning === 'untagged') {
          report({
            range: image.rangeOf('name'),
            message: `The base image "${image.resolved}"${resolvedFrom} of ${where} has no tag, so every build pulls whatever "latest" is at the time. Pin a version.`,
          });
        } else if (pinning === 'latest') {
          report({
            range: image.rangeOf('tag'),
            message: `The base image "${image.resolved}"${resolvedFrom} of ${where} uses the "latest" tag, which moves to each new release. Pin a version.`,
          });
        }
      } else if (image.resolved === undefined && hasNoTagWhateverTheVariables(image.written)) {
        report({
          range: image.rangeOf('name'),
          message: `The base image "${image.written}" of ${where} has no tag whatever its variables hold, so every build pulls "latest". Pin a version.`,
        });
      }
    }
  },
});

/** `${REGISTRY}/ubuntu`: variables only in the registry or path, and no tag or digest after them. */
function hasNoTagWhateverTheVariables(written: string): boolean {
  const parts = referenceParts(written);
  const lastComponent = written.slice(written.lastIndexOf('/') + 1);
  return parts.tag === undefined && parts.digest === undefined && written.includes('/') && !lastComponent.includes('$');
}
