import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import {
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
      ],
    },
  };
  client = new LanguageClient('bulkhead', 'Bulkhead', serverOptions, clientOptions);

  const status = new ValidationStatus(context);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('bulkhead.showOutput', () => output.show()),
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
