import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Range, RelatedLocation } from '../engine/types';
import { type ReferenceParts, referenceParts, type Span } from './image-reference';
import type { SourceText } from './source';
import {
  getMap,
  getPair,
  keyRange,
  type Node,
  nodeRange,
  type Pair,
  resolveNode,
  type YAMLMap,
  type YamlDocumentModel,
  type YamlFileModel,
} from './yaml';

export interface ComposeService {
  document: YamlDocumentModel;
  name: string;
  node: YAMLMap;
  /** The service's key under `services:`, where findings about a missing setting point. */
  nameRange: Range;
  /** The other services of the same document, by name, for `extends: {service: …}`. */
  siblings: ReadonlyMap<string, ComposeService>;
  /**
   * The anchor's name when the whole service is an alias (`web: *base`): its map is shared, so its
   * settings count as inherited and fixes leave it alone.
   */
  aliasOf: string | undefined;
}

/** How a setting reaches a service without being written in the service's own map. */
export interface Inheritance {
  /** Where the service pulls it in: its `<<` merge key or its `extends` key. */
  useRange: Range;
  /** What it comes from: `anchor &defaults` or `service "base"`. */
  source: string;
  /** YAML merge keys replace a whole value; Compose's `extends` merges lists and maps into the service's own. */
  via: 'merge' | 'extends';
}

/** A key of a service's effective configuration and where it is written. */
export interface ServiceSetting {
  pair: Pair<Node, Node | null>;
  /** The value, aliases followed; undefined for `key:` with nothing after it. */
  value: Node | undefined;
  /** Undefined when the service writes the key itself. */
  inherited: Inheritance | undefined;
}

export interface ComposeModel extends YamlFileModel {
  kind: 'compose';
  services: ComposeService[];
}

export function buildComposeModel(file: YamlFileModel): ComposeModel {
  const services: ComposeService[] = [];
  for (const document of file.documents) {
    if (document.errors.length > 0) continue;
    const root = resolveNode(document.document, document.root);
    const servicesMap = isMap(root) ? getMap(document.document, root as YAMLMap, 'services') : undefined;
    const siblings = new Map<string, ComposeService>();
    for (const item of servicesMap?.items ?? []) {
      const pair = item as Pair<Node, Node | null>;
      const node = resolveNode(document.document, pair.value);
      const name = (pair.key as { value?: unknown } | null)?.value;
      const nameRange = keyRange(file.source, pair);
      if (isMap(node) && typeof name === 'string' && nameRange) {
        const aliasOf = isAlias(pair.value) ? pair.value.source : undefined;
        const service = { document, name, node: node as YAMLMap, nameRange, siblings, aliasOf };
        siblings.set(name, service);
        services.push(service);
      }
    }
  }
  return { ...file, kind: 'compose', services };
}

/** True when a document's root is a map with a `services` map, the shape every Compose file has. */
export function looksLikeCompose(document: YamlDocumentModel): boolean {
  const root = resolveNode(document.document, document.root);
  return isMap(root) && getMap(document.document, root as YAMLMap, 'services') !== undefined;
}

/** Deep enough for any real file, shallow enough that a reference cycle costs nothing. */
const maxDepth = 16;

/**
 * The setting `key` as Compose sees it: the service's own key, else one merged in with `<<`
 * (explicit keys win, then earlier merge sources over later ones, as YAML merge keys define),
 * else the one of the service it `extends` in the same file. `extends: {file: …}` is not followed.
 */
export function serviceSetting(source: SourceText, service: ComposeService, key: string): ServiceSetting | undefined {
  return serviceLayers(source, service, key, 0)[0];
}

/**
 * Every place `key` comes from, nearest first: the service's own (or merged) value, then each
 * `extends` base's. Compose merges sequences and maps such as `cap_add`, `volumes` or `environment`
 * across `extends`, so list-valued rules read all layers; scalars only the first.
 */
export function serviceSettings(source: SourceText, service: ComposeService, key: string): ServiceSetting[] {
  return serviceLayers(source, service, key, 0);
}

function serviceLayers(source: SourceText, service: ComposeService, key: string, depth: number): ServiceSetting[] {
  if (depth > maxDepth) return [];
  const document = service.document.document;
  const layers: ServiceSetting[] = [];
  const own = mergedPair(source, service.node, key, document, 0);
  if (own && service.aliasOf !== undefined) {
    const inherited = own.inherited ?? {
      useRange: service.nameRange,
      source: `anchor &${service.aliasOf}`,
      via: 'merge',
    };
    layers.push({ ...own, inherited: { ...inherited, useRange: service.nameRange } });
  } else if (own) layers.push(own);
  const base = extendedService(service);
  if (base) {
    const useRange = keyRange(source, getPair(service.node, 'extends')) ?? service.nameRange;
    for (const layer of serviceLayers(source, base, key, depth + 1)) {
      const origin = layer.inherited?.source ?? `service "${base.name}"`;
      layers.push({ ...layer, inherited: { useRange, source: origin, via: 'extends' } });
    }
  }
  return layers;
}

