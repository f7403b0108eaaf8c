import { isScalar } from 'yaml';
import type { Range } from '../engine/types';
import type { KubernetesModel, KubernetesObject } from './kubernetes';
import { labelMap } from './network-policy';
import type { SourceText } from './source';
import {
  getMap,
  getPair,
  getSeq,
  getString,
  keyRange,
  mapItems,
  type Node,
  nodeRange,
  resolveNode,
  type YAMLMap,
} from './yaml';

/**
 * What a permission hands its holder, as the RBAC rules group them; each RBAC rule reports one
 * category, on the Role that grants it and on every binding that binds such a Role.
 */
export type GrantCategory = 'superuser' | 'wildcard' | 'secrets' | 'workloads' | 'escalation' | 'exec' | 'rbacWrite';

/** One dangerous permission of a Role, where it is written and in words. */
export interface Grant {
  category: GrantCategory;
  /** `get, list on secrets`: what the holder may do. */
  summary: string;
  /** The token that grants it (the `*`, the `secrets` item, the `escalate` verb). */
  range: Range;
}

export interface RoleInfo {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** Undefined for ClusterRoles and for Roles whose namespace comes from where they are applied. */
  namespace: string | undefined;
  labels: ReadonlyMap<string, string>;
  /** The file that defines it; absent when it is the file being checked. */
  path?: string;
  /** Its `name:` key, where related information points when no single rule is to blame. */
  range: Range;
  grants: Grant[];
  /** `aggregationRule.clusterRoleSelectors[].matchLabels`: this ClusterRole is the union of the ones they select. */
  aggregation: ReadonlyMap<string, string>[];
  /** The `aggregationRule` key, where findings about aggregated permissions point. */
  aggregationRange: Range | undefined;
}

interface Field {
  values: string[];
  /** Each value's scalar, for ranges. */
  nodes: Map<string, Node>;
  /** The whole `verbs:` (or other) value, when it is not a sequence of scalars. */
  pairRange: Range | undefined;
}

function fieldOf(source: SourceText, object: KubernetesObject, rule: YAMLMap, key: string): Field {
  const doc = object.document.document;
  const nodes = new Map<string, Node>();
  for (const item of getSeq(doc, rule, key)?.items ?? []) {
    const node = resolveNode(doc, item);
    if (isScalar(node) && typeof node.value === 'string' && !nodes.has(node.value)) nodes.set(node.value, node);
  }
  return { values: [...nodes.keys()], nodes, pairRange: keyRange(source, getPair(rule, key)) };
}

const readVerbs = ['get', 'list', 'watch'];
const writeVerbs = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const workloadResources = [
  'pods',
  'deployments',
  'daemonsets',
  'statefulsets',
  'replicasets',
  'replicationcontrollers',
  'jobs',
  'cronjobs',
];
const rbacResources = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'];
const execResources: Record<string, string> = {
  'pods/exec': 'run commands in any container it can reach',
  'pods/attach': 'attach to the processes of running containers',
  'pods/portforward': "open connections to the pods' ports from outside",
  'nodes/proxy':
    "reach the kubelet API of every node, which runs commands in any pod on it (and bypasses the API server's audit)",
};

/** The permissions of one `rules[]` item that the RBAC rules care about. */
function grantsOfRule(source: SourceText, object: KubernetesObject, rule: YAMLMap): Grant[] {
  const verbs = fieldOf(source, object, rule, 'verbs');
  const resources = fieldOf(source, object, rule, 'resources');
  const apiGroups = fieldOf(source, object, rule, 'apiGroups');
  const named = (getSeq(object.document.document, rule, 'resourceNames')?.items.length ?? 0) > 0;
  const anyVerb = verbs.values.includes('*');
  const rangeOf = (field: Field, value: string) =>
    nodeRange(source, field.nodes.get(value)) ?? field.pairRange ?? source.rangeAt(0, 0);
  const grants: Grant[] = [];

  const allResources = resources.values.includes('*');
  const allGroups = apiGroups.values.includes('*');
  if (anyVerb && allResources && allGroups) {
    grants.push({ category: 'superuser', summary: 'every verb on every resource', range: rangeOf(resources, '*') });
  }
  for (const [field, what] of [
    [verbs, 'verbs'],
    [resources, 'resources'],
    [apiGroups, 'apiGroups'],
  ] as const) {
    if (field.values.includes('*')) {
      grants.push({ category: 'wildcard', summary: `"*" in ${what}`, range: rangeOf(field, '*') });
    }
  }

  const core = apiGroups.values.includes('') || allGroups;
  const allowedVerbs = (candidates: readonly string[]) =>
    anyVerb ? ['*'] : candidates.filter((verb) => verbs.values.includes(verb));

  if (core && !named && resources.values.includes('secrets')) {
    const reads = allowedVerbs(readVerbs);
    if (reads.length > 0) {
      grants.push({
        category: 'secrets',
        summary: `${reads.join(', ')} on secrets`,
        range: rangeOf(resources, 'secrets'),
      });
    }
  }
  const creates = allowedVerbs(['create']);
  if (creates.length > 0 && !named) {
    for (const resource of workloadResources.filter((candidate) => resources.values.includes(candidate))) {
      grants.push({ category: 'workloads', summary: `create on ${resource}`, range: rangeOf(resources, resource) });
    }
  }
  for (const verb of ['escalate', 'bind', 'impersonate']) {
    if (verbs.values.includes(verb)) {
      const on = resources.values.length > 0 ? ` on ${resources.values.join(', ')}` : '';
      grants.push({ category: 'escalation', summary: `${verb}${on}`, range: rangeOf(verbs, verb) });
    }
  }
  for (const [resource, effect] of Object.entries(execResources)) {
    if (
      resources.values.includes(resource) &&
      (anyVerb || verbs.values.includes('create') || verbs.values.includes('get'))
    ) {
      grants.push({ category: 'exec', summary: `${resource}, to ${effect}`, range: rangeOf(resources, resource) });
    }
  }
  const rbacGroup = apiGroups.values.includes('rbac.authorization.k8s.io') || allGroups;
  const writes = allowedVerbs(writeVerbs.filter((verb) => verb !== 'delete' && verb !== 'deletecollection'));
  if (rbacGroup && writes.length > 0) {
    for (const resource of rbacResources.filter((candidate) => resources.values.includes(candidate))) {
      grants.push({
        category: 'rbacWrite',
        summary: `${writes.join(', ')} on ${resource}`,
        range: rangeOf(resources, resource),
      });
    }
  }
  return grants;
}

