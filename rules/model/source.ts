import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from '../engine/types';

/**
 * The text of one file with conversions between offsets and LSP positions.
 * Every parser's offsets go through here, so positions are UTF-16 correct once.
 */
export class SourceText {
  readonly document: TextDocument;
  private lineBreak: string | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.document = TextDocument.create(path, 'plaintext', 0, text);
  }

  positionAt(offset: number): Position {
    return this.document.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.document.offsetAt(position);
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  get lineCount(): number {
    return this.document.lineCount;
  }

  /** The text of a line without its line break (\r\n, \n or a lone \r, as editors count lines). */
  lineText(line: number): string {
    const start = this.document.offsetAt({ line, character: 0 });
    const end =
      line + 1 < this.document.lineCount ? this.document.offsetAt({ line: line + 1, character: 0 }) : this.text.length;
    return this.text.slice(start, end).replace(/(?:\r\n|\r|\n)$/, '');
  }

  /** The line break the file already uses, so inserted lines match it. */
  get eol(): string {
    // Computed once: fixes ask for every edit, and scanning a large file each time made them quadratic.
    this.lineBreak ??= this.text.includes('\r\n') ? '\r\n' : '\n';
    return this.lineBreak;
  }

  slice(range: Range): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
}
