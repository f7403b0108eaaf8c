import type { Instruction } from 'dockerfile-ast';
import type { TextEdit } from '../engine/types';
import type { DockerfileModel, Stage } from '../model/dockerfile';

/**
 * Inserts whole instruction lines before `anchor`, above the comments that introduce it,
 * with the anchor's own indentation and the file's line endings.
 */
export function insertLinesBefore(model: DockerfileModel, anchor: Instruction, lines: readonly string[]): TextEdit {
  const { source } = model;
  let line = anchor.getRange().start.line;
  const commentLines = new Set(model.comments.map((comment) => comment.line));
  while (line > 0 && commentLines.has(line - 1)) line--;
  const indent = /^\s*/.exec(source.lineText(anchor.getRange().start.line))?.[0] ?? '';
  const position = { line, character: 0 };
  return {
    range: { start: position, end: position },
    newText: lines.map((text) => `${indent}${text}${source.eol}`).join(''),
  };
}

/**
 * Appends whole instruction lines after the last instruction of a stage. A line continuation left
 * dangling at the end of the file (`RUN make \` and nothing after it) is removed first: BuildKit
 * would join the appended line (over blank and comment lines) into that instruction.
 */
export function appendToStage(model: DockerfileModel, stage: Stage, lines: readonly string[]): TextEdit[] {
  const { source } = model;
  const last = stage.instructions.at(-1) ?? stage.from;
  const endLine = last.getRange().end.line;
  const position = { line: endLine, character: source.lineText(endLine).length };
  const append = {
    range: { start: position, end: position },
    newText: lines.map((text) => `${source.eol}${text}`).join(''),
  };
  const dangling = danglingContinuation(model, last);
  return dangling === undefined ? [append] : [{ range: source.rangeAt(dangling, dangling + 1), newText: '' }, append];
}

/** The offset of the escape character that continues `instruction` past the end of the file, if any. */
function danglingContinuation(model: DockerfileModel, instruction: Instruction): number | undefined {
  const { source } = model;
  const range = instruction.getRange();
  const start = source.offsetAt(range.start);
  const raw = source.text.slice(start, source.offsetAt(range.end));
  const escapeCharacter = model.escapeCharacter.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const match = new RegExp(`${escapeCharacter}[ \\t]*(?:(?:\\r\\n|\\r|\\n)[ \\t]*(?:#[^\\r\\n]*)?)*$`).exec(raw);
  if (!match || source.text.slice(start + raw.length).trim() !== '') return undefined;
  return start + match.index;
}
