import { defineRule } from '../engine/rule';
import { setMapValue } from '../fixes/yaml-edit';
import {
  describeContainer,
  evaluates,
  podSecurityContextFix,
  podSecurityScopes,
  settingRange,
  usesUserNamespace,
  yamlBoolean,
} from '../model/pod-security';
import { getPair, type YAMLMap } from '../model/yaml';

export const runAsNonRoot = defineRule({
  id: 'BH-K015',
  title: 'Container may run as root',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0012'],
    checkov: ['CKV_K8S_23'],
    kubeLinter: ['run-as-non-root'],
    kubescape: ['C-0013'],
    pss: ['runAsNonRoot'],
  },
  docs: {
    why: 'Unless `runAsNonRoot: true` is set, a container runs as whatever user its image names, and most images name root. With `runAsNonRoot: true` the kubelet refuses to start a container whose user is UID 0. Pod Security restricted requires it on the pod or on every container (from v1.35, pods in a user namespace with `hostUsers: false` are exempt).',
    attacker:
      'Root in the container owns every file in the image, can use any capability the container keeps, and is root on the node the moment a kernel or runtime bug lets it out.',
    fix: 'Set `securityContext.runAsNonRoot: true` at the pod level, and make sure the image has a non-root `USER` (or set `runAsUser` to a non-zero UID).',
    example: {
      language: 'yaml',
      bad: 'spec:\n  containers: […]',
      good: 'spec:\n  securityContext:\n    runAsNonRoot: true\n  containers: […]',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'runAsNonRoot')) continue;
      if (policy.minor >= 35 && usesUserNamespace(podSpec)) continue;
      const doc = podSpec.owner.document.document;
      let explicitlyFalse = false;
      const checkExplicit = (securityContext: YAMLMap | undefined, who: string) => {
        const pair = getPair(securityContext, 'runAsNonRoot');
        if (!pair || !securityContext || yamlBoolean(pair.value) === true) return;
        explicitlyFalse = true;
        const edit = setMapValue(model.source, doc, securityContext, ['runAsNonRoot'], 'true');
        report({
          range: settingRange(model.source, pair),
          message: `${who} sets runAsNonRoot to something other than true. Pod Security restricted requires runAsNonRoot: true.`,
          fixes: edit ? [{ title: 'Set runAsNonRoot: true', edits: [edit], isPreferred: true }] : [],
        });
      };
      checkExplicit(podSpec.securityContext, 'The pod');
      for (const container of podSpec.containers)
        checkExplicit(container.securityContext, describeContainer(container));
      const podNonRoot = yamlBoolean(getPair(podSpec.securityContext, 'runAsNonRoot')?.value) === true;
      if (explicitlyFalse || podNonRoot) continue;
      for (const container of podSpec.containers) {
        if (getPair(container.securityContext, 'runAsNonRoot')) continue;
        report({
          range: container.anchorRange,
          message: `${describeContainer(container)} may run as root: neither it nor the pod sets runAsNonRoot: true. Pod Security restricted requires it.`,
          fixes: podSecurityContextFix(
            model.source,
            container.podSpec,
            ['runAsNonRoot'],
            'true',
            'Set runAsNonRoot: true for the whole pod',
          ),
        });
      }
    }
  },
});
