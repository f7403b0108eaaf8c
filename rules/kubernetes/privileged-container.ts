import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import { describeContainer, evaluates, podSecurityScopes, settingRange, yamlBoolean } from '../model/pod-security';
import { getPair } from '../model/yaml';

export const privilegedContainer = defineRule({
  id: 'BH-K002',
  title: 'Privileged container',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0017'],
    checkov: ['CKV_K8S_16'],
    kubeLinter: ['privileged-container'],
    kubescape: ['C-0057'],
    pss: ['privileged'],
  },
  docs: {
    why: 'A privileged container runs with every capability, no seccomp or AppArmor confinement and access to all host devices. It is the host with a different file system. Pod Security baseline forbids it at every version.',
    attacker:
      'Code running in a privileged container can mount the host disk, load kernel modules, or write to `/dev/mem`, and from there take over the node and every pod on it.',
    fix: 'Remove `privileged: true`. If the container needs one specific power, add that single capability instead, and question that too.',
    example: {
      language: 'yaml',
      bad: 'securityContext:\n  privileged: true',
      good: 'securityContext:\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: ["ALL"]',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'privileged')) continue;
      for (const container of podSpec.containers) {
        const pair = getPair(container.securityContext, 'privileged');
        if (!pair || !container.securityContext || yamlBoolean(pair.value) !== true) continue;
        report({
          range: settingRange(model.source, pair),
          message: `${describeContainer(container)} is privileged: it has full access to the node. Pod Security baseline rejects it.`,
          fixes: [
            {
              title: 'Remove privileged: true',
              edits: [removeEntry(model.source, container.securityContext, pair)],
              isPreferred: true,
            },
          ],
        });
      }
    }
  },
});
