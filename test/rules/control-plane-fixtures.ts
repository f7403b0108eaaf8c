/** A static pod whose one container runs `program`; `flags` are the lines of its `command:` after the program. */
export const staticPod = (program: string, flags: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${program}\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n    - name: ${program}\n      image: registry.k8s.io/${program}:v1.30.0\n      command:\n        - ${program}\n${flags}`;
