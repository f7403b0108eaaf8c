import { defineRule } from '../engine/rule';
import { bindingsIn, describeSubject, describeSubjects, isWidelyHeld } from '../model/rbac';
import { effectiveGrants, relatedGrant } from '../model/rbac-grants';

export const clusterAdminBinding = defineRule({
  id: 'BH-K040',
  title: 'Binding to cluster-admin or another all-powerful role',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0111'],
    kubeLinter: ['cluster-admin-role-binding'],
    kubescape: ['C-0035', 'C-0185'],
  },
  docs: {
    why: 'The built-in `cluster-admin` ClusterRole, and any role that allows every verb on every resource in every API group, is root on the cluster: it reads every Secret, runs any pod on any node and rewrites RBAC itself. A binding hands that to its subjects. For a person this is occasionally deliberate (break-glass access); for a ServiceAccount it means any compromise of the pod that mounts its token is a compromise of the cluster, and for `system:authenticated`, `system:unauthenticated` or `system:anonymous` it means everyone, often including the internet. Those cases are errors; other users and groups get a warning. Roles defined elsewhere in the workspace are resolved, so a binding to a home-made `*`/`*`/`*` role is caught too, with the rule that grants it as related information.',
    attacker:
      'With a cluster-admin token an attacker creates a privileged pod on every node, reads every Secret (cloud credentials, database passwords, other service account tokens) and adds their own binding so that rotating the stolen token does not lock them out.',
    fix: 'Bind a Role that lists only the resources and verbs the subject needs, in the namespace it works in. Controllers that seem to need cluster-admin usually need a handful of resources; their documentation lists them. Keep cluster-admin for break-glass human access, ideally through a group managed by the identity provider.',
    example: {
      language: 'yaml',
      bad: 'kind: ClusterRoleBinding\nroleRef:\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: build',
      good: 'kind: RoleBinding\nmetadata:\n  namespace: build\nroleRef:\n  kind: Role\n  name: deployer\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: build',
    },
  },
  check(model, context) {
    for (const binding of bindingsIn(model)) {
      const builtin = binding.roleKind === 'ClusterRole' && binding.roleName === 'cluster-admin';
      const namespace = binding.object.namespace ?? context.defaultNamespace;
      const role = builtin ? undefined : context.role(binding.roleKind, binding.roleName, namespace);
      const superuser = role
        ? effectiveGrants(role, context).filter(({ grant }) => grant.category === 'superuser')
        : [];
      if (!builtin && superuser.length === 0) continue;
      const wide = binding.subjects.filter(isWidelyHeld);
      const what = builtin
        ? 'cluster-admin'
        : `${binding.roleKind} "${binding.roleName}", which allows every verb on every resource,`;
      const scope =
        binding.object.kind === 'RoleBinding' ? ` in namespace "${namespace ?? 'default'}"` : ' across the cluster';
      const who =
        wide.length > 0
          ? ` ${wide.map(describeSubject).join(', ')} ${wide.length === 1 ? 'is' : 'are'} not a person: a stolen token or any caller at all becomes cluster administrator.`
          : '';
      context.report({
        range: binding.roleNameRange,
        message: `${binding.object.kind} "${binding.object.name ?? 'unnamed'}" grants ${what}${scope} to ${describeSubjects(binding.subjects)}.${who} Bind a Role limited to the resources and verbs needed.`,
        ...(wide.length > 0 ? {} : { severity: 'warning' as const }),
        related: [
          ...wide.map((subject) => ({ range: subject.range, message: `${describeSubject(subject)} is bound here` })),
          ...superuser.map(relatedGrant),
        ],
      });
    }
  },
});
