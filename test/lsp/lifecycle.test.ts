import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient, TempDir } from './client';

describe('language server over stdio: lifecycle and robustness', () => {
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

  it('initialize announces incremental sync, hover, the quick-fix, fix-all and pin code action kinds, and resolve', () => {
    const result = client.initializeResult;
    assert.deepEqual(result?.capabilities, {
      textDocumentSync: { openClose: true, change: 2 },
      codeActionProvider: {
        codeActionKinds: [
          'quickfix',
          'source.fixAll.bulkhead',
          'source.pinImages.bulkhead',
          'source.updatePins.bulkhead',
        ],
        resolveProvider: true,
      },
      hoverProvider: true,
      executeCommandProvider: { commands: ['bulkhead.showRuleDocumentation'] },
    });
    assert.equal(result?.serverInfo?.name, 'bulkhead-language-server');
  });

  it('hover on a document that was never opened is null, and the server keeps working', async () => {
    const never = dir.uri('never-opened/Dockerfile');
    assert.equal(await client.hover(never, { line: 0, character: 0 }), null);
    assert.deepEqual(
      await client.codeActions(never, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []),
      [],
    );
    const uri = dir.uri('Dockerfile');
    await client.open(uri, 'dockerfile', 'FROM scratch\nUSER 10001\n');
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(published.diagnostics, []);
  });

  it('a Dockerfile with NUL bytes gets exactly one parse-error diagnostic at its start', async () => {
    const uri = dir.uri('binary/Dockerfile');
    await client.open(uri, 'dockerfile', 'FROM scratch\n\u0000\u0001\u0002ELF\u0000\nCOPY app /app\n');
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(
      published.diagnostics.map((d) => ({ code: d.code, severity: d.severity, source: d.source, range: d.range })),
      [
        {
          code: 'parse-error',
          severity: 1,
          source: 'bulkhead',
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        },
      ],
    );
    assert.equal(published.diagnostics[0]?.message, 'This file contains binary data (NUL bytes) and is not checked.');
  });

  it('closing a document clears its diagnostics', async () => {
    const uri = dir.uri('closing/Dockerfile');
    await client.open(uri, 'dockerfile', 'FROM scratch\n');
    assert.equal((await client.waitForDiagnostics(uri, { version: 1 })).diagnostics.length, 1);
    const mark = client.mark();
    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, { after: mark });
    assert.deepEqual(cleared.diagnostics, []);
    assert.equal(await client.hover(uri, { line: 0, character: 6 }), null);
  });

  it('shutdown and exit end the process with code 0', async () => {
    const other = await LspTestClient.start();
    try {
      assert.equal(await other.stop(), 0);
    } finally {
      other.child.kill('SIGKILL');
    }
  });

  it('a server that does not answer shutdown is killed when the timeout runs out', async () => {
    const frozen = await LspTestClient.start();
    try {
      frozen.child.kill('SIGSTOP');
      const started = performance.now();
      assert.equal(await frozen.stop(300), null);
      assert.equal(frozen.child.signalCode, 'SIGKILL');
      assert.ok(performance.now() - started < 1500, 'stopped within the two timeouts');
    } finally {
      frozen.child.kill('SIGKILL');
    }
  });
});
