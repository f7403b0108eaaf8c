import { readFileSync } from 'node:fs';

export type ReadResult =
  | { ok: true; text: string; bom: boolean }
  /** `lossyText` (invalid bytes replaced) still tells which kind of file it was meant to be. */
  | { ok: false; problem: string; lossyText: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a file as strict UTF-8. The BOM is removed (editors do the same, so positions agree)
 * and reported so that writers can put it back.
 */
export function readTextFile(path: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return {
      ok: false,
      problem: `not readable (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      lossyText: '',
    };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {
      ok: false,
      problem: 'not valid UTF-8; save it as UTF-8 to check it',
      lossyText: new TextDecoder().decode(bytes),
    };
  }
  const bom = text.startsWith('\uFEFF');
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}
