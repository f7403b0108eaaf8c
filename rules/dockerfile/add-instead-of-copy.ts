import type { Add } from 'dockerfile-ast';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { type CopyArgument, copyArguments, instructionsOf, remoteSourceKind } from '../model/dockerfile';

/**
 * Extensions of archives ADD may unpack (hadolint's list, plus zstd): ADD detects the format by
 * content, so these names are where ADD is probably meant.
 */
const archiveExtension = /\.(tar|Z|bz2|gz|lz|lzma|tZ|tb2|tbz|tbz2|tgz|tlz|tpz|txz|xz|zst|tzst)$/;

/** Flags COPY also understands, so the keyword alone can change. */
const copyCompatibleFlags = new Set(['chown', 'chmod', 'link', 'exclude']);

export const addInsteadOfCopy = defineRule({
  id: 'BH-D022',
  title: 'ADD used where COPY is meant',
  severity: 'information',
  appliesTo: ['dockerfile'],
  fixable: true,
  profile: 'recommended',
  aliases: { hadolint: ['DL3020'], trivy: ['DS-0005'], checkov: ['CKV_DOCKER_4'] },
  docs: {
    why: 'ADD does more than copy: it unpacks local tar archives (recognised by content, not name) and fetches URLs and Git repositories. For plain files and folders from the build context COPY does the same job with none of that, so a later change of source (a file that turns out to be an archive, a path replaced by a URL) cannot silently change what lands in the image. Differences from peers: Checkov flags every ADD, including downloads; we leave remote sources to BH-D021 (COPY cannot fetch them) and local archives to ADD, as hadolint and Trivy do. Like hadolint we skip an ADD whose sources mix archives or URLs with plain files, and ones whose source is a variable with no known value.',
    attacker:
      'An archive slipped into the build context under an innocent name is unpacked by ADD, with paths and links of its choosing (tar-slip into the image); with COPY it stays an inert file.',
    fix: 'Replace `ADD` with `COPY` for local files and folders; keep ADD for local archives you want unpacked, and use `ADD --checksum` (or `RUN curl` plus a checksum check) for downloads.',
    example: {
      language: 'dockerfile',
      bad: 'FROM python:3.12-slim\nADD requirements.txt /app/\nADD vendor.tar.gz /opt/',
      good: 'FROM python:3.12-slim\nCOPY requirements.txt /app/\nADD vendor.tar.gz /opt/',
    },
  },
  check(model, { report }) {
    for (const stage of model.stages) {
      for (const add of instructionsOf(stage, 'ADD') as Add[]) {
        const flags = add.getFlags();
        const unpack = flags.find((flag) => flag.getName() === 'unpack')?.getValue();
        const { sources } = copyArguments(model, add);
        if (sources.length === 0 || !sources.every((source) => isPlainLocalFile(source, unpack === 'false'))) continue;
        const keyword = add.getInstructionRange();
        const copy = add.getInstruction() === 'add' ? 'copy' : 'COPY';
        const fixes: Fix[] = flags.every((flag) => copyCompatibleFlags.has(flag.getName()))
          ? [{ title: 'Replace ADD with COPY', edits: [{ range: keyword, newText: copy }], isPreferred: true }]
          : [];
        const names = sources.map((source) => `"${source.written}"`).join(', ');
        report({
          range: keyword,
          message: `ADD of ${names} from the build context: COPY does the same without unpacking archives or fetching URLs.`,
          fixes,
        });
      }
    }
  },
});

/** A build-context path that ADD copies as is: not remote, not an archive (unless unpacking is off). */
function isPlainLocalFile(source: CopyArgument, unpackOff: boolean): boolean {
  const text = source.value ?? source.written;
  if (source.value === undefined && (/^\$/.test(source.written) || /\}$|\$\w+$/.test(source.written))) return false;
  if (remoteSourceKind(text) !== undefined) return false;
  // `ADD file:<digest> in /` is how image history records an ADD; it is not a build-context path.
  if (/^(file|multi|dir):[0-9a-f]{64}$/.test(text)) return false;
  return unpackOff || !archiveExtension.test(text);
}
