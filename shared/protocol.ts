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
