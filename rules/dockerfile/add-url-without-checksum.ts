import type { Add } from 'dockerfile-ast';
import { defineRule } from '../engine/rule';
import { copyArguments, instructionsOf, remoteSourceKind, stageLabel } from '../model/dockerfile';

export const addUrlWithoutChecksum = defineRule({
  id: 'BH-D021',
  title: 'ADD from a URL without a checksum',
  severity: 'warning',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "`ADD <url>` puts whatever the server returns at build time into the image: nothing checks that it is the file the author reviewed. `--checksum=sha256:<digest>` makes BuildKit refuse any other content (HTTP sources, Dockerfile syntax 1.6+). For Git sources, recent Dockerfile frontends accept the commit SHA as `--checksum`; a ref that is already a full commit SHA (`repo.git#<40 hex>`) pins the content too, while a branch or tag can move. A download in a builder stage matters as much as one in the final stage: what it builds is copied into the image. No peer has this check (hadolint, Trivy and Checkov's CKV_DOCKER_4 only ask for COPY instead of ADD, which cannot fetch URLs).",
    attacker:
      'Whoever controls the server, the DNS, a mirror or (for `http://`) the network path during the build can serve a tampered binary or tarball, and it ships in the image with no trace in the Dockerfile.',
    fix: 'Add `--checksum=sha256:<digest>` with the digest of the file you reviewed (`sha256sum file`, or the checksum the project publishes). For Git, pin the commit: `--checksum=<commit sha>` or a full commit SHA after `#`.',
    example: {
      language: 'dockerfile',
      bad: 'FROM debian:12\nADD https://example.com/tool-1.4.2.tar.gz /opt/',
      good: 'FROM debian:12\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.4.2.tar.gz /opt/',
    },
  },
  check(model, { report }) {
    for (const stage of model.stages) {
      for (const add of instructionsOf(stage, 'ADD') as Add[]) {
        if (add.getFlags().some((flag) => flag.getName() === 'checksum')) continue;
        for (const source of copyArguments(model, add).sources) {
          const url = source.value ?? source.written;
          const kind = remoteSourceKind(url);
          if (!kind || (kind === 'git' && /#[0-9a-f]{40}([0-9a-f]{24})?(:|$)/.test(url))) continue;
          const plaintext = /^(http|git):\/\//i.test(url) ? ' over an unencrypted connection' : '';
          const message =
            kind === 'git'
              ? `ADD clones "${source.written}"${plaintext} in ${stageLabel(stage)} without pinning a commit: add --checksum=<commit sha> or use a full commit SHA as the ref.`
              : `ADD downloads "${source.written}"${plaintext} in ${stageLabel(stage)} without --checksum: the build takes whatever the server returns.`;
          report({ range: source.range, message });
        }
      }
    }
  },
});
