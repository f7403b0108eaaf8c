import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sshServer } from '../../rules/dockerfile/ssh-server';
import { unpinnedBaseImage } from '../../rules/dockerfile/unpinned-base-image';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import type { AnyRule } from '../../rules/engine/rule';
import { corpusDir, corpusSkipReason } from '../helpers/corpus';

/**
 * Our verdict on the peers' own pass/fail fixtures for every Checkov and Trivy check that BH-D002
 * (unpinned base image) and BH-D004 (SSH server) alias. A fixture where we disagree on purpose is
 * listed in `differences` with the reason; every other fixture must agree.
 */

interface Verdict {
  /** Where the fixture comes from, e.g. `trivy rego DS-0001 test_no_tag_denied`. */
  fixture: string;
  text: string;
  peerFails: boolean;
  /** For Checkov's `#checkov:skip=` fixtures: the peer skips the check, so we must suppress our finding. */
  peerSkips?: boolean;
}

const differences: Record<string, string> = {
  'trivy rego DS-0001 test_with_variables_denied':
    'The ARG is declared inside the first stage, so BuildKit does not use it in the next FROM, which expands to an empty image name: the Dockerfile does not build and there is no image to judge. Trivy treats the stage ARG as global.',
  'trivy rego DS-0001 test_deny_empty_tag_arg':
    '`ARG TAG` without default followed by `FROM alpine$TAG`: the tag comes from `--build-arg TAG=…`, so we do not guess that it is empty (BH-D002 never reports unresolvable values).',
};

const checkovChecks: Record<string, AnyRule> = { CKV_DOCKER_1: sshServer, CKV_DOCKER_7: unpinnedBaseImage };
const trivyChecks: Record<string, AnyRule> = { 'DS-0001': unpinnedBaseImage, 'DS-0004': sshServer };

function checkovVerdicts(checkId: string): Verdict[] {
  const root = join(corpusDir, 'checkov-docker');
  const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as {
    checks: { id: string; fixtures: string; failing_resources: string[]; passing_resources: string[] }[];
    runner_resources: { path: string; checks: string[] | string; expected: { failed?: number } }[];
  };
  const check = expected.checks.find((entry) => entry.id === checkId);
  assert.ok(check, `${checkId} in expected.json`);
  const verdicts: Verdict[] = readdirSync(join(root, check.fixtures)).map((folder) => {
    const peerFails = check.failing_resources.some((resource) => resource.startsWith(`/${folder}/`));
    const passes = check.passing_resources.some((resource) => resource.startsWith(`/${folder}/`));
    assert.ok(peerFails !== passes, `${checkId} ${folder} is either passing or failing`);
    return {
      fixture: `checkov ${checkId} ${folder}`,
      text: readFileSync(join(root, check.fixtures, folder, 'Dockerfile'), 'utf8'),
      peerFails,
    };
  });
  for (const runner of expected.runner_resources) {
    if (!Array.isArray(runner.checks) || !runner.checks.includes(checkId) || runner.path.includes('skip')) continue;
    const failed = runner.expected.failed ?? 0;
    // With several checks run at once a failure cannot be pinned on this one.
    if (runner.checks.length > 1 && failed > 0) continue;
    const file = runner.path.endsWith('Dockerfile') ? runner.path : join(runner.path, 'Dockerfile');
    verdicts.push({
      fixture: `checkov ${checkId} ${runner.path}`,
      text: readFileSync(join(root, file), 'utf8'),
      peerFails: failed > 0,
    });
  }
  for (const skipFolder of ['expose_port/skip', 'wildcard_skip']) {
    const text = readFileSync(join(root, 'runner_resources', skipFolder, 'Dockerfile'), 'utf8');
    if (text.includes(`checkov:skip=${checkId}`)) {
      verdicts.push({ fixture: `checkov ${checkId} ${skipFolder}`, text, peerFails: true, peerSkips: true });
    }
  }
  return verdicts;
}

interface RegoCase {
  test: string;
  input: { Stages: { Name: string; Commands: { Cmd: string; Value: string[]; Flags?: string[] }[] }[] };
  expected_deny_count?: number;
  expected_deny_count_min?: number;
}

