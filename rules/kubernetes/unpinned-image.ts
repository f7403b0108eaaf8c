import { defineRule } from '../engine/rule';
import { containerImage, imagePinning } from '../model/image-reference';
import { describeContainer } from '../model/pod-security';

export const unpinnedImage = defineRule({
  id: 'BH-K032',
  title: 'Container image is not pinned to a version',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0013'],
    checkov: ['CKV_K8S_14'],
    kubeLinter: ['latest-tag'],
  },
  docs: {
    why: '`image: nginx` and `image: nginx:latest` name whatever the registry calls `latest` when a node pulls it. Nodes pull at different times, so replicas of one Deployment can run different releases, a rollback to the same manifest does not bring the old code back, and a bad upstream release reaches production without any change on your side. Kubernetes also defaults `imagePullPolicy` to `Always` for such images, so every pod start depends on the registry. A digest (`@sha256:…`) pins the image even without a tag. Every container is checked, init and ephemeral ones included; the parsing is the one the Dockerfile rule BH-D002 uses.',
    attacker:
      'Whoever can push to the image repository, or take over a name you pull without a registry or tag, decides what your cluster runs the next time a pod is scheduled, on every node, without touching your manifests.',
    fix: 'Name a specific version (`nginx:1.27.2-alpine`), preferably with its digest as well (`nginx:1.27.2-alpine@sha256:…`), and update it on purpose, e.g. with Renovate or Dependabot.',
    example: {
      language: 'yaml',
      bad: 'containers:\n  - name: web\n    image: nginx:latest',
      good: 'containers:\n  - name: web\n    image: nginx:1.27.2-alpine',
    },
  },
  check(model, { report }) {
    for (const container of model.containers) {
      const image = containerImage(model, container);
      if (!image?.reference) continue;
      const pinning = imagePinning(image.reference);
      const label = describeContainer(container);
      if (pinning === 'untagged') {
        report({
          range: image.rangeOf('name'),
          message: `${label} runs "${image.written}" without a tag, so every pull gets whatever "latest" is at the time. Pin a version (and a digest).`,
        });
      } else if (pinning === 'latest') {
        report({
          range: image.rangeOf('tag'),
          message: `${label} runs "${image.written}": the "latest" tag moves to each new release, so nodes can run different code. Pin a version (and a digest).`,
        });
      }
    }
  },
});
