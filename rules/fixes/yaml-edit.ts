import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  visit,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { TextEdit } from '../engine/types';
import type { SourceText } from '../model/source';
import { getPair, resolveNode } from '../model/yaml';

/**
 * Minimal text edits on YAML: they add exactly the missing keys and items, in the file's own
 * indentation, sequence style and line endings, and never re-serialise, so comments survive.
 */

interface Layout {
  /** Spaces between a map's key column and its nested map's key column. */
  step: number;
  /** Spaces between a key's column and the `-` of its block sequence (0 for `key:\n- item`). */
  sequenceIndent: number;
}

/**
 * Ensures `map.path[0].path[1]…` is a sequence that contains `item`, creating missing maps,
 * the sequence and the item. Returns undefined when the path holds something that is not a map
 * or a sequence, where no edit is safe.
 */
export function ensureSequenceItem(
  source: SourceText,
  document: Document.Parsed,
  map: YAMLMap,
  path: readonly string[],
  item: string,
): TextEdit | undefined {
  const layout = detectLayout(source, document);
  let current = map;
  for (let depth = 0; depth < path.length; depth++) {
    const key = path[depth] as string;
    const pair = getPair(current, key);
    const rest = path.slice(depth);
    if (!pair) return insertIntoMap(source, current, rest, item, layout);
    const value = resolveNode(document, pair.value);
    const isLast = depth === path.length - 1;
    if (isLast && isSeq(value)) return appendToSequence(source, value as YAMLSeq, item);
    if (!isLast && isMap(value)) {
      current = value as YAMLMap;
      continue;
    }
    if (value === undefined || (isScalar(value) && value.value === null)) {
      return replaceEmptyValue(source, current, pair.key as Node, value, rest.slice(1), item, layout);
    }
    return undefined;
  }
  return undefined;
}

function insertIntoMap(
  source: SourceText,
  map: YAMLMap,
  keys: readonly string[],
  item: string,
  layout: Layout,
): TextEdit {
  return insertEntry(source, map, {
    flow: renderFlow(keys, item),
    block: (column) => renderBlock(keys, item, column, layout, source.eol),
  });
}

/** Adds an entry at the end of a map: before the closing brace of a flow map, after the last line of a block one. */
function insertEntry(
  source: SourceText,
  map: YAMLMap,
  entry: { flow: string; block: (column: number) => string },
): TextEdit {
  if (map.flow) return insertIntoFlowCollection(source, map, entry.flow, '}');
  const column = columnOf(source, map);
  const last = map.items.at(-1);
  const lastNode = (isPair(last) ? ((last.value as Node | null) ?? (last.key as Node)) : map) as Node;
  return insertAfterLineOf(source, lastNode.range?.[1] ?? 0, entry.block(column));
}

function appendToSequence(source: SourceText, seq: YAMLSeq, item: string): TextEdit {
  if (seq.flow) return insertIntoFlowCollection(source, seq, item, ']');
  const column = columnOf(source, seq);
  const last = seq.items.at(-1) as Node | undefined;
  return insertAfterLineOf(source, last?.range?.[1] ?? seq.range?.[1] ?? 0, `${' '.repeat(column)}- ${item}`);
}

function replaceEmptyValue(
  source: SourceText,
  parent: YAMLMap,
  key: Node,
  value: Node | undefined,
  keys: readonly string[],
  item: string,
  layout: Layout,
): TextEdit {
  const keyEnd = key.range?.[1] ?? 0;
  const colon = source.text.indexOf(':', keyEnd);
  const start = colon + 1;
  const end = value?.range ? Math.max(start, value.range[1]) : start;
  const range = source.rangeAt(start, end);
  if (parent.flow) return { range, newText: ` ${keys.length > 0 ? renderFlow(keys, item) : `[${item}]`}` };
  const column = columnOf(source, parent) + layout.step;
  const body =
    keys.length > 0
      ? renderBlock(keys, item, column, layout, source.eol)
      : `${' '.repeat(column - layout.step + layout.sequenceIndent)}- ${item}`;
  return { range, newText: `${source.eol}${body}` };
}

/** `a: {b: [item]}` for keys [a, b]. */
function renderFlow(keys: readonly string[], item: string): string {
  return keys.reduceRight((inner, key) => `{${key}: ${inner}}`, `[${item}]`).slice(1, -1);
}

function renderBlock(keys: readonly string[], item: string, column: number, layout: Layout, eol: string): string {
  const lines = keys.map((key, depth) => `${' '.repeat(column + depth * layout.step)}${key}:`);
  const lastKeyColumn = column + (keys.length - 1) * layout.step;
  lines.push(`${' '.repeat(lastKeyColumn + layout.sequenceIndent)}- ${item}`);
  return lines.join(eol);
}

/**
 * Adds an entry before the closing bracket in the collection's own style: on its own line when
 * the entries are one per line, after a trailing comma when the file uses them (JSON-ish YAML).
 */
