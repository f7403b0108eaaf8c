import { defineRule } from '../engine/rule';
import { podServiceAccount } from '../model/service-account';
import { nodeRange } from '../model/yaml';

export const defaultServiceAccount = defineRule({
  id: 'BH-K035',
  title: 'Pod runs as the default ServiceAccount',
  severity: 'information',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'strict',
  aliases: {
    kubeLinter: ['default-service-account'],
  },
  docs: {
    why: 'A pod that names no `serviceAccountName` (or names `default`) runs as its namespace\'s `default` ServiceAccount, which every other such pod in the namespace shares. Any permission granted to it, often added once "to make something work", then reaches all of them, and audit logs cannot tell the workloads apart. A pod that does not mount the token (`automountServiceAccountToken: false` on the pod or on its ServiceAccount) cannot use the account, so it is not reported. The rule is in the strict profile because almost every example manifest uses the default account.',
    attacker:
      'Once any workload in the namespace has its permissions attached to `default`, compromising the least important pod there yields the same API access as the most privileged one.',
    fix: 'Create a ServiceAccount for the workload, bind only the Roles it needs to it, and set `serviceAccountName` in the pod spec; or, if the workload does not call the API, set `automountServiceAccountToken: false`.',
    example: {
      language: 'yaml',
      bad: 'spec:\n  containers:\n    - name: app\n      image: registry.example/app:1.4.2',
      good: 'spec:\n  serviceAccountName: app\n  containers:\n    - name: app\n      image: registry.example/app:1.4.2',
    },
  },
  check(model, { report }) {
    for (const podSpec of model.podSpecs) {
      const account = podServiceAccount(model, podSpec);
      if (account.name !== 'default' || !account.tokenMounted) continue;
      const explicit = account.pair && nodeRange(model.source, account.pair.value);
      report({
        range: explicit || podSpec.anchorRange,
        message: explicit
          ? 'The pod names the "default" ServiceAccount, which every pod of the namespace without its own shares: give the workload its own ServiceAccount.'
          : 'The pod names no serviceAccountName, so it runs as the namespace\'s "default" ServiceAccount, shared by every such pod: give the workload its own ServiceAccount.',
      });
    }
  },
});
