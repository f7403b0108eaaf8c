import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig, mergeConfig } from '../../rules/engine/config';
import type { PodSecurityLevel } from '../../shared/settings';
import { corpusDir, corpusSkipReason } from '../helpers/corpus';

/**
 * Pod Security Admission's own conformance fixtures: at each level and version, every pass file
 * must yield no finding of a Pod Security rule, and every fail file a finding of a rule whose
 * `aliases.pss` names the check the file exercises. Profiles do not matter: every rule is on.
 */

const podSecurityRules = allRules.filter((rule) => (rule.aliases.pss ?? []).length > 0);
const ruleSet = createRuleSet(podSecurityRules, builtinRules);
const allOn = Object.fromEntries(podSecurityRules.map((rule) => [rule.id, 'on' as const]));

/** PSA check ids as its fixture file names spell them: lower case. */
const checkByFileName = new Map(
  podSecurityRules.flatMap((rule) => (rule.aliases.pss ?? []).map((check) => [check.toLowerCase(), check] as const)),
);

interface Outcome {
  file: string;
  problem: string;
}

function evaluate(level: PodSecurityLevel, version: string): { checked: number; failures: Outcome[] } {
  const config = mergeConfig(defaultConfig, { rules: allOn, podSecurity: { level, version } });
  const failures: Outcome[] = [];
  let checked = 0;
  for (const verdict of ['pass', 'fail'] as const) {
    const dir = join(corpusDir, 'psa', level, version, verdict);
    for (const name of readdirSync(dir).sort()) {
      checked++;
      const file = `${level}/${version}/${verdict}/${name}`;
      const findings = analyze({ path: name, text: readFileSync(join(dir, name), 'utf8') }, config, ruleSet).findings;
      const other = findings.filter((finding) => !podSecurityRules.some((rule) => rule.id === finding.ruleId));
      if (other.length > 0) failures.push({ file, problem: `unexpected ${other.map((f) => f.ruleId).join(', ')}` });
      if (verdict === 'pass') {
        if (findings.length > 0) {
          failures.push({
            file,
            problem: `admitted by PSA, but: ${findings.map((f) => `${f.ruleId} ${f.message}`).join(' | ')}`,
          });
        }
        continue;
      }
      const check = checkByFileName.get(name.replace(/\d+\.yaml$/, ''));
      const rulesForCheck = podSecurityRules.filter((rule) => check && rule.aliases.pss?.includes(check));
      if (!findings.some((finding) => rulesForCheck.some((rule) => rule.id === finding.ruleId))) {
        failures.push({
          file,
          problem: `rejected by PSA (${check ?? 'unknown check'}), but ${findings.length === 0 ? 'no finding' : findings.map((f) => f.ruleId).join(', ')}`,
        });
      }
    }
  }
  return { checked, failures };
}

describe('Pod Security Admission conformance fixtures', { skip: corpusSkipReason }, () => {
  for (const level of ['baseline', 'restricted'] as const) {
    it(`${level}: every version agrees with PSA on every fixture`, () => {
      const versions = readdirSync(join(corpusDir, 'psa', level)).sort(
        (a, b) => Number(a.slice(3)) - Number(b.slice(3)),
      );
      let checked = 0;
      const failures: Outcome[] = [];
      for (const version of versions) {
        const result = evaluate(level, version);
        checked += result.checked;
        failures.push(...result.failures);
      }
      console.log(
        `# PSA ${level}: ${checked - failures.length}/${checked} fixtures agree across ${versions.length} versions`,
      );
      assert.deepEqual(failures.slice(0, 20), []);
    });
  }
});
