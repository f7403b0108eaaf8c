import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { resourceAt } from '../rules/engine/resources';
import type { Finding } from '../rules/engine/types';
import type { FileAnalysis } from './scan-file';

export const baselineFileName = '.bulkhead-baseline.json';

/**
 * One recorded finding. It is matched by rule, file, enclosing resource and a hash of its own
 * lines' text (whitespace collapsed), never by line number, so edits elsewhere in the file do not
 * bring it back; `message` and `line` are for the people reading the file.
 */
export interface BaselineEntry {
  ruleId: string;
  path: string;
  resource?: string;
  hash: string;
  line: number;
  message: string;
}

export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

/** The baseline a scan uses without `--baseline`: next to the configuration, else in the working directory. */
export function findBaseline(configPath: string | undefined, cwd: string): string | undefined {
  return [configPath ? join(dirname(configPath), baselineFileName) : undefined, join(cwd, baselineFileName)].find(
    (candidate): candidate is string => candidate !== undefined && existsSync(candidate),
  );
}

/** Paths in the baseline are relative to its own directory, so it can be committed. */
export function createBaseline(files: readonly FileAnalysis[], baselinePath: string): Baseline {
  const root = dirname(baselinePath);
  const findings = files.flatMap((file) =>
    file.findings.map((finding) => ({
      ...fingerprint(file, finding, root),
      line: finding.range.start.line + 1,
      message: finding.message,
    })),
  );
  return { version: 1, findings };
}

export function readBaseline(path: string): Baseline {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Baseline>;
  const valid =
    parsed.version === 1 &&
    Array.isArray(parsed.findings) &&
    parsed.findings.every(
      (entry) => typeof entry?.ruleId === 'string' && typeof entry.path === 'string' && typeof entry.hash === 'string',
    );
  if (!valid) throw new Error(`${path} is not a Bulkhead baseline (version 1); recreate it with \`bulkhead baseline\``);
  return parsed as Baseline;
}

/** Each file without the findings the baseline records; a recorded finding absorbs one current finding. */
export function subtractBaseline(
  files: readonly FileAnalysis[],
  baseline: Baseline,
  baselinePath: string,
): { files: FileAnalysis[]; matched: number } {
  const root = dirname(baselinePath);
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) remaining.set(keyOf(entry), (remaining.get(keyOf(entry)) ?? 0) + 1);
  let matched = 0;
  const kept = files.map((file) => ({
    ...file,
    findings: file.findings.filter((finding) => {
      const key = keyOf(fingerprint(file, finding, root));
      const count = remaining.get(key) ?? 0;
      if (count === 0) return true;
      remaining.set(key, count - 1);
      matched++;
      return false;
    }),
  }));
  return { files: kept, matched };
}

function keyOf(entry: Pick<BaselineEntry, 'ruleId' | 'path' | 'resource' | 'hash'>): string {
  return JSON.stringify([entry.ruleId, entry.path, entry.resource ?? '', entry.hash]);
}

function fingerprint(
  file: FileAnalysis,
  finding: Finding,
  root: string,
): Pick<BaselineEntry, 'ruleId' | 'path' | 'resource' | 'hash'> {
  const { start, end } = finding.range;
  const lines = file.source
    ? Array.from({ length: Math.min(end.line - start.line + 1, 50) }, (_, index) =>
        file.source?.lineText(start.line + index),
      ).join('\n')
    : '';
  const content = lines.replace(/\s+/g, ' ').trim() || finding.message;
  const resource = resourceAt(file.resources ?? [], start.line)?.name;
  return {
    ruleId: finding.ruleId,
    path: relative(root, file.path).split(sep).join('/'),
    ...(resource ? { resource } : {}),
    hash: createHash('sha256').update(content).digest('hex').slice(0, 16),
  };
}
