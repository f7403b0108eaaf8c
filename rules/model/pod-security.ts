import { isScalar } from 'yaml';
import type { PodSecurityLevel } from '../../shared/settings';
import type { ResolvedConfig } from '../engine/config';
import type { ReportedFinding, RuleContext } from '../engine/rule';
import type { Fix, Range } from '../engine/types';
import { setMapValue } from '../fixes/yaml-edit';
import type { Container, KubernetesModel, PodSpec } from './kubernetes';
import type { NamespaceInfo } from './namespaces';
import type { SourceText } from './source';
import { getMap, getPair, getString, keyRange, type Node, type Pair, resolveNode, type YAMLMap } from './yaml';

/**
 * The Pod Security Standards as Pod Security Admission evaluates them: which checks a level
 * holds at a version, and the version history each check's semantics depend on.
 */

/** The newest Kubernetes minor version whose Pod Security policy Bulkhead knows; `latest` means it. */
export const latestPodSecurityMinor = 37;

export interface PodSecurityPolicy {
  level: PodSecurityLevel;
  /** The Kubernetes minor version: 30 for v1.30. */
  minor: number;
}

export type PodSecurityCheckId =
  | 'allowPrivilegeEscalation'
  | 'appArmorProfile'
  | 'capabilities_baseline'
  | 'capabilities_restricted'
  | 'hostNamespaces'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'hostProbesAndHostLifecycle'
  | 'privileged'
  | 'procMount'
  | 'procMount_restricted'
  | 'restrictedVolumes'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seLinuxOptions'
  | 'seccompProfile_baseline'
  | 'seccompProfile_restricted'
  | 'sysctls'
  | 'windowsHostProcess';

interface CheckDefinition {
  level: PodSecurityLevel;
  since: number;
  /** At the restricted level, from `since` on, this check replaces the named baseline check. */
  replaces?: PodSecurityCheckId;
}

const checks: Record<PodSecurityCheckId, CheckDefinition> = {
  privileged: { level: 'baseline', since: 0 },
  hostNamespaces: { level: 'baseline', since: 0 },
  hostPathVolumes: { level: 'baseline', since: 0 },
  hostPorts: { level: 'baseline', since: 0 },
  capabilities_baseline: { level: 'baseline', since: 0 },
  appArmorProfile: { level: 'baseline', since: 0 },
  seLinuxOptions: { level: 'baseline', since: 0 },
  procMount: { level: 'baseline', since: 0 },
  seccompProfile_baseline: { level: 'baseline', since: 0 },
  sysctls: { level: 'baseline', since: 0 },
  windowsHostProcess: { level: 'baseline', since: 0 },
  hostProbesAndHostLifecycle: { level: 'baseline', since: 34 },
  restrictedVolumes: { level: 'restricted', since: 0, replaces: 'hostPathVolumes' },
  runAsNonRoot: { level: 'restricted', since: 0 },
  allowPrivilegeEscalation: { level: 'restricted', since: 8 },
  seccompProfile_restricted: { level: 'restricted', since: 19, replaces: 'seccompProfile_baseline' },
  capabilities_restricted: { level: 'restricted', since: 22, replaces: 'capabilities_baseline' },
  runAsUser: { level: 'restricted', since: 23 },
  procMount_restricted: { level: 'restricted', since: 35, replaces: 'procMount' },
};

/** The level a Pod Security check belongs to and the Kubernetes minor version it appeared in (0: always). */
export function podSecurityCheck(check: PodSecurityCheckId): { level: PodSecurityLevel; since: number } {
  const { level, since } = checks[check];
  return { level, since };
}

export function podSecurityPolicy(config: ResolvedConfig): PodSecurityPolicy {
  return { level: config.podSecurity.level, minor: parsePodSecurityVersion(config.podSecurity.version) };
}

