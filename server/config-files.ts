import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { type ConfigError, type ConfigOverrides, parseConfig } from '../rules/engine/config';
import { defaultRuleSet } from '../rules/index';

export const configFileNames = ['.bulkhead.yaml', '.bulkhead.yml'] as const;

/** The nearest `.bulkhead.yaml` at or above `directory`, as ESLint and Prettier look up theirs. */
export function findConfigFile(directory: string): string | undefined {
  for (let current = directory; ; current = dirname(current)) {
    for (const name of configFileNames) {
      const candidate = join(current, name);
      if (existsSync(candidate)) return candidate;
    }
    if (current === parse(current).root) return undefined;
  }
}

export interface LoadedConfig {
  path: string;
  config: ConfigOverrides;
  errors: ConfigError[];
}

export function loadConfigFile(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // A missing, unreadable or directory config is the user's to fix, reported like any config error.
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const start = { line: 0, character: 0 };
    return {
      path,
      config: {},
      errors: [{ message: `cannot read the configuration (${code})`, range: { start, end: start } }],
    };
  }
  return { path, ...parseConfig(path, text, new Set(defaultRuleSet.byId.keys())) };
}
