import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The project's own fixtures, read from the source tree (tests run from out/test). */
export const fixturesDir = join(__dirname, '..', '..', '..', 'test', 'fixtures');

export function fixture(...parts: string[]): string {
  return readFileSync(join(fixturesDir, ...parts), 'utf8');
}
