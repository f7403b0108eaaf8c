import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { kindFromName } from '../rules/model/parse';

const alwaysSkipped = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface Discovery {
  files: string[];
  /** Paths given on the command line that do not exist or cannot be read. */
  problems: { path: string; problem: string }[];
}

/**
 * Expands files and directories into the files Bulkhead may check: candidates by name
 * (Dockerfiles, Compose files, YAML), skipping .git and node_modules, honouring .gitignore
 * files and the configured ignore globs, and never following a symlink loop.
 */
export function discoverFiles(paths: readonly string[], ignoreGlobs: readonly string[], root: string): Discovery {
  const isIgnoredGlob = picomatch([...ignoreGlobs], { dot: true });
  const files: string[] = [];
  const problems: Discovery['problems'] = [];
  const visited = new Set<string>();

  const walk = (directory: string, gitignores: { base: string; rules: Ignore }[]) => {
    let real: string;
    try {
      real = realpathSync(directory);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    const rules = gitignoreAt(directory);
    const stack = rules ? [...gitignores, { base: directory, rules }] : gitignores;
    let entries: string[];
    try {
      entries = readdirSync(directory).sort();
    } catch (error) {
      problems.push({ path: directory, problem: `cannot read directory: ${(error as NodeJS.ErrnoException).code}` });
      return;
    }
    for (const name of entries) {
      if (alwaysSkipped.has(name)) continue;
      const path = join(directory, name);
      let isDirectory: boolean;
      try {
        const stats = statSync(path);
        // Named pipes and devices (a FIFO called Dockerfile, a link to /dev/zero) would hang the scan.
        if (!stats.isDirectory() && !stats.isFile()) continue;
        isDirectory = stats.isDirectory();
      } catch {
        continue; // a dangling symlink
      }
      if (stack.some(({ base, rules }) => rules.ignores(toPosix(relative(base, path)) + (isDirectory ? '/' : ''))))
        continue;
      if (isIgnoredGlob(toPosix(relative(root, path)))) continue;
      if (isDirectory) walk(path, stack);
      else if (kindFromName(path) !== undefined) files.push(path);
    }
  };

  for (const path of paths) {
    let isDirectory: boolean;
    try {
      const stats = statSync(path);
      if (!stats.isDirectory() && !stats.isFile()) {
        problems.push({ path, problem: 'not a regular file or directory' });
        continue;
      }
      isDirectory = stats.isDirectory();
    } catch (error) {
      problems.push({
        path,
        problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(error),
      });
      continue;
    }
    if (isDirectory) walk(path, []);
    else files.push(path); // named explicitly: checked even if its name is unusual
  }
  return { files, problems };
}

/** True when `path`, relative to `root`, matches one of the ignore globs of a configuration. */
export function matchesGlobs(path: string, globs: readonly string[], root: string): boolean {
  return globs.length > 0 && picomatch([...globs], { dot: true })(toPosix(relative(root, path)));
}

function gitignoreAt(directory: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(join(directory, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
