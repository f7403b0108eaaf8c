import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'bulkhead-cli-hygiene-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const stackTrace = /\n\s+at /;

describe('CLI hygiene', () => {
  it('a --config that does not exist or is a directory is a configuration error naming it, not a crash', () => {
    for (const [config, code] of [
      [join(scratch, 'nope.yaml'), 'ENOENT'],
      [scratch, 'EISDIR'],
    ] as const) {
      const result = runCli(['scan', 'examples', '--config', config]);
      assert.equal(result.status, 2);
      assert.equal(
        result.stderr,
        `bulkhead: invalid configuration\n${config}:1:1: cannot read the configuration (${code})\n`,
      );
    }
  });

  it('a named pipe called Dockerfile is skipped in a directory and refused by name, never read (it would hang)', () => {
    const dir = mkdtempSync(join(scratch, 'fifo-'));
    execFileSync('mkfifo', [join(dir, 'Dockerfile')]);
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM alpine:3.20\nUSER 10001\n');
    const walked = runCli(['scan', dir, '--format', 'json']);
    assert.equal(walked.status, 0, walked.stderr);
    assert.deepEqual(
      JSON.parse(walked.stdout).files.map((file: { path: string }) => file.path.slice(dir.length + 1)),
      ['app/Dockerfile'],
    );
    const named = runCli(['scan', join(dir, 'Dockerfile')]);
    assert.equal(named.status, 2);
    assert.equal(named.stderr, `bulkhead: ${join(dir, 'Dockerfile')}: not a regular file or directory\n`);
  });

  it('--fix writes a file whose name is as long as the file system allows', () => {
    const dir = mkdtempSync(join(scratch, 'long-'));
    const name = `Dockerfile.${'x'.repeat(240)}`;
    writeFileSync(join(dir, name), 'FROM alpine:3.20\n');
    const result = runCli(['scan', dir, '--fix']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0, result.stdout);
    assert.equal(readFileSync(join(dir, name), 'utf8'), 'FROM alpine:3.20\nUSER 10001:10001\n');
    assert.deepEqual(readdirSync(dir), [name], 'no temporary file left behind');
  });

  it('--debug is accepted by every command and changes nothing on a good run', () => {
    const plain = runCli(['scan', 'examples', '--format', 'json']);
    const debug = runCli(['scan', '--debug', 'examples', '--format', 'json']);
    assert.equal(debug.status, plain.status);
    assert.equal(debug.stdout, plain.stdout);
    assert.equal(runCli(['rules', '--debug']).status, 0);
  });

  it('usage errors never show a stack trace, with or without --debug', () => {
    for (const args of [
      ['scan', 'examples', '--frmat', 'json'],
      ['scan', '--debug', 'examples', '--frmat', 'json'],
    ]) {
      const result = runCli(args);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /Unknown option '--frmat'/);
      assert.doesNotMatch(result.stderr, stackTrace);
    }
  });
});
