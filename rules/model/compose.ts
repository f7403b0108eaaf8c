import { isMap } from 'yaml';
import type { Range } from '../engine/types';
import {
  getMap,
  keyRange,
  type Node,
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
    for (const item of servicesMap?.items ?? []) {
      const pair = item as Pair<Node, Node | null>;
      const node = resolveNode(document.document, pair.value);
      const name = (pair.key as { value?: unknown } | null)?.value;
      const nameRange = keyRange(file.source, pair);
      if (isMap(node) && typeof name === 'string' && nameRange) {
        services.push({ document, name, node: node as YAMLMap, nameRange });
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
