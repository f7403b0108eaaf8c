import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import { setMapValue } from '../fixes/yaml-edit';
import {
  describeContainer,
  evaluates,
  podSecurityScopes,
  settingRange,
  usesUserNamespace,
} from '../model/pod-security';
import { getPair, resolveNode, type YAMLMap } from '../model/yaml';

export const runAsRootUser = defineRule({
  id: 'BH-K016',
  title: 'Runs as UID 0',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: { trivy: ['KSV-0105'], pss: ['runAsUser'] },
  docs: {
    why: '`runAsUser: 0` runs the container as root explicitly, whatever the image says. Pod Security restricted (from v1.23) forbids it on the pod and on every container; from v1.35 pods with `hostUsers: false` are exempt, since their UID 0 maps to an unprivileged user on the node.',
    attacker:
      "Root in the container can read and change every file of the image, use all capabilities the container keeps, and keeps root's UID if it escapes to the node.",
    fix: "Set `runAsUser` to a non-zero UID the image's files allow (for example 10001), and add `runAsNonRoot: true`.",
    example: {
      language: 'yaml',
      bad: 'securityContext:\n  runAsUser: 0',
      good: 'securityContext:\n  runAsUser: 10001\n  runAsNonRoot: true',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'runAsUser')) continue;
      if (policy.minor >= 35 && usesUserNamespace(podSpec)) continue;
      const doc = podSpec.owner.document.document;
      const checkContext = (securityContext: YAMLMap | undefined, who: string) => {
        const pair = getPair(securityContext, 'runAsUser');
        const value = resolveNode(doc, pair?.value);
        if (!pair || !securityContext || !isScalar(value) || value.value !== 0) return;
        const edit = setMapValue(model.source, doc, securityContext, ['runAsUser'], '10001');
        report({
          range: settingRange(model.source, pair),
          message: `${who} sets runAsUser: 0, which is root. Pod Security restricted rejects it.`,
          fixes: edit ? [{ title: "Run as UID 10001 (check that the image's files allow it)", edits: [edit] }] : [],
        });
      };
      checkContext(podSpec.securityContext, 'The pod');
      for (const container of podSpec.containers) checkContext(container.securityContext, describeContainer(container));
    }
  },
});
