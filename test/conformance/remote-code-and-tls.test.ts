import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { addInsteadOfCopy } from '../../rules/dockerfile/add-instead-of-copy';
import { addUrlWithoutChecksum } from '../../rules/dockerfile/add-url-without-checksum';
import { pipeWithoutPipefail } from '../../rules/dockerfile/pipe-without-pipefail';
import { remoteScriptPipedToShell } from '../../rules/dockerfile/remote-script-piped-to-shell';
import { sudo } from '../../rules/dockerfile/sudo';
import { verificationDisabled } from '../../rules/dockerfile/verification-disabled';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import type { AnyRule } from '../../rules/engine/rule';
import { parseDockerfile } from '../../rules/model/dockerfile';
import { SourceText } from '../../rules/model/source';
import { corpusDir, corpusSkipReason, filesUnder } from '../helpers/corpus';

/** The rules of this set; those with Checkov or Trivy aliases are checked against the peers' fixtures. */
const rules: readonly AnyRule[] = [
  remoteScriptPipedToShell,
  addUrlWithoutChecksum,
  addInsteadOfCopy,
  verificationDisabled,
  sudo,
  pipeWithoutPipefail,
];

/**
 * Where we disagree with a peer on purpose. `fewerFailures` counts the instructions of `resource`
 * (Checkov's `<file>.<INSTRUCTION>` name) that the peer fails and we pass.
 */
const differences: { check: string; resource: string; fewerFailures: number; reason: string }[] = [
  ...['CKV2_DOCKER_5', 'CKV2_DOCKER_6', 'CKV2_DOCKER_14'].map((check) => ({
    check,
    resource: 'fail/Dockerfile.basic.ARG',
    fewerFailures: 2,
    reason: '`ARG NAME value` declares two build arguments in BuildKit and sets no value',
  })),
  {
    check: 'CKV2_DOCKER_12',
    resource: 'fail/Dockerfile.basic.ARG',
    fewerFailures: 4,
    reason: '`ARG NAME value` declares two build arguments in BuildKit and sets no value',
  },
  {
    check: 'CKV2_DOCKER_16',
    resource: 'fail/Dockerfile.envvars.ARG',
    fewerFailures: 2,
    reason: '`ARG NAME value` declares two build arguments in BuildKit and sets no value',
  },
  ...['CKV2_DOCKER_5', 'CKV2_DOCKER_6', 'CKV2_DOCKER_12', 'CKV2_DOCKER_14'].map((check) => ({
    check,
    resource: 'fail/Dockerfile.run.quotes.RUN',
    fewerFailures: 1,
    reason: "`LOL='123\\'' NAME='0' cmd` never closes its last quote: the shell rejects it, nothing is set",
  })),
  {
    check: 'CKV_DOCKER_4',
    resource: 'failure/Dockerfile.ADD',
    fewerFailures: 1,
    reason: 'an ADD from a URL cannot become a COPY; BH-D021 reports its missing --checksum instead',
  },
];

interface CheckovCheck {
  id: string;
  kind: string;
  fixtures: string;
  passing_resources?: string[] | null;
  failing_resources?: string[] | null;
  expected_file?: string;
}

/** Per `<file>.<INSTRUCTION>`: how many of those instructions pass and fail. */
type Tally = Map<string, { pass: number; fail: number }>;

