import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  type CodeAction,
  CodeActionRequest,
  CodeActionResolveRequest,
  type Command,
  ConfigurationRequest,
  createProtocolConnection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  type FileEvent,
  type Hover,
  HoverRequest,
  InitializedNotification,
  type InitializeParams,
  InitializeRequest,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  RegistrationRequest,
  ShowMessageNotification,
  type ShowMessageParams,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const repoRoot = join(__dirname, '..', '..', '..');
const serverBin = join(repoRoot, 'bin', 'bulkhead-language-server.js');

/** Every server started and not yet exited: killed when the test process exits, whatever happened. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ClientOptions {
  /** The `bulkhead` section returned for workspace/configuration; the test may change it later. */
  settings?: unknown;
  /** Advertise the workspace/configuration capability (default true). */
  configuration?: boolean;
  initializationOptions?: unknown;
  workspaceFolders?: { uri: string; name: string }[];
}

/** One recorded textDocument/publishDiagnostics, with its place in the order of arrival. */
export interface Published extends PublishDiagnosticsParams {
  seq: number;
}

interface Waiter {
  matches: (published: Published) => boolean;
  resolve: (published: Published) => void;
}

/**
 * A minimal LSP client over the real stdio of `bin/bulkhead-language-server.js`: it keeps the
 * documents it opened in sync (incremental changes, applied locally with the same TextDocument
 * implementation an editor uses), answers workspace/configuration with `settings`, and records every
 * publishDiagnostics in order, so tests can wait for the diagnostics of a given document version.
 */
