import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  FileChangeType,
  type Hover,
  TextDocumentEdit,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../rules/engine/analyze';
import { renderHover } from '../rules/engine/catalog';
import type { ResolvedConfig } from '../rules/engine/config';
import { compatibleEdits } from '../rules/engine/edits';
import { keyDocAt } from '../rules/engine/key-docs';
import { containsPosition } from '../rules/engine/ranges';
import type { Finding, Position } from '../rules/engine/types';
import { hardenToRestricted } from '../rules/fixes/harden';
import { defaultRuleSet } from '../rules/index';
import {
  diagnosticSource,
  type ScanWorkspaceParams,
  scanWorkspaceRequest,
  showRuleDocumentationCommand,
  type ValidationStatusParams,
  validationStatusNotification,
  type WorkspaceTrustParams,
  workspaceTrustNotification,
} from '../shared/protocol';
import { type BulkheadSettings, settingsSection } from '../shared/settings';
import { configFileNames } from './config-files';
import { matchesFinding, toDiagnostic } from './diagnostics';
import { discoverFiles, matchesGlobs } from './discover';
import { DocumentConfigs } from './document-config';
import { PinActions, pinAllKind, pinHoverNote, pinRuleIds, updatePinsKind } from './pin-actions';
import { PinUpdates } from './pin-updates';
import { normalizeSettings } from './settings';
import { siblingReader } from './sibling-files';
import { suppressionActions } from './suppress-actions';
import { WorkspaceIndex } from './workspace-index';
import { WorkspaceScan } from './workspace-scan';

export const fixAllKind = `${CodeActionKind.SourceFixAll}.${diagnosticSource}`;

interface Validated {
  version: number;
  findings: Finding[];
  config: ResolvedConfig;
}

/** What a lazily resolved "Harden to restricted" action needs to compute its edit. */
interface HardenData {
  bulkheadHarden: true;
  uri: string;
  version: number;
  at: Position;
}

const podSecurityRuleIds = new Set(
  defaultRuleSet.rules.filter((rule) => (rule.aliases.pss ?? []).length > 0).map((rule) => rule.id),
);

