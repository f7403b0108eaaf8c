import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The team's shared corpus beside the checkout; absent in a user's fresh clone. */
export const corpusDir = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
export const corpusAvailable = existsSync(join(corpusDir, 'MANIFEST.md'));
export const corpusSkipReason = corpusAvailable
  ? false
  : `../shared/corpus not found at ${corpusDir}; corpus tests need the team handbook next to the checkout`;

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /^(LICENSE|README\.md|SOURCES\.tsv)$/.test(name) ? [] : [path];
  });
}
