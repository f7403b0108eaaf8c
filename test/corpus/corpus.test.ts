import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyze } from '../../rules/engine/analyze';
import { defaultConfig } from '../../rules/engine/config';
import { applyTextEdits, compatibleEdits } from '../../rules/engine/edits';
import type { Finding } from '../../rules/engine/types';
import { defaultRuleSet } from '../../rules/index';
import { corpusDir, corpusSkipReason, filesUnder } from '../helpers/corpus';

interface Scanned {
  path: string;
  text: string;
  languageId: string | undefined;
  findings: Finding[];
}

/** Corpus file names flatten their repository paths, so the editor's language id stands in for the name. */
function scanFolder(folder: string): Scanned[] {
  return filesUnder(join(corpusDir, folder)).map((path) => {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const languageId = folder === 'dockerfiles' ? 'dockerfile' : undefined;
    return {
      path,
      text,
      languageId,
      findings: analyze({ path, text, languageId }, defaultConfig, defaultRuleSet).findings,
    };
  });
}

function countByRule(scanned: Scanned[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of scanned.flatMap((file) => file.findings))
    counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  return counts;
}

function assertRangesInside(file: Scanned): void {
  const lines = file.text.split('\n');
  for (const finding of file.findings) {
    for (const position of [finding.range.start, finding.range.end]) {
      assert.ok(
        position.line < Math.max(lines.length, 1),
        `${file.path}: ${finding.ruleId} line ${position.line} outside the file`,
      );
      assert.ok(
        position.character <= (lines[position.line] ?? '').length + 1,
        `${file.path}: ${finding.ruleId} column outside its line`,
      );
    }
  }
}

/** Applying every preferred fix, round after round, leaves a file that parses and has no fixable finding left. */
function assertFixesHold(file: Scanned): void {
  let text = file.text;
  let findings = file.findings;
  for (let round = 0; round < 5; round++) {
    const edits = compatibleEdits(findings);
    if (edits.length === 0) break;
    text = applyTextEdits(text, edits);
    findings = analyze({ path: file.path, text, languageId: file.languageId }, defaultConfig, defaultRuleSet).findings;
    assert.deepEqual(
      findings.filter((finding) => finding.ruleId === 'parse-error').map((finding) => finding.message),
      [],
      `${file.path}: fixed text parses`,
    );
  }
  const fixable = findings.filter(
    (finding) => finding.fixes.some((fix) => fix.isPreferred) && finding.ruleId !== 'unused-suppression',
  );
  assert.deepEqual(
    fixable.map((finding) => `${finding.ruleId} ${finding.message}`),
    [],
    `${file.path}: every fixable finding is fixed`,
  );
}

describe('the corpus', { skip: corpusSkipReason }, () => {
  for (const folder of ['dockerfiles', 'kubernetes', 'compose', 'checkov-docker', 'trivy-docker']) {
    it(`${folder}: no crash, ranges inside files, fixes that hold`, () => {
      const scanned = scanFolder(folder);
      const internal = scanned.flatMap((file) =>
        file.findings.filter((f) => f.ruleId === 'internal-error').map((f) => `${file.path}: ${f.message}`),
      );
      assert.deepEqual(internal, []);
      for (const file of scanned) {
        assertRangesInside(file);
        assertFixesHold(file);
      }
      console.log(`${folder}: ${scanned.length} files, findings per rule ${JSON.stringify(countByRule(scanned))}`);
    });
  }

  it('reports a YAML parse error exactly where the yaml package itself fails', () => {
    const scanned = scanFolder('kubernetes');
    const ours = scanned
      .filter((file) => file.findings.some((f) => f.ruleId === 'parse-error' && f.severity === 'error'))
      .map((file) => file.path);
    const theirs = scanned
      .filter((file) => {
        const documents = parseAllDocuments(file.text, { uniqueKeys: true });
        return Array.isArray(documents) && documents.some((document) => document.errors.length > 0);
      })
      .map((file) => file.path);
    assert.deepEqual(ours, theirs);
    console.log(
      `kubernetes: ${ours.length} files that do not parse: ${ours.map((path) => relative(corpusDir, path)).join(', ')}`,
    );
  });
});
