import { relative } from 'node:path';
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
export function formatText(files: readonly FileAnalysis[], options: { colour: boolean; cwd: string }): string {
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
  return lines.join('\n');
}
