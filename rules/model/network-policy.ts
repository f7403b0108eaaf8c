import type { Document } from 'yaml';
import type { Range } from '../engine/types';
import type { KubernetesModel } from './kubernetes';
import { getMap, getPair, getSeq, getString, keyRange, mapItems, resolveNode, type YAMLMap } from './yaml';

interface Expression {
  key: string;
  operator: string;
  values: string[];
}

/** A label selector as the API reads it: matchLabels and matchExpressions, all of which must hold. */
export interface LabelSelector {
  matchLabels: ReadonlyMap<string, string>;
  matchExpressions: readonly Expression[];
}

export interface NetworkPolicyInfo {
  name: string;
  /** Undefined when the policy lands in whatever namespace it is applied to. */
  namespace: string | undefined;
  podSelector: LabelSelector;
  path?: string;
  /** Its `name:` key. */
  range: Range;
}

export function labelMap(document: Document.Parsed, map: YAMLMap | undefined): Map<string, string> {
  const labels = new Map<string, string>();
  for (const pair of map?.items ?? []) {
    const key = (pair.key as { value?: unknown } | null)?.value;
    const value = (resolveNode(document, pair.value) as { value?: unknown } | undefined)?.value;
    if (typeof key === 'string' && value !== undefined && value !== null) labels.set(key, String(value));
  }
  return labels;
}

export function labelSelector(document: Document.Parsed, selector: YAMLMap | undefined): LabelSelector {
  return {
    matchLabels: labelMap(document, getMap(document, selector, 'matchLabels')),
    matchExpressions: mapItems(document, getSeq(document, selector, 'matchExpressions')).map((expression) => ({
      key: getString(document, expression, 'key') ?? '',
      operator: getString(document, expression, 'operator') ?? '',
      values: (getSeq(document, expression, 'values')?.items ?? []).map((item) =>
        String((resolveNode(document, item) as { value?: unknown } | undefined)?.value ?? ''),
      ),
    })),
  };
}

/** Whether a selector picks a pod with these labels; `{}` picks every pod. */
export function selects(selector: LabelSelector, labels: ReadonlyMap<string, string>): boolean {
  for (const [key, value] of selector.matchLabels) if (labels.get(key) !== value) return false;
  return selector.matchExpressions.every(({ key, operator, values }) => {
    const value = labels.get(key);
    if (operator === 'In') return value !== undefined && values.includes(value);
    if (operator === 'NotIn') return value === undefined || !values.includes(value);
    if (operator === 'Exists') return value !== undefined;
    if (operator === 'DoesNotExist') return value === undefined;
    return false;
  });
}

export function networkPoliciesIn(model: KubernetesModel, path?: string): NetworkPolicyInfo[] {
  return model.objects.flatMap((object): NetworkPolicyInfo[] => {
    if (object.kind !== 'NetworkPolicy' || !object.apiVersion.startsWith('networking.k8s.io/')) return [];
    const doc = object.document.document;
    const spec = getMap(doc, object.node, 'spec');
    return [
      {
        name: object.name ?? 'unnamed',
        namespace: object.namespace,
        podSelector: labelSelector(doc, getMap(doc, spec, 'podSelector')),
        range: keyRange(model.source, getPair(object.metadata, 'name')) ?? model.source.rangeAt(0, 0),
        ...(path === undefined ? {} : { path }),
      },
    ];
  });
}
