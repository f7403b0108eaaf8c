import { type Argument, type Dockerfile, DockerfileParser, type From, type Instruction } from 'dockerfile-ast';
import type { Range } from '../engine/types';
import type { SourceText } from './source';

/** A build stage: a FROM and the instructions up to the next FROM. */
export interface Stage {
  index: number;
  /** The `AS` name, lower-cased as BuildKit compares it. */
  name: string | undefined;
  from: From;
  /** The FROM image with variables resolved from their ARG defaults; undefined when unresolvable. */
  baseImage: string | undefined;
  /** The earlier stage this one builds on (`FROM builder`), if any. */
  parent: Stage | undefined;
  /** The stage's instructions after its FROM, in order. */
  instructions: Instruction[];
  isFinal: boolean;
}

export interface CommentLine {
  line: number;
  /** The comment without its leading `#` and surrounding whitespace. */
  content: string;
  range: Range;
}

export interface DockerfileModel {
  kind: 'dockerfile';
  source: SourceText;
  ast: Dockerfile;
  escapeCharacter: string;
  instructions: Instruction[];
  stages: Stage[];
  /** The stage that becomes the image; undefined for a Dockerfile without FROM. */
  finalStage: Stage | undefined;
  comments: CommentLine[];
}

export function parseDockerfile(source: SourceText): DockerfileModel {
  const ast = DockerfileParser.parse(source.text);
  const instructions = ast.getInstructions();
  const stages: Stage[] = [];
  const stagesByName = new Map<string, Stage>();
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const stage = createStage(ast, instruction as From, stages.length, stagesByName);
      stages.push(stage);
      // The first stage of a name is the one later FROMs refer to.
      if (stage.name !== undefined && !stagesByName.has(stage.name)) stagesByName.set(stage.name, stage);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  const finalStage = stages.at(-1);
  if (finalStage) finalStage.isFinal = true;
  return {
    kind: 'dockerfile',
    source,
    ast,
    escapeCharacter: ast.getEscapeCharacter(),
    instructions,
    stages,
    finalStage,
    comments: commentLines(source, ast),
  };
}

