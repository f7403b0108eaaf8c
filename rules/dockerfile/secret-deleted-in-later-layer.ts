import type { Instruction } from 'dockerfile-ast';
import { defineRule, type ReportedFinding } from '../engine/rule';
import { type CopyArgument, type DockerfileModel, lineageInstructions, type Stage, userAt } from '../model/dockerfile';
import {
  type Copy,
  copyOf,
  describeStage,
  expandAt,
  globToRegExp,
  isWholeContext,
  isWithin,
  pathOf,
  resolvePath,
  shipsInImage,
  workdirAt,
} from '../model/layers';
import { secretFileKind } from '../model/secrets';
import { commandName, runCommands, type ShellWord } from '../model/shell';

export const secretDeletedInLaterLayer = defineRule({
  id: 'BH-D012',
  title: 'Secret deleted in a later layer',
  severity: 'error',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'Each instruction adds a layer on top of the previous ones, and layers are never rewritten: a file that `COPY` or `ADD` put in is still in that layer after a later `RUN rm` hides it. The image gets no smaller and the file is one `docker save` away. This is an error when the deleted file looks like a credential (key, `.env`, `.npmrc`, `credentials.json`…) in a stage that ships, and a warning for other copied files (the space and the contents are still there) and for credentials in builder stages (build cache, `--cache-to` exports). Paths are compared after resolving `WORKDIR`, `cd` in the same `RUN`, `~` for root, ARG/ENV values and `COPY x /dir/` → `/dir/x`; globs (`rm -rf /tmp/*`) and removed parent folders count.',
    attacker:
      'Pulling the image and unpacking its layers (`docker save`, `crane export`, `dive`) gives back the "deleted" key, token or `.env`, with no trace that anything is wrong in the running container.',
    fix: 'Do not copy the secret in at all. For a build step that needs it, mount it for that step only: `RUN --mount=type=secret,id=creds,target=/tmp/creds.json use-creds /tmp/creds.json` (build with `docker build --secret id=creds,src=credentials.json`). Or do that work in a builder stage and `COPY --from` only its output into the final stage, so the secret never reaches a shipped layer.',
    example: {
      language: 'dockerfile',
      bad: 'FROM python:3.12-slim\nCOPY credentials.json /tmp/creds.json\nRUN use-creds /tmp/creds.json && rm /tmp/creds.json',
      good: 'FROM python:3.12-slim\nRUN --mount=type=secret,id=creds,target=/tmp/creds.json use-creds /tmp/creds.json',
    },
  },
  check(model, { report }) {
    for (const stage of model.stages) {
      const ships = shipsInImage(model, stage);
      for (const run of stage.instructions) {
        if (run.getKeyword() !== 'RUN') continue;
        for (const removal of removedPaths(model, stage, run)) {
          const added = findCopy(model, stage, run, removal);
          if (!added) continue;
          const secret = secretFileKind(removal.path) ?? added.secretKind;
          if (!secret && !ships) continue;
          const { keyword, instruction } = added.copy;
          const copied = added.exact ? added.source.written : removal.word.value;
          const what = secret && added.exact ? `${secret} (${copied})` : (secret ?? copied);
          const finding: ReportedFinding = {
            range: removal.word.range,
            message: `${removal.program} ${removal.word.value} deletes ${what}, which ${keyword} put in on line ${instruction.getRange().start.line + 1}: it stays in that earlier layer of ${describeStage(model, stage)}. Use RUN --mount=type=secret or a multi-stage build instead.`,
            related: [
              { range: added.source.range, message: `${keyword} adds ${added.source.written} to a layer here.` },
            ],
            ...(secret && ships ? {} : { severity: 'warning' as const }),
          };
          report(finding);
        }
      }
    }
  },
});

interface Removal {
  /** `rm` or `unlink`. */
  program: string;
  word: ShellWord;
  /** Absolute, possibly a glob. */
  path: string;
  /** What `mv` took away earlier in the same RUN: moved, not deleted. */
  moved: readonly string[];
}

