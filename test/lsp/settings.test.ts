import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LspTestClient, TempDir } from './client';

const dockerfile = 'FROM scratch\nCOPY app /app\n';
const imageRange = { start: { line: 0, character: 5 }, end: { line: 0, character: 12 } };

describe('language server over stdio: settings and .bulkhead.yaml', () => {
  const clients: LspTestClient[] = [];
  const dirs: TempDir[] = [];
  const start = async (settings: unknown) => {
    const client = await LspTestClient.start({ settings });
    clients.push(client);
    return client;
  };
  const tempDir = () => {
    const dir = new TempDir();
    dirs.push(dir);
    return dir;
  };

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.stop()));
  });
  after(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('workspace/configuration answers decide: enable false clears, a rule severity override applies', async () => {
    const client = await start({});
    const uri = tempDir().uri('Dockerfile');
    await client.open(uri, 'dockerfile', dockerfile);
    const initial = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(
      initial.diagnostics.map((d) => [d.code, d.severity]),
      [['BH-D001', 1]],
    );
    assert.deepEqual(client.configurationRequests, [{ scopeUri: uri, section: 'bulkhead' }]);

    let mark = client.mark();
    await client.changeSettings({ enable: false });
    const disabled = await client.waitForDiagnostics(uri, { after: mark });
    assert.equal(disabled.version, 1);
    assert.deepEqual(disabled.diagnostics, []);

    mark = client.mark();
    await client.changeSettings({ rules: { 'BH-D001': 'warning' } });
    const warning = await client.waitForDiagnostics(uri, { after: mark });
    assert.equal(warning.version, 1);
    assert.deepEqual(
      warning.diagnostics.map((d) => [d.code, d.severity, d.range]),
      [['BH-D001', 2, imageRange]],
    );
    // The settings are asked for again after each change, never served from a stale cache.
    assert.equal(client.configurationRequests.length, 3);

    mark = client.mark();
    await client.changeSettings({ rules: { 'BH-D001': 'off' } });
    assert.deepEqual((await client.waitForDiagnostics(uri, { after: mark })).diagnostics, []);
  });

  it('without the configuration capability, initializationOptions.settings are used', async () => {
    const client = await LspTestClient.start({
      configuration: false,
      initializationOptions: { settings: { rules: { 'BH-D001': 'hint' } } },
    });
    clients.push(client);
    const uri = tempDir().uri('Dockerfile');
    await client.open(uri, 'dockerfile', dockerfile);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity]),
      [['BH-D001', 4]],
    );
    assert.deepEqual(client.configurationRequests, []);
  });

  it('an unknown rule id in .bulkhead.yaml is a config-error diagnostic on the config file, at its line', async () => {
    const client = await start({});
    const dir = tempDir();
    const configUri = dir.write(
      '.bulkhead.yaml',
      '# Team settings for this service.\nprofile: recommended\nrules:\n  BH-D001: warning\n  BH-D999: off\n',
    );
    const uri = dir.uri('Dockerfile');
    await client.open(uri, 'dockerfile', dockerfile);
    const config = await client.waitForDiagnostics(configUri);
    assert.deepEqual(config.diagnostics, [
      {
        range: { start: { line: 4, character: 2 }, end: { line: 4, character: 9 } },
        message: 'Unknown rule id "BH-D999". Run `bulkhead rules` for the list.',
        severity: 1,
        source: 'bulkhead',
        code: 'config-error',
      },
    ]);
    // The valid entries of the file still apply to the Dockerfile next to it.
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity]),
      [['BH-D001', 2]],
    );
    assert.ok(config.seq < published.seq, 'config errors are published before the document they configure');
  });

  it('config errors stay while the config file is open or closed in the editor, and go when it is fixed or deleted', async () => {
    const client = await start({});
    const dir = tempDir();
    const broken = 'rules:\n  BH-D999: off\n';
    const configUri = dir.write('.bulkhead.yaml', broken);
    const configError = {
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } },
      message: 'Unknown rule id "BH-D999". Run `bulkhead rules` for the list.',
      severity: 1,
      source: 'bulkhead',
      code: 'config-error',
    };
    const latest = (uri: string) => client.publishedFor(uri).at(-1)?.diagnostics;
    const uri = dir.uri('Dockerfile');
    await client.open(uri, 'dockerfile', dockerfile);
    await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(latest(configUri), [configError]);

    // The user opens the config file to fix it: it is YAML, so the server checks it as a document too.
    await client.open(configUri, 'yaml', broken);
    await client.waitForDiagnostics(configUri, { version: 1 });
    assert.deepEqual(latest(configUri), [configError], 'after opening the config file');

    let mark = client.mark();
    await client.close(configUri);
    await client.waitForDiagnostics(configUri, { after: mark });
    assert.deepEqual(latest(configUri), [configError], 'after closing the config file');

    // Fixed on disk: the client's file watcher reports the change.
    dir.write('.bulkhead.yaml', 'rules:\n  BH-D001: warning\n');
    mark = client.mark();
    await client.watchedFilesChanged([{ uri: configUri, type: 2 }]);
    await client.waitForDiagnostics(uri, { after: mark });
    assert.deepEqual(latest(configUri), [], 'after fixing the config file');
    assert.deepEqual(
      latest(uri)?.map((d) => [d.code, d.severity]),
      [['BH-D001', 2]],
    );

    // Broken again, then deleted: the error must not outlive the file.
    dir.write('.bulkhead.yaml', broken);
    mark = client.mark();
    await client.watchedFilesChanged([{ uri: configUri, type: 2 }]);
    await client.waitForDiagnostics(uri, { after: mark });
    assert.deepEqual(latest(configUri), [configError], 'after breaking the config file again');
    rmSync(fileURLToPath(configUri));
    mark = client.mark();
    await client.watchedFilesChanged([{ uri: configUri, type: 3 }]);
    await client.waitForDiagnostics(uri, { after: mark });
    assert.deepEqual(latest(configUri), [], 'after deleting the config file');
    assert.deepEqual(
      latest(uri)?.map((d) => [d.code, d.severity]),
      [['BH-D001', 1]],
    );
  });
});