function tally(pass: readonly string[], fail: readonly string[]): Tally {
  const result: Tally = new Map();
  const add = (resource: string, verdict: 'pass' | 'fail') => {
    const key = resource.replace(/^\//, '');
    const entry = result.get(key) ?? { pass: 0, fail: 0 };
    entry[verdict]++;
    result.set(key, entry);
  };
  for (const resource of pass) add(resource, 'pass');
  for (const resource of fail) add(resource, 'fail');
  return result;
}

function findingsOf(rule: AnyRule, text: string) {
  const ruleSet = createRuleSet([rule], builtinRules);
  return analyze({ path: 'Dockerfile', text }, defaultConfig, ruleSet).findings.filter((f) => f.ruleId === rule.id);
}

/** Our verdict per instruction of the given keywords (`''` is the whole file), named the way Checkov names them. */
function ourTally(rule: AnyRule, folder: string, keywords: ReadonlySet<string>): Tally {
  const pass: string[] = [];
  const fail: string[] = [];
  for (const path of filesUnder(folder).filter((file) => !file.endsWith('expected.yaml'))) {
    const text = readFileSync(path, 'utf8');
    const findings = findingsOf(rule, text);
    const name = relative(folder, path);
    if (keywords.has('')) (findings.length > 0 ? fail : pass).push(`${name}.`);
    for (const instruction of parseDockerfile(new SourceText(path, text)).instructions) {
      const keyword = instruction.getKeyword();
      if (!keywords.has(keyword)) continue;
      const { start, end } = instruction.getRange();
      const hit = findings.some((f) => f.range.start.line >= start.line && f.range.start.line <= end.line);
      (hit ? fail : pass).push(`${name}.${keyword}`);
    }
  }
  return tally(pass, fail);
}

describe('conformance: remote code, ADD, TLS and signature checks, sudo, pipefail', { skip: corpusSkipReason }, () => {
  const checkovDir = join(corpusDir, 'checkov-docker');
  const trivyDir = join(corpusDir, 'trivy-docker');
  const checkovChecks = (): CheckovCheck[] =>
    (JSON.parse(readFileSync(join(checkovDir, 'expected.json'), 'utf8')) as { checks: CheckovCheck[] }).checks;

  for (const rule of rules) {
    for (const id of rule.aliases.checkov ?? []) {
      it(`${rule.id} agrees with Checkov ${id}`, () => {
        const check = checkovChecks().find((entry) => entry.id === id);
        assert.ok(check, `${id} is in Checkov's expected results`);
        let theirs: Tally;
        if (check.expected_file) {
          const expected = parseYaml(readFileSync(join(checkovDir, check.expected_file), 'utf8')) as {
            pass?: string[];
            fail?: string[];
          };
          theirs = tally(expected.pass ?? [], expected.fail ?? []);
        } else {
          theirs = tally(check.passing_resources ?? [], check.failing_resources ?? []);
        }
        const keywords = new Set([...theirs.keys()].map((resource) => resource.slice(resource.lastIndexOf('.') + 1)));
        const ours = ourTally(rule, join(checkovDir, check.fixtures), keywords);
        let agreements = 0;
        for (const resource of new Set([...theirs.keys(), ...ours.keys()])) {
          const their = theirs.get(resource) ?? { pass: 0, fail: 0 };
          const our = ours.get(resource) ?? { pass: 0, fail: 0 };
          const fewer =
            differences.find((difference) => difference.check === id && difference.resource === resource)
              ?.fewerFailures ?? 0;
          assert.deepEqual(
            our,
            { pass: their.pass + fewer, fail: their.fail - fewer },
            `${id} ${resource}: pass/fail per instruction`,
          );
          agreements += Math.min(our.pass, their.pass) + Math.min(our.fail, their.fail);
        }
        const differing = differences.filter((d) => d.check === id).reduce((sum, d) => sum + d.fewerFailures, 0);
        console.log(`${rule.id} vs Checkov ${id}: ${agreements} instructions agree, ${differing} differ on purpose`);
      });
    }

    for (const id of rule.aliases.trivy ?? []) {
      it(`${rule.id} agrees with Trivy ${id}`, () => {
        const prefix = `${id}_`;
        const caseDir = readdirSync(join(trivyDir, 'cases')).find((name) => name.startsWith(prefix));
        let agreements = 0;
        for (const name of caseDir ? readdirSync(join(trivyDir, 'cases', caseDir)) : []) {
          const text = readFileSync(join(trivyDir, 'cases', caseDir ?? '', name), 'utf8');
          const fires = findingsOf(rule, text).length > 0;
          assert.equal(fires, name.startsWith('bad'), `${id} example ${name}`);
          agreements++;
        }
        const regoFile = readdirSync(join(trivyDir, 'rego-cases')).find((name) => name.startsWith(prefix));
        assert.ok(regoFile, `${id} has Rego test cases`);
        const rego = JSON.parse(readFileSync(join(trivyDir, 'rego-cases', regoFile), 'utf8')) as { cases: RegoCase[] };
        for (const testCase of rego.cases) {
          const denied = (testCase.expected_deny_count ?? testCase.expected_deny_count_min ?? 0) > 0;
          const fires = findingsOf(rule, dockerfileOf(testCase)).length > 0;
          assert.equal(fires, denied, `${id} ${testCase.test}`);
          agreements++;
        }
        console.log(`${rule.id} vs Trivy ${id}: ${agreements} cases agree`);
      });
    }
  }

  it('lists each deliberate difference once, with a reason', () => {
    const keys = differences.map((d) => `${d.check} ${d.resource}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const difference of differences) assert.ok(difference.reason.length > 20);
  });
});

interface RegoCase {
  test: string;
  input: {
    Stages: { Name: string; Commands: { Cmd: string; Value: string[]; Flags?: string[] }[] }[];
  };
  expected_deny_count?: number;
  expected_deny_count_min?: number;
}

/** Trivy's parsed-Dockerfile input written back as a Dockerfile. */
function dockerfileOf(testCase: RegoCase): string {
  return testCase.input.Stages.flatMap((stage) => [
    `FROM ${stage.Name}`,
    ...stage.Commands.filter((command) => command.Cmd !== 'from').map((command) =>
      [command.Cmd.toUpperCase(), ...(command.Flags ?? []), ...command.Value].join(' '),
    ),
  ])
    .join('\n')
    .concat('\n');
}
