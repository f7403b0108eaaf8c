import assert from 'node:assert/strict';
import { analyze } from '../../rules/engine/analyze';
import { type ConfigOverrides, defaultConfig, mergeConfig, type ResolvedConfig } from '../../rules/engine/config';
import { applyTextEdits, compatibleEdits, preferredFix } from '../../rules/engine/edits';
import type { Finding, Range } from '../../rules/engine/types';
import { defaultRuleSet } from '../../rules/index';

/** Every rule on, so the fuzzer reaches the strict-profile checks too. */
export const fuzzConfig: ResolvedConfig = mergeConfig(defaultConfig, {
  profile: 'strict',
  allowedRegistries: ['registry.example.com'],
  requireReason: true,
} satisfies ConfigOverrides);

/** Cases per property: a short run in `npm test`, `FUZZ_RUNS` of them in `npm run fuzz`. */
export function fuzzParameters(short: number): { numRuns: number; includeErrorInReport: boolean } {
  const runs = Number(process.env.FUZZ_RUNS);
  return { numRuns: Number.isFinite(runs) && runs > 0 ? runs : short, includeErrorInReport: true };
}

export interface FuzzDocument {
  path: string;
  text: string;
}

function findingsOf(document: FuzzDocument, text = document.text): Finding[] {
  return analyze({ path: document.path, text }, fuzzConfig, defaultRuleSet).findings;
}

function describeFinding(finding: Finding): string {
  const { start, end } = finding.range;
  return `${finding.ruleId} ${start.line}:${start.character}-${end.line}:${end.character} ${finding.message}`;
}

/** The lines of a text as an editor counts them: \r\n, \r and \n all end a line. */
function editorLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function assertRangeInside(text: string, range: Range, what: string): void {
  const lines = editorLines(text);
  for (const position of [range.start, range.end]) {
    assert.ok(Number.isInteger(position.line) && position.line >= 0, `${what}: line ${position.line}`);
    assert.ok(position.line < lines.length, `${what}: line ${position.line} of ${lines.length}`);
    const length = lines[position.line]?.length ?? 0;
    assert.ok(
      Number.isInteger(position.character) && position.character >= 0 && position.character <= length,
      `${what}: character ${position.character} outside line ${position.line} (${length} UTF-16 units)`,
    );
  }
  const { start, end } = range;
  assert.ok(
    start.line < end.line || (start.line === end.line && start.character <= end.character),
    `${what}: end before start`,
  );
  // A range never splits a surrogate pair: an editor could not show or replace half a character.
  for (const position of [start, end]) {
    const line = lines[position.line] ?? '';
    const before = line.charCodeAt(position.character - 1);
    assert.ok(!(before >= 0xd800 && before <= 0xdbff), `${what}: position inside a surrogate pair`);
  }
}

function parseErrors(findings: readonly Finding[]): string[] {
  return findings.filter((finding) => finding.ruleId === 'parse-error').map((finding) => finding.message);
}

/** Findings like this one: a rule may report a second problem only once the first is fixed (PSA does so). */
function countLike(findings: readonly Finding[], like: Finding): number {
  return findings.filter((finding) => finding.ruleId === like.ruleId && finding.message === like.message).length;
}

/**
 * The properties every document must keep, whatever its text:
 * analysis never throws and never needs `internal-error`; every range (finding, related location,
 * edit) lies inside the document; every preferred fix applies, re-parses, removes a finding of its
 * rule and is not offered again; applying all fixes round by round settles and never adds a finding
 * of a fixed rule that was not there before.
 */
