import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli';
import { LspTestClient, TempDir } from '../lsp/client';
import {
  aliasBomb,
  deeplyNestedShell,
  deeplyNestedYaml,
  duplicateKeys,
  hugeDockerfile,
  manyDocuments,
  mixedLineEndings,
  rootPod,
  tabIndentation,
  unterminatedHeredoc,
  unterminatedQuote,
  unterminatedShellQuote,
} from './bad-inputs';

/**
 * Safety nets, not benchmarks: generous time bounds that only a hang or a quadratic blow-up breaks
 * (the 10,000-document file took 42 s before SourceText cached its line break).
 */
const boundMs = 20_000;

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number } };
}

/** What one file of the bad-input workspace must come out as: its findings as `rule@line:col`, and a message check. */
const expectations: Record<string, { text: string | Buffer; findings: string[]; message?: RegExp }> = {
  'empty/Dockerfile': { text: '', findings: [] },
  'bom/Dockerfile': {
    // The BOM is not a character of the text: the finding is where an editor shows it.
    text: Buffer.from('\uFEFFFROM alpine:3.20\nUSER root\n', 'utf8'),
    findings: ['BH-D001@1:5'],
  },
  'mixed-endings/Dockerfile': { text: mixedLineEndings, findings: ['BH-D001@3:5'] },
  'crlf/pod.yaml': { text: rootPod.replace(/\n/g, '\r\n'), findings: podFindings(6) },
  'huge/Dockerfile': {
    text: hugeDockerfile(),
    findings: ['file-too-large@0:0'],
    message: /^This file \(20\.0 MiB\) is larger than maxFileSize \(4\.0 MiB\); Bulkhead does not check it\.$/,
  },
  'many/pods.yaml': { text: manyDocuments(), findings: podFindings(6).slice(0, 1) },
  'bomb/pod.yaml': { text: aliasBomb(), findings: podFindings(29) },
  'deep/pod.yaml': {
    text: deeplyNestedYaml(),
    findings: ['parse-error@8:*'],
    message: /^YAML syntax error: collections are nested too deeply to read\./,
  },
  'deep-shell/Dockerfile': { text: deeplyNestedShell(), findings: [] },
  'duplicate-keys/pod.yaml': {
    text: duplicateKeys,
    findings: ['parse-error@9:2'],
    message: /^YAML syntax error: Map keys must be unique\./,
  },
  'tabs/pod.yaml': {
    text: tabIndentation,
    findings: ['parse-error@6:0'],
    message: /Tabs are not allowed as indentation/,
  },
  'unterminated-quote/pod.yaml': {
    text: unterminatedQuote,
    findings: ['parse-error@9:0'],
    message: /^YAML syntax error: Missing closing "quote\./,
  },
  'unterminated-heredoc/Dockerfile': {
    text: unterminatedHeredoc,
    findings: ['BH-D001@0:5', 'parse-error@1:6'],
    message: /^Unterminated heredoc: the closing "EOF" line is missing/,
  },
  'unterminated-shell-quote/Dockerfile': { text: unterminatedShellQuote, findings: ['BH-D001@0:5'] },
  'ok/Dockerfile': { text: 'FROM alpine:3.20\n', findings: ['BH-D001@0:5'] },
};

/** The recommended profile's findings on a Pod without any securityContext. */
function podFindings(containerLine: number): string[] {
  return [
    `BH-K034@${containerLine - 2}:0`,
    ...['BH-K001', 'BH-K010', 'BH-K014', 'BH-K015', 'BH-K030'].map((id) => `${id}@${containerLine}:12`),
  ];
}

/** Expected findings may leave the column open (`@8:*`) where it depends on the stack size. */
function assertFindings(actual: string[], expected: string[], what: string): void {
  const open = (summary: string, index: number) =>
    expected[index]?.endsWith(':*') ? summary.replace(/:\d+$/, ':*') : summary;
  assert.deepEqual(actual.map(open), expected, what);
}

function summarise(findings: readonly JsonFinding[]): string[] {
  return findings.map((finding) => `${finding.ruleId}@${finding.range.start.line}:${finding.range.start.character}`);
}

