import { type Profile, parseProfile, profiles, severities } from '../../shared/settings';
import { kustomizationNamespace } from '../model/namespaces';
import { kindFromName, type Model, parseFile } from '../model/parse';
import type { SourceText } from '../model/source';
import { noFileObjects, objectsIn, type WorkspaceObjects, withLocalObjects } from '../model/workspace-objects';
import {
  fileTooLargeRule,
  internalErrorRule,
  parseErrorRule,
  suppressionWithoutReasonRule,
  unusedSuppressionRule,
} from './builtin';
import type { ResolvedConfig } from './config';
import { type ResourceSpan, resourceSpans } from './resources';
import type { AnyRule, ReportedFinding, RuleContext, RuleMeta } from './rule';
import {
  type AliasIndex,
  applySuppressions,
  buildAliasIndex,
  collectSuppressions,
  configSuppressions,
  type Suppression,
} from './suppressions';
import type { FileKind, Finding, Severity } from './types';

export interface RuleSet {
  rules: readonly AnyRule[];
  byId: ReadonlyMap<string, RuleMeta>;
  aliases: AliasIndex;
}

export function createRuleSet(rules: readonly AnyRule[], builtins: readonly RuleMeta[]): RuleSet {
  const byId = new Map<string, RuleMeta>();
  for (const rule of [...builtins, ...rules]) {
    if (byId.has(rule.id)) throw new Error(`Duplicate rule id ${rule.id}`);
    byId.set(rule.id, rule);
  }
  return { rules, byId, aliases: buildAliasIndex(rules) };
}

export interface AnalyzeInput {
  path: string;
  text: string;
  /** The editor's language id, when known; it decides the kind before the file name does. */
  languageId?: string;
  /** Reads a file relative to this one's directory, for rules that need the build context. */
  siblingFile?: (relativePath: string) => string | undefined;
  /** Namespaces, Roles and NetworkPolicies defined in other files of the workspace. */
  workspace?: WorkspaceObjects;
  /** How long one rule may take on this file before it is reported as too slow (default `ruleTimeBudget`). */
  ruleTimeBudgetMs?: number;
}

/**
 * Rules run in the editor's process and cannot be interrupted, so a rule that takes longer than this
 * on one file is reported (naming the rule, so users can turn it off and report the file) after the fact.
 * A second, plus 2 ms per thousand characters: rules are linear in the file, so only a pathological
 * rule or input goes over.
 */
export function ruleTimeBudget(text: string): number {
  return 1000 + Math.round(text.length / 500);
}

export interface Analysis {
  /** Undefined for files Bulkhead does not check (unrelated YAML, other files). */
  kind: FileKind | undefined;
  findings: Finding[];
  suppressed: { finding: Finding; by: Suppression }[];
  /** The parsed source, for callers that apply fixes or map offsets. */
  source: SourceText | undefined;
  /** The file's objects, services or stages, for the baseline; absent when the file did not parse. */
  resources?: ResourceSpan[];
}

/**
 * A rule's default severity and profile under a profile version; undefined when the rule entered a
 * later version. Unpinned profiles (version undefined) get every rule with its current defaults.
 */
export function ruleDefaults(
  rule: RuleMeta,
  version: number | undefined,
): { severity: Severity; profile: Profile } | undefined {
  if (version === undefined) return { severity: rule.severity, profile: rule.profile };
  if ((rule.since ?? 1) > version) return undefined;
  const earlier = rule.earlierDefaults?.find((defaults) => defaults.through >= version);
  return earlier ?? { severity: rule.severity, profile: rule.profile };
}

/** The severity a rule reports with under the configuration, or undefined when it is off. */
export function configuredSeverity(rule: RuleMeta, config: ResolvedConfig): Severity | undefined {
  const setting = config.rules[rule.id];
  if (setting === 'off') return undefined;
  const profile = parseProfile(config.profile) ?? { name: 'recommended', version: undefined };
  const defaults = ruleDefaults(rule, profile.version);
  // A rule named in the configuration is the user's choice, whatever the profile's version says.
  if (setting !== undefined && setting !== 'on') return setting;
  if (setting === 'on') return defaults?.severity ?? rule.severity;
  if (!defaults || profiles.indexOf(defaults.profile) > profiles.indexOf(profile.name)) return undefined;
  return defaults.severity;
}

