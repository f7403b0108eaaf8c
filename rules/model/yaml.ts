import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  type Node,
  type Pair,
  parseAllDocuments,
  type YAMLError,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { Range } from '../engine/types';
import type { CommentLine } from './dockerfile';
import type { SourceText } from './source';

export interface YamlDocumentModel {
  index: number;
  document: Document.Parsed;
  errors: readonly YAMLError[];
  root: Node | null;
}

export interface YamlFileModel {
  source: SourceText;
  documents: YamlDocumentModel[];
  comments: CommentLine[];
}

/**
 * Parses every document of a YAML file. Nothing is ever converted to plain JS objects,
 * so alias bombs cost nothing: rules follow one alias at a time through `resolveNode`.
 */
export function parseYaml(source: SourceText): YamlFileModel {
  const documents = parseAllDocuments(source.text, { prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  return {
    source,
    documents: list.map((document, index) => ({
      index,
      document,
      errors: document.errors,
      root: (document.contents as Node | null) ?? null,
    })),
    comments: yamlComments(source),
  };
}

/** The lexer's zero-width markers (document, flow-end and scalar starts) that are not source text. */
const lexerMarkers = new Set(['\x02', '\x18', '\x1f']);

/** Comments found by YAML's own lexer, so a `#` inside a block scalar or a string never counts. */
function yamlComments(source: SourceText): CommentLine[] {
  const comments: CommentLine[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(source.text)) {
    if (token.startsWith('#')) {
      const range = source.rangeAt(offset, offset + token.length);
      comments.push({ line: range.start.line, content: token.slice(1).trim(), range });
    }
    if (!lexerMarkers.has(token)) offset += token.length;
  }
  return comments;
}

export type { Node, Pair, YAMLMap, YAMLSeq };

/** Follows an alias to its anchor; the target is never expanded further. */
export function resolveNode(document: Document.Parsed, node: unknown): Node | undefined {
  if (isAlias(node)) return (node.resolve(document) as Node | undefined) ?? undefined;
  return (node as Node | null) ?? undefined;
}

export function getPair(map: YAMLMap | undefined, key: string): Pair<Node, Node | null> | undefined {
  if (!map) return undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

export function getMap(document: Document.Parsed, map: YAMLMap | undefined, key: string): YAMLMap | undefined {
  const node = resolveNode(document, getPair(map, key)?.value);
  return isMap(node) ? (node as YAMLMap) : undefined;
}

export function getSeq(document: Document.Parsed, map: YAMLMap | undefined, key: string): YAMLSeq | undefined {
  const node = resolveNode(document, getPair(map, key)?.value);
  return isSeq(node) ? (node as YAMLSeq) : undefined;
}

/** The scalar value at `key`, or undefined when absent or not a scalar. */
export function getScalar(document: Document.Parsed, map: YAMLMap | undefined, key: string): unknown {
  const node = resolveNode(document, getPair(map, key)?.value);
  return isScalar(node) ? node.value : undefined;
}

export function getString(document: Document.Parsed, map: YAMLMap | undefined, key: string): string | undefined {
  const value = getScalar(document, map, key);
  return typeof value === 'string' ? value : undefined;
}

export function mapItems(document: Document.Parsed, seq: YAMLSeq | undefined): YAMLMap[] {
  if (!seq) return [];
  return seq.items.map((item) => resolveNode(document, item)).filter((node): node is YAMLMap => isMap(node));
}

/** The range a node occupies in the source, comments after it excluded. */
export function nodeRange(source: SourceText, node: Node | null | undefined): Range | undefined {
  const range = node?.range;
  return range ? source.rangeAt(range[0], range[1]) : undefined;
}

/** The range of a pair's key, where findings about a key-value setting point. */
export function keyRange(source: SourceText, pair: Pair<Node, Node | null> | undefined): Range | undefined {
  return nodeRange(source, pair?.key);
}
