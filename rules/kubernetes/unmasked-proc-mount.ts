import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import {
  describeContainer,
  evaluates,
  podSecurityScopes,
  settingRange,
  usesUserNamespace,
} from '../model/pod-security';
import { getPair, getString } from '../model/yaml';

export const unmaskedProcMount = defineRule({
  id: 'BH-K009',
  title: 'Unmasked /proc mount',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: { trivy: ['KSV-0027'], kubeLinter: ['unsafe-proc-mount'], pss: ['procMount', 'procMount_restricted'] },
  docs: {
    why: 'The runtime masks sensitive parts of `/proc` (such as `/proc/kcore` and `/proc/sys`) in every container. `procMount: Unmasked` turns that off. Pod Security baseline forbids it, except from v1.35 for pods in a user namespace (`hostUsers: false`); restricted forbids it always.',
    attacker:
      'An unmasked `/proc` exposes kernel memory and tunables that help an attacker read host data or change kernel behaviour from inside the container.',
    fix: 'Remove `procMount` or set it to `Default`.',
    example: { language: 'yaml', bad: 'securityContext:\n  procMount: Unmasked', good: 'securityContext: {}' },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      const restricted = evaluates(policy, 'procMount_restricted');
      if (!restricted && !evaluates(policy, 'procMount')) continue;
      for (const container of podSpec.containers) {
        const doc = container.podSpec.owner.document.document;
        const pair = getPair(container.securityContext, 'procMount');
        const value = getString(doc, container.securityContext, 'procMount');
        if (!pair || !container.securityContext || value === undefined || value === 'Default') continue;
        const relaxed = !restricted && policy.minor >= 35 && usesUserNamespace(container.podSpec);
        if (relaxed) continue;
        report({
          range: settingRange(model.source, pair),
          message: `${describeContainer(container)} sets procMount: ${value}, which unmasks /proc. Pod Security ${restricted ? 'restricted' : 'baseline'} rejects it.`,
          fixes: [
            {
              title: 'Remove procMount',
              edits: [removeEntry(model.source, container.securityContext, pair)],
              isPreferred: true,
            },
          ],
        });
      }
    }
  },
});
