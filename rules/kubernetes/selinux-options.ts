import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import { describeContainer, evaluates, podSecurityScopes, settingRange } from '../model/pod-security';
import { getMap, getPair, getString, type YAMLMap } from '../model/yaml';

/** SELinux types Pod Security baseline accepts; v1.31 added container_engine_t. */
function allowedTypes(minor: number): ReadonlySet<string> {
  const types = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
  return new Set(minor >= 31 ? [...types, 'container_engine_t'] : types);
}

export const selinuxOptions = defineRule({
  id: 'BH-K008',
  title: 'Custom SELinux user, role or type',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: { trivy: ['KSV-0025'], pss: ['seLinuxOptions'] },
  docs: {
    why: 'On SELinux hosts every container runs as the confined `container_t` type. Setting `seLinuxOptions.type` to another type, or setting a `user` or `role`, can put the container in a domain that may touch host files and processes. Pod Security baseline allows only the container types and no user or role.',
    attacker:
      'A pod that runs as `spc_t` (super-privileged container) or `unconfined_t` is not confined by SELinux at all: a compromised process reads and writes host files the container type would be denied.',
    fix: 'Remove the custom `type`, `user` and `role`; keep `level` if you need MCS categories.',
    example: {
      language: 'yaml',
      bad: 'seLinuxOptions:\n  type: spc_t',
      good: 'seLinuxOptions:\n  level: "s0:c123,c456"',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'seLinuxOptions')) continue;
      const types = allowedTypes(policy.minor);
      const doc = podSpec.owner.document.document;
      const checkOptions = (securityContext: YAMLMap | undefined, who: string) => {
        const options = getMap(doc, securityContext, 'seLinuxOptions');
        if (!options) return;
        const type = getString(doc, options, 'type') ?? '';
        const problems = [
          { field: 'type', bad: !types.has(type), why: `type ${type} is not a container type` },
          { field: 'user', bad: (getString(doc, options, 'user') ?? '') !== '', why: 'a user may not be set' },
          { field: 'role', bad: (getString(doc, options, 'role') ?? '') !== '', why: 'a role may not be set' },
        ];
        for (const { field, bad, why } of problems) {
          const pair = getPair(options, field);
          if (!bad || !pair) continue;
          report({
            range: settingRange(model.source, pair),
            message: `${who} sets seLinuxOptions.${field}: ${why}. Pod Security baseline rejects it.`,
            fixes: [
              {
                title: `Remove seLinuxOptions.${field}`,
                edits: [removeEntry(model.source, options, pair)],
                isPreferred: true,
              },
            ],
          });
        }
      };
      checkOptions(podSpec.securityContext, 'The pod');
      for (const container of podSpec.containers) checkOptions(container.securityContext, describeContainer(container));
    }
  },
});
