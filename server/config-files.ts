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
  const text = readFileSync(path, 'utf8');
  return { path, ...parseConfig(path, text, new Set(defaultRuleSet.byId.keys())) };
}
