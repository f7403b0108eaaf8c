import type { RuleContext } from '../engine/rule';
import type { RelatedLocation } from '../engine/types';
import type { KubernetesModel } from './kubernetes';
import {
  bindingsIn,
  describeSubjects,
  type Grant,
  type GrantCategory,
  type RoleInfo,
  rolesIn,
  selectsRole,
} from './rbac';

/** A grant with the role that writes it, so related information can point into another file. */
interface SourcedGrant {
  grant: Grant;
  role: RoleInfo;
}

/** Labels that fold a ClusterRole into the built-in admin, edit or view roles. */
const builtinAggregation = ['admin', 'edit', 'view'];

/** The ClusterRoles an aggregating ClusterRole pulls in (one level: aggregated roles are not aggregated again). */
export function aggregatedRoles(role: RoleInfo, context: RuleContext): RoleInfo[] {
  if (role.aggregation.length === 0) return [];
  return context
    .clusterRoles()
    .filter((other) => other.name !== role.name && role.aggregation.some((selector) => selectsRole(selector, other)));
}

/** A role's own grants and, for an aggregating ClusterRole, those of the roles it selects. */
export function effectiveGrants(role: RoleInfo, context: RuleContext): SourcedGrant[] {
  return [role, ...aggregatedRoles(role, context)].flatMap((source) =>
    source.grants.map((grant) => ({ grant, role: source })),
  );
}

export function relatedGrant({ grant, role }: SourcedGrant): RelatedLocation {
  return {
    range: grant.range,
    message: `${role.kind} "${role.name}" grants ${grant.summary} here`,
    ...(role.path === undefined ? {} : { path: role.path }),
  };
}

function aggregationNote(role: RoleInfo): string {
  const into = builtinAggregation.filter(
    (name) => role.labels.get(`rbac.authorization.k8s.io/aggregate-to-${name}`) === 'true',
  );
  return into.length > 0
    ? `; its aggregate-to-${into.join('/')} label also hands this to everyone bound to the built-in ${into.join(', ')} role`
    : '';
}

/**
 * Reports one category of dangerous permission where it is written (a Role's rule), where an
 * aggregating ClusterRole pulls it in, and on every binding whose role — in this file or elsewhere
 * in the workspace — grants it, with related information pointing at the rule.
 */
export function reportGrants(
  model: KubernetesModel,
  context: RuleContext,
  category: GrantCategory,
  advice: string,
): void {
  const ofCategory = (grants: readonly SourcedGrant[]) => grants.filter(({ grant }) => grant.category === category);
  for (const role of rolesIn(model)) {
    for (const grant of role.grants.filter((candidate) => candidate.category === category)) {
      context.report({
        range: grant.range,
        message: `${role.kind} "${role.name}" grants ${grant.summary}${aggregationNote(role)}. ${advice}`,
      });
    }
    if (!role.aggregationRange) continue;
    const pulled = ofCategory(aggregatedRoles(role, context).flatMap((source) => effectiveGrants(source, context)));
    if (pulled.length > 0) {
      context.report({
        range: role.aggregationRange,
        message: `ClusterRole "${role.name}" aggregates ${describeGrants(pulled)}. ${advice}`,
        related: pulled.map(relatedGrant),
      });
    }
  }
  for (const binding of bindingsIn(model)) {
    const namespace = binding.object.namespace ?? context.defaultNamespace;
    const role = context.role(binding.roleKind, binding.roleName, namespace);
    if (!role) continue;
    const effective = effectiveGrants(role, context);
    // A binding to an all-powerful role is reported once, by BH-K040, which says everything.
    if (effective.some(({ grant }) => grant.category === 'superuser')) continue;
    const granted = ofCategory(effective);
    if (granted.length === 0) continue;
    context.report({
      range: binding.roleNameRange,
      message: `${binding.object.kind} "${binding.object.name ?? 'unnamed'}" gives ${describeSubjects(binding.subjects)} ${role.kind} "${role.name}", which grants ${describeGrants(granted, role)}. ${advice}`,
      related: granted.map(relatedGrant),
    });
  }
}

/** `get, list on secrets and create on pods`, naming the source role when it is not `self`. */
function describeGrants(grants: readonly SourcedGrant[], self?: RoleInfo): string {
  const parts = grants.map(({ grant, role }) =>
    role === self ? grant.summary : `${grant.summary} (from ${role.kind} "${role.name}")`,
  );
  const unique = [...new Set(parts)];
  return unique.length === 1 ? (unique[0] as string) : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}
