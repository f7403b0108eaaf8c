import { defineRule } from '../engine/rule';
import { setMapValue } from '../fixes/yaml-edit';
import {
  annotationRange,
  describeContainer,
  evaluates,
  pairAt,
  podSecurityScopes,
  settingRange,
} from '../model/pod-security';
import { getMap, getString, type YAMLMap } from '../model/yaml';

const annotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

export const apparmorUnconfined = defineRule({
  id: 'BH-K007',
  title: 'AppArmor profile set to unconfined',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: { trivy: ['KSV-0002'], pss: ['appArmorProfile'] },
  docs: {
    why: 'AppArmor limits which files, mounts and kernel interfaces a container may touch, even as root. The runtime applies its default profile unless told otherwise; setting the profile to `Unconfined` (or the annotation to `unconfined`) removes that layer. Pod Security baseline allows only `RuntimeDefault` and `Localhost` profiles.',
    attacker:
      'Without AppArmor, a process that gains root in the container can write to `/proc/sys`, mount file systems and reach kernel interfaces the default profile blocks, which are the steps of most container escapes.',
    fix: 'Remove the override or set `securityContext.appArmorProfile.type: RuntimeDefault` (or `Localhost` with your own profile).',
    example: {
      language: 'yaml',
      bad: 'securityContext:\n  appArmorProfile:\n    type: Unconfined',
      good: 'securityContext:\n  appArmorProfile:\n    type: RuntimeDefault',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'appArmorProfile')) continue;
      const doc = podSpec.owner.document.document;
      const checkField = (securityContext: YAMLMap | undefined, who: string) => {
        const profile = getMap(doc, securityContext, 'appArmorProfile');
        if (!profile || !securityContext) return;
        const type = getString(doc, profile, 'type');
        if (type === 'RuntimeDefault' || type === 'Localhost') return;
        const pair =
          pairAt(doc, securityContext, ['appArmorProfile', 'type']) ??
          pairAt(doc, securityContext, ['appArmorProfile']);
        const edit = setMapValue(model.source, doc, securityContext, ['appArmorProfile', 'type'], 'RuntimeDefault');
        report({
          range: settingRange(model.source, pair as NonNullable<typeof pair>),
          message: `${who} sets the AppArmor profile type to ${type ?? 'nothing'}. Pod Security baseline allows only RuntimeDefault or Localhost.`,
          fixes: edit ? [{ title: 'Use the RuntimeDefault AppArmor profile', edits: [edit], isPreferred: true }] : [],
        });
      };
      checkField(podSpec.securityContext, 'The pod');
      for (const container of podSpec.containers) checkField(container.securityContext, describeContainer(container));
      for (const [key, value] of podSpec.annotations) {
        if (!key.startsWith(annotationPrefix) || allowedAnnotation(value)) continue;
        const range = annotationRange(podSpec, model.source, key);
        if (!range) continue;
        const annotations = getMap(doc, podSpec.metadata, 'annotations') as YAMLMap;
        const edit = setMapValue(model.source, doc, annotations, [key], 'runtime/default');
        report({
          range,
          message: `Annotation ${key} sets AppArmor to "${value}". Pod Security baseline allows only runtime/default or localhost/<profile>.`,
          fixes: edit ? [{ title: 'Use the runtime/default AppArmor profile', edits: [edit], isPreferred: true }] : [],
        });
      }
    }
  },
});
