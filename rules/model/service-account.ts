import { isScalar } from 'yaml';
import type { KubernetesModel, KubernetesObject, PodSpec } from './kubernetes';
import { yamlBoolean } from './pod-security';
import { getPair, type Node, type Pair, resolveNode } from './yaml';

/** The ServiceAccount a pod runs as, and whether its API token gets mounted. */
export interface PodServiceAccount {
  /** `default` when the pod names none. */
  name: string;
  /** The `serviceAccountName` (or deprecated `serviceAccount`) pair, when written. */
  pair: Pair<Node, Node | null> | undefined;
  /** The ServiceAccount object when the same file defines it. */
  object: KubernetesObject | undefined;
  /** `automountServiceAccountToken` as the pod spec sets it (YAML 1.1 booleans), undefined when unset. */
  podAutomount: boolean | undefined;
  /** The same on the ServiceAccount, when the file defines it and sets it. */
  accountAutomount: boolean | undefined;
  /** Whether the token is mounted: the pod's setting wins, then the ServiceAccount's, then true. */
  tokenMounted: boolean;
}

const serviceAccountsByModel = new WeakMap<KubernetesModel, Map<string, KubernetesObject[]>>();

/**
 * The file's ServiceAccounts with this name, indexed once per model: searching every object for
 * every pod made a file of 10,000 Pods take seconds.
 */
function serviceAccountsNamed(model: KubernetesModel, name: string): KubernetesObject[] {
  let byName = serviceAccountsByModel.get(model);
  if (!byName) {
    byName = new Map();
    for (const object of model.objects) {
      if (object.kind !== 'ServiceAccount' || object.name === undefined) continue;
      byName.set(object.name, [...(byName.get(object.name) ?? []), object]);
    }
    serviceAccountsByModel.set(model, byName);
  }
  return byName.get(name) ?? [];
}

export function podServiceAccount(model: KubernetesModel, podSpec: PodSpec): PodServiceAccount {
  const doc = podSpec.owner.document.document;
  const pair = ['serviceAccountName', 'serviceAccount']
    .map((key) => getPair(podSpec.node, key))
    .find((candidate) => {
      const value = resolveNode(doc, candidate?.value);
      return isScalar(value) && typeof value.value === 'string' && value.value !== '';
    });
  const name = String((resolveNode(doc, pair?.value) as { value?: unknown } | undefined)?.value ?? 'default');
  const namespace = podSpec.owner.namespace;
  const object = serviceAccountsNamed(model, name).find(
    (candidate) => candidate.namespace === undefined || namespace === undefined || candidate.namespace === namespace,
  );
  const podAutomount = yamlBoolean(resolveNode(doc, getPair(podSpec.node, 'automountServiceAccountToken')?.value));
  const accountAutomount =
    object &&
    yamlBoolean(resolveNode(object.document.document, getPair(object.node, 'automountServiceAccountToken')?.value));
  return { name, pair, object, podAutomount, accountAutomount, tokenMounted: podAutomount ?? accountAutomount ?? true };
}
