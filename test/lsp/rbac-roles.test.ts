import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { languageServerSuite } from './client';

const role = (verbs: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: shop\nrules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: [${verbs}]\n`;
const binding =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: app-reader\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\nsubjects:\n  - kind: ServiceAccount\n    name: app\n    namespace: shop\n';
const secretsFindings = (diagnostics: Diagnostic[]) =>
  diagnostics.filter((diagnostic) => diagnostic.code === 'BH-K042');

describe('language server over stdio: a binding judged by the Role it binds, in another file', () => {
  const server = languageServerSuite((dir) => ({ workspaceFolders: [{ uri: dir.uri(''), name: 'ws' }] }));

  it('resolves roleRef on disk, follows the Role file when it changes, and points at its rule', async () => {
    const roleUri = server.dir.write('rbac/role.yaml', role('get, list'));
    const bindingUri = server.dir.uri('rbac/binding.yaml');
    await server.client.open(bindingUri, 'yaml', binding);
    const [finding] = secretsFindings((await server.client.waitForDiagnostics(bindingUri, { version: 1 })).diagnostics);
    assert.match(String(finding?.message), /Role "reader", which grants get, list on secrets/);
    assert.deepEqual(finding?.range, { start: { line: 8, character: 8 }, end: { line: 8, character: 14 } });
    const related = finding?.relatedInformation?.[0];
    assert.equal(related?.location.uri, roleUri);
    assert.deepEqual(related?.location.range.start, { line: 7, character: 16 });

    server.dir.write('rbac/role.yaml', role('create'));
    let mark = server.client.mark();
    await server.client.watchedFilesChanged([{ uri: roleUri, type: 2 }]);
    assert.deepEqual(
      secretsFindings((await server.client.waitForDiagnostics(bindingUri, { after: mark })).diagnostics),
      [],
      'the Role no longer reads Secrets',
    );

    server.dir.write('rbac/role.yaml', role('watch'));
    mark = server.client.mark();
    await server.client.watchedFilesChanged([{ uri: roleUri, type: 2 }]);
    const [again] = secretsFindings((await server.client.waitForDiagnostics(bindingUri, { after: mark })).diagnostics);
    assert.match(String(again?.message), /which grants watch on secrets/);
  });
});
