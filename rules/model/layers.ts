import type { Instruction, JSONInstruction } from 'dockerfile-ast';
import type { Severity } from '../engine/types';
import {
  type CopyArgument,
  copyArguments,
  type DockerfileModel,
  expandVariables,
  lineageInstructions,
  type Stage,
  shippedStages,
  stageLabel,
} from './dockerfile';

/**
 * What the layers of each stage hold and who receives them: the files COPY/ADD put in and where,
 * the working directory, and whether a stage ships in the image or stays a builder.
 */

export interface Copy {
  instruction: Instruction;
  keyword: 'COPY' | 'ADD';
  /** The `--from` stage or image: then the sources are not from the build context. */
  from: string | undefined;
  sources: CopyArgument[];
  destination: CopyArgument;
}

/** A COPY or ADD with its `--from`; undefined for other instructions and for heredoc sources. */
export function copyOf(model: DockerfileModel, instruction: Instruction): Copy | undefined {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return undefined;
  const { sources, destination } = copyArguments(model, instruction);
  if (!destination || sources.length === 0 || sources.some((source) => source.written.startsWith('<<'))) {
    return undefined;
  }
  const from = (instruction as JSONInstruction).getFlags().find((flag) => flag.getName() === 'from');
  return { instruction, keyword, from: from ? (from.getValue() ?? '') : undefined, sources, destination };
}

/** A COPY/ADD path with quotes removed and variables expanded; undefined when a variable is unknown. */
export function pathOf(argument: CopyArgument): string | undefined {
  return argument.value === undefined ? undefined : unquote(argument.value);
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** A glob as Go's filepath.Match (COPY sources, `.dockerignore`) and the shell read it, plus `**` for any number of folders. */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] ?? '';
    if (glob.startsWith('**/', index)) {
      pattern += '(?:.*/)?';
      index += 2;
    } else if (glob.startsWith('**', index)) {
      pattern += '.*';
      index += 1;
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else if (char === '[') {
      const close = glob.indexOf(']', index + 1);
      if (close < 0) pattern += '\\[';
      else {
        pattern += `[${glob
          .slice(index + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else if (char === '\\' && index + 1 < glob.length) {
      pattern += escapeRegExp(glob[index + 1] ?? '');
      index += 1;
    } else pattern += escapeRegExp(char);
  }
  return new RegExp(`^${pattern}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `.`, `./`, `*`: the whole build context. */
export function isWholeContext(source: string): boolean {
  return /^(?:\.\/?|\.\/\*|\*)$/.test(source);
}

/** Expands `$NAME` with the ARG/ENV values in force on the instruction's line; undefined when unknown. */
export function expandAt(model: DockerfileModel, instruction: Instruction, value: string): string | undefined {
  const line = instruction.getRange().start.line;
  return expandVariables(value, (name) => model.ast.resolveVariable(name, line));
}

/** `/`-separated absolute path with `.` and `..` resolved, no trailing slash; undefined when cwd is unknown. */
export function resolvePath(cwd: string | undefined, path: string): string | undefined {
  const base = path.startsWith('/') ? '/' : cwd;
  if (base === undefined) return undefined;
  const segments: string[] = [];
  for (const segment of `${base}/${path}`.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** Whether `path` is `directory` itself or inside it. */
export function isWithin(path: string, directory: string): boolean {
  return path === directory || path.startsWith(directory === '/' ? '/' : `${directory}/`);
}

/**
 * The working directory `instruction` runs in, following the stage's lineage. Docker's default `/`
 * until a WORKDIR says otherwise (a base image's own WORKDIR is not known here); undefined when a
 * WORKDIR cannot be resolved.
 */
export function workdirAt(model: DockerfileModel, stage: Stage, instruction: Instruction): string | undefined {
  const line = instruction.getRange().start.line;
  return workdirChanges(model, stage).findLast((change) => change.line < line)?.cwd ?? '/';
}

const workdirIndexes = new WeakMap<Stage, { line: number; cwd: string | undefined }[]>();

/** The working directory after each WORKDIR of the stage's lineage, resolved once per stage. */
function workdirChanges(model: DockerfileModel, stage: Stage): { line: number; cwd: string | undefined }[] {
  let changes = workdirIndexes.get(stage);
  if (changes) return changes;
  changes = [];
  let cwd: string | undefined = '/';
  for (const workdir of lineageInstructions(stage, 'WORKDIR')) {
    const written = unquote(workdir.getArguments()[0]?.getValue() ?? '');
    const expanded = expandAt(model, workdir, written);
    cwd = expanded === undefined ? undefined : resolvePath(cwd, expanded);
    changes.push({ line: workdir.getRange().start.line, cwd });
  }
  workdirIndexes.set(stage, changes);
  return changes;
}

/** The final stage and the stages it builds on: their layers are the image. */
export function shipsInImage(model: DockerfileModel, stage: Stage): boolean {
  return shippedStages(model).includes(stage);
}

/** `the final stage`, `builder stage "build"`, or `stage "base", which the final image builds on`. */
export function describeStage(model: DockerfileModel, stage: Stage): string {
  const label = stageLabel(stage);
  if (stage.isFinal || !shipsInImage(model, stage)) return label;
  return `${label.replace(/^builder /, '')}, which the final image builds on`;
}

/**
 * A builder stage's finding is at most a warning: it still leaks through the build cache and
 * `--cache-to` exports, but it never reaches the shipped image.
 */
export function stageSeverity(model: DockerfileModel, stage: Stage | undefined): { severity?: Severity } {
  return stage && shipsInImage(model, stage) ? {} : { severity: 'warning' };
}
