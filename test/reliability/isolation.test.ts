import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rootUser } from '../../rules/dockerfile/root-user';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import { type AnyRule, defineRule } from '../../rules/engine/rule';

function testRule(id: string, check: AnyRule['check']): AnyRule {
  return defineRule({
    id,
    title: `Test rule ${id}`,
    severity: 'warning',
    appliesTo: ['dockerfile'],
    fixable: false,
    profile: 'recommended',
    aliases: {},
    docs: { why: 'test', attacker: 'test', fix: 'test' },
    check,
  });
}

const throwing = testRule('BH-T001', () => {
  throw new TypeError('boom');
});

const slow = testRule('BH-T002', (model, context) => {
  const until = performance.now() + 60;
  while (performance.now() < until) {
    // A rule stuck in a loop for a while, as a pathological regular expression would be.
  }
  context.report({ range: model.finalStage.from.getRange(), message: 'slow but done' });
});

const text = 'FROM alpine:3.20\nRUN apk add curl\n';

describe('rule isolation', () => {
  it('a rule that throws is reported once, naming it, and the other rules still run', () => {
    const ruleSet = createRuleSet([throwing, rootUser], builtinRules);
    const { findings } = analyze({ path: 'Dockerfile', text }, defaultConfig, ruleSet);
    assert.deepEqual(
      findings.map((finding) => [finding.ruleId, finding.message]),
      [
        ['internal-error', 'Rule BH-T001 failed on this file and was skipped: boom'],
        ['BH-D001', 'The image runs as root: the final stage never sets a non-root USER.'],
      ],
    );
  });

  it('a rule over its time budget is reported, naming it; its findings and the other rules stay', () => {
    const ruleSet = createRuleSet([slow, rootUser], builtinRules);
    const { findings } = analyze({ path: 'Dockerfile', text, ruleTimeBudgetMs: 20 }, defaultConfig, ruleSet);
    assert.deepEqual(
      findings.map((finding) => finding.ruleId),
      ['BH-T002', 'internal-error', 'BH-D001'],
    );
    assert.match(findings[1]?.message ?? '', /^Rule BH-T002 took \d+ ms on this file, more than its budget of 20 ms\./);
  });

  it('rules within the budget report nothing extra', () => {
    const ruleSet = createRuleSet([slow, rootUser], builtinRules);
    const { findings } = analyze({ path: 'Dockerfile', text, ruleTimeBudgetMs: 5000 }, defaultConfig, ruleSet);
    assert.deepEqual(
      findings.map((finding) => finding.ruleId),
      ['BH-T002', 'BH-D001'],
    );
  });
});