export class LspTestClient {
  settings: unknown;
  /** Every workspace/configuration item the server asked for, in order. */
  readonly configurationRequests: { scopeUri?: string; section?: string }[] = [];
  readonly published: Published[] = [];
  /** Every window/showMessage and window/showMessageRequest, in order. */
  readonly messages: ShowMessageParams[] = [];
  /** Titles of the work-done progress the server reported. */
  readonly progressTitles: string[] = [];
  readonly documents = new Map<string, TextDocument>();
  initializeResult: InitializeResult | undefined;
  private stderr = '';
  private waiters: Waiter[] = [];
  private exited: Promise<number | null>;
  private closed = false;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const published = { ...params, seq: this.published.length };
      this.published.push(published);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.matches(published)) return true;
        waiter.resolve(published);
        return false;
      });
    });
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => {
        this.configurationRequests.push({ scopeUri: item.scopeUri, section: item.section });
        return item.section === 'bulkhead' ? this.settings : null;
      }),
    );
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
    });
    connection.onRequest(ShowMessageRequest.type, (params) => {
      this.messages.push(params);
      return null;
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      connection.onProgress(WorkDoneProgress.type, params.token, (value) => {
        if (value.kind === 'begin') this.progressTitles.push(`${value.title}: ${value.message ?? ''}`);
      });
    });
    connection.onClose(() => {
      this.closed = true;
    });
  }

  /** Spawns the server, initializes it and sends `initialized`. */
  static async start(options: ClientOptions = {}): Promise<LspTestClient> {
    const child = spawn(process.execPath, [serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: repoRoot });
    running.add(child);
    child.once('exit', () => running.delete(child));
    if (!child.stdout || !child.stdin) throw new Error('server stdio not available');
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    // Broken pipes after the server exits must not crash the test process.
    connection.onError(() => undefined);
    child.stdin.on('error', () => undefined);
    const client = new LspTestClient(child, connection, options);
    connection.listen();
    try {
      await client.initialize(options);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return client;
  }

  private async initialize(options: ClientOptions): Promise<void> {
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.workspaceFolders ?? null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: options.configuration ?? true,
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, relatedInformation: true },
          codeAction: {
            isPreferredSupport: true,
            resolveSupport: { properties: ['edit'] },
            dataSupport: true,
            codeActionLiteralSupport: {
              codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] },
            },
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        window: { workDoneProgress: true, showMessage: {} },
      },
    };
    this.initializeResult = await withTimeout(
      this.connection.sendRequest(InitializeRequest.type, params),
      3000,
      () => `initialize${this.stderrHint()}`,
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  private stderrHint(): string {
    return this.stderr ? `\nserver stderr:\n${this.stderr}` : '';
  }

  /** Where the next publish will be recorded; pass it as `after` to ignore everything before now. */
  mark(): number {
    return this.published.length;
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<TextDocument> {
    const document = TextDocument.create(uri, languageId, version, text);
    this.documents.set(uri, document);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version, text },
    });
    return document;
  }

  /**
   * Sends the edits as incremental content changes (each range relative to the text after the
   * previous change, as LSP requires) and applies them to the local copy. Returns the new version.
   */
  async edit(uri: string, edits: readonly TextEdit[], version?: number): Promise<number> {
    const document = this.document(uri);
    // Applied last-to-first, every range is still valid in the text the server holds at that point;
    // inserts at one position go in reverse, so they end up in the order of the edit list.
    const ordered = edits
      .map((edit, index) => ({ edit, index }))
      .sort((a, b) => compare(b.edit.range.start, a.edit.range.start) || b.index - a.index);
    const changes: TextDocumentContentChangeEvent[] = ordered.map(({ edit }) => ({
      range: edit.range,
      text: edit.newText,
    }));
    return this.change(uri, changes, version ?? document.version + 1);
  }

  /** Sends raw incremental changes with an explicit version and mirrors them locally. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[], version: number): Promise<number> {
    const updated = TextDocument.update(this.document(uri), changes, version);
    this.documents.set(uri, updated);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  /** Replaces the settings the client answers with and tells the server they changed. */
  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Tells the server that watched files (.bulkhead.yaml) were created (1), changed (2) or deleted (3) on disk. */
  async watchedFilesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Publishes for the uri recorded so far (from `after`, a `mark()`). */
  publishedFor(uri: string, after = 0): Published[] {
    return this.published.filter((published) => published.uri === uri && published.seq >= after);
  }

  /**
   * The first publish for `uri` at or after `after` (a `mark()`) with the given version (any
   * version, or none, when `version` is undefined).
   */
  waitForDiagnostics(
    uri: string,
    options: { version?: number; after?: number; timeout?: number } = {},
  ): Promise<Published> {
    const matches = (published: Published) =>
      published.uri === uri &&
      published.seq >= (options.after ?? 0) &&
      (options.version === undefined || published.version === options.version);
    const earlier = this.published.find(matches);
    if (earlier) return Promise.resolve(earlier);
    const what = `publishDiagnostics for ${uri}${options.version === undefined ? '' : ` version ${options.version}`}`;
    return withTimeout(
      new Promise<Published>((resolve) => this.waiters.push({ matches, resolve })),
      options.timeout ?? 2000,
      () =>
        `${what}; got: ${JSON.stringify(this.publishedFor(uri).map((p) => ({ version: p.version, n: p.diagnostics.length })))}${this.stderrHint()}`,
    );
  }

  codeActions(
    uri: string,
    range: Range,
    diagnostics: Diagnostic[],
    only?: string[],
  ): Promise<(CodeAction | Command)[] | null> {
    return withTimeout(
      this.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics, ...(only ? { only } : {}) },
      }),
      2000,
      'textDocument/codeAction',
    );
  }

  /** codeAction/resolve, which may ask a registry: a longer timeout than other requests. */
  resolveCodeAction(action: CodeAction, timeout = 20_000): Promise<CodeAction> {
    return withTimeout(
      this.connection.sendRequest(CodeActionResolveRequest.type, action),
      timeout,
      'codeAction/resolve',
    );
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return withTimeout(
      this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      2000,
      'textDocument/hover',
    );
  }

  /**
   * shutdown + exit; the process is killed when it does not answer shutdown within `timeout` ms, or
   * does not exit within `timeout` ms after `exit`. Returns the exit code (null when killed).
   */
  async stop(timeout = 1000): Promise<number | null> {
    let answered = false;
    if (this.child.exitCode === null && this.child.signalCode === null && !this.closed) {
      try {
        await withTimeout(this.connection.sendRequest(ShutdownRequest.type), timeout, 'shutdown');
        await this.connection.sendNotification(ExitNotification.type);
        answered = true;
      } catch {
        // Killed below.
      }
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), answered ? timeout : 0);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The TextDocumentEdits of a code action's `documentChanges` for one document, with the version each targets. */
export function editsFor(action: CodeAction, uri: string): { version: number | null; edits: TextEdit[] }[] {
  return (action.edit?.documentChanges ?? []).flatMap((change) =>
    'textDocument' in change && change.textDocument.uri === uri
      ? [{ version: change.textDocument.version, edits: change.edits as TextEdit[] }]
      : [],
  );
}

/** A fresh directory under the OS temp dir, for documents whose uri must be a real file path. */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'bulkhead-lsp-'));

  /** The file: uri of a file in the directory (the file need not exist). */
  uri(name: string): string {
    return pathToFileURL(join(this.path, name)).href;
  }

  /** Writes a file on disk (for files the server reads itself, like .bulkhead.yaml); returns its uri. */
  write(name: string, text: string): string {
    mkdirSync(dirname(join(this.path, name)), { recursive: true });
    writeFileSync(join(this.path, name), text);
    return this.uri(name);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/**
 * A language server and a scratch directory for one `describe` block: started before its tests and
 * stopped after them. Tests read `server.client` and `server.dir`, which exist once `before` has run.
 */
export function languageServerSuite(options: ClientOptions | ((dir: TempDir) => ClientOptions) = {}): {
  client: LspTestClient;
  dir: TempDir;
} {
  const server = {} as { client: LspTestClient; dir: TempDir };
  before(async () => {
    server.dir = new TempDir();
    server.client = await LspTestClient.start(typeof options === 'function' ? options(server.dir) : options);
  });
  after(async () => {
    await server.client?.stop();
    server.dir?.remove();
  });
  return server;
}
