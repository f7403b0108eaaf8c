import { defineRule } from '../engine/rule';
import { stageLabel } from '../model/dockerfile';
import { isFromAllowedRegistry, mountedImages, type PulledImage, stageImage } from '../model/image-reference';

export const untrustedRegistry = defineRule({
  id: 'BH-D006',
  title: 'Base image from a registry that is not allowed',
  severity: 'error',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: { hadolint: ['DL3026'] },
  docs: {
    why: "Teams that vet, scan and mirror their images allow builds to pull only from their own registries. This rule reports every image a build pulls from elsewhere: each stage's `FROM`, and images read through `COPY --from=<image>` or `RUN --mount=…,from=<image>`. It does nothing until `allowedRegistries` is set (in `.bulkhead.yaml` or the `bulkhead.allowedRegistries` setting). Names are normalised as Docker does: no registry means `docker.io` (`index.docker.io` and `hub.docker.com` are Docker Hub too), and an entry can be a host (`ghcr.io`, `localhost:5000`), a wildcard (`*.example.com`) or a registry with a path (`docker.io/library` allows only official images). An image whose name comes from a variable with no default is not judged.",
    attacker:
      'An image from an unvetted registry skips your scanning, signing and mirroring: a typosquatted or compromised public image runs in your build and ships in your image.',
    fix: 'Pull the image through an allowed registry (your mirror of it, e.g. `registry.example.com/dockerhub/library/python:3.12`), or add the registry to `allowedRegistries` once it is vetted.',
    example: {
      language: 'dockerfile',
      bad: '# allowedRegistries: [registry.example.com]\nFROM python:3.12-slim',
      good: '# allowedRegistries: [registry.example.com]\nFROM registry.example.com/dockerhub/library/python:3.12-slim',
    },
  },
  check(model, { report, config }) {
    const allowed = config.allowedRegistries;
    if (allowed.length === 0) return;
    for (const stage of model.stages) {
      const images = [stageImage(model, stage), ...mountedImages(model, stage)];
      for (const image of images) {
        const reference = image?.reference;
        if (!image || !reference || isFromAllowedRegistry(reference, allowed)) continue;
        report({
          range: reference.spans.registry ? image.rangeOf('registry') : image.rangeOf('name'),
          message: `${describe(image)} ${stageLabel(stage)} comes from ${reference.registry}${reference.spans.registry ? '' : ' (no registry means Docker Hub)'}, which is not in allowedRegistries (${allowed.join(', ')}).`,
        });
      }
    }
  },
});

/** `The base image "x" of`, `The image "x" (COPY --from) in`: what the image is for, before the stage's label. */
function describe(image: PulledImage): string {
  if (image.instruction === image.stage.from) return `The base image "${image.resolved}" of`;
  const use = image.instruction.getKeyword() === 'COPY' ? 'COPY --from' : 'RUN --mount from';
  return `The image "${image.resolved}" (${use}) in`;
}
