// Bulkhead in a real VS Code: the extension activates, its language server runs as a child of the
// extension host, and squiggles, quick fixes and hovers reach the editor through the real API.
// Fixtures live in test/e2e/workspace; edits to them are reverted, never saved.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const extensionId = 'bulkhead.bulkhead';
const source = 'bulkhead';
const rulePage = (ruleId: string) => `https://github.com/bulkhead-security/bulkhead/blob/main/docs/rules/${ruleId}.md`;

function fixture(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Polls until `done(read())`; diagnostics and validation arrive asynchronously from the server. */
async function waitFor<T>(what: string, read: () => T, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** VS Code turns a code with a codeDescription into `{ value, target }`. */
function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

function bulkheadDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === source);
}

function findings(uri: vscode.Uri, ruleId: string): vscode.Diagnostic[] {
  return bulkheadDiagnostics(uri).filter((diagnostic) => codeOf(diagnostic) === ruleId);
}

async function waitForFinding(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic> {
  const found = await waitFor(
    `${ruleId} on ${uri.path}`,
    () => findings(uri, ruleId),
    (d) => d.length > 0,
  ).catch((error: Error) => {
    const present = bulkheadDiagnostics(uri).map((d) => `${codeOf(d)} ${d.message}`);
    throw new Error(`${error.message}; Bulkhead's diagnostics there: ${JSON.stringify(present)}`);
  });
  assert.ok(found[0]);
  return found[0];
}

function rangeOf(range: vscode.Range): [number, number, number, number] {
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** Throws away the editor's changes; the fixture on disk stays as it is. */
async function revertAndClose(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/**
 * The preferred quick fix titled `title` among the actions offered on the diagnostic's range.
 * The command's result does not say which diagnostic an action fixes, and other findings on the
 * same range (or the built-in chat's "Fix"/"Explain") may add actions, hence the title.
 */
async function preferredQuickFix(
  uri: vscode.Uri,
  diagnostic: vscode.Diagnostic,
  title: string,
): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const offered = actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(' | ');
  const fix = actions.find((action) => action.title === title);
  assert.ok(fix, `"${title}" is offered; got: ${offered}`);
  assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `a quick fix: ${fix.kind?.value}`);
  assert.equal(fix.isPreferred, true, `"${title}" is the preferred fix; got: ${offered}`);
  assert.ok(fix.edit, 'the quick fix carries its edit');
  return fix;
}

async function hoverMarkdown(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** Resolves once diagnostics of `uri` are published (an empty list counts) after `action` ran. */
async function publishedAfter(uri: vscode.Uri, action: () => Thenable<unknown>, ms = 10_000): Promise<void> {
  let subscription: vscode.Disposable | undefined;
  let timer: NodeJS.Timeout | undefined;
  const published = new Promise<void>((resolve, reject) => {
    subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) resolve();
    });
    timer = setTimeout(() => reject(new Error(`no diagnostics were published for ${uri.path} within ${ms} ms`)), ms);
  });
  published.catch(() => undefined); // awaited below, once `action` is done
  try {
    await action();
    await published;
  } finally {
    subscription?.dispose();
    clearTimeout(timer);
  }
}

/**
 * Asks test/e2e/launcher.mjs (run with E2E_SCREENSHOT=file.png) for a PNG of the workbench once
 * `waitFor` (a CSS selector) is visible, and waits until it is written.
 */
/** Asks the launcher for a PNG; `target` is the --screenshot file or a sibling of it, by name. */
async function requestScreenshot(target: string, selector: string): Promise<void> {
  const requested = Date.now();
  console.log(
    `[vscode-e2e:screenshot] ${JSON.stringify({ waitFor: selector, settleMs: 400, name: path.basename(target) })}`,
  );
  const written = () => fs.existsSync(target) && fs.statSync(target).mtimeMs >= requested - 1000;
  await waitFor(`the launcher to write ${target}`, written, Boolean, 30_000);
}