function insertIntoFlowCollection(source: SourceText, node: YAMLMap | YAMLSeq, text: string, closer: string): TextEdit {
  const end = node.range?.[1] ?? 0;
  const close = source.text.lastIndexOf(closer, end - 1);
  const insertAt = source.text.slice(0, close).trimEnd().length;
  const at = source.rangeAt(insertAt, insertAt);
  const last = node.items.at(-1) as { range?: unknown; key?: Node } | undefined;
  if (!last) return { range: at, newText: text };
  const trailingComma = source.text[insertAt - 1] === ',';
  const lastStart = (isPair(last) ? (last.key as Node).range?.[0] : (last as Node).range?.[0]) ?? insertAt;
  const multiLine = source.positionAt(close).line > source.positionAt(lastStart).line;
  if (multiLine) {
    const indent = ' '.repeat(source.positionAt(lastStart).character);
    return {
      range: at,
      newText: `${trailingComma ? '' : ','}${source.eol}${indent}${text}${trailingComma ? ',' : ''}`,
    };
  }
  return { range: at, newText: trailingComma ? ` ${text},` : `, ${text}` };
}

/** Inserts whole lines after the line on which `offset` falls (or before it, if it starts a line). */
function insertAfterLineOf(source: SourceText, offset: number, lines: string): TextEdit {
  const position = source.positionAt(offset);
  if (position.character === 0 && position.line > 0 && offset > 0) {
    return { range: { start: position, end: position }, newText: `${lines}${source.eol}` };
  }
  const lineEnd = { line: position.line, character: source.lineText(position.line).length };
  return { range: { start: lineEnd, end: lineEnd }, newText: `${source.eol}${lines}` };
}

function columnOf(source: SourceText, node: Node): number {
  return source.positionAt(node.range?.[0] ?? 0).character;
}

/** Reads the document's own indentation habits from its existing nested maps and sequences. */
function detectLayout(source: SourceText, document: Document.Parsed): Layout {
  let step: number | undefined;
  let sequenceIndent: number | undefined;
  visit(document, {
    Pair(_key, pair) {
      const value = pair.value as Node | null;
      if (!isScalar(pair.key) || !value || (value as YAMLMap).flow) return;
      const keyColumn = columnOf(source, pair.key as Node);
      if (step === undefined && isMap(value)) step = columnOf(source, value) - keyColumn;
      if (sequenceIndent === undefined && isSeq(value)) sequenceIndent = columnOf(source, value) - keyColumn;
      if (step !== undefined && sequenceIndent !== undefined) return visit.BREAK;
    },
  });
  const fallbackStep = step && step > 0 ? step : 2;
  return {
    step: fallbackStep,
    sequenceIndent: sequenceIndent !== undefined && sequenceIndent >= 0 ? sequenceIndent : fallbackStep,
  };
}

/**
 * Ensures `map.path[0]…path[n-1]` is the scalar written as `value` (already formatted YAML, e.g.
 * `true`, `"10001:10001"` or `[ALL]`), creating missing maps and replacing a different scalar.
 * Returns undefined when the path holds a collection, where overwriting would lose data.
 */
export function ensureMapValue(
  source: SourceText,
  document: Document.Parsed,
  map: YAMLMap,
  path: readonly string[],
  value: string,
): TextEdit | undefined {
  const layout = detectLayout(source, document);
  let current = map;
  for (let depth = 0; depth < path.length; depth++) {
    const key = path[depth] as string;
    const pair = getPair(current, key);
    const rest = path.slice(depth);
    if (!pair) {
      return insertEntry(source, current, {
        flow: renderFlowValue(rest, value),
        block: (column) => renderBlockValue(rest, value, column, layout, source.eol),
      });
    }
    const node = pair.value as Node | null;
    const resolved = resolveNode(document, node);
    const isLast = depth === path.length - 1;
    if (!isLast && isMap(resolved)) {
      current = resolved as YAMLMap;
      continue;
    }
    if (isLast && node && (isScalar(node) || isAlias(node)) && node.range && !(isScalar(node) && node.value === null)) {
      if (isScalar(node) && source.text.slice(node.range[0], node.range[1]) === value) return undefined;
      return { range: source.rangeAt(node.range[0], node.range[1]), newText: value };
    }
    if (resolved === undefined || (isScalar(resolved) && resolved.value === null)) {
      const keyEnd = (pair.key as Node).range?.[1] ?? 0;
      const start = source.text.indexOf(':', keyEnd) + 1;
      const end = node?.range ? Math.max(start, node.range[1]) : start;
      const range = source.rangeAt(start, end);
      const nested = rest.slice(1);
      if (nested.length === 0) return { range, newText: ` ${value}` };
      if (current.flow) return { range, newText: ` {${renderFlowValue(nested, value)}}` };
      const column = columnOf(source, current) + layout.step;
      return { range, newText: `${source.eol}${renderBlockValue(nested, value, column, layout, source.eol)}` };
    }
    return undefined;
  }
  return undefined;
}