export function analyze(input: AnalyzeInput, config: ResolvedConfig, ruleSet: RuleSet): Analysis {
  if (input.text.length > config.maxFileSize) return tooLarge(input, config);
  const outcome = parseFile(input.path, input.text, input.languageId);
  if (outcome.kind === undefined) return { kind: undefined, findings: [], suppressed: [], source: undefined };
  const findings: Finding[] = [];
  if (outcome.problem) {
    findings.push({ ruleId: parseErrorRule.id, fixes: [], ...outcome.problem });
  }
  const model = outcome.model;
  if (!model) return { kind: outcome.kind, findings, suppressed: [], source: outcome.source };

  const context = ruleContext(input, model, config);
  for (const rule of ruleSet.rules) {
    const severity = rule.appliesTo.includes(model.kind) ? configuredSeverity(rule, config) : undefined;
    if (severity)
      findings.push(...runRule(rule, model, severity, context, input.ruleTimeBudgetMs ?? ruleTimeBudget(input.text)));
  }
  const resources = resourceSpans(model);
  const inline = config.allowInlineSuppressions
    ? collectSuppressions(model, ruleSet.aliases, new Set(ruleSet.byId.keys()), {
        manifestAnnotations: config.allowManifestAnnotations,
      })
    : [];
  // Inline suppressions come first so that one covered by the configuration too is not reported unused.
  const suppressions = [...inline, ...configSuppressions(input.path, config.suppress, resources)];
  const { kept, suppressed, unused } = applySuppressions(findings, suppressions);
  kept.push(...unusedSuppressionFindings(unused, model, config, ruleSet));
  // Configuration entries without a reason are errors in the configuration file, not findings here.
  if (config.requireReason) kept.push(...reasonlessSuppressionFindings(inline, config));
  kept.sort(byPosition);
  return { kind: model.kind, findings: kept, suppressed, source: model.source, resources };
}

const noSiblings = () => undefined;

function ruleContext(input: AnalyzeInput, model: Model, config: ResolvedConfig): Omit<RuleContext, 'report'> {
  const siblingFile = input.siblingFile ?? noSiblings;
  const local = model.kind === 'kubernetes' ? objectsIn(model) : noFileObjects;
  let kustomized: { namespace: string | undefined } | undefined;
  return {
    ...withLocalObjects(local, input.workspace, input.path),
    config,
    siblingFile,
    get defaultNamespace() {
      kustomized ??= {
        namespace: kustomizationNamespace(
          siblingFile('kustomization.yaml') ?? siblingFile('kustomization.yml') ?? siblingFile('Kustomization'),
        ),
      };
      return kustomized.namespace;
    },
  };
}

function lowerSeverity(configured: Severity, reported: Severity | undefined): Severity {
  return reported && severities.indexOf(reported) > severities.indexOf(configured) ? reported : configured;
}

