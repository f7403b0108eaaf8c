import { suppressionKind } from '../../rules/engine/suppressions';
import type { Finding } from '../../rules/engine/types';
import type { FileAnalysis } from '../scan-file';

/**
 * The stable JSON contract: only these fields, in this shape, so consumers can rely on it. New
 * fields are only ever added: `suppressions` appears with `--report-suppressions`.
 */
export function formatJson(files: readonly FileAnalysis[], options: { reportSuppressions?: boolean } = {}): string {
  return JSON.stringify(
    {
      files: files.map((file) => ({
        path: file.path,
        kind: file.kind,
        findings: file.findings.map(jsonFinding),
        ...(options.reportSuppressions
          ? {
              suppressions: file.suppressed.map(({ finding, by }) => ({
                ...jsonFinding(finding),
                suppression: {
                  kind: suppressionKind(by),
                  syntax: by.syntax,
                  path: by.configPath ?? file.path,
                  range: by.range,
                  reason: by.reason ?? null,
                },
              })),
            }
          : {}),
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
