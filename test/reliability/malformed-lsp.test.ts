import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  NotificationType,
  RequestType,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient, TempDir, withTimeout } from '../lsp/client';

/**
 * The server lives as long as the editor: no message, however wrong, may end it. Each case sends
 * something a buggy or hostile client could send over the real stdio, then checks the server still
 * answers and still checks documents.
 */
describe('language server survives malformed messages', () => {
  let client: LspTestClient;
  let dir: TempDir;
  let opened = 0;
  before(async () => {
    dir = new TempDir();
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.stop();
    dir?.remove();
  });

  /** A fresh document is still checked: the server is alive and its queue not stuck. */
  async function assertStillChecking(): Promise<void> {
    const uri = dir.uri(`alive-${opened++}/Dockerfile`);
    await client.open(uri, 'dockerfile', 'FROM alpine:3.20\n');
    const published = await client.waitForDiagnostics(uri, { version: 1, timeout: 5000 });
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => diagnostic.code),
      ['BH-D001'],
    );
    assert.equal(client.child.exitCode, null, 'server still running');
  }

  /** A request may fail with a JSON-RPC error, but must be answered. */
  async function answered(request: Promise<unknown>): Promise<void> {
    await withTimeout(
      request.then(
        () => undefined,
        () => undefined,
      ),
      5000,
      'an answer to a malformed request',
    );
  }

  it('codeAction and hover for documents it never saw', async () => {
    const uri = dir.uri('unknown/pod.yaml');
    const range = { start: { line: 3, character: 0 }, end: { line: 9, character: 4 } };
    assert.deepEqual(await client.codeActions(uri, range, []), []);
    assert.equal(await client.hover(uri, { line: 99, character: 99 }), null);
    await answered(
      client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: 'not a uri' },
        range,
        context: { diagnostics: [] },
      }),
    );
    await assertStillChecking();
  });

  it('requests with missing or wrongly typed params', async () => {
    const garbage: unknown[] = [
      null,
      42,
      'text',
      [],
      {},
      { textDocument: null },
      { textDocument: { uri: 7 }, position: 'x' },
    ];
    for (const params of garbage) {
      await answered(
        client.connection.sendRequest(new RequestType<unknown, unknown, unknown>(HoverRequest.method), params),
      );
      await answered(
        client.connection.sendRequest(new RequestType<unknown, unknown, unknown>(CodeActionRequest.method), params),
      );
      await answered(
        client.connection.sendRequest(new RequestType<unknown, unknown, unknown>('codeAction/resolve'), params),
      );
    }
    await assertStillChecking();
  });

  it('notifications for unopened documents, stale versions and bad ranges', async () => {
    const notify = (method: string, params: unknown) =>
      client.connection.sendNotification(new NotificationType<unknown>(method), params);
    const uri = dir.uri('never-opened/Dockerfile');
    await notify(DidChangeTextDocumentNotification.method, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'USER root\n' },
      ],
    });
    await notify(DidCloseTextDocumentNotification.method, { textDocument: { uri } });
    await notify(DidOpenTextDocumentNotification.method, { textDocument: { uri: dir.uri('x/Dockerfile') } });
    await notify(DidOpenTextDocumentNotification.method, null);
    await notify(DidChangeTextDocumentNotification.method, { textDocument: { uri: 5 }, contentChanges: 'no' });
    await notify('textDocument/didSave', { textDocument: {} });
    await notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: 'file:///nowhere/.bulkhead.yaml', type: 99 }, null],
    });
    await notify('$/unknownNotification', { anything: true });
    await answered(
      client.connection.sendRequest(new RequestType<unknown, unknown, unknown>('bulkhead/noSuchRequest'), {}),
    );

    // An open document edited with a range far outside it and an older version.
    const open = dir.uri('edited/Dockerfile');
    await client.open(open, 'dockerfile', 'FROM alpine:3.20\n');
    await client.waitForDiagnostics(open, { version: 1 });
    await notify(DidChangeTextDocumentNotification.method, {
      textDocument: { uri: open, version: 2 },
      contentChanges: [
        { range: { start: { line: 500, character: 9 }, end: { line: 900, character: 0 } }, text: 'USER 10001\n' },
      ],
    });
    const changed = await client.waitForDiagnostics(open, { version: 2, timeout: 5000 });
    assert.deepEqual(changed.diagnostics, [], 'the change lands at the end, as editors clamp ranges');
    await notify(DidChangeTextDocumentNotification.method, {
      textDocument: { uri: open, version: 1 },
      contentChanges: [{ text: 'FROM alpine\n' }],
    });
    await assertStillChecking();
  });

  it('bytes that are not JSON, and JSON that is not JSON-RPC, inside valid frames', async () => {
    const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    for (const body of [
      '{not json!}',
      '[]',
      '42',
      '{"jsonrpc":"2.0"}',
      '{"jsonrpc":"2.0","id":{},"method":7}',
      '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":"🐳"}',
    ]) {
      client.child.stdin?.write(frame(body));
    }
    await assertStillChecking();
  });
});
