import { type Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { unusedSuppressionRule } from '../rules/engine/builtin';
import type { Finding, Severity } from '../rules/engine/types';
import { diagnosticSource, ruleHelpUri } from '../shared/protocol';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Related locations without a path are in the same document. */
export function toDiagnostic(finding: Finding, documentUri: string, uriOfPath: (path: string) => string): Diagnostic {
  return {
    range: finding.range,
    severity: severities[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleHelpUri(finding.ruleId) },
    source: diagnosticSource,
    message: finding.message,
    ...(finding.ruleId === unusedSuppressionRule.id ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(finding.related
      ? {
          relatedInformation: finding.related.map((related) => ({
            location: { uri: related.path ? uriOfPath(related.path) : documentUri, range: related.range },
            message: related.message,
          })),
        }
      : {}),
  };
}

/** A client's diagnostic is ours and stands for this finding. */
export function matchesFinding(diagnostic: Diagnostic, finding: Finding): boolean {
  const { start, end } = diagnostic.range;
  return (
    diagnostic.source === diagnosticSource &&
    diagnostic.code === finding.ruleId &&
    start.line === finding.range.start.line &&
    start.character === finding.range.start.character &&
    end.line === finding.range.end.line &&
    end.character === finding.range.end.character
  );
}
