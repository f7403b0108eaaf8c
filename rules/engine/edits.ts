import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix, TextEdit } from './types';

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edit', 'plaintext', 0, text), [...edits]);
}

/** The fix `--fix` and "fix all" apply for a finding: the preferred one, never a guess among equals. */
export function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.isPreferred);
}

/**
 * The preferred fixes of all findings whose edits do not overlap an earlier one's, so they can be
 * applied together; overlapping ones wait for the next round on the re-parsed text.
 */
export function compatibleEdits(
  findings: readonly Finding[],
  choose: (finding: Finding) => Fix | undefined = preferredFix,
): TextEdit[] {
  const chosen: TextEdit[] = [];
  const offsets: [number, number][] = [];
  const key = (p: { line: number; character: number }) => p.line * 1e7 + p.character;
  for (const finding of findings) {
    const fix = choose(finding);
    if (!fix) continue;
    const spans = fix.edits.map((edit) => [key(edit.range.start), key(edit.range.end)] as [number, number]);
    const overlaps = spans.some(([start, end]) => offsets.some(([s, e]) => start <= e && s <= end));
    if (overlaps) continue;
    chosen.push(...fix.edits);
    offsets.push(...spans);
  }
  return chosen;
}
