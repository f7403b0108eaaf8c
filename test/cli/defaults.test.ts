import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'bulkhead-defaults-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'ws-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const rootDockerfile = 'FROM alpine:3.20\n# bulkhead-ignore BH-D001 -- builder image, never shipped\nUSER root\n';
const vendoredPod =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: vendored\nspec:\n  automountServiceAccountToken: false\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n';
const suppressConfig =
  'suppress:\n  - rule: BH-K001\n    paths: ["vendor/**"]\n    resource: Pod/vendored\n    reason: upstream chart, tracked upstream\n';

function suppressedWorkspace(): string {
  return workspace({
    Dockerfile: rootDockerfile,
    'vendor/pod.yaml': vendoredPod,
    '.bulkhead.yaml': suppressConfig,
  });
}

describe('bulkhead scan --report-suppressions', () => {
  it('lists each suppressed finding with its suppression, location and reason in text', () => {
    const dir = suppressedWorkspace();
    const result = runCli(['scan', '.', '--report-suppressions'], { cwd: dir });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'Suppressed findings (2):',
      'Dockerfile:3:6  BH-D001  The image runs as root: the last USER of the final stage is "root".',
      '    suppressed by bulkhead (inSource) at Dockerfile:2:1; reason: builder image, never shipped',
      'vendor/pod.yaml:9:13  BH-K001  Container "app" does not drop ALL capabilities.',
      '    suppressed by config (external) at .bulkhead.yaml:2:5; reason: upstream chart, tracked upstream',
      'No findings in 2 files.',
    ]);
    assert.doesNotMatch(runCli(['scan', '.'], { cwd: dir }).stdout, /Suppressed/);
  });

  it('adds a suppressions array per file to JSON, and nothing without the flag', () => {
    const dir = suppressedWorkspace();
    const report = JSON.parse(runCli(['scan', '.', '--format', 'json', '--report-suppressions'], { cwd: dir }).stdout);
    const dockerfile = report.files.find((file: { kind: string }) => file.kind === 'dockerfile');
    assert.deepEqual(Object.keys(dockerfile), ['path', 'kind', 'findings', 'suppressions']);
    const [entry] = dockerfile.suppressions;
    assert.equal(entry.ruleId, 'BH-D001');
    assert.deepEqual(entry.suppression, {
      kind: 'inSource',
      syntax: 'bulkhead',
      path: join(dir, 'Dockerfile'),
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 57 } },
      reason: 'builder image, never shipped',
    });
    const pod = report.files.find((file: { kind: string }) => file.kind === 'kubernetes');
    assert.equal(pod.suppressions[0].suppression.kind, 'external');
    assert.equal(pod.suppressions[0].suppression.path, join(dir, '.bulkhead.yaml'));
    const plain = JSON.parse(runCli(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
    assert.deepEqual(Object.keys(plain.files[0]), ['path', 'kind', 'findings']);
  });

  it('gives SARIF results for suppressed findings SARIF 2.1.0 suppressions that validate', () => {
    const dir = suppressedWorkspace();
    const log = JSON.parse(runCli(['scan', '.', '--format', 'sarif', '--report-suppressions'], { cwd: dir }).stdout);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors, null, 2));
    const suppressions = log.runs[0].results.map(
      (result: {
        ruleId: string;
        suppressions: {
          kind: string;
          justification: string;
          location: { physicalLocation: { artifactLocation: { uri: string } } };
        }[];
      }) => [
        result.ruleId,
        result.suppressions[0]?.kind,
        result.suppressions[0]?.justification,
        result.suppressions[0]?.location.physicalLocation.artifactLocation.uri,
      ],
    );
    assert.deepEqual(suppressions, [
      ['BH-D001', 'inSource', 'builder image, never shipped', 'Dockerfile'],
      ['BH-K001', 'external', 'upstream chart, tracked upstream', '.bulkhead.yaml'],
    ]);
  });

  it('reports a reasonless config suppression under requireReason as a located configuration error', () => {
    const dir = workspace({
      'vendor/pod.yaml': vendoredPod,
      '.bulkhead.yaml': 'requireReason: true\nsuppress:\n  - rule: BH-K001\n    paths: ["vendor/**"]\n',
    });
    const result = runCli(['scan', '.'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /\.bulkhead\.yaml:3:5: requireReason is on: this suppression needs a "reason"\./);
  });
});

