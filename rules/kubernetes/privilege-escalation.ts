import { defineRule } from '../engine/rule';
import { setMapValue } from '../fixes/yaml-edit';
import {
  describeContainer,
  evaluates,
  isWindowsPod,
  podSecurityScopes,
  settingRange,
  yamlBoolean,
} from '../model/pod-security';
import { getPair } from '../model/yaml';

export const privilegeEscalation = defineRule({
  id: 'BH-K014',
  title: 'Privilege escalation not disabled',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0001'],
    checkov: ['CKV_K8S_20'],
    kubeLinter: ['privilege-escalation-container'],
    kubescape: ['C-0016'],
    pss: ['allowPrivilegeEscalation'],
  },
  docs: {
    why: '`allowPrivilegeEscalation` decides whether a process can gain more privileges than its parent, through setuid binaries such as `su` or `sudo` or file capabilities. Kubernetes allows it unless the container says `false`. Pod Security restricted (from v1.8) requires `allowPrivilegeEscalation: false` on every container.',
    attacker:
      'A process running as an unprivileged user can use a setuid-root binary in the image to become root inside the container, the first step towards an escape.',
    fix: 'Set `securityContext.allowPrivilegeEscalation: false` on every container, init and ephemeral ones included.',
    example: {
      language: 'yaml',
      bad: 'containers:\n  - name: app\n    image: app:1.0',
      good: 'containers:\n  - name: app\n    image: app:1.0\n    securityContext:\n      allowPrivilegeEscalation: false',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'allowPrivilegeEscalation')) continue;
      for (const container of podSpec.containers) {
        if (policy.minor >= 25 && isWindowsPod(container.podSpec)) continue;
        const pair = getPair(container.securityContext, 'allowPrivilegeEscalation');
        if (pair && yamlBoolean(pair.value) === false) continue;
        const doc = container.podSpec.owner.document.document;
        const edit = setMapValue(
          model.source,
          doc,
          container.node,
          ['securityContext', 'allowPrivilegeEscalation'],
          'false',
        );
        report({
          range: pair ? settingRange(model.source, pair) : container.anchorRange,
          message: pair
            ? `${describeContainer(container)} allows privilege escalation: set allowPrivilegeEscalation to false. Pod Security restricted requires it.`
            : `${describeContainer(container)} does not set allowPrivilegeEscalation: false. Pod Security restricted requires it.`,
          fixes: edit ? [{ title: 'Set allowPrivilegeEscalation: false', edits: [edit], isPreferred: true }] : [],
        });
      }
    }
  },
});
