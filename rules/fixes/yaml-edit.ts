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
 * What a path ends in: an item of a sequence (a scalar, or a map given as its key/value pairs),
 * or a scalar value written as YAML text.
 */
type Leaf = { item: string } | { entries: readonly MapEntry[] } | { value: string };

/** A key and its value, both as YAML text: `['mountPath', '/tmp']`. */
export type MapEntry = readonly [string, string];

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
  return ensureLeaf(source, document, map, path, { item });
}

/**
 * Sets `map.path[0].path[1]…` to the scalar `value` (YAML text such as `true` or `RuntimeDefault`),
 * creating missing maps or replacing the existing scalar. Returns undefined when the value is
 * already there or the path holds something that is not a map, where no edit is safe.
 */
export function setMapValue(
  source: SourceText,
  document: Document.Parsed,
  map: YAMLMap,
  path: readonly string[],
  value: string,
): TextEdit | undefined {
  return ensureLeaf(source, document, map, path, { value });
}

/**
 * Ensures `map.path[0].path[1]…` is a sequence and appends a map item with `entries`
 * (`- name: tmp` / `  emptyDir: {}`, or `{name: tmp, emptyDir: {}}` in flow style), creating
 * missing maps and the sequence. The caller decides whether an equal item is already there.
 */
export function appendSequenceMap(
  source: SourceText,
  document: Document.Parsed,
  map: YAMLMap,
  path: readonly string[],
  entries: readonly MapEntry[],
): TextEdit | undefined {
  return ensureLeaf(source, document, map, path, { entries });
}

/**
 * Joins insertions at one position into one edit, in the given order, so a fix that adds several
 * keys after the same line hands editors edits that never touch each other.
 */
export function joinInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const joined: TextEdit[] = [];
  for (const edit of edits) {
    const isInsertion = (other: TextEdit) =>
      other.range.start.line === other.range.end.line && other.range.start.character === other.range.end.character;
    const same = joined.find(
      (other) =>
        isInsertion(other) &&
        isInsertion(edit) &&
        other.range.start.line === edit.range.start.line &&
        other.range.start.character === edit.range.start.character,
    );
    if (same) same.newText += edit.newText;
    else joined.push({ range: edit.range, newText: edit.newText });
  }
  return joined;
}

function ensureLeaf(
  source: SourceText,
  document: Document.Parsed,
  map: YAMLMap,
  path: readonly string[],
  leaf: Leaf,
): TextEdit | undefined {
  const layout = detectLayout(source, document);
  let current = map;
  for (let depth = 0; depth < path.length; depth++) {
    const key = path[depth] as string;
    const pair = getPair(current, key);
    const rest = path.slice(depth);
    if (!pair) return insertIntoMap(source, current, rest, leaf, layout);
    const value = resolveNode(document, pair.value);
    const isLast = depth === path.length - 1;
    if (isLast && !('value' in leaf) && isSeq(value)) return appendToSequence(source, value as YAMLSeq, leaf);
    // An alias at the end of the path is replaced at the use (even one naming a collection), never at its anchor.
    if (isLast && 'value' in leaf && (isAlias(pair.value) || (isScalar(value) && value.value !== null))) {
      return replaceScalar(source, pair.value as Node, leaf.value);
    }
    if (!isLast && isMap(value)) {
      current = value as YAMLMap;
      continue;
    }
    if (value === undefined || (isScalar(value) && value.value === null)) {
      return replaceEmptyValue(source, current, pair.key as Node, value, rest.slice(1), leaf, layout);
    }
    return undefined;
  }
  return undefined;
}

/** Rewrites a scalar in place; an alias is replaced at the use, so the anchor's other users keep their value. */
function replaceScalar(source: SourceText, node: Node, text: string): TextEdit | undefined {
  if (!isAlias(node) && isScalar(node) && String(node.source ?? node.value) === text) return undefined;
  const range = node.range ?? [0, 0, 0];
  return { range: source.rangeAt(range[0], range[1]), newText: text };
}

/**
 * Deletes an entry (a pair of a map or an item of a sequence): whole lines in block style (a
 * comment on those lines goes with it), the entry and one comma in flow style. A collection left
 * empty becomes `{}` or `[]`.
 */
