import type { Severity } from '../../shared/settings';

export type { Severity };

/** A zero-based LSP position; `character` counts UTF-16 code units. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor applies on "auto fix" and `--fix` applies. At most one per finding. */
  isPreferred?: boolean;
}

export interface RelatedLocation {
  range: Range;
  message: string;
  /** Absent when the location is in the same file. */
  path?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
  related?: RelatedLocation[];
}

export type FileKind = 'dockerfile' | 'kubernetes' | 'compose';
export const fileKinds: readonly FileKind[] = ['dockerfile', 'kubernetes', 'compose'];
