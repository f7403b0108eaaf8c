import { readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';

/** Build-context files are small; anything bigger is not what a rule is looking for. */
const maxSiblingBytes = 1024 * 1024;

/**
 * The read-only view of a file's neighbours that rules may consult (e.g. `.dockerignore`):
 * only inside the file's own directory tree, only small text files.
 */
export function siblingReader(filePath: string): (relativePath: string) => string | undefined {
  const directory = dirname(filePath);
  return (relativePath) => {
    const path = normalize(join(directory, relativePath));
    if (!path.startsWith(directory + sep)) return undefined;
    try {
      if (statSync(path).size > maxSiblingBytes) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
}
