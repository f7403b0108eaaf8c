import type { Position, Range } from './types';

/** Whether `position` lies in `range`, both ends included (a hover at a token's end still belongs to it). */
export function containsPosition(range: Range, position: Position): boolean {
  const after =
    position.line > range.start.line ||
    (position.line === range.start.line && position.character >= range.start.character);
  const before =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return after && before;
}
