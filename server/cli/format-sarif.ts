import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderRulePage } from '../../rules/engine/catalog';
import type { RuleMeta } from '../../rules/engine/rule';
import { type Suppression, suppressionKind } from '../../rules/engine/suppressions';
import type { Finding, Severity } from '../../rules/engine/types';
import { ruleHelpUri } from '../../shared/protocol';
import type { FileAnalysis } from '../scan-file';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers: rule metadata with help text and
 * helpUri, UTF-16 columns (as LSP counts them), paths relative to the working directory.
 */
export function formatSarif(
  files: readonly FileAnalysis[],
  rules: readonly RuleMeta[],
  options: { cwd: string; version: string; reportSuppressions?: boolean },
): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const toUri = (path: string) => relative(options.cwd, path).split('\\').join('/');
  const results = files.flatMap((file) => [
    ...file.findings.map((finding) => sarifResult(finding, toUri(file.path), ruleIndex, toUri)),
    // Suppressed results stay in the log with their suppression, as SARIF viewers expect for an audit.
    ...(options.reportSuppressions
      ? file.suppressed.map(({ finding, by }) => ({
          ...sarifResult(finding, toUri(file.path), ruleIndex, toUri),
          suppressions: [sarifSuppression(by, toUri(by.configPath ?? file.path))],
        }))
      : []),
  ]);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Bulkhead',
            version: options.version,
            informationUri: ruleHelpUri('').replace(/\/$/, ''),
            rules: rules.map(sarifRule),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(options.cwd).href}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function sarifRule(rule: RuleMeta) {
  return {
    id: rule.id,
    name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.why },
    helpUri: ruleHelpUri(rule.id),
    help: { text: rule.docs.fix, markdown: renderRulePage(rule) },
    defaultConfiguration: { level: levels[rule.severity] },
    properties: { tags: ['security', ...rule.appliesTo] },
  };
}

function sarifSuppression(suppression: Suppression, uri: string) {
  return {
    kind: suppressionKind(suppression),
    ...(suppression.reason ? { justification: suppression.reason } : {}),
    location: {
      physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: region(suppression.range) },
    },
  };
}

const region = (range: Finding['range']) => ({
  startLine: range.start.line + 1,
  startColumn: range.start.character + 1,
  endLine: range.end.line + 1,
  endColumn: range.end.character + 1,
});

function sarifResult(
  finding: Finding,
  uri: string,
  ruleIndex: ReadonlyMap<string, number>,
  toUri: (path: string) => string,
) {
  const location = {
    physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: region(finding.range) },
  };
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
    level: levels[finding.severity],
    message: { text: finding.message },
    locations: [location],
    ...(finding.related && finding.related.length > 0
      ? {
          relatedLocations: finding.related.map((related, index) => ({
            id: index,
            physicalLocation: {
              artifactLocation: { uri: related.path ? toUri(related.path) : uri, uriBaseId: '%SRCROOT%' },
              region: region(related.range),
            },
            message: { text: related.message },
          })),
        }
      : {}),
    ...(finding.fixes.length > 0
      ? {
          fixes: finding.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: [
              {
                artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
                replacements: fix.edits.map((edit) => ({
                  deletedRegion: region(edit.range),
                  insertedContent: { text: edit.newText },
                })),
              },
            ],
          })),
        }
      : {}),
  };
}
