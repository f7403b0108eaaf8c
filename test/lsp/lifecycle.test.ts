import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LspTestClient, languageServerSuite } from './client';

describe('language server over stdio: lifecycle and robustness', () => {
  const server = languageServerSuite();

  it('initialize announces incremental sync, hover, the quick-fix, fix-all and pin code action kinds, and resolve', () => {
    const result = server.client.initializeResult;
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
    const never = server.dir.uri('never-opened/Dockerfile');
    assert.equal(await server.client.hover(never, { line: 0, character: 0 }), null);
    assert.deepEqual(
      await server.client.codeActions(never, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []),
      [],
    );
    const uri = server.dir.uri('Dockerfile');
    await server.client.open(uri, 'dockerfile', 'FROM scratch\nUSER 10001\n');
    const published = await server.client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(published.diagnostics, []);
  });

  it('a Dockerfile with NUL bytes gets exactly one parse-error diagnostic at its start', async () => {
    const uri = server.dir.uri('binary/Dockerfile');
    await server.client.open(uri, 'dockerfile', 'FROM scratch\n\u0000\u0001\u0002ELF\u0000\nCOPY app /app\n');
    const published = await server.client.waitForDiagnostics(uri, { version: 1 });
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
    const uri = server.dir.uri('closing/Dockerfile');
    await server.client.open(uri, 'dockerfile', 'FROM scratch\n');
    assert.equal((await server.client.waitForDiagnostics(uri, { version: 1 })).diagnostics.length, 1);
    const mark = server.client.mark();
    await server.client.close(uri);
    const cleared = await server.client.waitForDiagnostics(uri, { after: mark });
    assert.deepEqual(cleared.diagnostics, []);
    assert.equal(await server.client.hover(uri, { line: 0, character: 6 }), null);
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