/** Rebuilds the Dockerfile a Rego test describes: each stage's commands in order, its FROM first when the test leaves it out. */
function dockerfileFromRegoInput(input: RegoCase['input']): string {
  const lines: string[] = [];
  for (const stage of input.Stages) {
    if (stage.Name !== '' && !stage.Commands.some((command) => command.Cmd === 'from'))
      lines.push(`FROM ${stage.Name}`);
    for (const command of stage.Commands) {
      lines.push([command.Cmd.toUpperCase(), ...(command.Flags ?? []), ...command.Value].join(' '));
    }
  }
  return `${lines.join('\n')}\n`;
}

function trivyVerdicts(checkId: string): Verdict[] {
  const root = join(corpusDir, 'trivy-docker');
  const casesDir = join(root, 'cases');
  const verdicts: Verdict[] = [];
  for (const folder of readdirSync(casesDir).filter((name) => name.startsWith(`${checkId}_`))) {
    for (const file of readdirSync(join(casesDir, folder))) {
      verdicts.push({
        fixture: `trivy example ${folder}/${file}`,
        text: readFileSync(join(casesDir, folder, file), 'utf8'),
        peerFails: file.startsWith('bad'),
      });
    }
  }
  const regoDir = join(root, 'rego-cases');
  for (const file of readdirSync(regoDir).filter((name) => name.startsWith(`${checkId}_`))) {
    const { cases } = JSON.parse(readFileSync(join(regoDir, file), 'utf8')) as { cases: RegoCase[] };
    for (const regoCase of cases) {
      verdicts.push({
        fixture: `trivy rego ${checkId} ${regoCase.test}`,
        text: dockerfileFromRegoInput(regoCase.input),
        peerFails: (regoCase.expected_deny_count ?? regoCase.expected_deny_count_min ?? 0) > 0,
      });
    }
  }
  return verdicts;
}

function judge(rule: AnyRule, verdict: Verdict): { fails: boolean; suppressed: boolean } {
  const analysis = analyze(
    { path: 'Dockerfile', text: verdict.text, languageId: 'dockerfile' },
    defaultConfig,
    createRuleSet([rule], builtinRules),
  );
  return {
    fails: analysis.findings.some((finding) => finding.ruleId === rule.id),
    suppressed: analysis.suppressed.some(({ finding }) => finding.ruleId === rule.id),
  };
}

describe('conformance of BH-D002 and BH-D004 with Checkov and Trivy', { skip: corpusSkipReason }, () => {
  const suites: [string, AnyRule, () => Verdict[]][] = [
    ...Object.entries(checkovChecks).map(([id, rule]): [string, AnyRule, () => Verdict[]] => [
      `checkov ${id}`,
      rule,
      () => checkovVerdicts(id),
    ]),
    ...Object.entries(trivyChecks).map(([id, rule]): [string, AnyRule, () => Verdict[]] => [
      `trivy ${id}`,
      rule,
      () => trivyVerdicts(id),
    ]),
  ];
  let agreed = 0;
  let total = 0;
  const differing: string[] = [];

  for (const [name, rule, verdicts] of suites) {
    it(`${rule.id} agrees with ${name}`, () => {
      const all = verdicts();
      assert.ok(all.length > 0, `no fixtures for ${name}`);
      for (const verdict of all) {
        const ours = judge(rule, verdict);
        total++;
        const agrees = verdict.peerSkips ? ours.suppressed && !ours.fails : ours.fails === verdict.peerFails;
        const reason = differences[verdict.fixture];
        if (reason) {
          assert.ok(!agrees, `${verdict.fixture} is listed as a difference but agrees; remove it from the table`);
          differing.push(verdict.fixture);
          continue;
        }
        assert.ok(
          agrees,
          `${verdict.fixture}: ${name} ${verdict.peerSkips ? 'skips' : verdict.peerFails ? 'fails' : 'passes'}, ${rule.id} ${ours.fails ? 'reports' : ours.suppressed ? 'is suppressed' : 'is silent'}\n${verdict.text}`,
        );
        agreed++;
      }
    });
  }

  it('lists only differences that exist in the corpus', () => {
    for (const fixture of Object.keys(differences)) assert.ok(differing.includes(fixture), `${fixture} not seen`);
    console.log(
      `image-and-runtime conformance: ${agreed}/${total} peer fixtures agree, ${differing.length} deliberate differences`,
    );
  });

  it('finds the corpus where the README says', () => {
    assert.ok(existsSync(join(corpusDir, 'checkov-docker', 'expected.json')));
    assert.ok(existsSync(join(corpusDir, 'trivy-docker', 'checks.json')));
  });
});
