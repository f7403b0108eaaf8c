import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Command, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editsFor, LspTestClient, TempDir } from './client';

const markdownOf = (hover: Awaited<ReturnType<LspTestClient['hover']>>) =>
  hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';

/** Applies a code action's edit to the text the client holds, as an editor would. */
function applied(client: LspTestClient, uri: string, action: CodeAction): string {
  const document = client.document(uri);
  const [change] = editsFor(action, uri);
  assert.ok(change, `"${action.title}" edits ${uri}`);
  assert.equal(change.version, document.version, 'the edit targets the current version');
  return TextDocument.applyEdits(document, change.edits);
}

function byTitle(actions: (CodeAction | Command)[] | null, title: string): CodeAction {
  const action = (actions ?? []).find((candidate) => candidate.title === title);
  assert.ok(action && 'kind' in action, `"${title}" among ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
  return action;
}

describe('language server over stdio: suppression and documentation actions', () => {
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

  it('"Suppress for this line" comments above the whole instruction, indented like it, and the finding goes', async () => {
    const uri = dir.uri('Dockerfile');
    const text =
      '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN apk add curl && \\\n    curl -fsSL https://get.example.com | sh\n';
    await client.open(uri, 'dockerfile', text);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    const piped = published.diagnostics.find((diagnostic) => diagnostic.code === 'BH-D020');
    assert.ok(piped, JSON.stringify(published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range])));
    assert.equal(piped.range.start.line, 3, 'the finding is on the continuation line');
    const actions = await client.codeActions(uri, piped.range, [piped]);
    const suppress = byTitle(actions, 'Suppress BH-D020 for this line');
    assert.equal(suppress.isPreferred, false);
    const suppressed = applied(client, uri, suppress);
    assert.equal(
      suppressed,
      '# syntax=docker/dockerfile:1\nFROM alpine:3.20\n# bulkhead-ignore BH-D020 -- \nRUN apk add curl && \\\n    curl -fsSL https://get.example.com | sh\n',
    );
    const mark = client.mark();
    const version = await client.edit(uri, editsFor(suppress, uri)[0]?.edits ?? []);
    const after = await client.waitForDiagnostics(uri, { version, after: mark });
    assert.deepEqual(
      after.diagnostics.filter((diagnostic) => diagnostic.code === 'BH-D020'),
      [],
    );
  });

  it('"Suppress in this file" goes after the parser directives and adds to an existing file comment', async () => {
    const uri = dir.uri('build/Dockerfile');
    await client.open(uri, 'dockerfile', '# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.20\n');
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    const root = published.diagnostics.find((diagnostic) => diagnostic.code === 'BH-D001') as Diagnostic;
    assert.ok(root);
    const file = byTitle(await client.codeActions(uri, root.range, [root]), 'Suppress BH-D001 in this file');
    assert.equal(
      applied(client, uri, file),
      '# syntax=docker/dockerfile:1\n# escape=\\\n# bulkhead-ignore-file BH-D001 -- \nFROM alpine:3.20\n',
    );
    const mark = client.mark();
    const version = await client.edit(uri, [
      {
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
        newText: '# bulkhead-ignore-file BH-D002\n',
      },
    ]);
    const again = await client.waitForDiagnostics(uri, { version, after: mark });
    const rootAgain = again.diagnostics.find((diagnostic) => diagnostic.code === 'BH-D001') as Diagnostic;
    const extended = byTitle(
      await client.codeActions(uri, rootAgain.range, [rootAgain]),
      'Suppress BH-D001 in this file',
    );
    assert.ok(applied(client, uri, extended).includes('# bulkhead-ignore-file BH-D002, BH-D001\n'));
  });

  it('in YAML: the line comment sits above the finding with its indentation; the file comment after ---', async () => {
    const uri = dir.uri('pod.yaml');
    const text =
      '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n  containers:\n    - name: web\n      image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000\n';
    await client.open(uri, 'yaml', text);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    const host = published.diagnostics.find((diagnostic) => diagnostic.range.start.line === 6);
    assert.ok(host, JSON.stringify(published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range])));
    const id = String(host.code);
    const actions = await client.codeActions(uri, host.range, [host]);
    const line = applied(client, uri, byTitle(actions, `Suppress ${id} for this line`));
    assert.ok(line.includes(`spec:\n  # bulkhead-ignore ${id} -- \n  hostNetwork: true\n`), line);
    const file = applied(client, uri, byTitle(actions, `Suppress ${id} in this file`));
    assert.ok(file.startsWith(`---\n# bulkhead-ignore-file ${id} -- \napiVersion: v1\n`), file);

    const docs = byTitle(actions, `Show documentation for ${id}`);
    assert.equal(docs.edit, undefined);
    assert.deepEqual(docs.command, {
      title: `Show documentation for ${id}`,
      command: 'bulkhead.showRuleDocumentation',
      arguments: [`https://github.com/bulkhead-security/bulkhead/blob/main/docs/rules/${id}.md`],
    });
    assert.deepEqual(client.initializeResult?.capabilities.executeCommandProvider?.commands, [
      'bulkhead.showRuleDocumentation',
    ]);
    // This client cannot show documents, so the server names the page in a message instead.
    await client.connection.sendRequest('workspace/executeCommand', {
      command: docs.command?.command,
      arguments: docs.command?.arguments,
    });
    assert.ok(client.messages.some((message) => message.message.endsWith(`/docs/rules/${id}.md`)));
  });

  it('parse errors get no suppression action', async () => {
    const uri = dir.uri('broken/deploy.yaml');
    await client.open(uri, 'yaml', 'apiVersion: v1\nkind: Pod\nspec: [\n');
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    const error = published.diagnostics.find((diagnostic) => diagnostic.code === 'parse-error');
    assert.ok(error, JSON.stringify(published.diagnostics));
    const titles = ((await client.codeActions(uri, error.range, [error])) ?? []).map((action) => action.title);
    assert.ok(!titles.some((title) => title.startsWith('Suppress')), JSON.stringify(titles));
  });
});