export function rolesIn(model: KubernetesModel, path?: string): RoleInfo[] {
  return model.objects.flatMap((object): RoleInfo[] => {
    if ((object.kind !== 'Role' && object.kind !== 'ClusterRole') || !object.name) return [];
    if (!object.apiVersion.startsWith('rbac.authorization.k8s.io/')) return [];
    const doc = object.document.document;
    const aggregationPair = getPair(object.node, 'aggregationRule');
    const selectors = mapItems(doc, getSeq(doc, getMap(doc, object.node, 'aggregationRule'), 'clusterRoleSelectors'));
    return [
      {
        kind: object.kind,
        name: object.name,
        namespace: object.kind === 'Role' ? object.namespace : undefined,
        labels: labelMap(doc, getMap(doc, object.metadata, 'labels')),
        range: keyRange(model.source, getPair(object.metadata, 'name')) ?? model.source.rangeAt(0, 0),
        grants: mapItems(doc, getSeq(doc, object.node, 'rules')).flatMap((rule) =>
          grantsOfRule(model.source, object, rule),
        ),
        aggregation:
          object.kind === 'ClusterRole'
            ? selectors.map((selector) => labelMap(doc, getMap(doc, selector, 'matchLabels')))
            : [],
        aggregationRange: keyRange(model.source, aggregationPair),
        ...(path === undefined ? {} : { path }),
      },
    ];
  });
}

/** True when every label a selector asks for is on the role; an empty selector selects nothing useful. */
export function selectsRole(selector: ReadonlyMap<string, string>, role: RoleInfo): boolean {
  return selector.size > 0 && [...selector].every(([key, value]) => role.labels.get(key) === value);
}

/** A subject of a binding, with where it is written. */
export interface Subject {
  kind: string;
  name: string;
  namespace: string | undefined;
  range: Range;
}

export interface Binding {
  object: KubernetesObject;
  roleKind: 'Role' | 'ClusterRole';
  roleName: string;
  /** The `name:` value of `roleRef`, where findings about the binding point. */
  roleNameRange: Range;
  subjects: Subject[];
}

export function bindingsIn(model: KubernetesModel): Binding[] {
  return model.objects.flatMap((object): Binding[] => {
    if (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') return [];
    const doc = object.document.document;
    const roleRef = getMap(doc, object.node, 'roleRef');
    const roleKind = getString(doc, roleRef, 'kind');
    const roleName = getString(doc, roleRef, 'name');
    const namePair = getPair(roleRef, 'name');
    if ((roleKind !== 'Role' && roleKind !== 'ClusterRole') || !roleName || !namePair) return [];
    const subjects = mapItems(doc, getSeq(doc, object.node, 'subjects')).map((subject) => ({
      kind: getString(doc, subject, 'kind') ?? '',
      name: getString(doc, subject, 'name') ?? '',
      namespace: getString(doc, subject, 'namespace'),
      range:
        nodeRange(model.source, getPair(subject, 'name')?.value) ??
        nodeRange(model.source, subject) ??
        model.source.rangeAt(0, 0),
    }));
    return [
      {
        object,
        roleKind,
        roleName,
        roleNameRange: nodeRange(model.source, namePair.value) ?? model.source.rangeAt(0, 0),
        subjects,
      },
    ];
  });
}

/** Groups that every caller, or every caller at all, belongs to. */
const everyoneGroups = new Set(['system:authenticated', 'system:unauthenticated', 'system:anonymous']);

/** Subjects whose compromise needs no stolen human credentials: service accounts, and everyone. */
export function isWidelyHeld(subject: Subject): boolean {
  return (
    subject.kind === 'ServiceAccount' ||
    (subject.kind === 'Group' && everyoneGroups.has(subject.name)) ||
    (subject.kind === 'User' && subject.name === 'system:anonymous')
  );
}

export function describeSubject(subject: Subject): string {
  if (subject.kind === 'ServiceAccount') {
    return `ServiceAccount ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
  }
  return `${subject.kind} ${subject.name}`;
}

export function describeSubjects(subjects: readonly Subject[]): string {
  if (subjects.length === 0) return 'no subjects';
  const shown = subjects.slice(0, 3).map(describeSubject).join(', ');
  return subjects.length > 3 ? `${shown} and ${subjects.length - 3} more` : shown;
}
