import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixture } from '../helpers/fixtures';
import { editsFor, LspTestClient, TempDir } from './client';

const range = (line: number, start: number, end: number) => ({
  start: { line, character: start },
  end: { line, character: end },
});

/** Both containers of the fixture fixed, in the file's own block style. */
const dropAll = '            capabilities:\n              drop:\n                - ALL\n';
const logsFixed = fixture('lsp', 'deployment.yaml').replace(
  '            readOnlyRootFilesystem: true\n',
  `            readOnlyRootFilesystem: true\n${dropAll}`,
);
const fullyFixed = logsFixed.replace(
  'securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}',
  'securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}',
);

describe('language server over stdio: Kubernetes manifests and other YAML', () => {
  let client: LspTestClient;
  let dir: TempDir;
  let uri: string;
  let diagnostics: Diagnostic[];

  before(async () => {
    dir = new TempDir();
    uri = dir.uri('k8s/deployment.yaml');
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.stop();
    dir?.remove();
  });

  it('an unrelated YAML file (a GitHub workflow) gets no Bulkhead diagnostics', async () => {
    const workflow = dir.uri('.github/workflows/ci.yml');
    await client.open(workflow, 'yaml', fixture('lsp', 'workflow.yml'));
    // A manifest opened afterwards: once its diagnostics are in, the workflow has been processed.
    const manifest = dir.uri('k8s/pod.yaml');
    await client.open(
      manifest,
      'yaml',
      'apiVersion: v1\nkind: Pod\nspec:\n  automountServiceAccountToken: false\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: app\n      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}\n',
    );
    const manifestDiagnostics = await client.waitForDiagnostics(manifest, { version: 1 });
    assert.deepEqual(
      manifestDiagnostics.diagnostics.map((d) => [d.code, d.range]),
      [['BH-K001', range(6, 12, 15)]],
    );
    const forWorkflow = client.publishedFor(workflow);
    assert.ok(forWorkflow.length <= 1, `publishes for the workflow: ${JSON.stringify(forWorkflow)}`);
    for (const published of forWorkflow) {
      assert.deepEqual(published.diagnostics, []);
      assert.ok(published.seq < manifestDiagnostics.seq, 'the workflow was checked before the later manifest');
    }
    assert.equal(await client.hover(workflow, { line: 9, character: 14 }), null);
  });

  it('publishes BH-K001 on the name of each container', async () => {
    await client.open(uri, 'yaml', fixture('lsp', 'deployment.yaml'));
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    diagnostics = published.diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.source, d.range, d.message, d.codeDescription?.href]),
      [
        [
          'BH-K001',
          2,
          'bulkhead',
          range(21, 16, 19),
          'Container "web" does not drop ALL capabilities.',
          'https://github.com/bulkhead-security/bulkhead/blob/main/docs/rules/BH-K001.md',
        ],
        [
          'BH-K001',
          2,
          'bulkhead',
          range(26, 16, 20),
          'Container "logs" does not drop ALL capabilities.',
          'https://github.com/bulkhead-security/bulkhead/blob/main/docs/rules/BH-K001.md',
        ],
      ],
    );
  });

  it("the quick fix for one container adds drop: [ALL] to that container's securityContext", async () => {
    const logs = diagnostics[1] as Diagnostic;
    const actions = (await client.codeActions(uri, logs.range, [logs], ['quickfix'])) as CodeAction[];
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind, action.isPreferred]),
      [
        ['Drop all capabilities (securityContext.capabilities.drop: [ALL])', 'quickfix', true],
        ['Harden this workload to Pod Security restricted (every fix at once)', 'quickfix', false],
        ['Suppress BH-K001 for this line', 'quickfix', false],
        ['Suppress BH-K001 in this file', 'quickfix', false],
        ['Show documentation for BH-K001', 'quickfix', false],
      ],
    );
    const [change] = editsFor(actions[0] as CodeAction, uri);
    assert.equal(change?.version, 1);
    const fixed = TextDocument.applyEdits(client.document(uri), change?.edits ?? []);
    assert.equal(fixed, logsFixed);
  });

  it('"Harden to restricted" resolves lazily to one edit that fixes every container', async () => {
    const web = diagnostics[0] as Diagnostic;
    const actions = (await client.codeActions(uri, web.range, [web], ['quickfix'])) as CodeAction[];
    const harden = actions.find((action) => action.title.startsWith('Harden'));
    assert.ok(harden && harden.edit === undefined, 'the edit is computed only on resolve');
    const resolved = await client.resolveCodeAction(harden);
    const [change] = editsFor(resolved, uri);
    assert.equal(change?.version, 1);
    assert.equal(TextDocument.applyEdits(client.document(uri), change?.edits ?? []), fullyFixed);
  });

  it('source.fixAll.bulkhead fixes every container; version 2 has no findings', async () => {
    const actions = (await client.codeActions(uri, range(0, 0, 0), [], ['source.fixAll.bulkhead'])) as CodeAction[];
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind, action.diagnostics]),
      [['Fix all Bulkhead problems in this file', 'source.fixAll.bulkhead', undefined]],
    );
    const [change, ...others] = editsFor(actions[0] as CodeAction, uri);
    assert.deepEqual(others, []);
    assert.equal(change?.version, 1);
    assert.equal(change?.edits.length, 2);
    const fixed = TextDocument.applyEdits(client.document(uri), change.edits);
    assert.equal(fixed, fullyFixed);

    // `only: ['source']` includes the fix-all kind; `only: ['quickfix']` does not.
    const source = (await client.codeActions(uri, range(0, 0, 0), [], ['source'])) as CodeAction[];
    assert.deepEqual(
      source.map((action) => action.kind),
      ['source.fixAll.bulkhead'],
    );
    assert.deepEqual(await client.codeActions(uri, range(0, 0, 0), [], ['quickfix']), []);

    await client.edit(uri, change.edits);
    assert.equal(client.text(uri), fullyFixed);
    const published = await client.waitForDiagnostics(uri, { version: 2 });
    assert.deepEqual(published.diagnostics, []);
    assert.deepEqual(await client.codeActions(uri, range(0, 0, 0), [], ['source.fixAll.bulkhead']), []);
  });
});
