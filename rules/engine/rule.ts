import type { Profile } from '../../shared/settings';
import type { ModelByKind } from '../model/parse';
import type { WorkspaceObjects } from '../model/workspace-objects';
import type { ResolvedConfig } from './config';
import type { FileKind, Fix, Range, RelatedLocation, Severity } from './types';

/** The peers whose ids users bring with them: suppressions and reports map through these. */
export interface Aliases {
  hadolint?: string[];
  trivy?: string[];
  checkov?: string[];
  kubeLinter?: string[];
  kubescape?: string[];
  pss?: string[];
  buildkit?: string[];
}
export type Peer = keyof Aliases;
export const peers: readonly Peer[] = ['hadolint', 'trivy', 'checkov', 'kubeLinter', 'kubescape', 'pss', 'buildkit'];

export interface RuleDocs {
  /** Why the setting is a risk. */
  why: string;
  /** What an attacker gains when the risk is left in place. */
  attacker: string;
  /** How to fix it, in prose. */
  fix: string;
  /** A short bad / good pair, in the file's own language. */
  example?: { language: 'dockerfile' | 'yaml'; bad: string; good: string };
}

export interface RuleMeta {
  /** Stable forever; renamed rules keep their old id as an alias. */
  id: string;
  title: string;
  severity: Severity;
  appliesTo: readonly FileKind[];
  fixable: boolean;
  /** The least strict profile that turns the rule on. */
  profile: Profile;
  /**
   * The profile version the rule entered (default 1). A profile pinned below it (`recommended@1`
   * for a rule with `since: 2`) leaves the rule off, so upgrading never adds findings to a pinned project.
   */
  since?: number;
  /**
   * The defaults the rule had before a later profile version changed them, oldest first: under a
   * profile pinned to version N the first entry with `through` ≥ N applies instead of `severity`/`profile`.
   */
  earlierDefaults?: readonly { through: number; severity: Severity; profile: Profile }[];
  aliases: Aliases;
  docs: RuleDocs;
}

export interface ReportedFinding {
  range: Range;
  message: string;
  /**
   * A lower severity for this finding than the rule's (a secret in a discarded builder stage);
   * the engine never lets it raise the severity the user configured.
   */
  severity?: Severity;
  /**
   * The cluster itself refuses this (a Pod Security `enforce` namespace): reported as an error
   * whatever the rule's default, unless the user configured the rule's severity.
   */
  enforced?: boolean;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

/**
 * Besides the model, a rule sees the objects that decide how this file is judged (Namespaces,
 * Roles, NetworkPolicies): this file's own first, then, through the caller, the workspace's.
 */
export interface RuleContext extends WorkspaceObjects {
  report(finding: ReportedFinding): void;
  /** The configuration in force for this file (Pod Security level, allowed registries…). */
  config: ResolvedConfig;
  /**
   * A read-only view of files next to the checked one (e.g. `.dockerignore`), supplied by the
   * caller; undefined when absent or unknown. Rules never read files themselves.
   */
  siblingFile(relativePath: string): string | undefined;
  /** The namespace resources without `metadata.namespace` land in (a kustomization's `namespace:`). */
  defaultNamespace: string | undefined;
}

export interface Rule<K extends FileKind = FileKind> extends RuleMeta {
  appliesTo: readonly K[];
  /** Pure: reads the model, reports findings, never does I/O. */
  check(model: ModelByKind[K], context: RuleContext): void;
}

/** A rule of any kind; the engine only hands it models of the kinds it applies to. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds rules of every kind.
export type AnyRule = Rule<any>;

export function defineRule<K extends FileKind>(rule: Rule<K>): Rule<K> {
  return rule;
}
