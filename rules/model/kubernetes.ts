import type { Document } from 'yaml';
import { isMap } from 'yaml';
import type { Range } from '../engine/types';
import type { SourceText } from './source';
import {
  getMap,
  getPair,
  getSeq,
  getString,
  mapItems,
  type Node,
  type Pair,
  resolveNode,
  type YAMLMap,
  type YamlDocumentModel,
  type YamlFileModel,
} from './yaml';

export interface KubernetesObject {
  document: YamlDocumentModel;
  node: YAMLMap;
  apiVersion: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  metadata: YAMLMap | undefined;
  annotations: ReadonlyMap<string, string>;
}

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

/** A security-context field with where it was set: the container wins over the pod. */
export interface EffectiveSetting {
  value: Node | null;
  pair: Pair<Node, Node | null>;
  level: 'pod' | 'container';
}

/** Fields a PodSecurityContext sets for every container unless the container overrides them. */
export const inheritedSecurityContextFields = [
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'seLinuxOptions',
  'seccompProfile',
  'appArmorProfile',
  'windowsOptions',
] as const;

export interface Container {
  podSpec: PodSpec;
  group: ContainerGroup;
  index: number;
  node: YAMLMap;
  name: string | undefined;
  /** Where a finding about a missing setting points: the `name` key, else the container's first key. */
  anchorRange: Range;
  securityContext: YAMLMap | undefined;
  effectiveSecurityContext: ReadonlyMap<string, EffectiveSetting>;
}

export interface PodSpec {
  owner: KubernetesObject;
  node: YAMLMap;
  /** Where a finding about a missing pod-level setting points: the key that holds the pod spec. */
  anchorRange: Range;
  /** The pod's own metadata (a template's, for workloads), where pod annotations live. */
  metadata: YAMLMap | undefined;
  securityContext: YAMLMap | undefined;
  containers: Container[];
}

export interface KubernetesModel extends YamlFileModel {
  kind: 'kubernetes';
  objects: KubernetesObject[];
  podSpecs: PodSpec[];
  containers: Container[];
}

/** Where each workload kind keeps its pod spec. */
const podSpecPaths: Record<string, readonly string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export const workloadKinds: readonly string[] = Object.keys(podSpecPaths);

export function buildKubernetesModel(file: YamlFileModel): KubernetesModel {
  const objects: KubernetesObject[] = [];
  for (const document of file.documents) {
    if (document.errors.length === 0) collectObjects(document, document.root, objects);
  }
  const podSpecs = objects.flatMap((object) => podSpecOf(file.source, object) ?? []);
  return {
    ...file,
    kind: 'kubernetes',
    objects,
    podSpecs,
    containers: podSpecs.flatMap((podSpec) => podSpec.containers),
  };
}

/** True when a parsed YAML node looks like a Kubernetes object (has `apiVersion` and `kind`). */
export function isKubernetesObject(document: Document.Parsed, node: unknown): node is YAMLMap {
  const map = resolveNode(document, node);
  return (
    isMap(map) && getString(document, map, 'apiVersion') !== undefined && getString(document, map, 'kind') !== undefined
  );
}

function collectObjects(document: YamlDocumentModel, node: unknown, into: KubernetesObject[]): void {
  const doc = document.document;
  if (!isKubernetesObject(doc, node)) return;
  const map = resolveNode(doc, node) as YAMLMap;
  const kind = getString(doc, map, 'kind') ?? '';
  if (kind === 'List' || kind.endsWith('List')) {
    for (const item of getSeq(doc, map, 'items')?.items ?? []) collectObjects(document, item, into);
    return;
  }
  const metadata = getMap(doc, map, 'metadata');
  const annotations = new Map<string, string>();
  for (const pair of getMap(doc, metadata, 'annotations')?.items ?? []) {
    const key = (pair.key as { value?: unknown } | null)?.value;
    const value = (resolveNode(doc, pair.value) as { value?: unknown } | undefined)?.value;
    if (typeof key === 'string') annotations.set(key, value === undefined || value === null ? '' : String(value));
  }
  into.push({
    document,
    node: map,
    apiVersion: getString(doc, map, 'apiVersion') ?? '',
    kind,
    name: getString(doc, metadata, 'name'),
    namespace: getString(doc, metadata, 'namespace'),
    metadata,
    annotations,
  });
}

function podSpecOf(source: SourceText, owner: KubernetesObject): PodSpec | undefined {
  const path = podSpecPaths[owner.kind];
  if (!path) return undefined;
  const doc = owner.document.document;
  let parent: YAMLMap | undefined;
  let node: YAMLMap | undefined = owner.node;
  for (const key of path) {
    parent = node;
    node = getMap(doc, node, key);
  }
  if (!node) return undefined;
  const specKey = getPair(parent, path.at(-1) as string)?.key as Node | undefined;
  const podSpec: PodSpec = {
    owner,
    node,
    anchorRange: keyRangeOrNode(source, specKey ?? node),
    // A Pod's metadata is its own; a workload's pod metadata sits next to its template's spec.
    metadata: getMap(doc, parent, 'metadata'),
    securityContext: getMap(doc, node, 'securityContext'),
    containers: [],
  };
  for (const group of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    mapItems(doc, getSeq(doc, node, group)).forEach((containerNode, index) => {
      podSpec.containers.push(createContainer(source, podSpec, group, index, containerNode));
    });
  }
  return podSpec;
}

function createContainer(
  source: SourceText,
  podSpec: PodSpec,
  group: ContainerGroup,
  index: number,
  node: YAMLMap,
): Container {
  const doc = podSpec.owner.document.document;
  const securityContext = getMap(doc, node, 'securityContext');
  const firstKey = node.items[0]?.key as Node | undefined;
  const anchor = getPair(node, 'name')?.value ?? firstKey;
  return {
    podSpec,
    group,
    index,
    node,
    name: getString(doc, node, 'name'),
    anchorRange: keyRangeOrNode(source, anchor ?? node),
    securityContext,
    effectiveSecurityContext: mergeSecurityContexts(podSpec.securityContext, securityContext),
  };
}

function keyRangeOrNode(source: SourceText, node: Node): Range {
  const range = node.range ?? [0, 0, 0];
  return source.rangeAt(range[0], range[1]);
}

function mergeSecurityContexts(
  pod: YAMLMap | undefined,
  container: YAMLMap | undefined,
): Map<string, EffectiveSetting> {
  const effective = new Map<string, EffectiveSetting>();
  for (const field of inheritedSecurityContextFields) {
    const pair = getPair(pod, field);
    if (pair) effective.set(field, { value: pair.value, pair, level: 'pod' });
  }
  for (const item of container?.items ?? []) {
    const key = (item.key as { value?: unknown } | null)?.value;
    if (typeof key === 'string') {
      const pair = item as Pair<Node, Node | null>;
      effective.set(key, { value: pair.value, pair, level: 'container' });
    }
  }
  return effective;
}