describe('bad input through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-bad-input-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every bad file gets a clear finding in bounded time, and the rest of the scan goes on', () => {
    for (const [name, { text }] of Object.entries(expectations)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    mkdirSync(join(dir, 'loop'));
    symlinkSync(dir, join(dir, 'loop', 'back-to-the-top'));
    const started = performance.now();
    const result = runCli(['scan', dir, '--format', 'json']);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2 * boundMs, `scan took ${Math.round(elapsed)} ms`);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    const files: { path: string; findings: JsonFinding[] }[] = JSON.parse(result.stdout).files;
    const byName = new Map(files.map((file) => [file.path.slice(dir.length + 1), file.findings]));
    assert.deepEqual(
      [...byName.keys()].sort(),
      Object.keys(expectations).sort(),
      'each file once, none through the loop',
    );
    for (const [name, { findings, message }] of Object.entries(expectations)) {
      const actual = byName.get(name) ?? [];
      const summary = summarise(actual);
      if (name === 'many/pods.yaml') {
        assert.equal(actual.length, 10_000 * 6, name);
        assert.deepEqual(summary.slice(0, 1), findings, name);
        continue;
      }
      assertFindings(summary, findings, name);
      if (message)
        assert.ok(
          actual.some((finding) => message.test(finding.message)),
          `${name}: ${JSON.stringify(actual)}`,
        );
    }
  });

  it('an unreadable file is reported as such and the other files are still checked', (context) => {
    if (process.getuid?.() === 0) {
      context.skip('running as root, which reads files whatever their mode');
      return;
    }
    const unreadable = mkdtempSync(join(dir, 'unreadable-'));
    writeFileSync(join(unreadable, 'Dockerfile'), 'FROM alpine:3.20\n');
    mkdirSync(join(unreadable, 'ok'));
    writeFileSync(join(unreadable, 'ok', 'Dockerfile'), 'FROM alpine:3.20\n');
    chmodSync(join(unreadable, 'Dockerfile'), 0o000);
    const result = runCli(['scan', unreadable, '--format', 'json']);
    chmodSync(join(unreadable, 'Dockerfile'), 0o644);
    const files = JSON.parse(result.stdout).files.map((file: { path: string; findings: JsonFinding[] }) => [
      file.path.slice(unreadable.length + 1),
      file.findings.map((finding) => `${finding.ruleId} ${finding.message}`),
    ]);
    assert.deepEqual(files, [
      ['Dockerfile', ['parse-error This file is not readable (EACCES).']],
      ['ok/Dockerfile', ['BH-D001 The image runs as root: the final stage never sets a non-root USER.']],
    ]);
  });
});

describe('bad input through the language server', () => {
  let client: LspTestClient;
  let dir: TempDir;
  before(async () => {
    dir = new TempDir();
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.stop();
    dir?.remove();
  });

  for (const [name, expectation] of Object.entries(expectations)) {
    const { findings, message } = expectation;
    // Editors hand the server decoded text: no BOM, and no bytes that are not UTF-8.
    if (typeof expectation.text !== 'string') continue;
    // The CLI reads all 10,000 documents; 2,000 keep this suite short and still show a blow-up.
    const text = name === 'many/pods.yaml' ? manyDocuments(2000) : expectation.text;
    it(`${name}: ${findings.length === 0 ? 'no findings' : findings.slice(0, 2).join(', ')}`, async () => {
      const uri = dir.uri(name);
      const languageId = name.endsWith('Dockerfile') ? 'dockerfile' : 'yaml';
      const started = performance.now();
      await client.open(uri, languageId, text);
      const published = await client.waitForDiagnostics(uri, { version: 1, timeout: boundMs });
      assert.ok(performance.now() - started < boundMs);
      const summary = published.diagnostics.map(
        (diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}:${diagnostic.range.start.character}`,
      );
      if (name === 'many/pods.yaml') assert.equal(summary[0], findings[0]);
      else assertFindings(summary, findings, name);
      if (message) assert.ok(published.diagnostics.some((diagnostic) => message.test(String(diagnostic.message))));
      await client.close(uri);
    });
  }

  it('after all of them, the server still checks a normal document', async () => {
    const uri = dir.uri('after/Dockerfile');
    await client.open(uri, 'dockerfile', 'FROM alpine:3.20\nUSER root\n');
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => diagnostic.code),
      ['BH-D001'],
    );
  });
});