/** Comments and parser directives alike: tools' pragmas (`# hadolint global ignore=…`) often sit where directives do. */
function commentLines(source: SourceText, ast: Dockerfile): CommentLine[] {
  const lines = [...ast.getDirectives(), ...ast.getComments()].map((line) => {
    const range = line.getRange();
    return { line: range.start.line, content: source.slice(range).replace(/^\s*#/, '').trim(), range };
  });
  return lines.sort((a, b) => a.line - b.line);
}

function createStage(ast: Dockerfile, from: From, index: number, earlier: ReadonlyMap<string, Stage>): Stage {
  const image = from.getImage() ?? undefined;
  const baseImage =
    image === undefined
      ? undefined
      : expandVariables(image, (name) => ast.resolveVariable(name, from.getRange().start.line));
  const parent = baseImage === undefined ? undefined : earlier.get(baseImage.toLowerCase());
  return {
    index,
    name: from.getBuildStage()?.toLowerCase() ?? undefined,
    from,
    baseImage,
    parent,
    instructions: [],
    isFinal: false,
  };
}

const variablePattern = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}` the way BuildKit does.
 * Returns undefined when a variable has no known value, so callers never reason about a guess.
 */
export function expandVariables(text: string, lookup: (name: string) => string | null | undefined): string | undefined {
  let unresolved = false;
  const expanded = text.replace(variablePattern, (_match, braced: string | undefined, operator, operand, bare) => {
    const value = lookup(braced ?? bare) ?? undefined;
    if (operator === '-') return value ? value : operand;
    if (operator === '+') return value ? operand : '';
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : expanded;
}

/** The instructions of a stage with the given keyword (upper-case). */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);
}

/** The stage's own instructions and those of the stages it builds on, oldest first. */
export function stageLineage(stage: Stage): Stage[] {
  const lineage: Stage[] = [];
  for (let current: Stage | undefined = stage; current; current = current.parent) lineage.unshift(current);
  return lineage;
}

const descendantIndexes = new WeakMap<DockerfileModel, Map<Stage, Stage[]>>();

/** The stages whose lineage includes `stage` (itself first): what inherits its layers and settings. */
export function stagesBuildingOn(model: DockerfileModel, stage: Stage): readonly Stage[] {
  let index = descendantIndexes.get(model);
  if (!index) {
    index = new Map();
    for (const descendant of model.stages) {
      for (let ancestor: Stage | undefined = descendant; ancestor; ancestor = ancestor.parent) {
        const list = index.get(ancestor);
        if (list) list.push(descendant);
        else index.set(ancestor, [descendant]);
      }
    }
    descendantIndexes.set(model, index);
  }
  return index.get(stage) ?? [stage];
}

const keywordIndexes = new WeakMap<Stage, Map<string, Instruction[]>>();

/** The instructions with `keyword` in the stage's lineage, oldest first; indexed once per stage. */
export function lineageInstructions(stage: Stage, keyword: string): readonly Instruction[] {
  let index = keywordIndexes.get(stage);
  if (!index) {
    index = new Map();
    for (const instruction of stageLineage(stage).flatMap((s) => s.instructions)) {
      const keyword = instruction.getKeyword();
      const list = index.get(keyword);
      if (list) list.push(instruction);
      else index.set(keyword, [instruction]);
    }
    keywordIndexes.set(stage, index);
  }
  return index.get(keyword) ?? [];
}

/**
 * The last instruction with `keyword` on a line before `at`, in the stage's lineage: what is in
 * force there (USER, SHELL…). A binary search, so rules asking it for every RUN stay linear.
 */
export function lastBefore(stage: Stage, keyword: string, at: Instruction): Instruction | undefined {
  const list = lineageInstructions(stage, keyword);
  const line = at.getRange().start.line;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as Instruction).getRange().start.line < line) low = middle + 1;
    else high = middle;
  }
  return list[low - 1];
}

/** The user an image built from a stage runs as. */
export type EffectiveUser =
  | { kind: 'root'; range: Range; written: string }
  /** `written` is the USER argument; undefined when the base image's default user is unprivileged. */
  | { kind: 'non-root'; written: string | undefined }
  | { kind: 'unknown' }
  | { kind: 'unset' };

/** The user a stage's image runs as: its last USER, following `FROM <earlier stage>` chains. */
export function effectiveUser(model: DockerfileModel, stage: Stage): EffectiveUser {
  const lineage = stageLineage(stage);
  const lastUser = lineage
    .flatMap((s) => s.instructions)
    .filter((i) => i.getKeyword() === 'USER')
    .at(-1);
  if (!lastUser) {
    return baseImageRunsAsNonRoot(lineage[0]?.baseImage) ? { kind: 'non-root', written: undefined } : { kind: 'unset' };
  }
  const argument = lastUser.getArguments()[0];
  if (!argument) return { kind: 'unknown' };
  const written = argument.getValue();
  const line = lastUser.getRange().start.line;
  const expanded = expandVariables(written, (name) => model.ast.resolveVariable(name, line));
  if (expanded === undefined) return { kind: 'unknown' };
  const userPart = expanded.split(':')[0] ?? '';
  if (userPart !== 'root' && !/^0+$/.test(userPart)) return { kind: 'non-root', written };
  const range = argument.getRange();
  const colon = written.indexOf(':');
  const userRange =
    colon < 0 || written !== expanded
      ? range
      : { start: range.start, end: { line: range.start.line, character: range.start.character + colon } };
  return { kind: 'root', range: userRange, written };
}

/** Images whose default user is already unprivileged, by their documented tag convention. */
function baseImageRunsAsNonRoot(image: string | undefined): boolean {
  return image !== undefined && /[:-]nonroot(?:[-@]|$)/.test(image);
}

/** The stages whose files and settings end up in the image: the final stage and those it builds on. */
export function shippedStages(model: DockerfileModel): Stage[] {
  return model.finalStage ? stageLineage(model.finalStage) : [];
}

/** How messages name a stage: `the final stage`, `builder stage "build"`, `builder stage 2`. */
export function stageLabel(stage: Stage): string {
  if (stage.isFinal) return 'the final stage';
  return stage.name === undefined ? `builder stage ${stage.index + 1}` : `builder stage "${stage.name}"`;
}

/** One port an EXPOSE opens: `80`, `53/udp`, or a range such as `8000-8100/tcp`. */
export interface ExposedPort {
  argument: Argument;
  first: number;
  last: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

/** The ports of an EXPOSE instruction, variables resolved from their defaults; unresolvable ones are left out. */
export function exposedPorts(model: DockerfileModel, expose: Instruction): ExposedPort[] {
  const line = expose.getRange().start.line;
  return expose.getArguments().flatMap((argument) => {
    const value = expandVariables(argument.getValue(), (name) => model.ast.resolveVariable(name, line));
    const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(value ?? '');
    if (!match) return [];
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    const protocol = (match[3]?.toLowerCase() ?? 'tcp') as ExposedPort['protocol'];
    return [{ argument, first, last, protocol }];
  });
}

/** How messages name one of the shipped stages: `the final stage`, `stage "base" (which the final stage builds on)`. */
export function shippedStageLabel(stage: Stage): string {
  if (stage.isFinal) return 'the final stage';
  const name = stage.name === undefined ? `stage ${stage.index + 1}` : `stage "${stage.name}"`;
  return `${name} (which the final stage builds on)`;
}

/** The distribution family of a base image, as far as its name tells. */
export type ImageFamily = 'debian' | 'alpine' | 'distroless';

const debianLikeImage =
  /(^|\/)(debian|ubuntu|node|python|golang|ruby|php|openjdk|eclipse-temurin|rust|perl|buildpack-deps)(:|@|$)/;
const debianRelease = /(bookworm|bullseye|trixie|jammy|noble|focal|slim)/;

/**
 * The family of an image by its name and tag: distroless images have no shell or package manager,
 * Alpine has BusyBox ash and `adduser`, Debian/Ubuntu (and the official language images built on
 * them) have bash and `useradd`. Undefined when the name does not tell.
 */
export function baseImageFamily(image: string | undefined): ImageFamily | undefined {
  if (!image) return undefined;
  if (/(^|\/)distroless\//.test(image)) return 'distroless';
  if (/alpine/.test(image)) return 'alpine';
  if (debianLikeImage.test(image) || debianRelease.test(image)) return 'debian';
  return undefined;
}

/** The user RUN steps execute as at an instruction: from the last USER before it in the stage's lineage. */
export type UserAt =
  | { kind: 'root' }
  | { kind: 'non-root'; user: string; instruction: Instruction }
  | { kind: 'unknown'; instruction: Instruction }
  /** No USER yet: the base image's default user, root for the common distribution images. */
  | { kind: 'unset' };

export function userAt(model: DockerfileModel, stage: Stage, at: Instruction): UserAt {
  const lastUser = lastBefore(stage, 'USER', at);
  if (!lastUser) return { kind: 'unset' };
  const written = lastUser.getArguments()[0]?.getValue();
  const line = lastUser.getRange().start.line;
  const user =
    written === undefined ? undefined : expandVariables(written, (name) => model.ast.resolveVariable(name, line));
  if (user === undefined) return { kind: 'unknown', instruction: lastUser };
  const name = user.split(':')[0] ?? '';
  return name === 'root' || /^0+$/.test(name)
    ? { kind: 'root' }
    : { kind: 'non-root', user: name, instruction: lastUser };
}

/** One source or the destination of a COPY/ADD: as written, with variables resolved where they can be. */
export interface CopyArgument {
  written: string;
  /** Undefined when a variable in it has no known value. */
  value: string | undefined;
  range: Range;
}

/**
 * The sources and destination of a COPY or ADD, in shell or JSON form, without their quotes; a
 * heredoc (`COPY <<EOF /f`) counts as the source `<<EOF` and its body is left out.
 */
export function copyArguments(
  model: DockerfileModel,
  instruction: Instruction,
): { sources: CopyArgument[]; destination: CopyArgument | undefined } {
  const line = instruction.getRange().start.line;
  const resolve = (written: string): CopyArgument['value'] =>
    expandVariables(written, (name) => model.ast.resolveVariable(name, line));
  let written = jsonArguments(model, instruction);
  if (!written) {
    const args = instruction.getArguments();
    const lastMarker = args.filter((arg) => arg.getValue().startsWith('<<')).at(-1);
    const lastLine = lastMarker?.getRange().start.line ?? Number.POSITIVE_INFINITY;
    written = args
      .filter((arg) => arg.getRange().start.line <= lastLine)
      .map((arg) => ({ written: arg.getValue().replace(/(["'])(.*?)\1/g, '$2'), range: arg.getRange() }));
  }
  const all = written.map((arg) => ({ ...arg, value: resolve(arg.written) }));
  return { sources: all.slice(0, -1), destination: all.at(-1) };
}

/** `["src", "dest"]` strings with their ranges, or undefined for the shell form. */
function jsonArguments(
  model: DockerfileModel,
  instruction: Instruction,
): { written: string; range: Range }[] | undefined {
  const argumentsRange = instruction.getArgumentsRange();
  if (!argumentsRange) return undefined;
  const start = model.source.offsetAt(argumentsRange.start);
  const raw = model.source.text.slice(start, model.source.offsetAt(argumentsRange.end));
  const bracket = /^(?:--\S+\s+)*\[/.exec(raw);
  if (!bracket) return undefined;
  try {
    if (!Array.isArray(JSON.parse(raw.slice(bracket[0].length - 1).replace(/\\\r?\n/g, '')))) return undefined;
  } catch {
    return undefined;
  }
  return [...raw.matchAll(/"((?:[^"\\]|\\.)*)"/g)]
    .filter((match) => (match.index ?? 0) >= bracket[0].length)
    .map((match) => {
      const offset = start + (match.index ?? 0);
      return { written: JSON.parse(match[0]) as string, range: model.source.rangeAt(offset, offset + match[0].length) };
    });
}

/**
 * What ADD fetches a source from: a Git repository (`git@…`, `git://…`, `ssh://…`, an HTTP(S) URL
 * of a `.git` repository, `github.com/…`), any other HTTP(S) URL, or undefined for the build context.
 */
export function remoteSourceKind(source: string): 'git' | 'http' | undefined {
  if (/^(git@|git:\/\/|ssh:\/\/|github\.com\/)/.test(source)) return 'git';
  if (!/^https?:\/\//i.test(source)) return undefined;
  return /\.git(#.*)?$/.test(source) ? 'git' : 'http';
}
