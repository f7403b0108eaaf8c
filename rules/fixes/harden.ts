import { type Analysis, analyze, type RuleSet } from '../engine/analyze';
import type { ResolvedConfig } from '../engine/config';
import { applyTextEdits, compatibleEdits, preferredFix } from '../engine/edits';
import type { Finding, Fix, Position, TextEdit } from '../engine/types';
import { SourceText } from '../model/source';
import { parseYaml } from '../model/yaml';

export interface Hardening {
  /** One edit from the first to the last changed character: everything around it is left alone. */
  edit: TextEdit;
  /** Pod Security findings left in the document that no fix can settle (hostPath volumes…). */
  unresolved: Finding[];
}

const maxRounds = 8;

/**
 * "Harden to restricted": applies, round after round on the re-parsed text, a fix of every Pod
 * Security finding in the YAML document holding `at`, checked at the restricted level of the
 * configured version, until none is left that a fix can settle. Undefined when nothing changes.
 */
export function hardenToRestricted(
  file: { path: string; text: string },
  at: Position,
  config: ResolvedConfig,
  ruleSet: RuleSet,
): Hardening | undefined {
  const podSecurityRules = ruleSet.rules.filter((rule) => (rule.aliases.pss ?? []).length > 0);
  const restricted: ResolvedConfig = {
    ...config,
    podSecurity: { ...config.podSecurity, level: 'restricted' },
    rules: { ...config.rules, ...Object.fromEntries(podSecurityRules.map((rule) => [rule.id, 'on' as const])) },
  };
  const isPodSecurity = (finding: Finding) => podSecurityRules.some((rule) => rule.id === finding.ruleId);
  const documentIndex = documentAt(file.text, at);
  if (documentIndex === undefined) return undefined;
  let text = file.text;
  let candidate = text;
  let findings: Finding[] = [];
  for (let round = 0; round <= maxRounds; round++) {
    const analysis: Analysis = analyze({ path: file.path, text: candidate }, restricted, ruleSet);
    // Fixes are checked one by one; should a combination ever not parse, keep the last text that did.
    if (analysis.findings.some((finding) => finding.ruleId === 'parse-error')) break;
    text = candidate;
    findings = analysis.findings.filter(
      (finding) => isPodSecurity(finding) && documentAt(text, finding.range.start) === documentIndex,
    );
    const edits = compatibleEdits(findings, fixOf);
    if (edits.length === 0 || round === maxRounds) break;
    candidate = applyTextEdits(text, edits);
  }
  if (text === file.text) return undefined;
  return { edit: changedSpan(file.path, file.text, text), unresolved: findings };
}

/** The preferred fix, or the only offer there is (such as a replacement UID for `runAsUser: 0`). */
function fixOf(finding: Finding): Fix | undefined {
  return preferredFix(finding) ?? finding.fixes[0];
}

function documentAt(text: string, position: Position): number | undefined {
  const source = new SourceText('harden.yaml', text);
  const offset = source.document.offsetAt(position);
  const documents = parseYaml(source).documents;
  return documents.find((document) => offset <= (document.document.range?.[2] ?? 0))?.index;
}

function changedSpan(path: string, before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  const source = new SourceText(path, before);
  return { range: source.rangeAt(start, before.length - end), newText: after.slice(start, after.length - end) };
}
