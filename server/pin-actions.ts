import { fileURLToPath } from 'node:url';
import {
  type CancellationToken,
  type CodeAction,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  TextDocumentEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from '../rules/engine/types';
import { type ImageOccurrence, imageOccurrences } from '../rules/model/image-occurrences';
import { parseFile } from '../rules/model/parse';
import { diagnosticSource } from '../shared/protocol';
import type { BulkheadSettings, RegistrySettings } from '../shared/settings';
import { RegistryClient } from './registry/client';
import { dockerConfigCredentials } from './registry/docker-config';
import { describeDigest, type PinOutcome, pinOccurrences } from './registry/pin';

/** "Pin all images in this file", a source action like `source.fixAll.bulkhead`. */
export const pinAllKind = `${CodeActionKind.Source}.pinImages.${diagnosticSource}`;
/** "Update pinned digests in this file": `name:tag@digest` moved to the tag's current digest. */
export const updatePinsKind = `${CodeActionKind.Source}.updatePins.${diagnosticSource}`;
/** Findings whose quick fixes include "Pin to digest". */
export const pinRuleIds: ReadonlySet<string> = new Set(['BH-D002', 'BH-D003']);

/** What an unresolved pin action carries until the user picks it; the lookup happens in resolve. */
interface PinActionData {
  bulkheadPin: 'one' | 'all' | 'update';
  uri: string;
  /** For one image: where it starts and what it said when the action was offered. */
  start?: Position;
  written?: string;
}

export interface PinActionsHost {
  connection: Connection;
  document(uri: string): TextDocument | undefined;
  settings(uri: string): Promise<BulkheadSettings>;
  /** The client's workspace trust; lookups never happen for an untrusted workspace. */
  trusted(): boolean;
}

/**
 * The editor's "Pin to digest" and "Pin all images in this file". Offering them is free: the actions
 * carry no edit. Only `codeAction/resolve`, after the user picks one, asks the registry, with a
 * timeout and a progress report, so typing and checking never wait on the network.
 */
export class PinActions {
  private client: RegistryClient | undefined;
  private clientSettings = '';
  private readonly occurrencesCache = new Map<string, { version: number; occurrences: ImageOccurrence[] }>();

  constructor(private readonly host: PinActionsHost) {}

  /** Whether the actions may be offered for a document: lookups on, workspace trusted, client can resolve. */
  async enabled(uri: string, clientResolvesEdits: boolean): Promise<boolean> {
    return clientResolvesEdits && this.host.trusted() && (await this.host.settings(uri)).registry.lookups;
  }

  /** Unresolved actions for the pin findings among `diagnostics` and, when wanted, for the whole file. */
  offer(document: TextDocument, diagnostics: Diagnostic[], wants: (kind: string) => boolean): CodeAction[] {
    const occurrences = this.occurrences(document);
    const pinnable = occurrences.filter(isPinnable);
    const actions: CodeAction[] = [];
    if (wants(updatePinsKind) && occurrences.some(isUpdatable))
      actions.push({
        title: 'Update pinned digests in this file to their tags’ current digests',
        kind: updatePinsKind,
        data: { bulkheadPin: 'update', uri: document.uri } satisfies PinActionData,
      });
    if (pinnable.length === 0) return actions;
    const pinAll = (kind: string, forDiagnostics?: Diagnostic[]): CodeAction => ({
      title: 'Pin all images in this file to their digests',
      kind,
      ...(forDiagnostics ? { diagnostics: forDiagnostics } : {}),
      data: { bulkheadPin: 'all', uri: document.uri } satisfies PinActionData,
    });
    if (wants(CodeActionKind.QuickFix)) {
      const pinDiagnostics = diagnostics.filter(
        (diagnostic) => diagnostic.source === diagnosticSource && pinRuleIds.has(String(diagnostic.code ?? '')),
      );
      for (const diagnostic of pinDiagnostics) {
        const occurrence = pinnable.find((candidate) => within(diagnostic.range, candidate.range));
        if (!occurrence) continue;
        actions.push({
          title: `Pin ${occurrence.written} to its digest`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          data: {
            bulkheadPin: 'one',
            uri: document.uri,
            start: occurrence.range.start,
            written: occurrence.written,
          } satisfies PinActionData,
        });
      }
      if (pinDiagnostics.length > 0 && pinnable.length > 1)
        actions.push(pinAll(CodeActionKind.QuickFix, pinDiagnostics));
    }
    if (wants(pinAllKind)) actions.push(pinAll(pinAllKind));
    return actions;
  }

  /** Looks the images up and fills in the edit; failures are shown to the user and leave the action without one. */
  async resolve(action: CodeAction, token: CancellationToken): Promise<CodeAction> {
    const data = action.data as PinActionData | undefined;
    if (!data || !['one', 'all', 'update'].includes(data.bulkheadPin)) return action;
    const { connection } = this.host;
    const settings = await this.host.settings(data.uri);
    if (!settings.registry.lookups || !this.host.trusted()) {
      void connection.window.showWarningMessage(
        'Bulkhead: registry lookups are off. Enable "bulkhead.registry.lookups" in a trusted workspace to pin images.',
      );
      return action;
    }
    const document = this.host.document(data.uri);
    if (!document) return action;
    const targets = this.occurrences(document).filter((occurrence) =>
      data.bulkheadPin === 'update'
        ? isUpdatable(occurrence)
        : isPinnable(occurrence) &&
          (data.bulkheadPin === 'all' ||
            (occurrence.written === data.written &&
              occurrence.range.start.line === data.start?.line &&
              occurrence.range.start.character === data.start?.character)),
    );
    if (targets.length === 0) return action;
    const controller = new AbortController();
    const cancellation = token.onCancellationRequested(() => controller.abort());
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin(
      'Bulkhead',
      undefined,
      `Looking up ${targets.length === 1 ? 'the digest' : `${targets.length} digests`}…`,
      true,
    );
    const progressCancellation = progress.token.onCancellationRequested(() => controller.abort());
    let outcomes: PinOutcome[];
    try {
      outcomes = await pinOccurrences(targets, this.registryClient(settings.registry), {
        signal: controller.signal,
        update: data.bulkheadPin === 'update',
      });
    } finally {
      cancellation.dispose();
      progressCancellation.dispose();
      progress.done();
    }
    const failures = outcomes.flatMap((outcome) =>
      outcome.status === 'failed' ? [`${outcome.occurrence.written}: ${outcome.message}`] : [],
    );
    if (failures.length > 0) void connection.window.showWarningMessage(`Bulkhead could not pin ${failures.join('; ')}`);
    const edits = outcomes.flatMap((outcome) => {
      if (outcome.status !== 'pinned' && outcome.status !== 'updated') return [];
      connection.console.info(`Pinning ${outcome.pinnedText}: ${describeDigest(outcome.resolved)}`);
      return [outcome.edit];
    });
    if (edits.length === 0) return action;
    // Edits carry the version they were computed for: if the user typed meanwhile, the editor refuses them.
    return {
      ...action,
      edit: { documentChanges: [TextDocumentEdit.create({ uri: data.uri, version: document.version }, edits)] },
    };
  }

  forget(uri: string): void {
    this.occurrencesCache.delete(uri);
  }

  /** The document's image references, parsed once per version. */
  occurrences(document: TextDocument): ImageOccurrence[] {
    const cached = this.occurrencesCache.get(document.uri);
    if (cached?.version === document.version) return cached.occurrences;
    const parsed = parseFile(pathOf(document.uri), document.getText(), document.languageId);
    const occurrences = parsed.kind && parsed.model ? imageOccurrences(parsed.model) : [];
    this.occurrencesCache.set(document.uri, { version: document.version, occurrences });
    return occurrences;
  }

  /** One client while the registry settings stay the same, so its cache of digests and tokens is shared. */
  registryClient(settings: RegistrySettings): RegistryClient {
    const key = JSON.stringify([settings.credentialHelpers, settings.insecureRegistries, settings.timeoutSeconds]);
    if (!this.client || key !== this.clientSettings) {
      this.client = new RegistryClient({
        credentials: dockerConfigCredentials({ useCredentialHelpers: settings.credentialHelpers }),
        insecureRegistries: settings.insecureRegistries,
        timeoutMs: settings.timeoutSeconds * 1000,
      });
      this.clientSettings = key;
    }
    return this.client;
  }
}

/** The hover's word on pinning, under the rule's documentation. */
export function pinHoverNote(lookupsEnabled: boolean): string {
  return lookupsEnabled
    ? '**Pin to digest** (quick fix) asks the registry which digest the tag points to now and adds it after the tag. For a multi-platform image that is the digest of its index (manifest list), so every platform keeps pulling its own image.'
    : 'To pin from the editor, enable `bulkhead.registry.lookups` (in a trusted workspace); or run `bulkhead pin <file>`.';
}

function isPinnable(occurrence: ImageOccurrence): boolean {
  return occurrence.reference !== undefined && occurrence.reference.digest === undefined;
}

/** A digest with a tag to follow: `name:tag@digest`. */
export function isUpdatable(occurrence: ImageOccurrence): boolean {
  return occurrence.reference?.digest !== undefined && occurrence.reference.tag !== undefined;
}

function pathOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : new URL(uri).pathname;
  } catch {
    return uri;
  }
}

/** The finding's range (a tag or name) lies inside the image reference's range. */
function within(inner: Range, outer: Range): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