describe('language server over stdio: hover on security-relevant keys without a finding', () => {
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

  it('explains capabilities, host namespaces and securityContext keys with their Pod Security check', async () => {
    const uri = dir.uri('deploy.yaml');
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: web }',
      'spec:',
      '  hostPID: false',
      '  containers:',
      '    - name: web',
      '      image: nginx:1.27',
      '      securityContext:',
      '        runAsNonRoot: true',
      '        seccompProfile:',
      '          type: RuntimeDefault',
      '        capabilities:',
      '          drop: [ALL]',
      '          add: ["NET_ADMIN"]',
      '',
    ].join('\n');
    const document = await client.open(uri, 'yaml', text);
    await client.waitForDiagnostics(uri, { version: 1 });
    const at = (needle: string, offset = 1) => document.positionAt(text.indexOf(needle) + offset);

    const capability = await client.hover(uri, at('NET_ADMIN'));
    const capabilityText = markdownOf(capability);
    assert.ok(capabilityText.includes('**CAP_NET_ADMIN**'), capabilityText);
    assert.ok(capabilityText.includes('control over interfaces, routes and firewall rules'), capabilityText);
    assert.ok(capabilityText.includes('Acceptable for: network plugins'), capabilityText);
    assert.ok(
      capabilityText.includes('Pod Security Standards: **baseline**, check `capabilities_baseline` (all versions)'),
      capabilityText,
    );
    assert.ok(capabilityText.includes('check `capabilities_restricted` (since v1.22)'), capabilityText);

    const all = markdownOf(await client.hover(uri, at('ALL')));
    assert.ok(all.includes('Dropping ALL removes every capability'), all);

    const hostPid = markdownOf(await client.hover(uri, at('hostPID')));
    assert.ok(hostPid.includes("shares the node's process namespace"), hostPid);
    assert.ok(hostPid.includes('**baseline**, check `hostNamespaces` (all versions)'), hostPid);

    const nonRoot = markdownOf(await client.hover(uri, at('runAsNonRoot: true', 15)));
    assert.ok(nonRoot.includes('**restricted**, check `runAsNonRoot`'), nonRoot);

    const seccomp = markdownOf(await client.hover(uri, at('RuntimeDefault')));
    assert.ok(seccomp.includes('`seccompProfile` chooses the system-call filter'), seccomp);
    assert.ok(seccomp.includes('check `seccompProfile_restricted` (since v1.19)'), seccomp);

    assert.equal(await client.hover(uri, at('nginx')), null, 'the image is not such a key');
  });

  it('explains cap_add in Compose, and USER and secret mounts in a Dockerfile', async () => {
    const compose = dir.uri('compose.yaml');
    const composeText = 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    cap_add: [SYS_PTRACE]\n';
    const composeDocument = await client.open(compose, 'dockercompose', composeText);
    await client.waitForDiagnostics(compose, { version: 1 });
    const ptrace = markdownOf(
      await client.hover(compose, composeDocument.positionAt(composeText.indexOf('SYS_PTRACE'))),
    );
    assert.ok(ptrace.includes('ptrace, to read and inject code'), ptrace);
    assert.ok(!ptrace.includes('Pod Security'), 'Compose is not subject to Pod Security');
    // The finding's hover (BH-C002) and the capability's documentation come together.
    assert.ok(ptrace.includes('BH-C002'), ptrace);
    const readOnly = markdownOf(
      await client.hover(compose, composeDocument.positionAt(composeText.indexOf('read_only'))),
    );
    assert.ok(readOnly.includes("mounts the container's image read-only"), readOnly);

    const dockerfile = dir.uri('Dockerfile');
    const text =
      'FROM alpine:3.20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nUSER 10001:10001\nCMD ["app"]\n';
    const document = await client.open(dockerfile, 'dockerfile', text);
    await client.waitForDiagnostics(dockerfile, { version: 1 });
    const user = await client.hover(dockerfile, document.positionAt(text.indexOf('USER') + 1));
    assert.ok(markdownOf(user).includes('`USER` sets the user'), markdownOf(user));
    assert.deepEqual(user?.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } });
    const secret = markdownOf(await client.hover(dockerfile, document.positionAt(text.indexOf('type=secret'))));
    assert.ok(secret.includes('without writing it into any image layer'), secret);
    assert.equal(await client.hover(dockerfile, document.positionAt(text.indexOf('CMD') + 1)), null);
  });
});

