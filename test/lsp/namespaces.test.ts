import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { defaultRuleSet } from '../../rules';
import { languageServerSuite } from './client';

const podSecurityIds = new Set(
  defaultRuleSet.rules.filter((rule) => (rule.aliases.pss ?? []).length > 0).map((rule) => rule.id),
);
const ofPodSecurity = (diagnostics: Diagnostic[]) =>
  diagnostics.filter((diagnostic) => podSecurityIds.has(String(diagnostic.code)));

const namespace = (level: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n`;
const pod =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  hostNetwork: true\n  containers: [{name: app}]\n';

describe('language server over stdio: Pod Security labels of Namespaces elsewhere in the workspace', () => {
  const server = languageServerSuite((dir) => ({ workspaceFolders: [{ uri: dir.uri(''), name: 'ws' }] }));

  it('follows the Namespace file on disk, its changes, and its unsaved edits', async () => {
    const namespaceUri = server.dir.write('cluster/namespaces.yaml', namespace('baseline'));
    const podUri = server.dir.uri('apps/pod.yaml');
    await server.client.open(podUri, 'yaml', pod);
    const enforced = ofPodSecurity((await server.client.waitForDiagnostics(podUri, { version: 1 })).diagnostics);
    const hostNetwork = enforced.find((diagnostic) => diagnostic.code === 'BH-K003');
    assert.equal(hostNetwork?.severity, 1, 'an error: the API server rejects the pod');
    assert.match(String(hostNetwork?.message), /Namespace "shop" enforces baseline/);
    assert.equal(hostNetwork?.relatedInformation?.[0]?.location.uri, namespaceUri);
    assert.deepEqual(
      enforced.map((diagnostic) => diagnostic.code),
      ['BH-K003'],
      'baseline: no restricted findings',
    );

    server.dir.write('cluster/namespaces.yaml', namespace('privileged'));
    let mark = server.client.mark();
    await server.client.watchedFilesChanged([{ uri: namespaceUri, type: 2 }]);
    assert.deepEqual(ofPodSecurity((await server.client.waitForDiagnostics(podUri, { after: mark })).diagnostics), []);

    mark = server.client.mark();
    await server.client.open(namespaceUri, 'yaml', namespace('restricted'));
    const restricted = ofPodSecurity((await server.client.waitForDiagnostics(podUri, { after: mark })).diagnostics);
    assert.ok(restricted.length > 1, 'restricted findings once the editor says restricted');
    assert.ok(restricted.every((diagnostic) => diagnostic.severity === 1));
  });
});