/** The paths `rm`/`unlink` delete in a RUN, resolved against WORKDIR and any `cd` before them; `mv` sources are moved, not deleted. */
function removedPaths(model: DockerfileModel, stage: Stage, run: Instruction): Removal[] {
  const removals: Removal[] = [];
  const moved: string[] = [];
  let cwd = workdirAt(model, stage, run);
  const user = userAt(model, stage, run).kind;
  const home = user === 'root' || user === 'unset' ? '/root' : undefined;
  for (const command of runCommands(model, run)) {
    const program = commandName(command);
    if (!program) continue;
    const operands = command.words.slice(command.words.indexOf(program) + 1);
    const name = program.value.replace(/^.*\//, '');
    if (name === 'cd') {
      const target = operands[0] && shellPath(model, run, operands[0].value, home);
      cwd = target === undefined ? undefined : resolvePath(cwd, target);
    } else if (name === 'rm' || name === 'unlink' || name === 'mv') {
      const paths = pathOperands(operands).flatMap((word) => {
        const written = shellPath(model, run, word.value, home);
        const path = written === undefined ? undefined : resolvePath(cwd, written);
        return path ? [{ program: name, word, path, moved: [...moved] }] : [];
      });
      if (name === 'mv') moved.push(...paths.slice(0, -1).map(({ path }) => path));
      else removals.push(...paths);
    }
  }
  return removals;
}

/** The operands of `rm`/`mv`: words after the options, or after `--`. */
function pathOperands(words: ShellWord[]): ShellWord[] {
  const end = words.findIndex((word) => word.value === '--');
  if (end >= 0) return words.slice(end + 1);
  return words.filter((word) => !word.value.startsWith('-'));
}

/** A shell word as a path: `~` is root's home, `$NAME` an ARG/ENV value; undefined when unknown. */
function shellPath(
  model: DockerfileModel,
  run: Instruction,
  value: string,
  home: string | undefined,
): string | undefined {
  const withHome = value.replace(/^~(?=\/|$)/, home ?? '~');
  if (withHome.startsWith('~')) return undefined;
  return withHome.includes('$') ? expandAt(model, run, withHome) : withHome;
}

interface CopiedEntry {
  copy: Copy;
  source: CopyArgument;
  /** Where the copied file lands, when the source names one file. */
  file: string | undefined;
  /** The folder that receives a folder's contents, a glob's matches or an extracted archive. */
  folder: string | undefined;
  /** For glob sources: which names in `folder` came from this copy. */
  names: RegExp | undefined;
  secretKind: string | undefined;
}

interface FoundCopy {
  copy: Copy;
  source: CopyArgument;
  secretKind: string | undefined;
  /** Whether the removed path is the copied file (or its folder), not a file inside a copied folder. */
  exact: boolean;
}

/**
 * The COPY/ADD before the RUN, in the stage or those it builds on, that put in what `path` deletes:
 * a copied file before a file inside a copied folder, a credential before any other file, the latest first.
 */
function findCopy(model: DockerfileModel, stage: Stage, run: Instruction, removal: Removal): FoundCopy | undefined {
  const { path, moved } = removal;
  const line = run.getRange().start.line;
  const glob = /[*?[]/.exec(path);
  const target = glob ? globToRegExp(path) : undefined;
  // A file a glob removes starts with the glob's literal head: a cheap test before the regex.
  const head = glob ? path.slice(0, glob.index) : path;
  const removes = (file: string) =>
    file.startsWith(head) &&
    (target ? ancestorsOf(file).some((candidate) => target.test(candidate)) : isWithin(file, path));
  const stillThere = (file: string) => !moved.some((away) => isWithin(file, away));
  const name = path.slice(path.lastIndexOf('/') + 1);
  const holds = (entry: CopiedEntry) => {
    if (target || entry.folder === undefined || path === entry.folder || !isWithin(path, entry.folder)) return false;
    return entry.names
      ? path === `${entry.folder}/${name}` && entry.names.test(name)
      : secretFileKind(path) !== undefined;
  };
  let firstFile: CopiedEntry | undefined;
  let inFolder: CopiedEntry | undefined;
  const copies = copiesOf(model, stage);
  // The latest COPY first; a removed credential wins over any other removed file.
  for (let index = copies.length - 1; index >= 0; index--) {
    const copy = copies[index] as { line: number; entries: CopiedEntry[] };
    if (copy.line >= line) continue;
    for (const entry of copy.entries) {
      if (entry.file !== undefined && removes(entry.file) && stillThere(entry.file)) {
        const secretKind = entry.secretKind ?? secretFileKind(entry.file);
        if (secretKind) return { ...entry, secretKind, exact: true };
        firstFile ??= entry;
      } else if (!inFolder && holds(entry)) inFolder = entry;
    }
  }
  if (firstFile) return { ...firstFile, secretKind: secretFileKind(firstFile.file ?? ''), exact: true };
  return inFolder && { ...inFolder, exact: false };
}

function ancestorsOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, index) => `/${parts.slice(0, index + 1).join('/')}`);
}

const archive = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

const copiesByStage = new WeakMap<Stage, { line: number; entries: CopiedEntry[] }[]>();

/** What each COPY/ADD of the stage's lineage put where, resolved once: every deleting RUN looks back over them. */
function copiesOf(model: DockerfileModel, stage: Stage): { line: number; entries: CopiedEntry[] }[] {
  let copies = copiesByStage.get(stage);
  if (!copies) {
    const instructions = [...lineageInstructions(stage, 'COPY'), ...lineageInstructions(stage, 'ADD')];
    copies = instructions
      .map((instruction) => ({
        line: instruction.getRange().start.line,
        entries: copiedEntries(model, stage, instruction),
      }))
      .sort((a, b) => a.line - b.line);
    copiesByStage.set(stage, copies);
  }
  return copies;
}

function copiedEntries(model: DockerfileModel, stage: Stage, instruction: Instruction): CopiedEntry[] {
  const copy = copyOf(model, instruction);
  const written = copy && pathOf(copy.destination);
  if (!copy || written === undefined) return [];
  const destination = resolvePath(workdirAt(model, stage, instruction), written);
  if (!destination) return [];
  const intoFolder = written.endsWith('/') || copy.sources.length > 1;
  return copy.sources.flatMap((source): CopiedEntry[] => {
    const value = pathOf(source);
    if (value === undefined) return [];
    const base = { copy, source, secretKind: secretFileKind(value) };
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
    const name = value
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .replace(/^.*\//, '');
    if (isWholeContext(value) || value.endsWith('/') || (!isUrl && copy.keyword === 'ADD' && archive.test(value))) {
      return [{ ...base, file: undefined, folder: destination, names: undefined }];
    }
    if (/[*?[]/.test(name)) return [{ ...base, file: undefined, folder: destination, names: globToRegExp(name) }];
    const file = intoFolder ? `${destination === '/' ? '' : destination}/${name}` : destination;
    return [{ ...base, file, folder: isUrl ? undefined : file, names: undefined }];
  });
}
