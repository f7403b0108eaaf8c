import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/cli';
import { corpusDir, corpusSkipReason } from '../helpers/corpus';

const scratch = mkdtempSync(join(tmpdir(), 'bulkhead-offline-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const preload = join(__dirname, '..', 'helpers', 'deny-network.js');

describe('zero network', () => {
  it('the preload really refuses and records a connection (control)', () => {
    const logFile = join(scratch, 'control.log');
    const result = spawnSync(
      process.execPath,
      ['--require', preload, '-e', "require('node:net').connect(443, 'example.com')"],
      { encoding: 'utf8', env: { ...process.env, BULKHEAD_NETWORK_LOG: logFile } },
    );
    assert.notEqual(result.status, 0);
    assert.match(readFileSync(logFile, 'utf8'), /^connect /);
  });

  it('bulkhead scan of the corpus makes no network request and reports the same as with the network', {
    skip: corpusSkipReason,
  }, () => {
    const logFile = join(scratch, 'scan.log');
    const args = ['scan', corpusDir, '--format', 'json', '--profile', 'strict'];
    const online = runCli(args);
    const offline = runCli(args, {
      env: { NODE_OPTIONS: `--require ${preload}`, BULKHEAD_NETWORK_LOG: logFile },
    });
    assert.equal(offline.status, online.status, offline.stderr);
    assert.equal(offline.stdout, online.stdout);
    assert.ok(JSON.parse(offline.stdout).files.length > 100, 'the corpus was scanned');
    assert.equal(existsSync(logFile) ? readFileSync(logFile, 'utf8') : '', '', 'no connection or lookup was attempted');
  });
});