describe('language server over stdio: Scan Workspace', () => {
  let client: LspTestClient;
  let dir: TempDir;

  before(async () => {
    dir = new TempDir();
    dir.write('.bulkhead.yaml', 'ignore:\n  - vendor/**\n');
    dir.write('app/Dockerfile', 'FROM alpine:3.20\nCMD ["app"]\n');
    dir.write(
      'k8s/pod.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  hostNetwork: true\n  containers:\n    - name: web\n      image: nginx:1.27\n',
    );
    dir.write('vendor/Dockerfile', 'FROM alpine:3.20\n');
    dir.write('generated/Dockerfile', 'FROM alpine:3.20\n');
    dir.write('open/Dockerfile', 'FROM alpine:3.20\n');
    dir.write('notes.yaml', 'just: data\n');
    client = await LspTestClient.start({ workspaceFolders: [{ uri: dir.uri(''), name: 'workspace' }] });
  });
  after(async () => {
    await client?.stop();
    dir?.remove();
  });

  it('publishes closed files, skips ignored, excluded and open ones, with progress; cancellable re-scans follow disk changes', async () => {
    const open = dir.uri('open/Dockerfile');
    await client.open(open, 'dockerfile', 'FROM alpine:3.20\nUSER 10001\n');
    await client.waitForDiagnostics(open, { version: 1 });
    const mark = client.mark();
    const result = await client.connection.sendRequest('bulkhead/scanWorkspace', { exclude: ['**/generated'] });
    assert.deepEqual(result, { files: 3, findings: (result as { findings: number }).findings, cancelled: false });
    const scanned = client.publishedFor(dir.uri('app/Dockerfile'), mark);
    assert.equal(scanned.length, 1);
    assert.equal(scanned[0]?.version, undefined, 'a closed file has no version');
    assert.ok(scanned[0]?.diagnostics.some((diagnostic) => diagnostic.code === 'BH-D001'));
    assert.ok(
      client.publishedFor(dir.uri('k8s/pod.yaml'), mark)[0]?.diagnostics.some((d) => d.range.start.line === 4),
      'the manifest on disk gets its hostNetwork finding',
    );
    for (const skipped of [
      'vendor/Dockerfile',
      'generated/Dockerfile',
      'open/Dockerfile',
      'notes.yaml',
      '.bulkhead.yaml',
    ])
      assert.deepEqual(client.publishedFor(dir.uri(skipped), mark), [], `nothing published for ${skipped}`);
    assert.ok(client.progressTitles.some((title) => title.startsWith('Bulkhead: scanning the workspace')));

    // Fixed on disk (a save from another tool): re-checked and cleared.
    const fixedMark = client.mark();
    writeFileSync(join(dir.path, 'app/Dockerfile'), 'FROM alpine:3.20\nUSER 10001\nCMD ["app"]\n');
    await client.watchedFilesChanged([{ uri: dir.uri('app/Dockerfile'), type: 2 }]);
    const fixed = await client.waitForDiagnostics(dir.uri('app/Dockerfile'), { after: fixedMark });
    assert.deepEqual(fixed.diagnostics, []);

    // A new file is checked; a deleted one loses its diagnostics.
    const createdMark = client.mark();
    dir.write('new/Dockerfile', 'FROM alpine:3.20\n');
    await client.watchedFilesChanged([{ uri: dir.uri('new/Dockerfile'), type: 1 }]);
    const created = await client.waitForDiagnostics(dir.uri('new/Dockerfile'), { after: createdMark });
    assert.ok(created.diagnostics.some((diagnostic) => diagnostic.code === 'BH-D001'));
    rmSync(join(dir.path, 'k8s/pod.yaml'));
    await client.watchedFilesChanged([{ uri: dir.uri('k8s/pod.yaml'), type: 3 }]);
    const deleted = await client.waitForDiagnostics(dir.uri('k8s/pod.yaml'), { after: createdMark });
    assert.deepEqual(deleted.diagnostics, []);

    // Closing an open document shows the file on disk again.
    const closeMark = client.mark();
    await client.close(open);
    await waitUntil(() => client.publishedFor(open, closeMark).some((p) => p.diagnostics.length > 0));
    assert.ok(
      client
        .publishedFor(open, closeMark)
        .at(-1)
        ?.diagnostics.some((d) => d.code === 'BH-D001'),
    );
  });

  it('a cancelled scan stops and says so', async () => {
    const { CancellationTokenSource } = await import('vscode-languageserver-protocol');
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('bulkhead/scanWorkspace', {}, source.token);
    source.cancel();
    const outcome = await pending.then(
      (result) => result as { cancelled: boolean },
      (error: { code?: number }) => ({ cancelled: error.code === -32800 }),
    );
    assert.equal(outcome.cancelled, true);
  });
});

async function waitUntil(condition: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
