import { type CodeAction, CodeActionKind, type Diagnostic, TextDocumentEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { suppressFileEdit, suppressLineEdit } from '../rules/fixes/suppress';
import { defaultRuleSet } from '../rules/index';
import { parseDockerfile } from '../rules/model/dockerfile';
import { kindFromName } from '../rules/model/parse';
import { SourceText } from '../rules/model/source';
import { diagnosticSource, showRuleDocumentationCommand } from '../shared/protocol';

/** Only real rules can be suppressed; parse errors, config errors and the like cannot. */
const suppressibleRuleIds = new Set(defaultRuleSet.rules.map((rule) => rule.id));

/**
 * "Suppress <id> for this line", "Suppress <id> in this file" and "Show documentation for <id>"
 * for each of our diagnostics in the request: the quick fixes after a finding's own fixes.
 */
export function suppressionActions(document: TextDocument, path: string, diagnostics: Diagnostic[]): CodeAction[] {
  const ours = diagnostics.filter((diagnostic) => diagnostic.source === diagnosticSource);
  if (ours.length === 0) return [];
  const nameKind = kindFromName(path, document.languageId);
  const kind = nameKind === 'dockerfile' ? 'dockerfile' : nameKind === undefined ? undefined : 'yaml';
  const source = new SourceText(path, document.getText());
  const dockerfile = kind === 'dockerfile' ? parseDockerfile(source) : undefined;
  const edit = (textEdit: { range: Diagnostic['range']; newText: string }) => ({
    documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, [textEdit])],
  });
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const diagnostic of ours) {
    const ruleId = String(diagnostic.code);
    if (kind && suppressibleRuleIds.has(ruleId)) {
      const lineEdit = suppressLineEdit(source, dockerfile, diagnostic.range.start.line, ruleId);
      if (lineEdit)
        actions.push({
          title: `Suppress ${ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: false,
          edit: edit(lineEdit),
        });
      const fileEdit = suppressFileEdit(source, kind, ruleId);
      if (fileEdit && !seen.has(`file ${ruleId}`))
        actions.push({
          title: `Suppress ${ruleId} in this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: false,
          edit: edit(fileEdit),
        });
      seen.add(`file ${ruleId}`);
    }
    const href = diagnostic.codeDescription?.href;
    if (href && !seen.has(`docs ${ruleId}`)) {
      seen.add(`docs ${ruleId}`);
      const title = `Show documentation for ${ruleId}`;
      actions.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: false,
        command: { title, command: showRuleDocumentationCommand, arguments: [href] },
      });
    }
  }
  return actions;
}
