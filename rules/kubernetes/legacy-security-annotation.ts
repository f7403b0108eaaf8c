import type { Document } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Fix, TextEdit } from '../engine/types';
import { removeEntry, setMapValue } from '../fixes/yaml-edit';
import type { KubernetesModel, PodSpec } from '../model/kubernetes';
import { containerPhrase } from '../model/pod-security';
import { getMap, getPair, keyRange, type Node, type Pair, resolveNode, type YAMLMap } from '../model/yaml';

const seccompPod = 'seccomp.security.alpha.kubernetes.io/pod';
const seccompContainer = 'container.seccomp.security.alpha.kubernetes.io/';
const appArmorContainer = 'container.apparmor.security.beta.kubernetes.io/';

type Field = 'seccompProfile' | 'appArmorProfile';

interface Profile {
  type: 'RuntimeDefault' | 'Unconfined' | 'Localhost';
  localhostProfile?: string;
}

export const legacySecurityAnnotation = defineRule({
  id: 'BH-K039',
  title: 'Legacy seccomp or AppArmor annotation',
  severity: 'information',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "Before the `securityContext` fields existed, seccomp and AppArmor profiles were chosen with pod annotations. The seccomp annotations (`seccomp.security.alpha.kubernetes.io/pod`, `container.seccomp.security.alpha.kubernetes.io/<container>`) were deprecated when `seccompProfile` reached GA in v1.19, and current clusters ignore them (support was removed in steps from v1.25; they have no effect from v1.27), so a manifest that relies on them runs without the profile it asks for. The AppArmor annotation (`container.apparmor.security.beta.kubernetes.io/<container>`) is deprecated since the `appArmorProfile` field arrived in v1.30. Annotations are read from the pod's own metadata: the template's, for workloads.",
    attacker:
      'A reviewer sees `runtime/default` and assumes the syscall filter is on; on a current cluster it is not, so a compromised container keeps the whole syscall surface (`unshare`, `keyctl`, `bpf`…) that kernel exploits and container escapes start from.',
    fix: "Move the setting into the field: `runtime/default` (or `docker/default`) becomes `{type: RuntimeDefault}`, `localhost/<profile>` becomes `{type: Localhost, localhostProfile: <profile>}` and `unconfined` becomes `{type: Unconfined}`, in the pod's `securityContext` for the pod annotation and in the container's for a container annotation; then delete the annotation. The quick fix does both; for AppArmor it is offered, not preferred, because the field needs Kubernetes v1.30 or later.",
    example: {
      language: 'yaml',
      bad: 'metadata:\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\nspec:\n  containers:\n    - name: app',
      good: 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app',
    },
  },
  check(model, { report }) {
    for (const podSpec of model.podSpecs) {
      const doc = podSpec.owner.document.document;
      const annotations = getMap(doc, podSpec.metadata, 'annotations');
      for (const item of annotations?.items ?? []) {
        const pair = item as Pair<Node, Node | null>;
        const key = (pair.key as { value?: unknown } | null)?.value;
        if (typeof key !== 'string' || !annotations) continue;
        const legacy = legacyAnnotation(podSpec, key);
        if (!legacy) continue;
        const value = (resolveNode(doc, pair.value) as { value?: unknown } | undefined)?.value;
        const profile = typeof value === 'string' ? parseProfile(value) : undefined;
        const status =
          legacy.field === 'seccompProfile'
            ? 'is ignored by Kubernetes since v1.27'
            : 'is deprecated since Kubernetes v1.30';
        const setting = profile ? `${legacy.field}: ${renderProfile(profile)}` : legacy.field;
        const place =
          legacy.target === podSpec.node ? "the pod's securityContext" : `the securityContext of ${legacy.label}`;
        report({
          range: keyRange(model.source, pair) ?? podSpec.anchorRange,
          message: legacy.target
            ? `The annotation "${key}" ${status}: set ${setting} in ${place} instead.`
            : `The annotation "${key}" ${status}, and this pod has no ${legacy.label}: remove it.`,
          fixes: migrationFixes(model, doc, annotations, pair, legacy, profile),
        });
      }
    }
  },
});

interface LegacyAnnotation {
  field: Field;
  /** The pod spec or the container the annotation applies to; undefined when no container has that name. */
  target: YAMLMap | undefined;
  label: string;
}

function legacyAnnotation(podSpec: PodSpec, key: string): LegacyAnnotation | undefined {
  if (key === seccompPod) return { field: 'seccompProfile', target: podSpec.node, label: 'the pod' };
  const prefix = [seccompContainer, appArmorContainer].find((candidate) => key.startsWith(candidate));
  if (!prefix) return undefined;
  const name = key.slice(prefix.length);
  const container = podSpec.containers.find((candidate) => candidate.name === name);
  return {
    field: prefix === seccompContainer ? 'seccompProfile' : 'appArmorProfile',
    target: container?.node,
    label: container ? containerPhrase(container) : `container "${name}"`,
  };
}

function parseProfile(value: string): Profile | undefined {
  if (value === 'runtime/default' || value === 'docker/default') return { type: 'RuntimeDefault' };
  if (value === 'unconfined') return { type: 'Unconfined' };
  if (value.startsWith('localhost/') && value.length > 'localhost/'.length) {
    return { type: 'Localhost', localhostProfile: value.slice('localhost/'.length) };
  }
  return undefined;
}

function renderProfile(profile: Profile): string {
  return profile.localhostProfile === undefined
    ? `{type: ${profile.type}}`
    : `{type: Localhost, localhostProfile: ${JSON.stringify(profile.localhostProfile)}}`;
}

/**
 * Deletes the annotation and, unless the target already sets the field, writes the field's
 * equivalent. Preferred for seccomp, whose field every supported cluster has; offered for AppArmor.
 */
function migrationFixes(
  model: KubernetesModel,
  doc: Document.Parsed,
  annotations: YAMLMap,
  pair: Pair<Node, Node | null>,
  { target, field }: LegacyAnnotation,
  profile: Profile | undefined,
): Fix[] {
  const removal = removeEntry(model.source, annotations, pair);
  if (!target) return [{ title: 'Remove the annotation', edits: [removal] }];
  const securityContext = getMap(doc, target, 'securityContext');
  const alreadySet = getPair(securityContext, field) !== undefined;
  if (alreadySet) {
    return [{ title: `Remove the annotation (securityContext.${field} is set)`, edits: [removal], isPreferred: true }];
  }
  if (!profile) return [];
  const edit: TextEdit | undefined =
    profile.localhostProfile === undefined
      ? setMapValue(model.source, doc, target, ['securityContext', field, 'type'], profile.type)
      : setMapValue(model.source, doc, target, ['securityContext', field], renderProfile(profile));
  if (!edit) return [];
  return [
    {
      title: `Replace the annotation with securityContext.${field}: ${renderProfile(profile)}${field === 'appArmorProfile' ? ' (Kubernetes v1.30+)' : ''}`,
      edits: [removal, edit],
      ...(field === 'seccompProfile' ? { isPreferred: true } : {}),
    },
  ];
}
