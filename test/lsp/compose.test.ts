import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { languageServerSuite } from './client';

describe('language server over stdio: Compose files', () => {
  const server = languageServerSuite();

  it('a finding about a setting inherited from an anchor points at the anchor through relatedInformation', async () => {
    const uri = server.dir.uri('docker-compose.prod.yaml');
    const text = 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n';
    await server.client.open(uri, 'dockercompose', text);
    const published = await server.client.waitForDiagnostics(uri, { version: 1 });
    const privileged = published.diagnostics.find((diagnostic) => diagnostic.code === 'BH-C001');
    assert.ok(privileged, JSON.stringify(published.diagnostics.map((diagnostic) => diagnostic.code)));
    assert.deepEqual(privileged.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 6 } });
    assert.deepEqual(privileged.relatedInformation, [
      {
        location: { uri, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 12 } } },
        message: 'Inherited from anchor &base.',
      },
    ]);
  });
});