/** Only the head of a huge file is read, to tell whether it is ours at all. */
function tooLarge(input: AnalyzeInput, config: ResolvedConfig): Analysis {
  const nameKind = kindFromName(input.path, input.languageId);
  const head = input.text.slice(0, 64 * 1024);
  const kind =
    nameKind === 'yaml'
      ? /^(apiVersion|kind)\s*:/m.test(head)
        ? 'kubernetes'
        : /^services\s*:/m.test(head)
          ? 'compose'
          : undefined
      : nameKind;
  if (!kind) return { kind: undefined, findings: [], suppressed: [], source: undefined };
  const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return {
    kind,
    findings: [
      {
        ruleId: fileTooLargeRule.id,
        severity: fileTooLargeRule.severity,
        message: `This file (${megabytes(input.text.length)}) is larger than maxFileSize (${megabytes(config.maxFileSize)}); Bulkhead does not check it.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        fixes: [],
      },
    ],
    suppressed: [],
    source: undefined,
  };
}

function runRule(
  rule: AnyRule,
  model: Model,
  severity: Severity,
  context: Omit<RuleContext, 'report'>,
  budgetMs: number,
): Finding[] {
  const reported: ReportedFinding[] = [];
  const started = performance.now();
  try {
    rule.check(model, { ...context, report: (finding) => reported.push(finding) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [internalError(`Rule ${rule.id} failed on this file and was skipped: ${reason}`)];
  }
  const elapsed = performance.now() - started;
  const userChoseSeverity = !['on', undefined].includes(context.config.rules[rule.id]);
  const findings: Finding[] = reported.map(({ enforced, severity: lower, ...finding }) => ({
    ruleId: rule.id,
    fixes: [],
    ...finding,
    severity: enforced && !userChoseSeverity ? 'error' : lowerSeverity(severity, lower),
  }));
  if (elapsed > budgetMs) {
    findings.push(
      internalError(
        `Rule ${rule.id} took ${Math.round(elapsed)} ms on this file, more than its budget of ${budgetMs} ms. Please report the file; turn ${rule.id} off meanwhile if the editor feels slow.`,
      ),
    );
  }
  return findings;
}

function internalError(message: string): Finding {
  return {
    ruleId: internalErrorRule.id,
    severity: internalErrorRule.severity,
    message,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    fixes: [],
  };
}

function reasonlessSuppressionFindings(suppressions: readonly Suppression[], config: ResolvedConfig): Finding[] {
  const severity = configuredSeverity(suppressionWithoutReasonRule, config);
  if (!severity) return [];
  return suppressions
    .filter((suppression) => suppression.reason === undefined)
    .map((suppression) => ({
      ruleId: suppressionWithoutReasonRule.id,
      severity,
      message: `This suppression of ${suppression.writtenIds.join(', ')} gives no reason; requireReason is on.`,
      range: suppression.range,
      fixes: [],
    }));
}

function unusedSuppressionFindings(
  unused: readonly Suppression[],
  model: Model,
  config: ResolvedConfig,
  ruleSet: RuleSet,
): Finding[] {
  const severity = configuredSeverity(unusedSuppressionRule, config);
  if (!severity) return [];
  return unused
    .filter((suppression) => suppression.syntax === 'bulkhead')
    .filter(
      (suppression) =>
        suppression.writtenIds.some((id) => isCheckedHere(ruleSet.byId.get(id), model.kind, config)) ||
        suppression.ruleIds.size === 0,
    )
    .map((suppression) => {
      const unknown = suppression.writtenIds.filter((id) => !ruleSet.byId.has(id));
      return {
        ruleId: unusedSuppressionRule.id,
        severity,
        message:
          unknown.length > 0
            ? `Unknown rule id ${unknown.map((id) => `"${id}"`).join(', ')} in suppression comment.`
            : `This suppression of ${suppression.writtenIds.join(', ')} matches no finding; remove it.`,
        range: suppression.range,
        fixes: [{ title: 'Remove unused suppression comment', edits: [removeCommentEdit(model.source, suppression)] }],
      };
    });
}

function isCheckedHere(rule: RuleMeta | undefined, kind: FileKind, config: ResolvedConfig): boolean {
  return rule?.appliesTo.includes(kind) === true && configuredSeverity(rule, config) !== undefined;
}

/** Deletes the comment's whole line when it stands alone, else just the comment and the blanks before it. */
function removeCommentEdit(source: SourceText, suppression: Suppression) {
  const { start, end } = suppression.range;
  const line = source.lineText(start.line);
  const before = line.slice(0, start.character);
  if (before.trim() === '') {
    const nextLine = { line: start.line + 1, character: 0 };
    const lineEnd = start.line + 1 < source.lineCount ? nextLine : { line: start.line, character: line.length };
    return { range: { start: { line: start.line, character: 0 }, end: lineEnd }, newText: '' };
  }
  return { range: { start: { line: start.line, character: before.trimEnd().length }, end }, newText: '' };
}

function byPosition(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
