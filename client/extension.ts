import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
  WorkDoneProgress,
} from 'vscode-languageclient/node';
import {
  type ScanWorkspaceParams,
  type ScanWorkspaceResult,
  scanWorkspaceRequest,
  type ValidationStatusParams,
  validationStatusNotification,
  type WorkspaceTrustParams,
  workspaceTrustNotification,
} from '../shared/protocol';
import { settingsSection } from '../shared/settings';

/** Files Bulkhead checks; YAML is claimed by language id and the server decides by content. */
export const documentSelector = [
  { language: 'dockerfile' },
  { language: 'dockercompose' },
  { language: 'yaml' },
  {
    scheme: 'file',
    pattern:
      '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,*.Containerfile,*.containerfile,Dockerfile.*,Containerfile.*}',
  },
];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Bulkhead', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    // Registry lookups ("Pin to digest") are never made for an untrusted workspace.
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
    synchronize: {
      configurationSection: settingsSection,
      // Config files, and YAML files that may define Namespaces whose Pod Security labels apply elsewhere.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.bulkhead.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
        // Dockerfiles, for "Scan Workspace", which keeps closed files' diagnostics current.
        vscode.workspace.createFileSystemWatcher(
          '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,*.Containerfile,*.containerfile,Dockerfile.*,Containerfile.*}',
        ),
      ],
    },
  };
  client = new LanguageClient('bulkhead', 'Bulkhead', serverOptions, clientOptions);

  const status = new ValidationStatus(context);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('bulkhead.showOutput', () => output.show()),
    vscode.commands.registerCommand('bulkhead.scanWorkspace', () => scanWorkspace()),
    vscode.commands.registerCommand('bulkhead.restartServer', async () => {
      await client?.restart();
      output.info('Language server restarted');
    }),
    client.onDidChangeState((event) => status.setServerRunning(event.newState === State.Running)),
    client.onNotification(validationStatusNotification, (params: ValidationStatusParams) => status.update(params)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      const params: WorkspaceTrustParams = { trusted: true };
      void client?.sendNotification(workspaceTrustNotification, params);
    }),
  );
  await client.start();
}

/**
 * "Bulkhead: Scan Workspace": the server checks every file and publishes diagnostics for the closed
 * ones, reporting progress on a token this notification listens to; Cancel cancels the request.
 * Returns the result, so tests (and other extensions) can await it.
 */
async function scanWorkspace(): Promise<ScanWorkspaceResult | undefined> {
  const running = client;
  if (!running) return undefined;
  const excludes = vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {};
  const workDoneToken = `bulkhead-scan-${Date.now()}`;
  const params: ScanWorkspaceParams = {
    // `files.exclude` entries set to true; conditional ones (`{ when: … }`) are left to the editor.
    exclude: Object.entries(excludes)
      .filter(([, on]) => on === true)
      .map(([glob]) => glob),
    workDoneToken,
  };
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Bulkhead: scanning the workspace', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const listener = running.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const increment = value.percentage === undefined ? undefined : value.percentage - reported;
        reported = value.percentage ?? reported;
        progress.report({ message: value.message, increment });
      });
      try {
        const result = await running.sendRequest<ScanWorkspaceResult>(scanWorkspaceRequest, params, token);
        const summary = `Bulkhead: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.files} files${result.cancelled ? ' (cancelled)' : ''}`;
        vscode.window.setStatusBarMessage(summary, 5000);
        return result;
      } finally {
        listener.dispose();
      }
    },
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The status bar item: findings of the active file, a spinner while validating, an error state if the server is down. */
class ValidationStatus {
  private readonly item = vscode.window.createStatusBarItem('bulkhead.status', vscode.StatusBarAlignment.Right, 100);
  private readonly byUri = new Map<string, ValidationStatusParams>();
  private serverRunning = true;

  constructor(context: vscode.ExtensionContext) {
    this.item.name = 'Bulkhead';
    context.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    );
  }

  setServerRunning(running: boolean): void {
    this.serverRunning = running;
    this.render();
  }

  update(params: ValidationStatusParams): void {
    this.byUri.set(params.uri, params);
    this.render();
  }

  private render(): void {
    if (!this.serverRunning) {
      this.item.text = '$(error) Bulkhead';
      this.item.tooltip = 'The Bulkhead language server is not running. Click to see its log.';
      this.item.command = 'bulkhead.showOutput';
      this.item.show();
      return;
    }
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri ? this.byUri.get(uri) : undefined;
    if (!status) {
      this.item.hide();
      return;
    }
    const count = status.findings;
    this.item.text = status.state === 'validating' ? '$(sync~spin) Bulkhead' : `$(shield) Bulkhead: ${count}`;
    this.item.tooltip = `${count} container-security finding${count === 1 ? '' : 's'} in this file. Click to open the Problems panel.`;
    this.item.command = 'workbench.actions.view.problems';
    this.item.show();
  }
}
