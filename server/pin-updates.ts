import {
  type CodeAction,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  TextDocumentEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from '../rules/engine/types';
import type { ImageOccurrence } from '../rules/model/image-occurrences';
import { diagnosticSource } from '../shared/protocol';
import type { BulkheadSettings, RegistrySettings } from '../shared/settings';
import { isUpdatable } from './pin-actions';
import type { RegistryClient } from './registry/client';
import { pinOccurrences } from './registry/pin';

/** The code of the information hint on a pinned digest whose tag has moved on. */
export const digestUpdateCode = 'digest-update-available';
export const digestUpdateTitle = 'Update to the tag’s current digest';

export interface PinUpdatesHost {
  connection: Connection;
  document(uri: string): TextDocument | undefined;
  settings(uri: string): Promise<BulkheadSettings>;
  /** The client's workspace trust; lookups never happen for an untrusted workspace. */
  trusted(): boolean;
  /** The document's image references (cached per version by the pin actions). */
  occurrences(document: TextDocument): ImageOccurrence[];
  /** The registry client the pin actions use, so both share its cache of digests and tokens. */
  registryClient(settings: RegistrySettings): RegistryClient;
  /** Publishes the document's diagnostics again (they include `diagnostics(uri, version)`). */
  publish(uri: string): void;
}

interface UpdateHint {
  /** The written digest's range. */
  range: Range;
  message: string;
  edit: TextEdit;
}

/**
 * "Update available" hints: after a document is validated, its `name:tag@digest` references are
 * looked up in the background (debounced, one check per document at a time, lookups cached by the
 * registry client), and a digest that is no longer the tag's gets an information diagnostic with a
 * quick fix that bumps it. Only with `bulkhead.registry.lookups` on in a trusted workspace; failures
 * are logged, never shown. Hints belong to one document version: a newer version drops them until
 * its own check has run, so a stale range never lingers.
 */
export class PinUpdates {
  private readonly hints = new Map<string, { version: number; hints: UpdateHint[] }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<string>();
  /** Documents validated again while their check ran: checked once more when it ends. */
  private readonly again = new Set<string>();

  constructor(
    private readonly host: PinUpdatesHost,
    private readonly delayMs = 1000,
  ) {}

  /**
   * Called when `version` of the document was validated, before it is published: hints of another
   * version are dropped, and a check is scheduled when lookups may happen.
   */
  validated(uri: string, version: number, lookups: boolean): void {
    const current = this.hints.get(uri);
    if (current && current.version !== version) this.hints.delete(uri);
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    if (!lookups || !this.host.trusted()) {
      this.hints.delete(uri);
      this.again.delete(uri);
      return;
    }
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri);
      }, this.delayMs),
    );
  }

  /** The hints of the document's `version`, as diagnostics; none for any other version. */
  diagnostics(uri: string, version: number | undefined): Diagnostic[] {
    const current = this.hints.get(uri);
    if (!current || current.version !== version) return [];
    return current.hints.map((hint) => ({
      range: hint.range,
      severity: DiagnosticSeverity.Information,
      source: diagnosticSource,
      code: digestUpdateCode,
      message: hint.message,
    }));
  }

  /** "Update to the tag's current digest" for the hints among `diagnostics`; the edit comes from the lookup already made. */
  actions(document: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
    const current = this.hints.get(document.uri);
    if (!current || current.version !== document.version) return [];
    return diagnostics.flatMap((diagnostic) => {
      if (diagnostic.code !== digestUpdateCode || diagnostic.source !== diagnosticSource) return [];
      const hint = current.hints.find((candidate) => sameRange(candidate.range, diagnostic.range));
      if (!hint) return [];
      return [
        {
          title: digestUpdateTitle,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: {
            documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, [hint.edit])],
          },
        },
      ];
    });
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.hints.delete(uri);
    this.again.delete(uri);
  }

  private run(uri: string): void {
    if (this.inFlight.has(uri)) {
      this.again.add(uri);
      return;
    }
    this.inFlight.add(uri);
    this.check(uri)
      .catch((error) => this.host.connection.console.error(`Digest update check of ${uri} failed: ${String(error)}`))
      .finally(() => {
        this.inFlight.delete(uri);
        if (this.again.delete(uri) && this.host.document(uri)) this.run(uri);
      });
  }

  private async check(uri: string): Promise<void> {
    const document = this.host.document(uri);
    if (!document) return;
    const { version } = document;
    const settings = await this.host.settings(uri);
    if (!settings.registry.lookups || !this.host.trusted()) return;
    const targets = this.host.occurrences(document).filter(isUpdatable);
    const outcomes =
      targets.length === 0
        ? []
        : await pinOccurrences(targets, this.host.registryClient(settings.registry), { update: true });
    // The document moved on (or closed) meanwhile: its own validation schedules another check.
    if (this.host.document(uri)?.version !== version) return;
    const failures = outcomes.flatMap((outcome) =>
      outcome.status === 'failed' ? [`${outcome.occurrence.written}: ${outcome.message}`] : [],
    );
    if (failures.length > 0) this.host.connection.console.warn(`Digest update check of ${uri}: ${failures.join('; ')}`);
    const hints = outcomes.flatMap((outcome): UpdateHint[] => {
      const digest = outcome.occurrence.reference?.digest;
      if (outcome.status !== 'updated' || digest === undefined) return [];
      const { written } = outcome.occurrence;
      const tagged = written.slice(0, written.length - digest.length - 1);
      return [
        {
          range: outcome.edit.range,
          message: `${tagged} now points to ${shortDigest(outcome.resolved.digest)}; this pin is older.`,
          edit: outcome.edit,
        },
      ];
    });
    this.host.connection.console.log(
      `Digest update check of ${uri} (version ${version}): ${hints.length} of ${targets.length} pinned images behind their tags`,
    );
    const previous = this.hints.get(uri);
    const unchanged = previous?.version === version && JSON.stringify(previous.hints) === JSON.stringify(hints);
    if (hints.length === 0) this.hints.delete(uri);
    else this.hints.set(uri, { version, hints });
    if (!unchanged && (hints.length > 0 || previous?.version === version)) this.host.publish(uri);
  }
}

/** `sha256:` and the first 12 hex digits, as `docker images` shows them. */
function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 12)}…`;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
