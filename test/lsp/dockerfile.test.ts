import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editsFor, LspTestClient, TempDir } from './client';

const dockerfile = 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n';
/** `scratch` in `FROM scratch`. */
const imageRange = { start: { line: 0, character: 5 }, end: { line: 0, character: 12 } };

describe('language server over stdio: a Dockerfile', () => {
  let client: LspTestClient;
  let dir: TempDir;
  let uri: string;
  let diagnostic: Diagnostic;

  before(async () => {
    dir = new TempDir();
    uri = dir.uri('Dockerfile');
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.stop();
    dir?.remove();
  });

  it('publishes BH-D001 for version 1 of a Dockerfile without USER', async () => {
    await client.open(uri, 'dockerfile', dockerfile);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.equal(published.version, 1);
    assert.equal(published.diagnostics.length, 1);
    diagnostic = published.diagnostics[0] as Diagnostic;
    assert.deepEqual(diagnostic, {
      range: imageRange,
      severity: 1,
      code: 'BH-D001',
      codeDescription: { href: 'https://github.com/bulkhead-security/bulkhead/blob/main/docs/rules/BH-D001.md' },
      source: 'bulkhead',
      message: 'The image runs as root: the final stage is FROM scratch and never sets USER.',
    });
    assert.ok(diagnostic.codeDescription?.href.endsWith('/BH-D001.md'));
  });

  it('hover at the finding explains the rule and links its page; elsewhere it is null', async () => {
    const hover = await client.hover(uri, imageRange.start);
    assert.ok(hover, 'hover at the finding');
    const contents = hover.contents as { kind: string; value: string };
    assert.equal(contents.kind, 'markdown');
    assert.ok(contents.value.startsWith('**BH-D001: Image runs as root** (error)'), contents.value);
    assert.ok(contents.value.includes('**What an attacker gains:**'), contents.value);
    assert.ok(
      contents.value.includes('(https://github.com/bulkhead-security/bulkhead/blob/main/docs/rules/BH-D001.md)'),
      contents.value,
    );
    assert.deepEqual(hover.range, imageRange);
    // The range's end is inside it; one past it, the COPY line and the keyword FROM are not.
    assert.notEqual(await client.hover(uri, imageRange.end), null);
    assert.equal(await client.hover(uri, { line: 0, character: 13 }), null);
    assert.equal(await client.hover(uri, { line: 0, character: 2 }), null);
    assert.equal(await client.hover(uri, { line: 1, character: 2 }), null);
  });

  it('the preferred quick fix inserts USER 10001:10001; applied, version 2 has no findings', async () => {
    const actions = (await client.codeActions(uri, imageRange, [diagnostic])) as CodeAction[];
    assert.deepEqual(
      actions.map((action) => [action.kind, action.isPreferred, action.diagnostics?.[0]?.code]),
      [
        ['quickfix', true, 'BH-D001'],
        ['quickfix', false, 'BH-D001'], // Suppress BH-D001 for this line
        ['quickfix', false, 'BH-D001'], // Suppress BH-D001 in this file
        ['quickfix', false, 'BH-D001'], // Show documentation for BH-D001
        ['source.fixAll.bulkhead', undefined, undefined],
      ],
    );
    const preferred = actions[0] as CodeAction;
    assert.equal(preferred.edit?.changes, undefined);
    const [change, ...others] = editsFor(preferred, uri);
    assert.deepEqual(others, []);
    assert.equal(change?.version, 1);
    assert.deepEqual(change?.edits, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'USER 10001:10001\n' },
    ]);

    const fixed = TextDocument.applyEdits(client.document(uri), change.edits);
    assert.equal(fixed, 'FROM scratch\nCOPY app /app\nUSER 10001:10001\nENTRYPOINT ["/app"]\n');
    const version = await client.edit(uri, change.edits);
    assert.equal(version, 2);
    assert.equal(client.text(uri), fixed);
    const published = await client.waitForDiagnostics(uri, { version: 2 });
    assert.deepEqual(published.diagnostics, []);
  });

  it('a code action for the old diagnostic on the fixed document offers nothing', async () => {
    assert.deepEqual(await client.codeActions(uri, imageRange, [diagnostic]), []);
    assert.equal(await client.hover(uri, imageRange.start), null);
  });

  /**
   * Types 30 characters at the end of a Dockerfile, one incremental change (versions 2..31) each,
   * all at once or with a pause after each; returns the versions published for it, in order.
   */
  const typeAway = async (name: string, pauseMs: number) => {
    const typingUri = dir.uri(`${name}/Dockerfile`);
    await client.open(typingUri, 'dockerfile', 'FROM scratch\n');
    assert.equal((await client.waitForDiagnostics(typingUri, { version: 1 })).diagnostics.length, 1);
    // "USER roo" is some other user; only the last keystroke makes it root again.
    const typed = 'ENV ab=1\nUSER nobody\nUSER root';
    assert.equal(typed.length, 30);
    const sends: Promise<number>[] = [];
    for (let index = 0; index < typed.length; index++) {
      const document = client.document(typingUri);
      const end = document.positionAt(document.getText().length);
      sends.push(client.change(typingUri, [{ range: { start: end, end }, text: typed[index] as string }], index + 2));
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    await Promise.all(sends);
    assert.equal(client.text(typingUri), `FROM scratch\n${typed}`);

    const last = await client.waitForDiagnostics(typingUri, { version: 31, timeout: 3000 });
    // Anything stale would be sent within the server's longest debounce (250 ms).
    await new Promise((resolve) => setTimeout(resolve, 400));
    const published = client.publishedFor(typingUri);
    const versions = published.map((p) => p.version ?? -1);
    const summary = published.map((p) => `v${p.version}:${p.diagnostics.length}`).join(' ');
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      `versions never go back: ${summary}`,
    );
    assert.equal(versions.at(-1), 31, summary);
    assert.equal(published.at(-1), last, `nothing after version 31: ${summary}`);
    assert.deepEqual(
      last.diagnostics.map((d) => [d.code, d.range, d.message]),
      [
        [
          'BH-D001',
          { start: { line: 3, character: 5 }, end: { line: 3, character: 9 } },
          'The image runs as root: the last USER of the final stage is "root".',
        ],
      ],
    );
    return published;
  };

  it('rapid typing: 30 changes sent at once; published versions never go back and end at 31', async () => {
    await typeAway('burst', 0);
  });

  it('typing with short pauses: intermediate versions are published in order and end at 31', async () => {
    const published = await typeAway('paused', 5);
    // Each publish is about the text of its own version: the same text opened fresh gets the same list.
    for (const { version, diagnostics } of published) {
      const text = `FROM scratch\n${'ENV ab=1\nUSER nobody\nUSER root'.slice(0, (version ?? 1) - 1)}`;
      const oracle = dir.uri(`paused-oracle-${version}/Dockerfile`);
      await client.open(oracle, 'dockerfile', text);
      const fresh = await client.waitForDiagnostics(oracle, { version: 1 });
      assert.deepEqual(diagnostics, fresh.diagnostics, `version ${version}: ${JSON.stringify(text)}`);
      await client.close(oracle);
    }
  });
});
