import { randomBytes } from 'node:crypto';
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze } from '../rules/engine/analyze';
import type { ResolvedConfig } from '../rules/engine/config';
import { applyTextEdits, compatibleEdits } from '../rules/engine/edits';
import { defaultRuleSet } from '../rules/index';
import type { WorkspaceObjects } from '../rules/model/workspace-objects';
import type { FileAnalysis } from './scan-file';
import { siblingReader } from './sibling-files';

/** Fixes can make room for other fixes (a created securityContext); a few rounds settle every file. */
const maxRounds = 10;

/**
 * Applies every preferred fix to a file's text, re-parsing between rounds. A file that does not
 * parse is never touched: a fix computed against a broken tree could corrupt it.
 */
export function fixText(
  analysis: FileAnalysis,
  config: ResolvedConfig,
  workspace?: WorkspaceObjects,
): { text: string; analysis: FileAnalysis } {
  let current = analysis;
  let text = analysis.text ?? '';
  for (let round = 0; round < maxRounds && analysis.text !== undefined; round++) {
    if (current.findings.some((finding) => finding.ruleId === 'parse-error')) break;
    const edits = compatibleEdits(current.findings);
    if (edits.length === 0) break;
    const next = applyTextEdits(text, edits);
    if (next === text) break;
    text = next;
    current = {
      ...current,
      text,
      ...analyze(
        { path: analysis.path, text, siblingFile: siblingReader(analysis.path), workspace },
        config,
        defaultRuleSet,
      ),
    };
  }
  return { text, analysis: current };
}

/** Writes through a temporary file and a rename, keeping the file's mode, so a crash never leaves half a file. */
export function writeFileAtomically(path: string, text: string, bom: boolean): void {
  // Not named after the file: a long file name plus a suffix would exceed the file system's limit.
  const temporary = join(dirname(path), `.bulkhead-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const mode = statSync(path).mode;
  try {
    writeFileSync(temporary, bom ? `\uFEFF${text}` : text, { mode });
    chmodSync(temporary, mode);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