/** `extends: base` or `extends: {service: base}` without `file:`; undefined when absent or elsewhere. */
function extendedService(service: ComposeService): ComposeService | undefined {
  const document = service.document.document;
  const value = resolveNode(document, getPair(service.node, 'extends')?.value);
  if (isScalar(value) && typeof value.value === 'string') return service.siblings.get(value.value);
  if (!isMap(value)) return undefined;
  const map = value as YAMLMap;
  if (getPair(map, 'file')) return undefined;
  const name = resolveNode(document, getPair(map, 'service')?.value);
  return isScalar(name) && typeof name.value === 'string' ? service.siblings.get(name.value) : undefined;
}

function mergedPair(
  source: SourceText,
  map: YAMLMap,
  key: string,
  document: YamlDocumentModel['document'],
  depth: number,
): ServiceSetting | undefined {
  const own = getPair(map, key);
  if (own) return { pair: own, value: resolveNode(document, own.value), inherited: undefined };
  if (depth > maxDepth) return undefined;
  const merge = getPair(map, '<<');
  if (!merge) return undefined;
  const useRange = keyRange(source, merge);
  const sources = isSeq(merge.value) ? (merge.value.items as unknown[]) : [merge.value];
  for (const item of sources) {
    const target = resolveNode(document, item);
    if (!isMap(target) || !useRange) continue;
    const found = mergedPair(source, target as YAMLMap, key, document, depth + 1);
    if (!found) continue;
    const label = isAlias(item) ? `anchor &${item.source}` : 'a merged map';
    return { ...found, inherited: { useRange, source: found.inherited?.source ?? label, via: 'merge' } };
  }
  return undefined;
}

/** Where a finding about a setting (or a node inside its value) goes: on it, or where it is inherited. */
export function settingRange(source: SourceText, setting: ServiceSetting, node?: Node): Range {
  if (setting.inherited) return setting.inherited.useRange;
  return (node ? nodeRange(source, node) : undefined) ?? keyRange(source, setting.pair) ?? source.rangeAt(0, 0);
}

/** For an inherited setting, a pointer to where it is written, so an editor can jump there. */
export function settingRelated(
  source: SourceText,
  setting: ServiceSetting,
  node?: Node,
): RelatedLocation[] | undefined {
  if (!setting.inherited) return undefined;
  const range = (node ? nodeRange(source, node) : undefined) ?? keyRange(source, setting.pair);
  return range ? [{ range, message: `Inherited from ${setting.inherited.source}.` }] : undefined;
}

/** The location arguments of a finding about a setting: its range and, when inherited, related information. */
export function settingLocation(
  source: SourceText,
  setting: ServiceSetting,
  node?: Node,
): { range: Range; related?: RelatedLocation[] } {
  const related = settingRelated(source, setting, node);
  return { range: settingRange(source, setting, node), ...(related ? { related } : {}) };
}

/** The scalar items of a sequence value, aliases followed; a plain scalar counts as one item. */
export function scalarItems(
  document: YamlDocumentModel['document'],
  value: Node | undefined,
): { node: Node; text: string }[] {
  const items = isSeq(value) ? (value.items as unknown[]) : value === undefined ? [] : [value];
  return items.flatMap((item) => {
    const node = resolveNode(document, item);
    return isScalar(node) && node.value !== null && node.value !== undefined
      ? [{ node: node as Node, text: String(node.value) }]
      : [];
  });
}

/** The text after `inherited from …`, for messages: ` (inherited from anchor &defaults)` or nothing. */
export function inheritedNote(setting: ServiceSetting): string {
  return setting.inherited ? ` (inherited from ${setting.inherited.source})` : '';
}

/** A service's `image:`, split into its parts; undefined for services that build their image or have none. */
export interface ServiceImage {
  setting: ServiceSetting;
  text: string;
  parts: ReferenceParts;
  node: Node;
  /** The range of a part of the reference, exact for a setting the service writes itself. */
  rangeOf(span: Span | undefined): Range;
}

export function serviceImage(source: SourceText, service: ComposeService): ServiceImage | undefined {
  if (getPair(service.node, 'build') || serviceSetting(source, service, 'build')) return undefined;
  const setting = serviceSetting(source, service, 'image');
  const node = setting?.value;
  if (!setting || !isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const text = node.value;
  const start = node.range[0] + (/^["']/.test(source.text[node.range[0]] ?? '') ? 1 : 0);
  const location = settingLocation(source, setting, node);
  return {
    setting,
    text,
    parts: referenceParts(text),
    node,
    rangeOf(span) {
      if (setting.inherited || !span || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')
        return location.range;
      return source.rangeAt(start + span.start, start + span.end);
    },
  };
}