export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const configs = new DocumentConfigs();
  const validated = new Map<string, Validated>();
  const timers = new Map<string, NodeJS.Timeout>();
  const lastDuration = new Map<string, number>();
  const settingsCache = new Map<string, Promise<BulkheadSettings>>();
  /** Problems of each `.bulkhead.yaml` that has (or just had) some, by the config file's uri. */
  const configDiagnostics = new Map<string, Diagnostic[]>();
  let clientSupportsConfiguration = false;
  let initialSettings: unknown;
  let workspaceRoots: string[] = [];
  /** A client without a notion of workspace trust (anything but VS Code) leaves it to the user's settings. */
  let workspaceTrusted = true;
  /** Pin actions carry no edit until resolved, so they need a client that resolves edits lazily. */
  let clientResolvesEdits = false;
  let clientShowsProgress = false;
  let clientShowsDocuments = false;
  const workspaceIndex = new WorkspaceIndex(() =>
    workspaceRoots.flatMap((root) => discoverFiles([root], [], root).files),
  );

  connection.onInitialize((params) => {
    clientSupportsConfiguration = params.capabilities.workspace?.configuration === true;
    const options = params.initializationOptions as { settings?: unknown; workspaceTrusted?: unknown } | undefined;
    initialSettings = options?.settings;
    workspaceTrusted = options?.workspaceTrusted !== false;
    clientResolvesEdits =
      params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    clientShowsProgress = params.capabilities.window?.workDoneProgress === true;
    clientShowsDocuments = params.capabilities.window?.showDocument?.support === true;
    workspaceRoots = (params.workspaceFolders ?? [])
      .map((folder) => pathOf(folder.uri))
      .filter((p): p is string => p !== undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, fixAllKind, pinAllKind, updatePinsKind],
          resolveProvider: true,
        },
        hoverProvider: true,
        executeCommandProvider: { commands: [showRuleDocumentationCommand] },
      },
      serverInfo: { name: 'bulkhead-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (clientSupportsConfiguration) {
      void connection.client
        .register(DidChangeConfigurationNotification.type, { section: settingsSection })
        .catch(() => undefined);
    }
  });

  const settingsFor = (uri: string): Promise<BulkheadSettings> => {
    if (!clientSupportsConfiguration) return Promise.resolve(normalizeSettings(initialSettings));
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = connection.workspace
        .getConfiguration({ scopeUri: uri, section: settingsSection })
        .then(normalizeSettings, () => normalizeSettings(initialSettings));
      settingsCache.set(uri, settings);
    }
    return settings;
  };

  const pathOf = (uri: string): string | undefined => {
    try {
      return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    } catch {
      return undefined;
    }
  };

  const notifyStatus = (params: ValidationStatusParams) =>
    void connection.sendNotification(validationStatusNotification, params);

  const validate = async (uri: string): Promise<void> => {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    notifyStatus({ uri, state: 'validating', findings: validated.get(uri)?.findings.length ?? 0 });
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    // A newer version arrived while settings were fetched: its own validation is already scheduled.
    if (!current || current.version !== version) return;
    const path = pathOf(uri);
    const { config } = configs.resolve(settings, path);
    const ignored =
      !settings.enable || (path !== undefined && matchesGlobs(path, config.ignore, workspaceRootFor(path)));
    const started = performance.now();
    const text = current.getText();
    // An unsaved edit of a Namespace, Role or NetworkPolicy re-checks the other open files it may affect.
    if (path && workspaceIndex.update(path, text)) revalidateOthers(uri);
    const findings = ignored
      ? []
      : analyze(
          {
            path: path ?? new URL(uri).pathname,
            text,
            languageId: current.languageId,
            siblingFile: path ? siblingReader(path) : undefined,
            workspace: workspaceIndex.objects,
          },
          config,
          defaultRuleSet,
        ).findings;
    lastDuration.set(uri, performance.now() - started);
    validated.set(uri, { version, findings, config });
    pinUpdates.validated(uri, version, settings.registry.lookups && !ignored);
    publishConfigErrors(uri);
    publish(uri);
    notifyStatus({ uri, state: 'done', findings: findings.length });
  };

  /**
   * Cheap documents are validated on the next turn of the event loop, so the squiggles follow the
   * keystroke; a document whose last check was slow waits about that long, so typing never queues work.
   * A pending check is never postponed past `maxWaitMs`, or steady typing would starve it.
   */
  const maxWaitMs = 150;
  const pendingSince = new Map<string, number>();
  const schedule = (uri: string) => {
    clearTimeout(timers.get(uri));
    const now = performance.now();
    const since = pendingSince.get(uri) ?? now;
    pendingSince.set(uri, since);
    const delay = Math.max(0, Math.min(250, lastDuration.get(uri) ?? 0, since + maxWaitMs - now));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        pendingSince.delete(uri);
        validate(uri).catch((error) => connection.console.error(`Validation of ${uri} failed: ${String(error)}`));
      }, delay),
    );
  };

  const workspaceRootFor = (path: string) => workspaceRoots.find((root) => path.startsWith(root)) ?? '/';

  /**
   * One list per uri: a `.bulkhead.yaml` open in the editor is also a (YAML) document, and a publish
   * of its own findings alone would wipe out its configuration errors.
   */
  const publish = (uri: string) => {
    const own = validated.get(uri);
    const diagnostics = (own?.findings ?? []).map((finding) =>
      toDiagnostic(finding, uri, (p) => pathToFileURL(p).href),
    );
    void connection.sendDiagnostics({
      uri,
      version: own?.version,
      diagnostics: [
        ...(configDiagnostics.get(uri) ?? []),
        ...diagnostics,
        ...pinUpdates.diagnostics(uri, own?.version),
      ],
    });
  };

  /** Publishes the errors of every loaded config file; `except` is about to be published by the caller. */
  const publishConfigErrors = (except?: string) => {
    for (const { path, errors } of configs.errors) {
      const uri = pathToFileURL(path).href;
      if (errors.length === 0 && !configDiagnostics.has(uri)) continue;
      if (errors.length === 0) configDiagnostics.delete(uri);
      else
        configDiagnostics.set(
          uri,
          errors.map((error) => ({
            range: error.range,
            message: error.message,
            severity: 1,
            source: diagnosticSource,
            code: 'config-error',
          })),
        );
      if (uri !== except) publish(uri);
    }
  };

  const pins = new PinActions({
    connection,
    document: (uri) => documents.get(uri),
    settings: settingsFor,
    trusted: () => workspaceTrusted,
  });
  /** "Update available" hints on pinned digests whose tag moved, checked in the background after validation. */
  const pinUpdates = new PinUpdates({
    connection,
    document: (uri) => documents.get(uri),
    settings: settingsFor,
    trusted: () => workspaceTrusted,
    occurrences: (document) => pins.occurrences(document),
    registryClient: (settings) => pins.registryClient(settings),
    publish: (uri) => publish(uri),
  });
  connection.onNotification(workspaceTrustNotification, (params: WorkspaceTrustParams) => {
    const changed = workspaceTrusted !== (params.trusted === true);
    workspaceTrusted = params.trusted === true;
    // Trust decides whether pinned digests are checked: drop or (re)check the hints of open documents.
    if (changed) revalidateAll();
  });

  const workspaceScan = new WorkspaceScan({
    connection,
    roots: () => workspaceRoots,
    isOpen: (uri) => documents.get(uri) !== undefined,
    configFor: async (path, root) => {
      const settings = await settingsFor(pathToFileURL(root).href);
      return settings.enable ? configs.resolve(settings, path).config : undefined;
    },
    workspace: workspaceIndex.objects,
    clientShowsProgress: () => clientShowsProgress,
  });
  connection.onRequest(scanWorkspaceRequest, (params: ScanWorkspaceParams, token) => workspaceScan.scan(params, token));
  connection.onExecuteCommand(async (params) => {
    const href = params.arguments?.[0];
    if (params.command !== showRuleDocumentationCommand || typeof href !== 'string') return;
    if (clientShowsDocuments) await connection.window.showDocument({ uri: href, external: true });
    else connection.window.showInformationMessage(`Bulkhead rule documentation: ${href}`);
  });

  documents.onDidOpen((event) => workspaceScan.opened(event.document.uri));
  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    clearTimeout(timers.get(event.document.uri));
    timers.delete(event.document.uri);
    pendingSince.delete(event.document.uri);
    validated.delete(event.document.uri);
    lastDuration.delete(event.document.uri);
    settingsCache.delete(event.document.uri);
    pins.forget(event.document.uri);
    pinUpdates.forget(event.document.uri);
    // A closed config file keeps its configuration errors: they are about the file on disk.
    publish(event.document.uri);
    workspaceScan.closed(pathOf(event.document.uri));
  });

  const revalidateAll = () => {
    for (const document of documents.all()) schedule(document.uri);
  };
  const revalidateOthers = (except: string) => {
    for (const document of documents.all()) if (document.uri !== except) schedule(document.uri);
  };
  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    revalidateAll();
    workspaceScan.refresh();
  });
  connection.onDidChangeWatchedFiles((params) => {
    const isConfig = (uri: string) => configFileNames.some((name) => uri.endsWith(`/${name}`));
    let objectsChanged = false;
    for (const change of params.changes) {
      const path = pathOf(change.uri);
      if (!path || isConfig(change.uri) || documents.get(change.uri)) continue;
      const changed =
        change.type === FileChangeType.Deleted ? workspaceIndex.update(path, undefined) : workspaceIndex.refresh(path);
      objectsChanged ||= changed;
    }
    if (!params.changes.some((change) => isConfig(change.uri))) {
      if (objectsChanged) {
        revalidateAll();
        workspaceScan.refresh();
      } else workspaceScan.filesChanged(params.changes, pathOf);
      return;
    }
    workspaceScan.refresh();
    configs.invalidate();
    // A deleted config file is never loaded again, so nothing else would clear its errors.
    const deleted = new Set(
      params.changes.filter((change) => change.type === FileChangeType.Deleted).map((change) => pathOf(change.uri)),
    );
    for (const uri of [...configDiagnostics.keys()].filter((uri) => deleted.has(pathOf(uri)))) {
      configDiagnostics.delete(uri);
      publish(uri);
    }
    revalidateAll();
  });

  /** Findings of the document as it is now; stale results (an older version) offer nothing. */
  const currentFindings = (uri: string): Finding[] => {
    const document = documents.get(uri);
    const result = validated.get(uri);
    return document && result && result.version === document.version ? result.findings : [];
  };

  connection.onCodeAction(async (params) => {
    const uri = params.textDocument.uri;
    const document = documents.get(uri);
    if (!document) return [];
    const findings = currentFindings(uri);
    const edit = (edits: Finding['fixes'][number]['edits']) => ({
      documentChanges: [TextDocumentEdit.create({ uri, version: document.version }, edits)],
    });
    const actions: CodeAction[] = [];
    const only = params.context.only;
    const wants = (kind: string) =>
      !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    if (wants(CodeActionKind.QuickFix)) {
      for (const diagnostic of params.context.diagnostics) {
        const finding = findings.find((candidate) => matchesFinding(diagnostic, candidate));
        for (const fix of finding?.fixes ?? []) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.isPreferred === true,
            edit: edit(fix.edits),
          });
        }
      }
    }
    if (wants(CodeActionKind.QuickFix)) {
      const podSecurityDiagnostic = params.context.diagnostics.find((diagnostic) =>
        podSecurityRuleIds.has(String(diagnostic.code)),
      );
      if (podSecurityDiagnostic) {
        const data: HardenData = {
          bulkheadHarden: true,
          uri,
          version: document.version,
          at: podSecurityDiagnostic.range.start,
        };
        const action: CodeAction = {
          title: 'Harden this workload to Pod Security restricted (every fix at once)',
          kind: CodeActionKind.QuickFix,
          diagnostics: [podSecurityDiagnostic],
          isPreferred: false,
          data,
        };
        actions.push(clientResolvesEdits ? action : resolveHardening(action));
      }
    }
    if (wants(CodeActionKind.QuickFix))
      actions.push(
        ...suppressionActions(
          document,
          pathOf(uri) ?? new URL(uri).pathname,
          // Only diagnostics of the current findings: a stale one may point at a line that moved.
          params.context.diagnostics.filter((diagnostic) =>
            findings.some((finding) => matchesFinding(diagnostic, finding)),
          ),
        ),
      );
    if (wants(fixAllKind)) {
      const edits = compatibleEdits(findings);
      if (edits.length > 0)
        actions.push({ title: 'Fix all Bulkhead problems in this file', kind: fixAllKind, edit: edit(edits) });
    }
    if (wants(CodeActionKind.QuickFix)) actions.push(...pinUpdates.actions(document, params.context.diagnostics));
    if (await pins.enabled(uri, clientResolvesEdits)) {
      const current = documents.get(uri);
      if (current) actions.push(...pins.offer(current, params.context.diagnostics, wants));
    }
    return actions;
  });

  /** Runs the hardening rounds only when the user picks the action, never on every cursor move. */
  const resolveHardening = (action: CodeAction): CodeAction => {
    const data = action.data as HardenData | undefined;
    const document = data && documents.get(data.uri);
    const result = data && validated.get(data.uri);
    if (!data || !document || !result || document.version !== data.version || result.version !== data.version)
      return action;
    const path = pathOf(data.uri) ?? new URL(data.uri).pathname;
    const hardening = hardenToRestricted({ path, text: document.getText() }, data.at, result.config, defaultRuleSet);
    if (!hardening) return action;
    return {
      ...action,
      edit: { documentChanges: [TextDocumentEdit.create({ uri: data.uri, version: data.version }, [hardening.edit])] },
    };
  };
  connection.onCodeActionResolve((action, token) =>
    (action.data as Partial<HardenData> | undefined)?.bulkheadHarden
      ? resolveHardening(action)
      : pins.resolve(action, token),
  );

  connection.onHover(async (params): Promise<Hover | null> => {
    const uri = params.textDocument.uri;
    const hits = currentFindings(uri).filter((finding) => containsPosition(finding.range, params.position));
    const document = documents.get(uri);
    const keyDoc = document
      ? keyDocAt(pathOf(uri) ?? new URL(uri).pathname, document.getText(), params.position, document.languageId)
      : undefined;
    if (hits.length === 0)
      return keyDoc ? { contents: { kind: 'markdown', value: keyDoc.markdown }, range: keyDoc.range } : null;
    const lookups = workspaceTrusted && (await settingsFor(params.textDocument.uri)).registry.lookups;
    const sections = hits.flatMap((finding) => {
      const rule = defaultRuleSet.byId.get(finding.ruleId);
      if (!rule) return [];
      const hover = renderHover(rule, finding.message);
      return [pinRuleIds.has(finding.ruleId) ? `${hover}\n\n${pinHoverNote(lookups)}` : hover];
    });
    if (keyDoc) sections.push(keyDoc.markdown);
    return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: hits[0]?.range };
  });

  documents.listen(connection);
  connection.listen();
}
