import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { peers } from '../../rules/engine/rule';
import { runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'bulkhead-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(scratch, 'ws-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const rootDockerfile = 'FROM python:3.12-slim\nCOPY main.py /app/\nCMD ["python", "/app/main.py"]\n';
/** Meets Pod Security restricted and is hardened, but for the capabilities: one finding, BH-K001. */
const podWithoutDrop =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: false\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: app # the only container\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n';

describe('bulkhead scan', () => {
  it('reports examples/ as text with a summary and exit code 1', () => {
    const result = runCli(['scan', 'examples']);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'examples/k8s/deployment.yaml:16:5  information  BH-K034  The pod mounts an API token for ServiceAccount "default" into every container: set automountServiceAccountToken: false unless the workload calls the Kubernetes API.',
      'examples/k8s/deployment.yaml:18:17  warning  BH-K001  Container "web" does not drop ALL capabilities.',
      'examples/k8s/deployment.yaml:18:17  warning  BH-K010  Container "web" has no seccomp profile: set seccompProfile.type to RuntimeDefault on the pod (or the container). Pod Security restricted requires one.',
      'examples/k8s/deployment.yaml:18:17  warning  BH-K030  Container "web" can write to its root filesystem: set securityContext.readOnlyRootFilesystem: true and mount a volume where it needs to write.',
      'examples/web/Dockerfile:2:6  error  BH-D001  The image runs as root: the final stage never sets a non-root USER.',
      '5 findings (1 error, 3 warnings, 1 information) in 2 of 2 files; 5 fixable with --fix.',
    ]);
  });

  it('exits 0 with "No findings" on clean files, and ignores unrelated YAML', () => {
    const dir = workspace({
      Dockerfile: 'FROM alpine:3.20\nUSER 10001\n',
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
    });
    const result = runCli(['scan', dir]);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stdout.trim(), 'No findings in 1 file.');
  });

  it('writes the JSON contract: files, kind, findings with 0-based ranges and fixes', () => {
    const dir = workspace({ Dockerfile: rootDockerfile });
    const result = runCli(['scan', dir, '--format', 'json']);
    assert.equal(result.status, 1);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(report), ['files']);
    assert.equal(report.files.length, 1);
    const [file] = report.files;
    assert.deepEqual(Object.keys(file), ['path', 'kind', 'findings']);
    assert.equal(file.kind, 'dockerfile');
    const [finding] = file.findings;
    assert.deepEqual(Object.keys(finding), ['ruleId', 'severity', 'message', 'range', 'fixes']);
    assert.equal(finding.ruleId, 'BH-D001');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 21 } });
    assert.deepEqual(Object.keys(finding.fixes[0]), ['title', 'edits']);
    assert.deepEqual(finding.fixes[0].edits, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'USER 10001:10001\n' },
    ]);
  });

  it('writes SARIF 2.1.0 that validates against the official schema', () => {
    const dir = workspace({ Dockerfile: rootDockerfile, 'k8s/pod.yaml': podWithoutDrop });
    const result = runCli(['scan', dir, '--format', 'sarif'], { cwd: dir });
    assert.equal(result.status, 1);
    const log = JSON.parse(result.stdout);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(structuredClone(log));
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    const [run] = log.runs;
    assert.deepEqual(
      run.results.map(
        (r: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }) => [
          r.ruleId,
          r.locations[0]?.physicalLocation.artifactLocation.uri,
          r.locations[0]?.physicalLocation.region.startLine,
        ],
      ),
      [
        ['BH-D001', 'Dockerfile', 1],
        ['BH-K001', 'k8s/pod.yaml', 9],
      ],
    );
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'BH-D001');
    assert.match(rule.helpUri, /BH-D001\.md$/);
    assert.match(rule.help.markdown, /What an attacker gains/);
  });

  it('gives a finding about an inherited Compose setting SARIF relatedLocations at the anchor', () => {
    const compose = 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n';
    const dir = workspace({ 'compose.yaml': compose });
    const result = runCli(['scan', dir, '--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(result.stdout);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors, null, 2));
    const result0 = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'BH-C001');
    assert.equal(result0.locations[0].physicalLocation.region.startLine, 5);
    assert.deepEqual(
      result0.relatedLocations.map(
        (r: {
          physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          message: { text: string };
        }) => [r.physicalLocation.artifactLocation.uri, r.physicalLocation.region.startLine, r.message.text],
      ),
      [['compose.yaml', 2, 'Inherited from anchor &base.']],
    );
  });

  it('--fix applies the preferred fixes in place, keeps comments, CRLF and BOM, and is idempotent', () => {
    const crlfBom = Buffer.from(`\uFEFF${rootDockerfile.replace(/\n/g, '\r\n')}`, 'utf8');
    const dir = workspace({ Dockerfile: crlfBom, 'pod.yaml': podWithoutDrop });
    chmodSync(join(dir, 'pod.yaml'), 0o640);
    const first = runCli(['scan', dir, '--fix', '--format', 'json']);
    assert.equal(first.status, 0, first.stdout);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'));
    assert.equal(
      dockerfile.toString('utf8'),
      '\uFEFFFROM python:3.12-slim\r\nCOPY main.py /app/\r\nUSER 10001:10001\r\nCMD ["python", "/app/main.py"]\r\n',
    );
    assert.equal(
      readFileSync(join(dir, 'pod.yaml'), 'utf8'),
      `${podWithoutDrop}        capabilities:\n          drop:\n            - ALL\n`,
    );
    assert.equal(statSync(join(dir, 'pod.yaml')).mode & 0o777, 0o640, 'file mode kept');
    const second = runCli(['scan', dir, '--fix']);
    assert.equal(second.status, 0);
    assert.deepEqual(readFileSync(join(dir, 'Dockerfile')), dockerfile, 'second --fix changes nothing');
  });

  it('never touches a file it cannot parse', () => {
    const broken = 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n';
    const dir = workspace({ 'pod.yaml': broken });
    const result = runCli(['scan', dir, '--fix', '--format', 'json']);
    assert.equal(result.status, 1);
    assert.deepEqual(
      JSON.parse(result.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId),
      ['parse-error'],
    );
    assert.equal(readFileSync(join(dir, 'pod.yaml'), 'utf8'), broken);
  });

  it('reports bad input as one parse-error finding each and goes on with the rest', () => {
    const dir = workspace({
      'binary/Dockerfile': Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02, 0xff]),
      'latin1/Dockerfile': Buffer.from('FROM alpine:3.20\n# caf\xe9\n', 'latin1'),
      'broken/compose.yaml': 'services:\n  web: [\n',
      'helm/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels: {{ include "labels" . | nindent 4 }}\n',
      'ok/Dockerfile': 'FROM alpine:3.20\n',
      'empty/Dockerfile': '',
    });
    const result = runCli(['scan', dir, '--format', 'json']);
    assert.equal(result.status, 1, result.stderr);
    const summary = JSON.parse(result.stdout).files.map(
      (file: { path: string; findings: { ruleId: string; severity: string; message: string }[] }) => [
        file.path.slice(dir.length + 1),
        file.findings.map((f) => `${f.ruleId}/${f.severity}`).join(','),
      ],
    );
    assert.deepEqual(summary, [
      ['binary/Dockerfile', 'parse-error/error'],
      ['broken/compose.yaml', 'parse-error/error'],
      ['empty/Dockerfile', ''],
      ['helm/deployment.yaml', 'parse-error/information'],
      ['latin1/Dockerfile', 'parse-error/error'],
      ['ok/Dockerfile', 'BH-D001/error'],
    ]);
  });

  it('skips .git, node_modules and .gitignored paths, and follows no symlink loop', () => {
    const dir = workspace({
      'app/Dockerfile': rootDockerfile,
      'node_modules/pkg/Dockerfile': rootDockerfile,
      '.git/Dockerfile': rootDockerfile,
      'generated/Dockerfile': rootDockerfile,
      '.gitignore': 'generated/\n',
    });
    require('node:fs').symlinkSync(dir, join(dir, 'app', 'loop'));
    const result = runCli(['scan', dir, '--format', 'json']);
    const paths = JSON.parse(result.stdout).files.map((file: { path: string }) => file.path.slice(dir.length + 1));
    assert.deepEqual(paths, ['app/Dockerfile']);
  });

  it('reads .bulkhead.yaml: severities, rules off and ignore globs', () => {
    const dir = workspace({
      '.bulkhead.yaml': 'rules:\n  BH-D001: warning\n  BH-K001: off\nignore:\n  - vendor/**\n',
      Dockerfile: rootDockerfile,
      'pod.yaml': podWithoutDrop,
      'vendor/Dockerfile': rootDockerfile,
    });
    const result = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    const files = JSON.parse(result.stdout).files;
    assert.deepEqual(
      files.map((file: { path: string; findings: { ruleId: string; severity: string }[] }) => [
        file.path.slice(dir.length + 1),
        file.findings.map((f) => `${f.ruleId}/${f.severity}`),
      ]),
      [
        ['Dockerfile', ['BH-D001/warning']],
        ['pod.yaml', []],
      ],
    );
  });

  it('applies the Pod Security labels of a Namespace defined in another scanned file', () => {
    const dir = workspace({
      'namespaces.yaml':
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: v1.30\n',
      'app/pod.yaml': podWithoutDrop.replace('  name: p\n', '  name: p\n  namespace: shop\n'),
    });
    const result = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    const [finding, ...others] = JSON.parse(result.stdout).files.flatMap(
      (file: { findings: { ruleId: string; severity: string; message: string }[] }) => file.findings,
    );
    assert.deepEqual(others, []);
    assert.equal(finding.ruleId, 'BH-K001');
    assert.equal(finding.severity, 'error');
    assert.match(
      finding.message,
      /Namespace "shop" enforces restricted v1\.30: the API server will reject this pod\.$/,
    );
  });

  it('reads stdin with -', () => {
    const result = runCli(['scan', '-', '--stdin-filename', 'manifest.yaml', '--format', 'json'], {
      input: podWithoutDrop,
    });
    assert.equal(result.status, 1);
    assert.equal(JSON.parse(result.stdout).files[0].findings[0].ruleId, 'BH-K001');
  });
});

