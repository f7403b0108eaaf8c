import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, LogMessageParams } from 'vscode-languageserver-protocol';
import { RegistryPusher, registrySkipReason, startRegistry, type TestRegistry } from '../helpers/registry';
import { editsFor, LspTestClient, type Published, TempDir } from '../lsp/client';

const hintCode = 'digest-update-available';

/**
 * A plain HTTP proxy in front of the test registry that counts the requests it forwards, so a test
 * can tell whether the language server asked the registry anything at all.
 */
async function countingProxy(registry: TestRegistry): Promise<{ host: string; requests: string[]; close(): void }> {
  const upstream = new URL(registry.baseUrl);
  const requests: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    requests.push(`${incoming.method} ${incoming.url}`);
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { host: `127.0.0.1:${port}`, requests, close: () => server.close() };
}

async function until<T>(probe: () => T | undefined, what: () => string, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const hints = (published: Published) => published.diagnostics.filter((d) => d.code === hintCode);

describe('language server: "update available" hints on pinned digests, against a real registry', {
  skip: registrySkipReason,
}, () => {
  let registry: TestRegistry;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let old: string;
  let moved: string;
  let dir: TempDir;
  const clients: LspTestClient[] = [];

  before(async () => {
    registry = await startRegistry();
    proxy = await countingProxy(registry);
    const pusher = new RegistryPusher(registry);
    old = (await pusher.pushMultiPlatformImage('team/hinted', '1.0', 1)).reported;
    // The tag is pushed again with other content: it now points to another digest.
    moved = (await pusher.pushMultiPlatformImage('team/hinted', '1.0', 2)).reported;
    assert.notEqual(old, moved);
    dir = new TempDir();
  });
  after(async () => {
    for (const client of clients) await client.stop();
    proxy?.close();
    await registry?.stop();
    dir?.remove();
  });

  /** A server whose console log (window/logMessage) is recorded: it says when a check has run. */
  const start = async (settings: object) => {
    const client = await LspTestClient.start({ settings });
    clients.push(client);
    const log: string[] = [];
    client.connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      log.push(params.message);
    });
    return { client, log };
  };

  it('hints that the tag moved, offers the bump, and drops the hint once bumped', async () => {
    const { client, log } = await start({ registry: { lookups: true } });
    const image = `${proxy.host}/team/hinted:1.0`;
    const uri = dir.uri('Dockerfile');
    const text = `FROM ${image}@${old}\nUSER 10001\n`;
    await client.open(uri, 'dockerfile', text);
    const first = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(hints(first), [], 'validation itself never waits for the registry');

    const hinted = await until(
      () => client.publishedFor(uri).find((p) => p.version === 1 && hints(p).length > 0),
      () => `a hint; log: ${log.join(' | ')}`,
    );
    const hint = hints(hinted)[0] as Diagnostic;
    const digestStart = `FROM ${image}@`.length;
    assert.deepEqual(hint, {
      range: { start: { line: 0, character: digestStart }, end: { line: 0, character: digestStart + old.length } },
      severity: 3,
      source: 'bulkhead',
      code: hintCode,
      message: `${image} now points to ${moved.slice(0, 'sha256:'.length + 12)}…; this pin is older.`,
    });
    assert.ok(
      proxy.requests.some((r) => r.startsWith('HEAD /v2/team/hinted/manifests/1.0')),
      proxy.requests.join(),
    );

    // An unrelated edit: the hint of version 1 is not published with version 2, then comes back, moved.
    const edited = await client.edit(uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# base\n' },
    ]);
    const revalidated = await client.waitForDiagnostics(uri, { version: edited });
    assert.deepEqual(hints(revalidated), [], 'a hint of an older version never lingers');
    const rehinted = await until(
      () => client.publishedFor(uri).find((p) => p.version === edited && hints(p).length > 0),
      () => `the hint of version ${edited}`,
    );
    const moveHint = hints(rehinted)[0] as Diagnostic;
    assert.equal(moveHint.range.start.line, 1);

    const actions = (await client.codeActions(uri, moveHint.range, [moveHint])) as CodeAction[];
    const bump = actions.find((action) => action.title === 'Update to the tag’s current digest');
    assert.ok(bump, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(bump.isPreferred, true);
    const changes = editsFor(bump, uri);
    assert.equal(changes[0]?.version, edited);
    const checksBefore = log.filter((line) => line.startsWith('Digest update check')).length;
    const bumped = await client.edit(uri, changes[0]?.edits ?? []);
    assert.equal(client.text(uri), `# base\nFROM ${image}@${moved}\nUSER 10001\n`);
    await client.waitForDiagnostics(uri, { version: bumped });
    await until(
      () => (log.filter((line) => line.startsWith('Digest update check')).length > checksBefore ? true : undefined),
      () => `the check of version ${bumped}; log: ${log.join(' | ')}`,
    );
    assert.ok(
      log.some((line) => line.includes(`(version ${bumped}): 0 of 1 pinned images behind`)),
      log.join(' | '),
    );
    assert.deepEqual(
      client.publishedFor(uri).filter((p) => p.version === bumped && hints(p).length > 0),
      [],
    );
  });

  it('asks no registry with lookups off (the default)', async () => {
    const { client, log } = await start({});
    const requestsBefore = proxy.requests.length;
    const uri = dir.uri('Dockerfile.off');
    await client.open(uri, 'dockerfile', `FROM ${proxy.host}/team/hinted:1.0@${old}\nUSER 10001\n`);
    await client.waitForDiagnostics(uri, { version: 1 });
    // Longer than the debounce and a lookup would take.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.deepEqual(
      client.publishedFor(uri).flatMap((p) => hints(p)),
      [],
    );
    assert.deepEqual(proxy.requests.slice(requestsBefore), []);
    assert.deepEqual(
      log.filter((line) => line.startsWith('Digest update check')),
      [],
    );
  });
});
