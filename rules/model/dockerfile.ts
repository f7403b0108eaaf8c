import { type Dockerfile, DockerfileParser, type From, type Instruction } from 'dockerfile-ast';
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
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      stages.push(createStage(ast, instruction as From, stages));
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

function createStage(ast: Dockerfile, from: From, earlier: Stage[]): Stage {
  const image = from.getImage() ?? undefined;
  const baseImage =
    image === undefined
      ? undefined
      : expandVariables(image, (name) => ast.resolveVariable(name, from.getRange().start.line));
  const parent = baseImage === undefined ? undefined : earlier.find((stage) => stage.name === baseImage.toLowerCase());
  return {
    index: earlier.length,
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