describe('bulkhead baseline', () => {
  const dockerfile = 'FROM python:3.12-slim\nRUN curl -k https://example.com/install.sh -o /tmp/i.sh\nCOPY app /app\n';

  it("records today's findings; a scan after lines are inserted elsewhere reports none; a new problem is reported alone", () => {
    const dir = workspace({ Dockerfile: dockerfile, '.bulkhead.yaml': 'profile: recommended@1\n' });
    assert.equal(runCli(['scan', '.'], { cwd: dir }).status, 1, 'the project has findings before the baseline');
    const recorded = runCli(['baseline'], { cwd: dir });
    assert.equal(recorded.status, 0, recorded.stderr);
    assert.match(recorded.stdout, /^Recorded 2 findings in 1 file to \.bulkhead-baseline\.json/);
    const baseline = JSON.parse(readFileSync(join(dir, '.bulkhead-baseline.json'), 'utf8'));
    assert.deepEqual(
      baseline.findings.map((entry: { ruleId: string; path: string; resource: string }) => [
        entry.ruleId,
        entry.path,
        entry.resource,
      ]),
      [
        ['BH-D001', 'Dockerfile', 'stage/0'],
        ['BH-D023', 'Dockerfile', 'stage/0'],
      ],
    );

    writeFileSync(
      join(dir, 'Dockerfile'),
      `# syntax=docker/dockerfile:1\n\n${dockerfile.replace('COPY app /app\n', 'WORKDIR /app\n\nCOPY app /app\n')}`,
    );
    const shifted = runCli(['scan', '.'], { cwd: dir });
    assert.equal(shifted.status, 0, shifted.stdout);
    assert.deepEqual(shifted.stdout.trim().split('\n'), [
      'No findings in 1 file.',
      '2 findings recorded in the baseline are not shown.',
    ]);

    writeFileSync(
      join(dir, 'Dockerfile'),
      `${readFileSync(join(dir, 'Dockerfile'), 'utf8')}RUN wget --no-check-certificate https://example.com/x\n`,
    );
    const report = JSON.parse(runCli(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
    assert.deepEqual(
      report.files[0].findings.map((finding: { ruleId: string; range: { start: { line: number } } }) => [
        finding.ruleId,
        finding.range.start.line + 1,
      ]),
      [['BH-D023', 8]],
    );
    const all = runCli(['scan', '.', '--no-baseline', '--format', 'json'], { cwd: dir });
    assert.equal(JSON.parse(all.stdout).files[0].findings.length, 3);
  });

  it('writes to --output and reads it back with --baseline', () => {
    const dir = workspace({ Dockerfile: dockerfile });
    assert.equal(runCli(['baseline', '.', '--output', 'ci/known.json'].slice(0, 2), { cwd: dir }).status, 0);
    mkdirSync(join(dir, 'ci'));
    assert.equal(runCli(['baseline', '.', '--output', 'ci/known.json'], { cwd: dir }).status, 0);
    assert.equal(runCli(['scan', '.', '--no-baseline'], { cwd: dir }).status, 1);
    rmSync(join(dir, '.bulkhead-baseline.json'));
    assert.equal(
      runCli(['scan', '.'], { cwd: dir }).status,
      1,
      'no baseline next to the config or in the working directory',
    );
    assert.equal(runCli(['scan', '.', '--baseline', 'ci/known.json'], { cwd: dir }).status, 0);
    writeFileSync(join(dir, 'broken.json'), '{"findings": 3}');
    const broken = runCli(['scan', '.', '--baseline', 'broken.json'], { cwd: dir });
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /not a Bulkhead baseline/);
  });
});

describe('bulkhead scan --profile', () => {
  it('accepts a pinned profile and rejects unknown versions', () => {
    const dir = workspace({ Dockerfile: 'FROM alpine:3.20\nUSER 10001\n' });
    assert.equal(runCli(['scan', dir, '--profile', 'strict@1']).status, 1, 'strict adds the digest pin');
    assert.equal(runCli(['scan', dir, '--profile', 'recommended@1']).status, 0);
    for (const bad of ['recommended@0', 'strict@x', 'recommended@999']) {
      const result = runCli(['scan', dir, '--profile', bad]);
      assert.equal(result.status, 2, bad);
      assert.match(result.stderr, /--profile must be recommended or strict, optionally pinned/);
    }
  });
});