/** `latest` or `v1.N`; a version newer than Bulkhead knows is evaluated as the newest it knows, as PSA does. */
export function parsePodSecurityVersion(version: string): number {
  const minor = /^v1\.(\d+)$/.exec(version)?.[1];
  return minor === undefined ? latestPodSecurityMinor : Math.min(Number(minor), latestPodSecurityMinor);
}

/**
 * Whether PSA evaluates `check` for `policy`: the check belongs to the level (restricted includes
 * baseline), exists at the version, and is not replaced by its restricted successor.
 */
export function evaluates(policy: PodSecurityPolicy, check: PodSecurityCheckId): boolean {
  const definition = checks[check];
  if (definition.level === 'restricted' && policy.level !== 'restricted') return false;
  if (policy.minor < definition.since) return false;
  if (policy.level !== 'restricted') return true;
  return !Object.values(checks).some(
    (successor) => successor.replaces === check && successor.since <= policy.minor && successor.level === 'restricted',
  );
}

/** `spec.os.name: windows`: several restricted checks exempt such pods from v1.25 on. */
export function isWindowsPod(podSpec: PodSpec): boolean {
  const doc = podSpec.owner.document.document;
  return getString(doc, getMap(doc, podSpec.node, 'os'), 'name') === 'windows';
}

/** `hostUsers: false`: a user-namespaced pod, which v1.35 relaxes several checks for. */
export function usesUserNamespace(podSpec: PodSpec): boolean {
  const value = resolveNode(podSpec.owner.document.document, getPair(podSpec.node, 'hostUsers')?.value);
  return isScalar(value) && yamlBoolean(value) === false;
}