export function removeEntry(
  source: SourceText,
  collection: YAMLMap | YAMLSeq,
  entry: Pair<unknown, unknown> | Node,
): TextEdit {
  const items = collection.items as unknown[];
  const index = items.indexOf(entry);
  const [start, end] = entrySpan(source, entry);
  const next = items[index + 1];
  const nextStart = next === undefined ? undefined : entrySpan(source, next)[0];
  const empty = isSeq(collection) ? '[]' : '{}';
  if (collection.flow) {
    if (nextStart !== undefined) return { range: source.rangeAt(start, nextStart), newText: '' };
    const previous = items[index - 1];
    const previousEnd = previous === undefined ? start : entrySpan(source, previous)[1];
    return { range: source.rangeAt(previousEnd, end), newText: '' };
  }
  const startPosition = source.positionAt(start);
  const before = source.lineText(startPosition.line).slice(0, startPosition.character);
  const ownsLine = isSeq(collection) ? /^\s*-\s+$/.test(before) : before.trim() === '';
  if (!ownsLine) {
    // The key shares its line with a `- ` or a parent key: the next entry moves up into its place.
    if (nextStart !== undefined) return { range: source.rangeAt(start, nextStart), newText: '' };
    return { range: source.rangeAt(start, end), newText: empty };
  }
  if (items.length === 1) {
    // `key:` then the only entry: `key: []` stays valid whatever the entry's indentation was. The
    // entry's trailing comment goes too, as with whole lines, and the edit then touches any insert
    // after that line, so a combined fix waits for the re-parsed text.
    const from = start - before.trimStart().length;
    const previous = source.text.slice(0, from).trimEnd();
    const endPosition = source.positionAt(end);
    const rest = source.lineText(endPosition.line).slice(endPosition.character);
    const to = /^\s*(#.*)?$/.test(rest) ? end + rest.length : end;
    if (previous.endsWith(':')) return { range: source.rangeAt(previous.length, to), newText: ` ${empty}` };
    return { range: source.rangeAt(from, to), newText: empty };
  }
  const lastLine = source.positionAt(end).line;
  const to =
    lastLine + 1 < source.lineCount
      ? { line: lastLine + 1, character: 0 }
      : { line: lastLine, character: source.lineText(lastLine).length };
  return { range: { start: { line: startPosition.line, character: 0 }, end: to }, newText: '' };
}

/** Where an entry's text starts and ends; a block node's range can run on into the next line's indentation. */
function entrySpan(source: SourceText, entry: unknown): [number, number] {
  const [start, end] = isPair(entry)
    ? [(entry.key as Node).range?.[0] ?? 0, ((entry.value as Node | null) ?? (entry.key as Node)).range?.[1] ?? 0]
    : [(entry as Node).range?.[0] ?? 0, (entry as Node).range?.[1] ?? 0];
  return [start, Math.max(start, source.text.slice(0, end).trimEnd().length)];
}

function insertIntoMap(
  source: SourceText,
  map: YAMLMap,
  keys: readonly string[],
  leaf: Leaf,
  layout: Layout,
): TextEdit {
  if (map.flow) return insertIntoFlowCollection(source, map, renderFlow(keys, leaf), '}');
  const column = columnOf(source, map);
  const last = map.items.at(-1);
  const lastNode = (isPair(last) ? ((last.value as Node | null) ?? (last.key as Node)) : map) as Node;
  const text = renderBlock(keys, leaf, column, layout, source.eol);
  return insertAfterLineOf(source, lastNode.range?.[1] ?? 0, text);
}

function appendToSequence(source: SourceText, seq: YAMLSeq, leaf: Exclude<Leaf, { value: string }>): TextEdit {
  if (seq.flow) return insertIntoFlowCollection(source, seq, flowItem(leaf), ']');
  const column = columnOf(source, seq);
  const last = seq.items.at(-1) as Node | undefined;
  // A map item's later keys line up with the keys of the items already there.
  const lastKey = isMap(last) && !last.flow ? (last.items[0]?.key as Node | undefined) : undefined;
  const keyColumn = lastKey ? columnOf(source, lastKey) : column + 2;
  const flowItems = isMap(last) && last.flow;
  const text = flowItems ? `${' '.repeat(column)}- ${flowItem(leaf)}` : itemLines(leaf, column, keyColumn, source.eol);
  return insertAfterLineOf(source, last?.range?.[1] ?? seq.range?.[1] ?? 0, text);
}

/** `- item`, or `- key: value` with the other entries below it at `keyColumn`. */
function itemLines(leaf: Exclude<Leaf, { value: string }>, dashColumn: number, keyColumn: number, eol: string): string {
  if ('item' in leaf) return `${' '.repeat(dashColumn)}- ${leaf.item}`;
  return leaf.entries
    .map(([key, value], index) =>
      index === 0 ? `${' '.repeat(dashColumn)}- ${key}: ${value}` : `${' '.repeat(keyColumn)}${key}: ${value}`,
    )
    .join(eol);
}

function flowItem(leaf: Exclude<Leaf, { value: string }>): string {
  return 'item' in leaf ? leaf.item : `{${leaf.entries.map(([key, value]) => `${key}: ${value}`).join(', ')}}`;
}

function replaceEmptyValue(
  source: SourceText,
  parent: YAMLMap,
  key: Node,
  value: Node | undefined,
  keys: readonly string[],
  leaf: Leaf,
  layout: Layout,
): TextEdit {
  const keyEnd = key.range?.[1] ?? 0;
  const colon = source.text.indexOf(':', keyEnd);
  const start = colon + 1;
  const end = value?.range ? Math.max(start, value.range[1]) : start;
  const range = source.rangeAt(start, end);
  if (keys.length === 0 && 'value' in leaf) return { range, newText: ` ${leaf.value}` };
  if (parent.flow) return { range, newText: ` ${keys.length > 0 ? renderFlow(keys, leaf) : flowLeaf(leaf)}` };
  const column = columnOf(source, parent) + layout.step;
  const dashColumn = column - layout.step + layout.sequenceIndent;
  const body =
    keys.length > 0
      ? renderBlock(keys, leaf, column, layout, source.eol)
      : itemLines(leaf as Exclude<Leaf, { value: string }>, dashColumn, dashColumn + 2, source.eol);
  return { range, newText: `${source.eol}${body}` };
}

function flowLeaf(leaf: Leaf): string {
  return 'value' in leaf ? leaf.value : `[${flowItem(leaf)}]`;
}

/** `a: {b: [item]}` or `a: {b: value}` for keys [a, b]. */
function renderFlow(keys: readonly string[], leaf: Leaf): string {
  const [first, ...rest] = keys;
  return `${first}: ${rest.reduceRight((inner, key) => `{${key}: ${inner}}`, flowLeaf(leaf))}`;
}

function renderBlock(keys: readonly string[], leaf: Leaf, column: number, layout: Layout, eol: string): string {
  const indent = (depth: number) => ' '.repeat(column + depth * layout.step);
  const last = keys.length - 1;
  if ('value' in leaf) {
    return keys.map((key, depth) => `${indent(depth)}${key}:${depth === last ? ` ${leaf.value}` : ''}`).join(eol);
  }
  const lines = keys.map((key, depth) => `${indent(depth)}${key}:`);
  const dashColumn = column + last * layout.step + layout.sequenceIndent;
  lines.push(itemLines(leaf, dashColumn, dashColumn + 2, eol));
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
  // A node's range can end in the indentation of the next line (after trailing comments).
  const atLineStart = source.lineText(position.line).slice(0, position.character).trim() === '';
  if (atLineStart && position.line > 0 && offset > 0) {
    const lineStart = { line: position.line, character: 0 };
    return { range: { start: lineStart, end: lineStart }, newText: `${lines}${source.eol}` };
  }
  const lineEnd = { line: position.line, character: source.lineText(position.line).length };
  return { range: { start: lineEnd, end: lineEnd }, newText: `${source.eol}${lines}` };
}

function columnOf(source: SourceText, node: Node): number {
  return source.positionAt(node.range?.[0] ?? 0).character;
}

/** Reads the document's own indentation habits from its existing nested maps and sequences. */
const layouts = new WeakMap<Document.Parsed, Layout>();

/** Every fix of a document asks for its layout: it is read once per document. */
function detectLayout(source: SourceText, document: Document.Parsed): Layout {
  let layout = layouts.get(document);
  if (!layout) {
    layout = readLayout(source, document);
    layouts.set(document, layout);
  }
  return layout;
}

function readLayout(source: SourceText, document: Document.Parsed): Layout {
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
