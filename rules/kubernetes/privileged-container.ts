import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import { describeContainer, evaluates, podSecurityPolicy, settingRange, yamlBoolean } from '../model/pod-security';
import { getPair } from '../model/yaml';

export const privilegedContainer = defineRule({
  id: 'BH-K002',
  title: 'Privileged container',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: { pss: ['privileged'] },
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
  check(model, { report, config }) {
    if (!evaluates(podSecurityPolicy(config), 'privileged')) return;
    for (const container of model.containers) {
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
  },
});