const yaml11True = new Set(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'y', 'Y']);
const yaml11False = new Set(['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'n', 'N']);

/**
 * A scalar as the API server reads it. Kubernetes decodes manifests with YAML 1.1 rules, where an
 * unquoted `yes` or `on` is true, so `privileged: yes` is as privileged as `privileged: true`.
 */
export function yamlBoolean(node: Node | null | undefined): boolean | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (typeof node.value !== 'string' || (node.type !== 'PLAIN' && node.type !== undefined)) return undefined;
  if (yaml11True.has(node.value)) return true;
  if (yaml11False.has(node.value)) return false;
  return undefined;
}

/** The pair at `path` under `map` (aliases followed), for findings that point at an exact key. */
export function pairAt(
  doc: Parameters<typeof resolveNode>[0],
  map: YAMLMap | undefined,
  path: readonly string[],
): Pair<Node, Node | null> | undefined {
  let current = map;
  for (const key of path.slice(0, -1)) current = getMap(doc, current, key);
  return getPair(current, path.at(-1) as string);
}

/** `Container "web"`, `Init container #2`: how messages name a container. */
export function describeContainer(container: Container): string {
  const kind = {
    containers: 'Container',
    initContainers: 'Init container',
    ephemeralContainers: 'Ephemeral container',
  }[container.group];
  return container.name ? `${kind} "${container.name}"` : `${kind} #${container.index + 1}`;
}

/** `container "web"`, `init container #2`: describeContainer inside a sentence. */
export function containerPhrase(container: Container): string {
  const label = describeContainer(container);
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** ` (Pod Security restricted, v1.30)` — which policy a finding is measured against. */
export function policyLabel(policy: PodSecurityPolicy): string {
  return `Pod Security ${policy.level} v1.${policy.minor}`;
}

/** Where a finding about a present key points; parsed nodes always carry a range. */
export function settingRange(source: SourceText, pair: Pair<Node, Node | null>): Range {
  return keyRange(source, pair) ?? source.rangeAt(0, 0);
}

/** The range of an annotation's key in the pod's metadata, for findings about it. */
export function annotationRange(podSpec: PodSpec, source: SourceText, key: string): Range | undefined {
  const doc = podSpec.owner.document.document;
  return keyRange(source, getPair(getMap(doc, podSpec.metadata, 'annotations'), key));
}

export type PolicyMode = 'enforce' | 'warn' | 'audit';
const modes: readonly PolicyMode[] = ['enforce', 'warn', 'audit'];

/** A policy a pod is measured against: the configured one, or one its namespace's PSA labels set. */
export interface AppliedPolicy extends PodSecurityPolicy {
  mode?: PolicyMode;
  namespace?: NamespaceInfo;
}

/**
 * The policies Pod Security Admission applies to a pod: those of its namespace's
 * `pod-security.kubernetes.io/<mode>` labels when the workspace defines that namespace with such
 * labels (none when every label says `privileged`), else the configured level and version.
 */
export function policiesFor(
  podSpec: PodSpec,
  context: Pick<RuleContext, 'config' | 'namespace' | 'defaultNamespace'>,
): AppliedPolicy[] {
  const name = podSpec.owner.namespace ?? context.defaultNamespace;
  const namespace = name === undefined ? undefined : context.namespace(name);
  const label = (suffix: string) => namespace?.labels.get(`pod-security.kubernetes.io/${suffix}`);
  if (!namespace || !modes.some((mode) => label(mode) !== undefined)) return [podSecurityPolicy(context.config)];
  return modes.flatMap((mode) => {
    const level = label(mode);
    if (level !== 'baseline' && level !== 'restricted') return [];
    return [{ level, minor: parsePodSecurityVersion(label(`${mode}-version`) ?? 'latest'), mode, namespace }];
  });
}

export interface PodSecurityScope {
  podSpec: PodSpec;
  policy: AppliedPolicy;
  /** Reports against this policy: says what the namespace's mode means and drops repeats of a stronger mode's finding. */
  report: (finding: ReportedFinding) => void;
}

/** Every pod spec of the file with every policy that applies to it, strongest mode first. */
export function podSecurityScopes(model: KubernetesModel, context: RuleContext): PodSecurityScope[] {
  const reported = new Set<string>();
  return model.podSpecs.flatMap((podSpec) =>
    policiesFor(podSpec, context).map((policy) => ({
      podSpec,
      policy,
      report: (finding: ReportedFinding) => {
        const key = `${JSON.stringify(finding.range)} ${finding.message}`;
        if (reported.has(key)) return;
        reported.add(key);
        context.report(inNamespace(finding, podSpec, policy));
      },
    })),
  );
}

function inNamespace(finding: ReportedFinding, podSpec: PodSpec, policy: AppliedPolicy): ReportedFinding {
  const { mode, namespace } = policy;
  if (!mode || !namespace) return finding;
  const kind = podSpec.owner.kind;
  const consequence = {
    enforce:
      kind === 'Pod'
        ? 'the API server will reject this pod'
        : `the API server will reject the pods this ${kind} creates`,
    warn: 'kubectl will print a warning',
    audit: 'the audit log will record a violation',
  }[mode];
  return {
    ...finding,
    message: `${finding.message} Namespace "${namespace.name}" ${mode}s ${policy.level} v1.${policy.minor}: ${consequence}.`,
    ...(mode === 'enforce' ? { enforced: true } : mode === 'audit' ? { severity: 'information' as const } : {}),
    related: [
      ...(finding.related ?? []),
      {
        range: namespace.range,
        message: `Namespace "${namespace.name}" sets pod-security.kubernetes.io/${mode}: ${policy.level}`,
        ...(namespace.path === undefined ? {} : { path: namespace.path }),
      },
    ],
  };
}

/** A fix that sets `securityContext.<path>` once on the pod, for every container to inherit. */
export function podSecurityContextFix(
  source: SourceText,
  podSpec: PodSpec,
  path: readonly string[],
  value: string,
  title: string,
): Fix[] {
  const edit = setMapValue(source, podSpec.owner.document.document, podSpec.node, ['securityContext', ...path], value);
  return edit ? [{ title, edits: [edit], isPreferred: true }] : [];
}
