// Names and payloads of the custom messages between the VS Code client and the language server.

export const diagnosticSource = 'bulkhead';

/** Where each rule's documentation page lives; `docs/rules/<id>.md` in the repository. */
export const ruleDocsBaseUrl = 'https://github.com/bulkhead-security/bulkhead/blob/main/docs/rules/';

export function ruleHelpUri(ruleId: string): string {
  return `${ruleDocsBaseUrl}${encodeURIComponent(ruleId)}.md`;
}

/** Server → client: validation state of a document, for the status bar. */
export const validationStatusNotification = 'bulkhead/validationStatus';
export interface ValidationStatusParams {
  uri: string;
  state: 'validating' | 'done';
  findings: number;
}

/**
 * Client → server: the workspace became trusted (VS Code can grant trust during a session, never
 * revoke it). The initial state travels as `initializationOptions.workspaceTrusted`; a client that
 * sends neither has no notion of trust, and its user's settings decide alone.
 */
export const workspaceTrustNotification = 'bulkhead/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: boolean;
}

/**
 * A code action's command: opens a rule's documentation page (its argument, the diagnostic's
 * codeDescription.href). The server executes it (workspace/executeCommand) through window/showDocument,
 * so it works in any client; VS Code's language client exposes it as a command.
 */
export const showRuleDocumentationCommand = 'bulkhead.showRuleDocumentation';

/**
 * Client → server: check every relevant file of the workspace folders and publish diagnostics for the
 * files that are not open; from then on, closed files are re-checked when they change on disk.
 * Cancellable; reports work-done progress when the request carries a `workDoneToken`.
 */
export const scanWorkspaceRequest = 'bulkhead/scanWorkspace';
export interface ScanWorkspaceParams {
  /** Globs relative to a workspace folder (VS Code's `files.exclude`) skipped besides Bulkhead's own ignore globs. */
  exclude?: string[];
  workDoneToken?: string | number;
}
export interface ScanWorkspaceResult {
  files: number;
  findings: number;
  cancelled: boolean;
}
