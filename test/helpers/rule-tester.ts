import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { type ConfigOverrides, defaultConfig, mergeConfig } from '../../rules/engine/config';
import { applyTextEdits } from '../../rules/engine/edits';
import type { AnyRule } from '../../rules/engine/rule';
import type { Finding, Range, Severity } from '../../rules/engine/types';
import { objectsInText, type WorkspaceObjects, workspaceObjects } from '../../rules/model/workspace-objects';

export interface ValidCase {
  name: string;
  text: string;
  /** The file name decides the kind; defaults to Dockerfile or a manifest by the rule's kind. */
  path?: string;
  /** Other files of the workspace (path → text): their Namespaces, Roles and NetworkPolicies count. */
  workspace?: Record<string, string>;
  /** Files next to the checked one (relative path → text), as `siblingFile` reads them. */
  siblings?: Record<string, string>;
}

export interface InvalidCase extends ValidCase {
  /**
   * Expected findings of the rule, as `line:col-line:col`, 1-based as an editor shows them; related
   * locations as `path:line:col-line:col` (no path in the same file).
   */
  findings: { range: string; message?: RegExp; related?: string[]; severity?: Severity }[];
  /** Text after applying each fix of the first finding, in order; omit for findings without fixes. */
  fixed?: string[];
}

export function formatRange(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

function workspaceOf(files: Record<string, string>): WorkspaceObjects {
  const objects = Object.entries(files).map(([path, text]) => objectsInText(path, text));
  return workspaceObjects(() => objects);
}

function defaultPath(rule: AnyRule): string {
  return rule.appliesTo[0] === 'dockerfile'
    ? 'Dockerfile'
    : rule.appliesTo[0] === 'compose'
      ? 'compose.yaml'
      : 'manifest.yaml';
}

/**
 * A RuleTester in the ESLint tradition: valid cases yield no finding of the rule; invalid ones yield
 * exactly the listed findings, and each fix produces the expected text, which re-parses cleanly and
 * no longer has any finding of the rule (so applying the fix again changes nothing).
 */
export function testRule(
  rule: AnyRule,
  cases: { valid: ValidCase[]; invalid: InvalidCase[] },
  options: { config?: ConfigOverrides } = {},
): void {
  const ruleSet = createRuleSet([rule], builtinRules);
  // The rule under test is on whatever its profile; profiles are tested on their own.
  const config = mergeConfig(defaultConfig, { rules: { [rule.id]: 'on' } }, options.config ?? {});
  const run = (
    path: string,
    text: string,
    files?: Record<string, string>,
    siblings?: Record<string, string>,
  ): Finding[] =>
    analyze(
      {
        path,
        text,
        workspace: files && workspaceOf(files),
        siblingFile:
          siblings && ((relativePath) => (Object.hasOwn(siblings, relativePath) ? siblings[relativePath] : undefined)),
      },
      config,
      ruleSet,
    ).findings;
  const ofRule = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === rule.id);

  describe(`${rule.id} ${rule.title}`, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        const findings = run(testCase.path ?? defaultPath(rule), testCase.text, testCase.workspace, testCase.siblings);
        assert.deepEqual(
          ofRule(findings).map((f) => `${formatRange(f.range)} ${f.message}`),
          [],
        );
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const path = testCase.path ?? defaultPath(rule);
        const findings = ofRule(run(path, testCase.text, testCase.workspace, testCase.siblings));
        assert.deepEqual(
          findings.map((f) => formatRange(f.range)),
          testCase.findings.map((f) => f.range),
        );
        testCase.findings.forEach((expected, index) => {
          if (expected.message) assert.match(findings[index]?.message ?? '', expected.message);
          if (expected.severity) assert.equal(findings[index]?.severity, expected.severity, 'severity');
          if (expected.related) {
            assert.deepEqual(
              (findings[index]?.related ?? []).map((related) => `${related.path ?? ''}:${formatRange(related.range)}`),
              expected.related,
            );
          }
        });
        // Every finding can be suppressed: a file-level comment at the end of the file silences them all.
        const eol = testCase.text.includes('\r\n') ? '\r\n' : '\n';
        const separator = testCase.text === '' || testCase.text.endsWith('\n') ? '' : eol;
        const suppressed = `${testCase.text}${separator}# bulkhead-ignore-file ${rule.id} -- rule tester${eol}`;
        assert.deepEqual(
          ofRule(run(path, suppressed, testCase.workspace, testCase.siblings)).map((f) => formatRange(f.range)),
          [],
          'suppressed by a bulkhead-ignore-file comment',
        );
        const fixes = findings[0]?.fixes ?? [];
        assert.equal(fixes.length, testCase.fixed?.length ?? 0, 'number of fixes');
        fixes.forEach((fix, index) => {
          const fixedText = applyTextEdits(testCase.text, fix.edits);
          assert.equal(fixedText, testCase.fixed?.[index], `text after fix "${fix.title}"`);
          const after = run(path, fixedText, testCase.workspace, testCase.siblings);
          assert.deepEqual(
            after.filter((f) => f.ruleId === 'parse-error').map((f) => f.message),
            [],
            'fixed text parses',
          );
          if (testCase.findings.length === 1)
            assert.deepEqual(
              ofRule(after).map((f) => f.message),
              [],
              'fix removes the finding',
            );
        });
      });
    }
  });
}
