import type { Finding } from '../../rules/engine/types';
import type { FileAnalysis } from '../scan-file';

/** The stable JSON contract: only these fields, in this shape, so consumers can rely on it. */
export function formatJson(files: readonly FileAnalysis[]): string {
  return JSON.stringify(
    {
      files: files.map((file) => ({
        path: file.path,
        kind: file.kind,
        findings: file.findings.map(jsonFinding),
      })),
    },
    null,
    2,
  );
}

function jsonFinding(finding: Finding) {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    range: finding.range,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((edit) => ({ range: edit.range, newText: edit.newText })),
    })),
    ...(finding.related ? { related: finding.related } : {}),
  };
}
