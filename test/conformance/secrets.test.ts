import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import { allRules } from '../../rules/index';
import { corpusDir, corpusSkipReason } from '../helpers/corpus';

/**
 * Our verdict on Trivy's DS-0031 ("Secrets passed via build-args or envs or copied secret files")
 * fixtures. Trivy folds three things into one check, so the verdict is that of every rule aliasing it:
 * BH-D010 (ARG/ENV), BH-D011 (copied secret files) and BH-D013 (credentials on the command line).
 * Checkov has no Dockerfile secret check with a CKV_DOCKER id, so there is nothing of Checkov's to
 * compare. A fixture where we disagree on purpose is listed in `differences` with the reason.
 */

const differences: Record<string, string> = {
  'test_deny_secret_key[3]':
    '`ARG ARTIFACTORY_USR`: a user name is not a secret (Trivy counts `usr` as a secret word; BuildKit does not).',
  test_deny_secret_in_set_command:
    "`gcloud auth activate-service-account --key-file=${GOOGLE_APPLICATION_CREDENTIALS}` names a key file, it holds no credential; a key file copied into the image is BH-D011's concern.",
};

interface RegoCommand {
  Cmd: string;
  Value: string[];
  Flags?: string[];
}

interface RegoCase {
  test: string;
  input: { Stages: { Name: string; Commands: RegoCommand[] }[] };
  expected_deny_count?: number;
  expected_deny_count_min?: number;
}

/**
 * The Dockerfile line a Trivy command stands for. Trivy gives ENV as `[name, value, delimiter]`
 * triples, the delimiter `=` or empty for the legacy `ENV NAME value` form.
 */
function instructionLine(command: RegoCommand): string {
  const keyword = command.Cmd.toUpperCase();
  if (command.Cmd === 'env' && command.Value.length % 3 === 0) {
    const pairs: string[] = [];
    for (let index = 0; index < command.Value.length; index += 3) {
      const [name, value, delimiter] = command.Value.slice(index, index + 3);
      pairs.push(delimiter === '=' ? `${name}=${value}` : `${name} ${value}`);
    }
    return `${keyword} ${pairs.join(' ')}`;
  }
  return [keyword, ...(command.Flags ?? []), ...command.Value].join(' ');
}

function dockerfileOf(input: RegoCase['input']): string {
  return input.Stages.map((stage) => [`FROM ${stage.Name}`, ...stage.Commands.map(instructionLine)].join('\n'))
    .join('\n')
    .concat('\n');
}

function regoCases(checkId: string): RegoCase[] {
  const dir = join(corpusDir, 'trivy-docker', 'rego-cases');
  const file = readdirSync(dir).find((name) => name.startsWith(`${checkId}_`));
  assert.ok(file, `rego cases of ${checkId}`);
  return (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases: RegoCase[] }).cases;
}

describe('conformance of BH-D010, BH-D011 and BH-D013 with Trivy DS-0031', { skip: corpusSkipReason }, () => {
  const rules = allRules.filter((rule) => rule.aliases.trivy?.includes('DS-0031'));
  const ruleSet = createRuleSet(rules, builtinRules);
  /** A saved Dockerfile whose context keeps `.git` and `.env` out: whole-context copies are judged on what Trivy looks at. */
  const siblings: Record<string, string> = { Dockerfile: '', '.dockerignore': '.git\n.env\n' };
  const siblingFile = (name: string) => siblings[name];
  let agreed = 0;
  let total = 0;
  const differing: string[] = [];

  it('the rules that alias DS-0031 are the secret rules', () => {
    assert.deepEqual(rules.map((rule) => rule.id).sort(), ['BH-D010', 'BH-D011', 'BH-D013']);
  });

  it('agrees with every rego case but the listed differences', () => {
    const cases = regoCases('DS-0031');
    assert.ok(cases.length > 0);
    for (const regoCase of cases) {
      const text = dockerfileOf(regoCase.input);
      const peerFails = (regoCase.expected_deny_count ?? regoCase.expected_deny_count_min ?? 0) > 0;
      const findings = analyze({ path: 'Dockerfile', text, siblingFile }, defaultConfig, ruleSet).findings.filter(
        (finding) => finding.ruleId.startsWith('BH-'),
      );
      const ours = findings.length > 0;
      total++;
      if (differences[regoCase.test]) {
        assert.notEqual(ours, peerFails, `${regoCase.test} is listed as a difference but agrees`);
        differing.push(regoCase.test);
        continue;
      }
      assert.equal(
        ours,
        peerFails,
        `${regoCase.test}: Trivy ${peerFails ? 'fails' : 'passes'}, we ${ours ? `report ${findings.map((f) => f.ruleId).join(', ')}` : 'are silent'}\n${text}`,
      );
      if (regoCase.expected_deny_count !== undefined) {
        assert.equal(findings.length, regoCase.expected_deny_count, `${regoCase.test}: number of findings\n${text}`);
      }
      agreed++;
    }
  });

  it('lists only differences that exist in the corpus', () => {
    for (const test of Object.keys(differences)) assert.ok(differing.includes(test), `${test} not seen`);
    console.log(
      `secrets conformance: ${agreed}/${total} Trivy DS-0031 cases agree, ${differing.length} deliberate differences`,
    );
  });

  it('finds the corpus where the README says', () => {
    assert.ok(existsSync(join(corpusDir, 'trivy-docker', 'checks.json')));
    const { checks } = JSON.parse(readFileSync(join(corpusDir, 'trivy-docker', 'checks.json'), 'utf8')) as {
      checks: { id: string }[];
    };
    assert.ok(checks.some((check) => check.id === 'DS-0031'));
  });
});
