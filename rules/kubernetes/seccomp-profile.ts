import { defineRule } from '../engine/rule';
import type { Fix, Range } from '../engine/types';
import { setMapValue } from '../fixes/yaml-edit';
import type { KubernetesModel, PodSpec } from '../model/kubernetes';
import {
  annotationRange,
  describeContainer,
  evaluates,
  isWindowsPod,
  pairAt,
  podSecurityContextFix,
  podSecurityScopes,
  settingRange,
} from '../model/pod-security';
import { getMap, getString, type YAMLMap } from '../model/yaml';

const podAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';
const containerAnnotationPrefix = 'container.seccomp.security.alpha.kubernetes.io/';

function allowedAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

export const seccompProfile = defineRule({
  id: 'BH-K010',
  title: 'Seccomp profile unconfined or missing',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0030', 'KSV-0104'],
    checkov: ['CKV_K8S_31'],
    kubescape: ['C-0055', 'C-0210'],
    pss: ['seccompProfile_baseline', 'seccompProfile_restricted'],
  },
  docs: {
    why: "Seccomp filters the system calls a container may make; the runtime's default profile blocks a few dozen that containers never need and kernel exploits love (keyctl, unshare, bpf…). Kubernetes runs pods Unconfined unless a profile is set. Pod Security baseline forbids `Unconfined`; restricted (from v1.19) requires `RuntimeDefault` or `Localhost` on the pod or on every container.",
    attacker:
      'Without a seccomp filter a compromised process can reach every system call the kernel offers, including the rarely used ones where most container-escape vulnerabilities live.',
    fix: 'Set `securityContext.seccompProfile.type: RuntimeDefault` at the pod level, so every container, init and ephemeral ones included, inherits it.',
    example: {
      language: 'yaml',
      bad: 'spec:\n  containers: […]',
      good: 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers: […]',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      const restricted = evaluates(policy, 'seccompProfile_restricted');
      const baseline = evaluates(policy, 'seccompProfile_baseline');
      if (restricted) {
        if (!(policy.minor >= 25 && isWindowsPod(podSpec))) checkFields(model, podSpec, true, report);
      } else if (baseline && policy.minor >= 19) checkFields(model, podSpec, false, report);
      else if (baseline) checkAnnotations(model, podSpec, report);
    }
  },
});

type Report = (finding: { range: Range; message: string; fixes?: Fix[] }) => void;

function checkFields(model: KubernetesModel, podSpec: PodSpec, required: boolean, report: Report): void {
  const doc = podSpec.owner.document.document;
  const level = required ? 'restricted' : 'baseline';
  const typeOf = (securityContext: YAMLMap | undefined) =>
    getMap(doc, securityContext, 'seccompProfile')
      ? (getString(doc, getMap(doc, securityContext, 'seccompProfile'), 'type') ?? '')
      : undefined;
  const valid = (type: string | undefined) => type === 'RuntimeDefault' || type === 'Localhost';
  let explicitlyBad = false;
  const reportExplicit = (securityContext: YAMLMap | undefined, who: string) => {
    const type = typeOf(securityContext);
    if (type === undefined || valid(type) || !securityContext) return;
    explicitlyBad = true;
    const pair =
      pairAt(doc, securityContext, ['seccompProfile', 'type']) ?? pairAt(doc, securityContext, ['seccompProfile']);
    const edit = setMapValue(model.source, doc, securityContext, ['seccompProfile', 'type'], 'RuntimeDefault');
    report({
      range: settingRange(model.source, pair as NonNullable<typeof pair>),
      message: `${who} sets the seccomp profile type to ${type || 'nothing'}. Pod Security ${level} allows only RuntimeDefault or Localhost.`,
      fixes: edit ? [{ title: 'Use the RuntimeDefault seccomp profile', edits: [edit], isPreferred: true }] : [],
    });
  };
  reportExplicit(podSpec.securityContext, 'The pod');
  for (const container of podSpec.containers) reportExplicit(container.securityContext, describeContainer(container));
  if (!required || explicitlyBad || valid(typeOf(podSpec.securityContext))) return;
  // Mirrors PSA: missing profiles are reported only once no profile is set to a forbidden value.
  for (const container of podSpec.containers) {
    if (typeOf(container.securityContext) !== undefined) continue;
    report({
      range: container.anchorRange,
      message: `${describeContainer(container)} has no seccomp profile: set seccompProfile.type to RuntimeDefault on the pod (or the container). Pod Security restricted requires one.`,
      fixes: podSecurityContextFix(
        model.source,
        container.podSpec,
        ['seccompProfile', 'type'],
        'RuntimeDefault',
        'Set the RuntimeDefault seccomp profile for the whole pod',
      ),
    });
  }
}

/** Before v1.19 the profile lived in alpha annotations, which baseline checks for unconfined values. */
function checkAnnotations(model: KubernetesModel, podSpec: PodSpec, report: Report): void {
  const keys = [
    podAnnotation,
    ...podSpec.containers.map((container) => `${containerAnnotationPrefix}${container.name ?? ''}`),
  ];
  for (const key of keys) {
    const value = podSpec.annotations.get(key);
    const range = annotationRange(podSpec, model.source, key);
    if (value === undefined || allowedAnnotation(value) || !range) continue;
    const doc = podSpec.owner.document.document;
    const edit = setMapValue(
      model.source,
      doc,
      getMap(doc, podSpec.metadata, 'annotations') as YAMLMap,
      [key],
      'runtime/default',
    );
    report({
      range,
      message: `Annotation ${key} sets seccomp to "${value}". Pod Security baseline allows only runtime/default, docker/default or localhost/<profile>.`,
      fixes: edit ? [{ title: 'Use the runtime/default seccomp profile', edits: [edit], isPreferred: true }] : [],
    });
  }
}
