import { type ProvenancePolicyInfo, provenancePoliciesIn } from './admission-policies';
import type { KubernetesModel } from './kubernetes';
import { type NamespaceInfo, namespacesIn } from './namespaces';
import { type NetworkPolicyInfo, networkPoliciesIn } from './network-policy';
import { parseFile } from './parse';
import { type RoleInfo, rolesIn } from './rbac';

/**
 * The objects that decide how other files are judged: Namespaces (Pod Security labels), Roles and
 * ClusterRoles (what a binding grants), NetworkPolicies (which pods are isolated). Rules see the
 * checked file's own objects first, then the rest of the workspace through the caller.
 */
export interface WorkspaceObjects {
  namespace(name: string): NamespaceInfo | undefined;
  /** A Role in `namespace` (or one applied wherever it is deployed), or a ClusterRole. */
  role(kind: 'Role' | 'ClusterRole', name: string, namespace: string | undefined): RoleInfo | undefined;
  /** Every ClusterRole, for aggregation selectors. */
  clusterRoles(): readonly RoleInfo[];
  networkPolicies(): readonly NetworkPolicyInfo[];
  /** True when any Namespace or NetworkPolicy is defined: the workspace describes its cluster layout. */
  describesNetworkLayout(): boolean;
  /** Admission policies that verify image signatures or provenance. */
  provenancePolicies(): readonly ProvenancePolicyInfo[];
}

/** What one file contributes. */
export interface FileObjects {
  namespaces: NamespaceInfo[];
  roles: RoleInfo[];
  networkPolicies: NetworkPolicyInfo[];
  provenancePolicies: ProvenancePolicyInfo[];
}

export const noFileObjects: FileObjects = { namespaces: [], roles: [], networkPolicies: [], provenancePolicies: [] };

export function objectsIn(model: KubernetesModel, path?: string): FileObjects {
  return {
    namespaces: namespacesIn(model, path),
    roles: rolesIn(model, path),
    networkPolicies: networkPoliciesIn(model, path),
    provenancePolicies: provenancePoliciesIn(model, path),
  };
}

const indexedKinds =
  /^\s*kind\s*:\s*["']?(?:Namespace|Role|ClusterRole|NetworkPolicy|ClusterPolicy|Policy|ImageValidatingPolicy|ClusterImagePolicy)\b/m;

/** The objects a file on disk defines; cheap for files that define none. */
export function objectsInText(path: string, text: string): FileObjects {
  if (!indexedKinds.test(text)) return noFileObjects;
  const outcome = parseFile(path, text);
  return outcome.kind === 'kubernetes' && outcome.model?.kind === 'kubernetes'
    ? objectsIn(outcome.model, path)
    : noFileObjects;
}

export function isEmpty(objects: FileObjects): boolean {
  return (
    objects.namespaces.length +
      objects.roles.length +
      objects.networkPolicies.length +
      objects.provenancePolicies.length ===
    0
  );
}

/** Lookups over a list of files' objects, earlier files first; `files` is read on every lookup. */
export function workspaceObjects(files: () => Iterable<FileObjects>): WorkspaceObjects {
  const all = <T>(pick: (file: FileObjects) => readonly T[]): T[] => [...files()].flatMap(pick);
  return {
    namespace: (name) => all((file) => file.namespaces).find((namespace) => namespace.name === name),
    role: (kind, name, namespace) => {
      const candidates = all((file) => file.roles).filter((role) => role.kind === kind && role.name === name);
      if (kind === 'ClusterRole') return candidates[0];
      return (
        candidates.find((role) => role.namespace === namespace) ??
        candidates.find((role) => role.namespace === undefined || namespace === undefined)
      );
    },
    clusterRoles: () => all((file) => file.roles).filter((role) => role.kind === 'ClusterRole'),
    networkPolicies: () => all((file) => file.networkPolicies),
    describesNetworkLayout: () => [...files()].some((file) => file.namespaces.length + file.networkPolicies.length > 0),
    provenancePolicies: () => all((file) => file.provenancePolicies),
  };
}

/**
 * The checked file's own objects in front of the workspace's. The workspace also holds this file
 * (from disk, or the editor's copy): in lists, that copy is left out so nothing counts twice.
 */
export function withLocalObjects(
  local: FileObjects,
  workspace: WorkspaceObjects | undefined,
  path: string,
): WorkspaceObjects {
  const local_ = workspaceObjects(() => [local]);
  const elsewhere = <T extends { path?: string }>(items: readonly T[] | undefined): T[] =>
    (items ?? []).filter((item) => item.path !== path);
  return {
    namespace: (name) => local_.namespace(name) ?? workspace?.namespace(name),
    role: (kind, name, namespace) => local_.role(kind, name, namespace) ?? workspace?.role(kind, name, namespace),
    clusterRoles: () => [...local_.clusterRoles(), ...elsewhere(workspace?.clusterRoles())],
    networkPolicies: () => [...local.networkPolicies, ...elsewhere(workspace?.networkPolicies())],
    describesNetworkLayout: () => local_.describesNetworkLayout() || workspace?.describesNetworkLayout() === true,
    provenancePolicies: () => [...local.provenancePolicies, ...elsewhere(workspace?.provenancePolicies())],
  };
}