export function assertDocumentProperties(document: FuzzDocument): void {
  const findings = findingsOf(document);
  const internal = findings.filter((finding) => finding.ruleId === 'internal-error');
  assert.deepEqual(internal.map(describeFinding), [], 'no rule fails');
  for (const finding of findings) {
    assertRangeInside(document.text, finding.range, describeFinding(finding));
    for (const related of finding.related ?? []) {
      if (!related.path) assertRangeInside(document.text, related.range, `related of ${describeFinding(finding)}`);
    }
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) assertRangeInside(document.text, edit.range, `edit of ${describeFinding(finding)}`);
    }
  }
  if (parseErrors(findings).length > 0) return;

  for (const finding of findings) {
    const fix = preferredFix(finding);
    if (!fix) continue;
    const fixed = applyTextEdits(document.text, fix.edits);
    assert.notEqual(fixed, document.text, `fix "${fix.title}" of ${describeFinding(finding)} changes the text`);
    const after = findingsOf(document, fixed);
    const what = `fix "${fix.title}" of ${describeFinding(finding)}\n--- fixed text ---\n${fixed}`;
    assert.deepEqual(parseErrors(after), [], `${what}\nre-parses`);
    assert.deepEqual(after.filter((f) => f.ruleId === 'internal-error').map(describeFinding), [], what);
    assert.ok(
      countLike(after, finding) < countLike(findings, finding),
      `${what}\nremoves its finding; still: ${after
        .filter((f) => f.ruleId === finding.ruleId)
        .map(describeFinding)
        .join('; ')}`,
    );
  }

  assertFixAllSettles(document, findings);
}

const maxRounds = 10;

function assertFixAllSettles(document: FuzzDocument, before: readonly Finding[]): void {
  let text = document.text;
  let findings = before;
  const fixedRules = new Set<string>();
  let round = 0;
  for (; round < maxRounds; round++) {
    const edits = compatibleEdits(findings);
    if (edits.length === 0) break;
    for (const finding of findings) if (preferredFix(finding)) fixedRules.add(finding.ruleId);
    const next = applyTextEdits(text, edits);
    if (next === text) break;
    text = next;
    findings = findingsOf(document, text);
    assert.deepEqual(parseErrors(findings), [], `fix-all round ${round + 1} re-parses:\n${text}`);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error').map(describeFinding), []);
    for (const finding of findings)
      assertRangeInside(text, finding.range, `after fix-all: ${describeFinding(finding)}`);
  }
  assert.ok(round < maxRounds, `fix-all settles within ${maxRounds} rounds:\n${text}`);
  const messagesBefore = new Map<string, number>();
  for (const finding of before) {
    const key = `${finding.ruleId} ${finding.message}`;
    messagesBefore.set(key, (messagesBefore.get(key) ?? 0) + 1);
  }
  for (const ruleId of fixedRules) {
    const added = findings
      .filter((finding) => finding.ruleId === ruleId)
      .filter((finding) => {
        const key = `${finding.ruleId} ${finding.message}`;
        const left = messagesBefore.get(key) ?? 0;
        messagesBefore.set(key, left - 1);
        return left <= 0;
      });
    assert.deepEqual(added.map(describeFinding), [], `fix-all adds no finding of ${ruleId}:\n${text}`);
  }
}

/**
 * Positions count UTF-16 units, not bytes or code points: replacing every non-ASCII character by as
 * many `é` as it has UTF-16 units (an emoji, one code point of four UTF-8
 * bytes, becomes `éé`, two code points of four bytes; a CJK character of three bytes becomes `é`) keeps every finding's rule and range. Non-ASCII stays non-ASCII, so what rules decide is unchanged.
 */
export function assertPositionsIgnoreNonAscii(document: FuzzDocument): void {
  const replaced = document.text.replace(/[^ -~\t\n\ré]/gu, (character) => 'é'.repeat(character.length));
  if (replaced === document.text) return;
  const key = (finding: Finding) => {
    const { start, end } = finding.range;
    return `${finding.ruleId} ${start.line}:${start.character}-${end.line}:${end.character}`;
  };
  const original = findingsOf(document).map(key);
  const mapped = findingsOf(document, replaced).map(key);
  assert.deepEqual(original, mapped, 'the same findings at the same UTF-16 positions');
}
