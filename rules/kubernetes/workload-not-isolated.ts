import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import type { KubernetesModel } from '../model/kubernetes';
import { labelMap, selects } from '../model/network-policy';
import { getMap, getPair, keyRange } from '../model/yaml';

/** A default-deny NetworkPolicy as a new document at the end of the file, optionally letting DNS out. */
function defaultDenyFix(model: KubernetesModel, namespace: string | undefined, allowDns: boolean): Fix {
  const { source } = model;
  const eol = source.eol;
  const lines = [
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${allowDns ? 'default-deny-allow-dns' : 'default-deny'}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
    '  podSelector: {}',
    '  policyTypes: [Ingress, Egress]',
    ...(allowDns
      ? [
          '  egress:',
          '    - to:',
          '        - namespaceSelector: {}',
          '          podSelector:',
          '            matchLabels:',
          '              k8s-app: kube-dns',
          '      ports:',
          '        - {port: 53, protocol: UDP}',
          '        - {port: 53, protocol: TCP}',
        ]
      : []),
  ];
  const end = source.positionAt(source.text.length);
  const lead = source.text === '' || source.text.endsWith('\n') ? '' : eol;
  return {
    title: allowDns
      ? 'Add a default-deny NetworkPolicy that still allows DNS'
      : 'Add a default-deny NetworkPolicy (ingress and egress) to this file',
    edits: [{ range: { start: end, end }, newText: `${lead}${lines.join(eol)}${eol}` }],
    isPreferred: !allowDns,
  };
}

export const workloadNotIsolated = defineRule({
  id: 'BH-K050',
  title: 'Workload not selected by any NetworkPolicy',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'strict',
  aliases: {
    kubeLinter: ['non-isolated-pod'],
    kubescape: ['C-0206', 'C-0260'],
  },
  docs: {
    why: "Pods accept connections from, and open connections to, any pod in any namespace until a NetworkPolicy selects them. The rule looks for a policy in the workload's namespace whose `podSelector` matches the pod template's labels, among the NetworkPolicies of this file and of the rest of the workspace. It only speaks when the workspace describes its cluster layout at all (defines a Namespace or a NetworkPolicy), and it is in the strict profile: a repository of application charts may leave policies to the platform team. NetworkPolicies are enforced by the CNI plugin, not by Kubernetes itself: on a CNI without policy support (plain flannel, some managed defaults) they are accepted and silently ignored.",
    attacker:
      "From any compromised pod, an attacker reaches this workload's ports directly (admin endpoints, metrics with secrets, unauthenticated internal APIs) and, from this workload, reaches the cloud metadata service and every other service in the cluster.",
    fix: 'Start each namespace with a default-deny policy (`podSelector: {}`, both policy types) and add policies that allow the traffic each workload needs. The quick fixes append a default-deny NetworkPolicy to this file, one of them with an egress allowance for DNS to kube-dns. Check that your CNI enforces NetworkPolicies.',
    example: {
      language: 'yaml',
      bad: 'kind: Deployment\nmetadata:\n  name: api\n  namespace: shop',
      good: 'kind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]',
    },
  },
  check(model, context) {
    if (model.podSpecs.length === 0 || !context.describesNetworkLayout()) return;
    const policies = context.networkPolicies();
    for (const podSpec of model.podSpecs) {
      const owner = podSpec.owner;
      const doc = owner.document.document;
      const namespace = owner.namespace ?? context.defaultNamespace;
      const labels = labelMap(doc, getMap(doc, podSpec.metadata, 'labels'));
      const isolated = policies.some(
        (policy) =>
          (policy.namespace === undefined || namespace === undefined || policy.namespace === namespace) &&
          selects(policy.podSelector, labels),
      );
      if (isolated) continue;
      const where = namespace ? ` in namespace "${namespace}"` : '';
      context.report({
        range: keyRange(model.source, getPair(owner.node, 'metadata')) ?? podSpec.anchorRange,
        message: `${owner.kind} "${owner.name ?? 'unnamed'}"${where} is selected by no NetworkPolicy in the workspace: its pods accept traffic from, and send it to, anywhere. Add a default-deny policy for the namespace and allow what it needs.`,
        fixes: [defaultDenyFix(model, namespace, false), defaultDenyFix(model, namespace, true)],
      });
    }
  },
});