/** RSS of the language server (a child process of this extension host running dist/server.js), on Linux. */
function languageServerRss(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server.js')) continue;
      const rssKb = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (rssKb) return Number(rssKb) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

suite('Bulkhead in a real VS Code', () => {
  const dockerfile = fixture('Dockerfile');
  const deployment = fixture('k8s', 'deployment.yaml');
  const hardened = fixture('k8s', 'hardened.yaml');
  const closedCompose = fixture('compose', 'docker-compose.yaml');
  const onDisk = new Map<string, string>();

  suiteSetup(async () => {
    for (const uri of [dockerfile, deployment, hardened, closedCompose])
      onDisk.set(uri.fsPath, fs.readFileSync(uri.fsPath, 'utf8'));
    // VS Code for the Web saves edits after a second by default, and a slow test would write its
    // quick fix into the fixture: the workspace's .vscode/settings.json turns that off.
    assert.equal(vscode.workspace.getConfiguration('files', dockerfile).get('autoSave'), 'off', 'files.autoSave');
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed in the extension host`);
    const wasActive = extension.isActive;
    const waitStarted = performance.now();
    await extension.activate();
    const waited = performance.now() - waitStarted;
    // The extension host marks when it loads and activates each extension (vs/base/common/performance).
    type Marks = { getMarks(): { name: string; startTime: number }[] };
    const marks = (globalThis as { MonacoPerformanceMarks?: Marks }).MonacoPerformanceMarks?.getMarks() ?? [];
    const mark = (name: string) => marks.find((m) => m.name === `code/extHost/${name}/${extension.id}`)?.startTime;
    const [load, loaded, call, done] = [
      'willLoadExtensionCode',
      'didLoadExtensionCode',
      'willActivateExtension',
      'didActivateExtension',
    ].map(mark);
    if (load !== undefined && loaded !== undefined && call !== undefined && done !== undefined) {
      console.log(
        `[bulkhead-e2e] activation: ${(done - load).toFixed(0)} ms from loading the code to activate() resolving ` +
          `(require dist/client.js ${(loaded - load).toFixed(0)} ms, activate() incl. starting the language ` +
          `server ${(done - call).toFixed(0)} ms); ${wasActive ? 'activated by the workbench' : 'activated by the suite'}`,
      );
    } else if (!wasActive) {
      console.log(`[bulkhead-e2e] activation: extension.activate() took ${waited.toFixed(0)} ms`);
    } else {
      console.log('[bulkhead-e2e] activation: it was already active and the host has no timing marks');
    }
  });

  teardown(async () => {
    // A failed test may leave an edited fixture open: revert it, never save it.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) await revertAndClose(document);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(() => {
    const server = languageServerRss();
    console.log(
      `[bulkhead-e2e] memory: extension host rss ${mib(process.memoryUsage().rss)}, ` +
        `heap used ${mib(process.memoryUsage().heapUsed)}` +
        (server === undefined ? '' : `; language server rss ${mib(server)}`),
    );
    const changed = [...onDisk].filter(([file, text]) => fs.readFileSync(file, 'utf8') !== text);
    for (const [file, text] of changed) fs.writeFileSync(file, text); // put the fixture back, then fail
    assert.deepEqual(
      changed.map(([file]) => file),
      [],
      'fixtures were saved to disk (restored now)',
    );
  });

  // First, while only the Dockerfile has findings; runs only when the launcher captures (E2E_SCREENSHOT).
  test('screenshot: the squiggle with its quick fixes', async function (this: Mocha.Context) {
    const target = process.env.VSCODE_E2E_SCREENSHOT;
    if (!target) return this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const editor = await open(dockerfile);
    const diagnostic = await waitForFinding(dockerfile, 'BH-D001');
    const inside = diagnostic.range.start.translate(0, 4);
    editor.selection = new vscode.Selection(inside, inside);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await requestScreenshot(target, '.action-widget');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  test('screenshot: the hover on a Kubernetes finding', async function (this: Mocha.Context) {
    const target = process.env.VSCODE_E2E_SCREENSHOT;
    if (!target) return this.skip();
    const editor = await open(deployment);
    const diagnostic = await waitForFinding(deployment, 'BH-K001');
    const inside = diagnostic.range.start.translate(0, 1);
    editor.selection = new vscode.Selection(inside, inside);
    await vscode.commands.executeCommand('editor.action.showHover');
    await requestScreenshot(path.join(path.dirname(target), 'hover.png'), '.monaco-hover');
    await vscode.commands.executeCommand('editor.action.hideHover');
  });

  test('a Dockerfile without USER gets a BH-D001 squiggle on its FROM image', async () => {
    const editor = await open(dockerfile);
    assert.equal(editor.document.languageId, 'dockerfile');
    const diagnostic = await waitForFinding(dockerfile, 'BH-D001');
    assert.deepEqual(rangeOf(diagnostic.range), [1, 5, 1, 21]);
    assert.equal(editor.document.getText(diagnostic.range), 'python:3.12-slim');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /runs as root/);
    assert.equal(typeof diagnostic.code === 'object' && diagnostic.code.target.toString(), rulePage('BH-D001'));
    assert.equal(findings(dockerfile, 'BH-D001').length, 1, 'one finding for the one final stage');
  });

  test('the preferred quick fix adds USER 10001:10001 and the squiggle goes away', async () => {
    const editor = await open(dockerfile);
    const diagnostic = await waitForFinding(dockerfile, 'BH-D001');
    const fix = await preferredQuickFix(
      dockerfile,
      diagnostic,
      'Run as non-root: add "USER 10001:10001" to the final stage',
    );
    try {
      assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), 'the edit applies');
      const text = editor.document.getText();
      assert.ok(text.includes('USER 10001:10001'), text);
      assert.match(text, /^USER 10001:10001\nCMD \[/m, 'USER goes before CMD, after the RUN steps');
      await waitFor(
        'BH-D001 to clear',
        () => findings(dockerfile, 'BH-D001'),
        (d) => d.length === 0,
      );
    } finally {
      await revertAndClose(editor.document);
    }
  });

  test('the hover on the squiggle explains the rule', async () => {
    await open(dockerfile);
    const diagnostic = await waitForFinding(dockerfile, 'BH-D001');
    const markdown = await hoverMarkdown(dockerfile, diagnostic.range.start);
    assert.ok(markdown.includes('BH-D001'), markdown);
    assert.ok(markdown.includes('What an attacker gains'), markdown);
    assert.ok(markdown.includes(rulePage('BH-D001')), 'links the rule page');
  });

  test('a Deployment that keeps capabilities gets BH-K001, fixed by drop: [ALL]', async () => {
    const editor = await open(deployment);
    assert.equal(editor.document.languageId, 'yaml');
    const diagnostic = await waitForFinding(deployment, 'BH-K001');
    assert.deepEqual(rangeOf(diagnostic.range), [18, 16, 18, 19]);
    assert.equal(editor.document.getText(diagnostic.range), 'api');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    const fix = await preferredQuickFix(
      deployment,
      diagnostic,
      'Drop all capabilities (securityContext.capabilities.drop: [ALL])',
    );
    try {
      assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), 'the edit applies');
      const text = editor.document.getText();
      assert.ok(text.includes('drop:') && text.includes('- ALL'), text);
      assert.match(text, /allowPrivilegeEscalation: false\n {12}capabilities:\n {14}drop:\n {16}- ALL\n/);
      await waitFor(
        'BH-K001 to clear',
        () => findings(deployment, 'BH-K001'),
        (d) => d.length === 0,
      );
    } finally {
      await revertAndClose(editor.document);
    }
  });

  test('"Harden to restricted" resolves its edit in VS Code and clears the Pod Security findings', async () => {
    const editor = await open(deployment);
    const diagnostic = await waitForFinding(deployment, 'BH-K010');
    // The fourth argument asks VS Code to resolve the actions' edits (codeAction/resolve), as the light bulb does.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      deployment,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
      10,
    );
    const harden = actions.find((action) => action.title.startsWith('Harden this workload'));
    assert.ok(harden?.edit, `resolved with its edit; offered: ${actions.map((action) => action.title).join(' | ')}`);
    try {
      assert.ok(await vscode.workspace.applyEdit(harden.edit), 'the edit applies');
      const text = editor.document.getText();
      assert.match(text, /seccompProfile:\n\s+type: RuntimeDefault/);
      assert.match(text, /drop:\n\s+- ALL/);
      await waitFor(
        'the Pod Security findings to clear',
        () => bulkheadDiagnostics(deployment).filter((d) => ['BH-K001', 'BH-K010'].includes(String(codeOf(d)))),
        (d) => d.length === 0,
      );
    } finally {
      await revertAndClose(editor.document);
    }
  });

  test('a hardened manifest gets no findings', async () => {
    // The server is running and checks manifests: the flagged one has its finding...
    await open(deployment);
    await waitForFinding(deployment, 'BH-K001');
    // ...and once it has published its (empty) result for the hardened one, there is nothing.
    await publishedAfter(hardened, () => open(hardened));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), hardened.toString());
    assert.deepEqual(
      bulkheadDiagnostics(hardened).map((d) => `${codeOf(d)} ${d.message}`),
      [],
    );
  });

  test('"Suppress BH-D001 for this line" writes our comment above FROM and the squiggle goes away', async () => {
    const editor = await open(dockerfile);
    const diagnostic = await waitForFinding(dockerfile, 'BH-D001');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      dockerfile,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const offered = actions.map((action) => action.title).join(' | ');
    const suppress = actions.find((action) => action.title === 'Suppress BH-D001 for this line');
    assert.ok(suppress?.edit, `offered: ${offered}`);
    assert.ok(
      actions.some((action) => action.title === 'Suppress BH-D001 in this file'),
      offered,
    );
    const docs = actions.find((action) => action.title === 'Show documentation for BH-D001');
    assert.equal(docs?.command?.command, 'bulkhead.showRuleDocumentation', offered);
    assert.deepEqual(docs?.command?.arguments, [rulePage('BH-D001')]);
    assert.ok((await vscode.commands.getCommands(true)).includes('bulkhead.showRuleDocumentation'));
    try {
      assert.ok(await vscode.workspace.applyEdit(suppress.edit), 'the edit applies');
      assert.equal(editor.document.lineAt(1).text, '# bulkhead-ignore BH-D001 -- ');
      assert.match(editor.document.lineAt(2).text, /^FROM python:3\.12-slim/);
      await waitFor(
        'BH-D001 to clear',
        () => findings(dockerfile, 'BH-D001'),
        (d) => d.length === 0,
      );
    } finally {
      await revertAndClose(editor.document);
    }
  });

  test('hover on a security key without a finding explains it with its Pod Security check', async () => {
    const editor = await open(hardened);
    const line = editor.document.lineAt(27);
    assert.equal(line.text.trim(), 'runAsNonRoot: true');
    const markdown = await hoverMarkdown(hardened, new vscode.Position(27, line.firstNonWhitespaceCharacterIndex + 2));
    assert.ok(markdown.includes('`runAsNonRoot: true` makes the kubelet refuse'), markdown);
    assert.ok(markdown.includes('Pod Security Standards: **restricted**, check `runAsNonRoot`'), markdown);
  });

  test('changing a setting re-validates the open file at once', async () => {
    const settings = vscode.workspace.getConfiguration('bulkhead');
    await open(dockerfile);
    await waitForFinding(dockerfile, 'BH-D001');
    try {
      await settings.update('rules', { 'BH-D001': 'off' }, vscode.ConfigurationTarget.Global);
      await waitFor(
        'BH-D001 to go once it is turned off',
        () => findings(dockerfile, 'BH-D001'),
        (d) => d.length === 0,
      );
    } finally {
      await settings.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    const back = await waitForFinding(dockerfile, 'BH-D001');
    assert.equal(back.severity, vscode.DiagnosticSeverity.Error);
  });

  test('"Bulkhead: Scan Workspace" fills the diagnostics of a file that was never opened', async () => {
    assert.ok(
      !vscode.workspace.textDocuments.some((document) => document.uri.toString() === closedCompose.toString()),
      'the Compose file is not open',
    );
    assert.deepEqual(bulkheadDiagnostics(closedCompose), [], 'no diagnostics before the scan');
    const started = performance.now();
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>(
      'bulkhead.scanWorkspace',
    );
    console.log(
      `[bulkhead-e2e] workspace scan: ${JSON.stringify(result)} in ${(performance.now() - started).toFixed(0)} ms`,
    );
    assert.equal(result?.cancelled, false);
    // Files the workbench still holds as documents (VS Code keeps closed editors' models a while) are
    // the language server's open documents and not counted; the never-opened Compose file is.
    assert.ok(result && result.files >= 1 && result.findings >= 1, JSON.stringify(result));
    const privileged = await waitForFinding(closedCompose, 'BH-C001');
    assert.equal(privileged.range.start.line, 4);
    assert.ok(
      !vscode.workspace.textDocuments.some((document) => document.uri.toString() === closedCompose.toString()),
      'the scan did not open it',
    );
  });
});
