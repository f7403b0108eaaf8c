import { defineRule } from '../engine/rule';
import type { Fix, RelatedLocation } from '../engine/types';
import { setMapValue } from '../fixes/yaml-edit';
import { podServiceAccount } from '../model/service-account';
import { getPair, nodeRange } from '../model/yaml';

export const serviceAccountTokenMounted = defineRule({
  id: 'BH-K034',
  title: 'Service account token is mounted without a decision',
  severity: 'information',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0036'],
    checkov: ['CKV_K8S_38'],
    kubescape: ['C-0034', 'C-0190'],
  },
  docs: {
    why: "Unless `automountServiceAccountToken: false` is set on the pod spec or on its ServiceAccount, Kubernetes mounts an API token for the pod's ServiceAccount into every container at `/var/run/secrets/kubernetes.io/serviceaccount`. Most applications never call the Kubernetes API, so the token is only something to steal. The pod spec's setting wins over the ServiceAccount's; a ServiceAccount defined in the same file is taken into account. A workload that sets `true` on purpose (it calls the API) is not reported, unlike Trivy's KSV-0036, which reports only that case. The finding is information, since only you know whether the workload talks to the API.",
    attacker:
      'Code execution in any container of the pod gives the token for free: `cat` the file and call the API server with whatever RBAC grants that ServiceAccount, from reading Secrets and ConfigMaps to creating pods, which often leads to the node and the rest of the cluster.',
    fix: 'Set `automountServiceAccountToken: false` in the pod spec (the quick fix), or on a dedicated ServiceAccount. A workload that needs the API should say `true` explicitly and get a ServiceAccount with only the permissions it needs, or mount a projected token with a short lifetime and an audience.',
    example: {
      language: 'yaml',
      bad: 'spec:\n  containers:\n    - name: app\n      image: registry.example/app:1.4.2',
      good: 'spec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: registry.example/app:1.4.2',
    },
  },
  check(model, { report }) {
    for (const podSpec of model.podSpecs) {
      const account = podServiceAccount(model, podSpec);
      if (account.podAutomount !== undefined || account.accountAutomount !== undefined) continue;
      const related: RelatedLocation[] = [];
      const accountRange = nodeRange(model.source, getPair(account.object?.metadata, 'name')?.value);
      if (account.object && accountRange) {
        related.push({
          range: accountRange,
          message: `ServiceAccount "${account.name}" does not set automountServiceAccountToken either.`,
        });
      }
      const edit = setMapValue(
        model.source,
        podSpec.owner.document.document,
        podSpec.node,
        ['automountServiceAccountToken'],
        'false',
      );
      const fixes: Fix[] = edit
        ? [{ title: 'Do not mount the token (automountServiceAccountToken: false)', edits: [edit], isPreferred: true }]
        : [];
      report({
        range: podSpec.anchorRange,
        message: `The pod mounts an API token for ServiceAccount "${account.name}" into every container: set automountServiceAccountToken: false unless the workload calls the Kubernetes API.`,
        fixes,
        ...(related.length > 0 ? { related } : {}),
      });
    }
  },
});
