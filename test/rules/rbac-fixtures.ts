/** A Role (or ClusterRole) with the given `rules:` items, written from line 7 on. */
export const role = (rules: string, kind = 'Role', name = 'r') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: shop\nrules:\n${rules}`;

/** A binding of `roleName` to ServiceAccount shop/app; `roleRef.name`'s value is on line 9. */
export const binding = (roleKind: string, roleName: string, kind = 'RoleBinding') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${roleName}\nsubjects:\n  - kind: ServiceAccount\n    name: app\n    namespace: shop\n`;
