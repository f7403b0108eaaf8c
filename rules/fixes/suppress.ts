import type { TextEdit } from '../engine/types';
import type { DockerfileModel } from '../model/dockerfile';
import type { SourceText } from '../model/source';

/**
 * Edits that write Bulkhead's own suppression comments (rules/engine/suppressions.ts reads them).
 * Dockerfiles and YAML both comment with `#`; a reason follows ` -- `, left for the user to write,
 * so `requireReason` still reports the suppression until they do.
 */

const ids = '[A-Za-z0-9_*-]+(?:\\s*,\\s*[A-Za-z0-9_*-]+)*';
const lineSuppression = new RegExp(`^(\\s*#\\s*bulkhead-ignore\\s+)(${ids})`);
const fileSuppression = new RegExp(`^(\\s*#\\s*bulkhead-ignore-file\\s+)(${ids})`);

/**
 * `# bulkhead-ignore <id> -- ` on its own line above the finding, indented like it. In a Dockerfile
 * the comment covers the next instruction, so it goes above the instruction the finding is in (which
 * may span lines); in YAML it covers the next line. An existing comment there gains the id instead.
 * Undefined when that comment already names the id.
 */
export function suppressLineEdit(
  source: SourceText,
  dockerfile: DockerfileModel | undefined,
  findingLine: number,
  ruleId: string,
): TextEdit | undefined {
  const instruction = dockerfile?.instructions.find((candidate) => {
    const range = candidate.getRange();
    return range.start.line <= findingLine && findingLine <= range.end.line;
  });
  const line = instruction?.getRange().start.line ?? findingLine;
  const existing = line > 0 ? appendToComment(source, line - 1, lineSuppression, ruleId) : undefined;
  if (existing !== undefined) return existing ?? undefined;
  const indentation = /^\s*/.exec(source.lineText(line))?.[0] ?? '';
  return insertLine(source, line, `${indentation}# bulkhead-ignore ${ruleId} -- `);
}

/**
 * `# bulkhead-ignore-file <id> -- ` at the top: after a shebang and a Dockerfile's parser directives
 * (a comment before them would end the directives), or after a YAML file's `---` start marker.
 * An existing `bulkhead-ignore-file` comment gains the id instead.
 */
export function suppressFileEdit(
  source: SourceText,
  kind: 'dockerfile' | 'yaml',
  ruleId: string,
): TextEdit | undefined {
  for (let line = 0; line < source.lineCount; line++) {
    const existing = appendToComment(source, line, fileSuppression, ruleId);
    if (existing !== undefined) return existing ?? undefined;
  }
  const line = kind === 'dockerfile' ? afterDirectives(source) : afterDocumentStart(source);
  return insertLine(source, line, `# bulkhead-ignore-file ${ruleId} -- `);
}

/** undefined: no such comment on the line; null: it already names the id; else the edit adding it. */
function appendToComment(
  source: SourceText,
  line: number,
  pattern: RegExp,
  ruleId: string,
): TextEdit | null | undefined {
  const match = pattern.exec(source.lineText(line));
  if (!match?.[1] || !match[2]) return undefined;
  if (match[2].split(',').some((id) => id.trim() === ruleId)) return null;
  const position = { line, character: match[1].length + match[2].length };
  return { range: { start: position, end: position }, newText: `, ${ruleId}` };
}

function insertLine(source: SourceText, line: number, text: string): TextEdit {
  if (line >= source.lineCount) {
    // After the last line: the file may not end with a line break.
    const last = source.lineCount - 1;
    const end = { line: last, character: source.lineText(last).length };
    const before = source.lineText(last) === '' ? '' : source.eol;
    return { range: { start: end, end }, newText: `${before}${text}${source.eol}` };
  }
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${text}${source.eol}` };
}

const directive = /^#\s*[A-Za-z][A-Za-z0-9_-]*\s*=/;

function afterDirectives(source: SourceText): number {
  let line = 0;
  if (source.lineText(0).startsWith('#!')) line++;
  while (line < source.lineCount && directive.test(source.lineText(line))) line++;
  return line;
}

/** After `%` directives and comments up to a `---`, if the first document has one; else the top. */
function afterDocumentStart(source: SourceText): number {
  for (let line = 0; line < source.lineCount; line++) {
    const text = source.lineText(line).trim();
    if (text === '' || text.startsWith('#') || text.startsWith('%')) continue;
    return /^---(\s|#|$)/.test(text) ? line + 1 : 0;
  }
  return 0;
}
