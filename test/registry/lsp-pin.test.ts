import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RegistryPusher, registrySkipReason, startRegistry, type TestRegistry } from '../helpers/registry';
import { editsFor, LspTestClient, TempDir } from '../lsp/client';

const pinAllKind = 'source.pinImages.bulkhead';

/** The edits of a resolved action for the document, which must carry the document's version. */
function editsOf(action: CodeAction, uri: string) {
  const changes = editsFor(action, uri);
  assert.equal(changes.length, 1, JSON.stringify(action));
  assert.equal(typeof changes[0]?.version, 'number');
  return changes[0]?.edits ?? [];
}

describe('language server: "Pin to digest" against a real registry', { skip: registrySkipReason }, () => {
  let registry: TestRegistry;
  let digest: string;
  let dir: TempDir;
  const clients: LspTestClient[] = [];

  before(async () => {
    registry = await startRegistry();
    digest = (await new RegistryPusher(registry).pushMultiPlatformImage('team/app', '1.0')).reported;
    dir = new TempDir();
  });
  after(async () => {
    for (const client of clients) await client.stop();
    await registry?.stop();
    dir?.remove();
  });

  const start = async (options: Parameters<typeof LspTestClient.start>[0]) => {
    const client = await LspTestClient.start(options);
    clients.push(client);
    return client;
  };
  /** BH-D003 (tag without digest) is in the strict profile. */
  const strict = (registrySettings: object) => ({ profile: 'strict', registry: registrySettings });

  const openDockerfile = async (client: LspTestClient, name: string, text: string) => {
    const uri = dir.uri(name);
    await client.open(uri, 'dockerfile', text);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    return { uri, diagnostics: published.diagnostics.filter((d) => d.code === 'BH-D003') };
  };
  const titles = (actions: (CodeAction | { title: string })[] | null) => (actions ?? []).map((a) => a.title);

  /** One server with lookups on, for the tests that do not change trust or settings. */
  let enabledClient: LspTestClient | undefined;
  const enabled = async () => {
    enabledClient ??= await start({ settings: strict({ lookups: true }) });
    return enabledClient;
  };

  it('offers an unresolved "Pin to digest" and fills in the edit on resolve', async () => {
    const client = await enabled();
    const image = `${registry.host}/team/app:1.0`;
    const { uri, diagnostics } = await openDockerfile(client, 'Dockerfile', `FROM ${image}\nUSER 10001\n`);
    assert.equal(diagnostics.length, 1);
    const actions = (await client.codeActions(uri, (diagnostics[0] as Diagnostic).range, diagnostics)) as CodeAction[];
    const pin = actions.find((action) => action.title === `Pin ${image} to its digest`);
    assert.ok(pin, JSON.stringify(titles(actions)));
    assert.equal(pin.edit, undefined, 'the offered action does no lookup');
    const resolved = await client.resolveCodeAction(pin);
    const text = TextDocument.applyEdits(client.document(uri), editsOf(resolved, uri));
    assert.equal(text, `FROM ${image}@${digest}\nUSER 10001\n`);
    assert.ok(client.progressTitles.includes('Bulkhead: Looking up the digest…'), client.progressTitles.join());
    const hover = await client.hover(uri, (diagnostics[0] as Diagnostic).range.start);
    assert.match(
      (hover?.contents as { value: string } | undefined)?.value ?? '',
      /digest of its index \(manifest list\), so every platform keeps pulling its own image/,
    );
  });

  it('offers the actions once the client reports that the workspace became trusted', async () => {
    const client = await start({
      settings: strict({ lookups: true }),
      initializationOptions: { workspaceTrusted: false },
    });
    const { uri, diagnostics } = await openDockerfile(
      client,
      'Dockerfile.trust',
      `FROM ${registry.host}/team/app:1.0\n`,
    );
    const range = (diagnostics[0] as Diagnostic).range;
    assert.deepEqual(
      titles(await client.codeActions(uri, range, diagnostics)).filter((t) => t.startsWith('Pin')),
      [],
    );
    await client.connection.sendNotification('bulkhead/workspaceTrust', { trusted: true });
    assert.ok(
      titles(await client.codeActions(uri, range, diagnostics)).includes(
        `Pin ${registry.host}/team/app:1.0 to its digest`,
      ),
    );
  });

  it('"Pin all images in this file" pins every image; a failing one is reported', async () => {
    const client = await enabled();
    const text = `FROM ${registry.host}/team/app:1.0 AS build\nFROM ${registry.host}/team/app:7.7\nUSER 10001\n`;
    const { uri } = await openDockerfile(client, 'Dockerfile.all', text);
    const actions = (await client.codeActions(
      uri,
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      [],
      ['source'],
    )) as CodeAction[];
    const pinAll = actions.find((action) => action.kind === pinAllKind);
    assert.ok(pinAll, JSON.stringify(titles(actions)));
    const resolved = await client.resolveCodeAction(pinAll);
    assert.equal(
      TextDocument.applyEdits(client.document(uri), editsOf(resolved, uri)),
      `FROM ${registry.host}/team/app:1.0@${digest} AS build\nFROM ${registry.host}/team/app:7.7\nUSER 10001\n`,
    );
    assert.deepEqual(
      client.messages.map((message) => message.message),
      [`Bulkhead could not pin ${registry.host}/team/app:7.7: tag "7.7" not found in ${registry.host}/team/app`],
    );
  });

  it('offers nothing with lookups off (the default) or in an untrusted workspace, and the hover says how to enable', async () => {
    for (const options of [
      { settings: strict({}) },
      { settings: strict({ lookups: true }), initializationOptions: { workspaceTrusted: false } },
    ]) {
      const client = await start(options);
      const { uri, diagnostics } = await openDockerfile(
        client,
        `Dockerfile.off${clients.length}`,
        `FROM ${registry.host}/team/app:1.0\nUSER 10001\n`,
      );
      const diagnostic = diagnostics[0] as Diagnostic;
      const actions = await client.codeActions(uri, diagnostic.range, diagnostics);
      assert.deepEqual(
        titles(actions).filter((title) => title.startsWith('Pin')),
        [],
      );
      const hover = await client.hover(uri, diagnostic.range.start);
      assert.match(
        (hover?.contents as { value: string } | undefined)?.value ?? '',
        /enable `bulkhead\.registry\.lookups`/,
      );
    }
  });

  it('"Update pinned digests in this file" moves name:tag@digest to the digest the tag has now', async () => {
    const pusher = new RegistryPusher(registry);
    const first = (await pusher.pushMultiPlatformImage('team/moving', '3', 1)).reported;
    const moved = (await pusher.pushMultiPlatformImage('team/moving', '3', 2)).reported;
    const client = await enabled();
    const image = `${registry.host}/team/moving:3`;
    const { uri } = await openDockerfile(client, 'Dockerfile.update', `FROM ${image}@${first}\nUSER 10001\n`);
    const start = { line: 0, character: 0 };
    const actions = (await client.codeActions(uri, { start, end: start }, [], ['source'])) as CodeAction[];
    assert.deepEqual(titles(actions), ['Update pinned digests in this file to their tags’ current digests']);
    const resolved = await client.resolveCodeAction(actions[0] as CodeAction);
    assert.equal(
      TextDocument.applyEdits(client.document(uri), editsOf(resolved, uri)),
      `FROM ${image}@${moved}\nUSER 10001\n`,
    );
  });

  it('a Kubernetes manifest gets "Pin all images in this file" too', async () => {
    const client = await enabled();
    const uri = dir.uri('pod.yaml');
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: ${registry.host}/team/app:1.0\n`;
    await client.open(uri, 'yaml', text);
    await client.waitForDiagnostics(uri, { version: 1 });
    const actions = (await client.codeActions(
      uri,
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      [],
      [pinAllKind],
    )) as CodeAction[];
    assert.deepEqual(titles(actions), ['Pin all images in this file to their digests']);
    const resolved = await client.resolveCodeAction(actions[0] as CodeAction);
    assert.equal(
      TextDocument.applyEdits(client.document(uri), editsOf(resolved, uri)),
      text.replace(':1.0\n', `:1.0@${digest}\n`),
    );
  });
});