describe('bulkhead usage errors exit 2 with a clear message', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing path', ['scan', 'no/such/dir'], /no\/such\/dir: no such file or directory/],
    ['bad format', ['scan', 'examples', '--format', 'xml'], /--format must be one of: text, json, sarif/],
    [
      'bad PSS level',
      ['scan', 'examples', '--pss-level', 'strictest'],
      /--pss-level must be one of: baseline, restricted/,
    ],
    ['bad PSS version', ['scan', 'examples', '--pss-version', '1.30'], /--pss-version must be "latest" or v1.N/],
    ['unknown option', ['scan', 'examples', '--frmat', 'json'], /Unknown option '--frmat'/],
    ['unknown command', ['lint'], /unknown command "lint"/],
    ['no paths', ['scan'], /scan needs at least one file or directory/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const result = runCli(args);
      assert.equal(result.status, 2, result.stdout);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  it('a bad config file names the file, line and column', () => {
    const dir = workspace({ '.bulkhead.yaml': 'rules:\n  BH-D001: loud\n', Dockerfile: rootDockerfile });
    const result = runCli(['scan', '.'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /\.bulkhead\.yaml:2:12: Rule "BH-D001" must be one of/);
  });
});

describe('bulkhead rules', () => {
  it('lists the catalog as JSON with every alias key', () => {
    const result = runCli(['rules', '--format', 'json']);
    assert.equal(result.status, 0);
    const rules = JSON.parse(result.stdout);
    const rootUser = rules.find((rule: { id: string }) => rule.id === 'BH-D001');
    assert.deepEqual(Object.keys(rootUser), [
      'id',
      'title',
      'severity',
      'appliesTo',
      'fixable',
      'profile',
      'since',
      'helpUri',
      'aliases',
    ]);
    assert.deepEqual(Object.keys(rootUser.aliases), [...peers]);
    assert.deepEqual(rootUser.aliases.hadolint, ['DL3002']);
  });

  it('prints the rule pages as markdown', () => {
    const result = runCli(['rules', '--format', 'markdown']);
    assert.match(result.stdout, /# BH-K001: Container does not drop all capabilities/);
  });
});

describe('repository examples stay as documented', () => {
  it('examples/ are copied, fixed and then clean', () => {
    const dir = mkdtempSync(join(scratch, 'examples-'));
    cpSync(join(__dirname, '..', '..', '..', 'examples'), dir, { recursive: true });
    assert.equal(runCli(['scan', dir, '--fix']).status, 0);
    assert.equal(runCli(['scan', dir]).status, 0);
  });
});