/**
 * Removes a key and its value from a map: whole lines in a block map (a comment on the same line
 * goes with them, comments on lines of their own stay), the entry and one comma in a flow map.
 */
export function removePair(source: SourceText, map: YAMLMap, pair: Pair): TextEdit | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0];
  const end = value?.range?.[1] ?? key?.range?.[1];
  if (start === undefined || end === undefined) return undefined;
  if (map.flow) return removeFlowEntry(source, map.items as unknown[], pair, start, end);
  const startPosition = source.positionAt(start);
  const lineStart = source.offsetAt({ line: startPosition.line, character: 0 });
  if (source.text.slice(lineStart, start).trim() !== '') return undefined;
  const endLine = source.positionAt(Math.max(start, end - 1)).line;
  const removeTo =
    endLine + 1 < source.lineCount ? source.offsetAt({ line: endLine + 1, character: 0 }) : source.text.length;
  return { range: source.rangeAt(lineStart, removeTo), newText: '' };
}

/** Removes one item of a sequence: its line in a block sequence, the item and one comma in a flow one. */
export function removeSequenceItem(source: SourceText, seq: YAMLSeq, item: Node): TextEdit | undefined {
  const start = item.range?.[0];
  const end = item.range?.[1];
  if (start === undefined || end === undefined) return undefined;
  if (seq.flow) return removeFlowEntry(source, seq.items as unknown[], item, start, end);
  const dash = source.text.lastIndexOf('-', start);
  const line = source.positionAt(start).line;
  const lineStart = source.offsetAt({ line, character: 0 });
  if (dash < lineStart || source.text.slice(lineStart, dash).trim() !== '') return undefined;
  if (seq.items.length === 1) return undefined;
  const endLine = source.positionAt(Math.max(start, end - 1)).line;
  const removeTo =
    endLine + 1 < source.lineCount ? source.offsetAt({ line: endLine + 1, character: 0 }) : source.text.length;
  return { range: source.rangeAt(lineStart, removeTo), newText: '' };
}

function removeFlowEntry(
  source: SourceText,
  items: readonly unknown[],
  entry: unknown,
  start: number,
  end: number,
): TextEdit | undefined {
  const index = items.indexOf(entry);
  if (index < 0) return undefined;
  const text = source.text;
  const after = /^\s*,[ \t]*/.exec(text.slice(end));
  if (after && index < items.length - 1) return { range: source.rangeAt(start, end + after[0].length), newText: '' };
  if (index > 0) {
    const comma = text.lastIndexOf(',', start);
    if (comma >= 0) return { range: source.rangeAt(comma, after ? end + after[0].length - 1 : end), newText: '' };
  }
  return { range: source.rangeAt(start, after ? end + after[0].length : end), newText: '' };
}

/** `a: {b: value}` for keys [a, b]. */
function renderFlowValue(keys: readonly string[], value: string): string {
  const [first, ...rest] = keys;
  return rest.length === 0 ? `${first}: ${value}` : `${first}: {${renderFlowValue(rest, value)}}`;
}

function renderBlockValue(keys: readonly string[], value: string, column: number, layout: Layout, eol: string): string {
  return keys
    .map(
      (key, depth) =>
        `${' '.repeat(column + depth * layout.step)}${key}:${depth === keys.length - 1 ? ` ${value}` : ''}`,
    )
    .join(eol);
}

/**
 * Makes the edits of one fix applicable together: a line insertion that lands at the end of a line
 * another edit deletes (the new key goes after the last line of a map that loses that line) is
 * written in place of the deleted line instead.
 */
export function foldInsertionsIntoDeletions(source: SourceText, edits: readonly TextEdit[]): TextEdit[] {
  const deletions = edits.filter((edit) => edit.newText === '' && !isEmptyRange(edit));
  const result: TextEdit[] = [];
  const folded = new Map<TextEdit, string>();
  for (const edit of edits) {
    const at = source.offsetAt(edit.range.start);
    const host =
      isEmptyRange(edit) && edit.newText.startsWith(source.eol)
        ? deletions.find((deletion) => {
            const start = source.offsetAt(deletion.range.start);
            const end = source.offsetAt(deletion.range.end);
            return start < at && at < end;
          })
        : undefined;
    if (!host) {
      result.push(edit);
      continue;
    }
    const endsAtLineStart = source.offsetAt(host.range.end) < source.text.length || source.text.endsWith(source.eol);
    const lines = edit.newText.slice(source.eol.length);
    folded.set(host, `${folded.get(host) ?? ''}${lines}${endsAtLineStart ? source.eol : ''}`);
  }
  return result.map((edit) => (folded.has(edit) ? { range: edit.range, newText: folded.get(edit) ?? '' } : edit));
}

function isEmptyRange(edit: TextEdit): boolean {
  return edit.range.start.line === edit.range.end.line && edit.range.start.character === edit.range.end.character;
}
