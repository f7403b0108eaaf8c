import type { Range } from '../engine/types';
import type { KubernetesModel } from './kubernetes';
import { getMap, getPair, getSeq, keyRange } from './yaml';

/** An admission policy that checks where images come from: signatures, attestations, provenance. */
export interface ProvenancePolicyInfo {
  kind: string;
  name: string | undefined;
  path?: string;
  range: Range;
}

/**
 * Kyverno policies with `verifyImages` rules (and its ImageValidatingPolicy), and Sigstore
 * policy-controller ClusterImagePolicies: the admission gates that verify image signatures.
 */
export function provenancePoliciesIn(model: KubernetesModel, path?: string): ProvenancePolicyInfo[] {
  return model.objects.flatMap((object) => {
    const doc = object.document.document;
    const spec = getMap(doc, object.node, 'spec');
    const verifies =
      ((object.kind === 'ClusterPolicy' || object.kind === 'Policy') &&
        object.apiVersion.startsWith('kyverno.io/') &&
        (getSeq(doc, spec, 'rules')?.items ?? []).some((rule) => getPair(rule as never, 'verifyImages'))) ||
      (object.kind === 'ImageValidatingPolicy' && object.apiVersion.includes('kyverno.io/')) ||
      (object.kind === 'ClusterImagePolicy' && object.apiVersion.startsWith('policy.sigstore.dev/'));
    if (!verifies) return [];
    const range = keyRange(model.source, getPair(object.metadata, 'name') ?? getPair(object.node, 'kind'));
    return range ? [{ kind: object.kind, name: object.name, range, ...(path === undefined ? {} : { path }) }] : [];
  });
}
