import { relative } from 'node:path';
import { suppressionKind } from '../../rules/engine/suppressions';
import type { Severity } from '../../rules/engine/types';
import type { FileAnalysis } from '../scan-file';

const colours: Record<Severity | 'dim' | 'bold', [number, number]> = {
  error: [31, 39],
  warning: [33, 39],
  information: [36, 39],
  hint: [2, 22],
  dim: [2, 22],
  bold: [1, 22],
};

/** `path:line:col  severity  id  message`, one line per finding, and a summary line. */
export function formatText(
  files: readonly FileAnalysis[],
  options: { colour: boolean; cwd: string; reportSuppressions?: boolean; baselined?: number },
): string {
  const paint = (style: keyof typeof colours, text: string) => {
    const [open, close] = colours[style];
    return options.colour ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  };
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let fixable = 0;
  for (const file of files) {
    const path = relative(options.cwd, file.path) || file.path;
    for (const finding of file.findings) {
      counts[finding.severity]++;
      if (finding.fixes.some((fix) => fix.isPreferred)) fixable++;
      const location = `${path}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      lines.push(
        `${location}  ${paint(finding.severity, finding.severity)}  ${paint('dim', finding.ruleId)}  ${finding.message}`,
      );
    }
  }
  if (options.reportSuppressions) lines.push(...suppressionLines(files, options.cwd, paint));
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const checked = files.filter((file) => file.kind !== undefined).length;
  if (total === 0) {
    lines.push(paint('bold', `No findings in ${checked} file${checked === 1 ? '' : 's'}.`));
  } else {
    const breakdown = (Object.entries(counts) as [Severity, number][])
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => `${count} ${severity}${count === 1 || severity === 'information' ? '' : 's'}`)
      .join(', ');
    const withFindings = files.filter((file) => file.findings.length > 0).length;
    const fixHint = fixable > 0 ? `; ${fixable} fixable with --fix` : '';
    lines.push(
      paint(
        'bold',
        `${total} finding${total === 1 ? '' : 's'} (${breakdown}) in ${withFindings} of ${checked} files${fixHint}.`,
      ),
    );
  }
  if (options.baselined) {
    const count = options.baselined;
    lines.push(
      paint(
        'dim',
        `${count} finding${count === 1 ? '' : 's'} recorded in the baseline ${count === 1 ? 'is' : 'are'} not shown.`,
      ),
    );
  }
  return lines.join('\n');
}

/** Each suppressed finding, then what suppressed it, where, and why: the audit trail of `--report-suppressions`. */
function suppressionLines(
  files: readonly FileAnalysis[],
  cwd: string,
  paint: (style: keyof typeof colours, text: string) => string,
): string[] {
  const shown = (path: string) => relative(cwd, path) || path;
  const suppressed = files.flatMap((file) => file.suppressed.map((entry) => ({ file, ...entry })));
  if (suppressed.length === 0) return [paint('bold', 'No suppressed findings.')];
  const lines = [paint('bold', `Suppressed findings (${suppressed.length}):`)];
  for (const { file, finding, by } of suppressed) {
    const at = (path: string, line: number, character: number) => `${shown(path)}:${line + 1}:${character + 1}`;
    lines.push(
      `${at(file.path, finding.range.start.line, finding.range.start.character)}  ${paint('dim', finding.ruleId)}  ${finding.message}`,
    );
    const where = at(by.configPath ?? file.path, by.range.start.line, by.range.start.character);
    const reason = by.reason ? `reason: ${by.reason}` : paint('warning', 'no reason given');
    lines.push(`    suppressed by ${by.syntax} (${suppressionKind(by)}) at ${where}; ${reason}`);
  }
  return lines;
}
