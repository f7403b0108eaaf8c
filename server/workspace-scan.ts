import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CancellationToken,
  type Connection,
  FileChangeType,
  type FileEvent,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import type { ResolvedConfig } from '../rules/engine/config';
import { kindFromName } from '../rules/model/parse';
import type { WorkspaceObjects } from '../rules/model/workspace-objects';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from '../shared/protocol';
import { configFileNames } from './config-files';
import { toDiagnostic } from './diagnostics';
import { discoverFiles, matchesGlobs } from './discover';
import { analyzeFileOnDisk } from './scan-file';

export interface WorkspaceScanHost {
  connection: Connection;
  roots: () => string[];
  isOpen: (uri: string) => boolean;
  /** The configuration of a file under `root`, or undefined when Bulkhead is disabled there. */
  configFor: (path: string, root: string) => Promise<ResolvedConfig | undefined>;
  workspace: WorkspaceObjects;
  /** Whether the client shows server-initiated progress (window.workDoneProgress). */
  clientShowsProgress: () => boolean;
}

const uriOf = (path: string) => pathToFileURL(path).href;

/**
 * "Scan Workspace": diagnostics for the files that are not open, the same ones `bulkhead scan` reports.
 * Once scanned, closed files stay current: re-checked when they change, are created or deleted on disk,
 * when a document is closed, and when settings or configuration files change. Open documents are the
 * language server's own; this never publishes for them.
 */
export class WorkspaceScan {
  private active = false;
  private exclude: string[] = [];
  /** Closed files whose last publish had diagnostics, so a clean re-check can clear them. */
  private readonly withDiagnostics = new Set<string>();
  /** Bumped by every full scan; an older scan still running stops at its next file. */
  private generation = 0;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly host: WorkspaceScanHost) {}

  /** `quiet`: a re-scan the user did not ask for reports no progress. */
  async scan(params: ScanWorkspaceParams, token?: CancellationToken, quiet = false): Promise<ScanWorkspaceResult> {
    this.active = true;
    this.exclude = (params.exclude ?? []).filter((glob) => typeof glob === 'string');
    const generation = ++this.generation;
    const progress = quiet
      ? this.host.connection.window.attachWorkDoneProgress(undefined)
      : await this.progress(params);
    progress.begin('Bulkhead: scanning the workspace', 0, 'finding files…', true);
    const result: ScanWorkspaceResult = { files: 0, findings: 0, cancelled: false };
    try {
      const files = this.host
        .roots()
        .flatMap((root) => discoverFiles([root], this.exclude, root).files.map((path) => ({ path, root })));
      const seen = new Set<string>();
      for (const [index, { path, root }] of files.entries()) {
        const cancelled =
          token?.isCancellationRequested === true ||
          (progress as { token?: CancellationToken }).token?.isCancellationRequested === true;
        if (cancelled || generation !== this.generation) {
          result.cancelled = true;
          break;
        }
        seen.add(uriOf(path));
        const found = await this.check(path, root);
        if (found !== undefined) {
          result.files++;
          result.findings += found;
        }
        if (index % 10 === 0)
          progress.report(Math.round((100 * index) / files.length), `${index + 1}/${files.length} ${basename(path)}`);
        // Between files the server answers the editor: typing never waits for a scan.
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Files that had findings and are no longer found (now ignored, excluded, deleted) are cleared.
      if (!result.cancelled)
        for (const uri of [...this.withDiagnostics].filter((uri) => !seen.has(uri))) this.publish(uri, []);
    } finally {
      progress.done();
    }
    return result;
  }

  /** A document was opened: its own validation publishes from now on. */
  opened(uri: string): void {
    this.withDiagnostics.delete(uri);
  }

  /** A document was closed: what the workspace shows for it is the file on disk again. */
  closed(path: string | undefined): void {
    if (this.active && path) void this.recheck(path);
  }

  /** Files created, changed or deleted on disk (saves of closed files included). */
  filesChanged(changes: readonly FileEvent[], pathOf: (uri: string) => string | undefined): void {
    if (!this.active) return;
    for (const change of changes) {
      const path = pathOf(change.uri);
      if (!path || this.host.isOpen(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        if (this.withDiagnostics.has(change.uri)) this.publish(change.uri, []);
      } else void this.recheck(path);
    }
  }

  /** Settings or a configuration file changed: every closed file is checked again, once things settle. */
  refresh(): void {
    if (!this.active) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      void this.scan({ exclude: this.exclude }, undefined, true).catch((error) =>
        this.host.connection.console.error(`Workspace re-scan failed: ${String(error)}`),
      );
    }, 200);
  }

  private async recheck(path: string): Promise<void> {
    const root = this.host.roots().find((candidate) => path.startsWith(candidate));
    if (!root || kindFromName(path) === undefined) return;
    if (matchesGlobs(path, this.exclude, root)) return;
    await this.check(path, root);
  }

  /** Checks one closed file and publishes its diagnostics; returns how many, undefined when it is not checked. */
  private async check(path: string, root: string): Promise<number | undefined> {
    const uri = uriOf(path);
    if (this.host.isOpen(uri) || (configFileNames as readonly string[]).includes(basename(path))) return undefined;
    const config = await this.host.configFor(path, root);
    // The document may have been opened while the configuration was fetched.
    if (this.host.isOpen(uri)) return undefined;
    const ignored = !config || matchesGlobs(path, config.ignore, root);
    const findings = ignored ? [] : analyzeFileOnDisk(path, config, this.host.workspace).findings;
    if (findings.length > 0 || this.withDiagnostics.has(uri))
      this.publish(
        uri,
        findings.map((finding) => toDiagnostic(finding, uri, uriOf)),
      );
    return ignored ? undefined : findings.length;
  }

  private publish(uri: string, diagnostics: ReturnType<typeof toDiagnostic>[]): void {
    if (diagnostics.length > 0) this.withDiagnostics.add(uri);
    else this.withDiagnostics.delete(uri);
    void this.host.connection.sendDiagnostics({ uri, diagnostics });
  }

  private async progress(params: ScanWorkspaceParams): Promise<WorkDoneProgressReporter> {
    const window = this.host.connection.window;
    if (params.workDoneToken !== undefined) return window.attachWorkDoneProgress(params.workDoneToken);
    if (this.host.clientShowsProgress()) return window.createWorkDoneProgress();
    return window.attachWorkDoneProgress(undefined);
  }
}
