import { isMap, parseDocument } from 'yaml';
import type { Range } from '../engine/types';
import type { KubernetesModel } from './kubernetes';
import { getMap, getPair, getString, keyRange, resolveNode, type YAMLMap } from './yaml';

/** A `Namespace` object as Pod Security Admission reads it: its name and labels. */
export interface NamespaceInfo {
  name: string;
  labels: ReadonlyMap<string, string>;
  /** The file that defines it; absent when it is the file being checked. */
  path?: string;
  /** Its `name:` key, where related information points. */
  range: Range;
}

export function namespacesIn(model: KubernetesModel, path?: string): NamespaceInfo[] {
  return model.objects.flatMap((object) => {
    if (object.kind !== 'Namespace' || !object.name) return [];
    const doc = object.document.document;
    const labels = new Map<string, string>();
    for (const pair of getMap(doc, object.metadata, 'labels')?.items ?? []) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      const value = (resolveNode(doc, pair.value) as { value?: unknown } | undefined)?.value;
      if (typeof key === 'string' && value !== undefined && value !== null) labels.set(key, String(value));
    }
    const range = keyRange(model.source, getPair(object.metadata, 'name')) ?? model.source.rangeAt(0, 0);
    return [{ name: object.name, labels, range, ...(path === undefined ? {} : { path }) }];
  });
}

/** The `namespace:` a kustomization.yaml sets for every resource it lists. */
export function kustomizationNamespace(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const document = parseDocument(text, { uniqueKeys: false });
  const root = document.contents;
  return document.errors.length === 0 && isMap(root) ? getString(document, root as YAMLMap, 'namespace') : undefined;
}
