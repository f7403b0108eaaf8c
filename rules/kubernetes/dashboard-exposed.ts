import { defineRule } from '../engine/rule';
import { componentCommands, flagIsTrue } from '../model/command-flags';
import { labelMap } from '../model/network-policy';
import { getMap, getPair, nodeRange } from '../model/yaml';

const dashboardName = /kubernetes-dashboard/;

export const dashboardExposed = defineRule({
  id: 'BH-K065',
  title: 'Kubernetes Dashboard exposed or without login',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    checkov: ['CKV_K8S_33'],
    kubescape: ['C-0014'],
  },
  docs: {
    why: "The Kubernetes Dashboard acts with its own ServiceAccount's permissions for anyone who can reach it and, with `--enable-skip-login`, without asking who they are; `--enable-insecure-login` accepts logins over plain HTTP. A dashboard Service of type `LoadBalancer` or `NodePort` puts that in front of the network, often the internet. Binding the dashboard's ServiceAccount to cluster-admin (reported by BH-K040) makes it a public admin console: the Tesla cryptomining breach started exactly there.",
    attacker:
      'An attacker who finds the dashboard clicks "Skip", then creates a deployment of their own (a cryptominer, or a privileged pod) with whatever rights the dashboard holds.',
    fix: 'Keep the dashboard Service `ClusterIP` and reach it with `kubectl proxy` or `kubectl port-forward`, or behind an authenticating proxy; remove `--enable-skip-login` and `--enable-insecure-login`; give its ServiceAccount only read access, and have users log in with their own token.',
    example: {
      language: 'yaml',
      bad: 'kind: Service\nmetadata:\n  name: kubernetes-dashboard\nspec:\n  type: LoadBalancer',
      good: 'kind: Service\nmetadata:\n  name: kubernetes-dashboard\nspec:\n  type: ClusterIP',
    },
  },
  check(model, { report }) {
    for (const object of model.objects) {
      if (object.kind !== 'Service') continue;
      const doc = object.document.document;
      const spec = getMap(doc, object.node, 'spec');
      const selector = labelMap(doc, getMap(doc, spec, 'selector'));
      const isDashboard = dashboardName.test(object.name ?? '') || dashboardName.test(selector.get('k8s-app') ?? '');
      const type = getPair(spec, 'type');
      const typeValue = (type?.value as { value?: unknown } | null)?.value;
      if (!isDashboard || (typeValue !== 'LoadBalancer' && typeValue !== 'NodePort')) continue;
      report({
        range: nodeRange(model.source, type?.value) ?? model.source.rangeAt(0, 0),
        message: `Service "${object.name ?? 'unnamed'}" exposes the Kubernetes Dashboard as ${String(typeValue)}. Use ClusterIP and reach it through kubectl proxy or an authenticating proxy.`,
      });
    }
    for (const command of componentCommands(model, 'dashboard')) {
      for (const [flag, effect] of [
        ['enable-skip-login', 'lets anyone use the dashboard with its own ServiceAccount, without logging in'],
        ['enable-insecure-login', 'accepts logins over plain HTTP'],
      ] as const) {
        const setting = command.flags.get(flag);
        if (setting && flagIsTrue(setting)) {
          report({ range: setting.range, message: `Dashboard --${flag} ${effect}. Remove the flag.` });
        }
      }
    }
  },
});
