import { dirname } from 'node:path';
import { type Analysis, analyze } from '../rules/engine/analyze';
import { parseErrorRule } from '../rules/engine/builtin';
import { type ConfigOverrides, mergeConfig, type ResolvedConfig } from '../rules/engine/config';
import { defaultRuleSet } from '../rules/index';
import { parseFile } from '../rules/model/parse';
import type { WorkspaceObjects } from '../rules/model/workspace-objects';
import { findConfigFile, type LoadedConfig, loadConfigFile } from './config-files';
import { readTextFile } from './read-file';
import { siblingReader } from './sibling-files';

/** Resolves the configuration of each file once per directory: nearest `.bulkhead.yaml`, then overrides. */
export class ConfigResolver {
  private readonly byDirectory = new Map<string, string | undefined>();
  private readonly byFile = new Map<string, LoadedConfig>();

  constructor(
    private readonly base: ResolvedConfig,
    private readonly overrides: ConfigOverrides,
    private readonly explicitFile: string | undefined,
  ) {}

  /** Every config file consulted so far, with its errors. */
  get loaded(): LoadedConfig[] {
    return [...this.byFile.values()];
  }

  configFor(filePath: string): ResolvedConfig {
    const configPath = this.explicitFile ?? this.nearest(dirname(filePath));
    const loaded = configPath ? this.load(configPath) : undefined;
    return mergeConfig(this.base, loaded?.config ?? {}, this.overrides);
  }

  load(path: string): LoadedConfig {
    let loaded = this.byFile.get(path);
    if (!loaded) {
      loaded = loadConfigFile(path);
      this.byFile.set(path, loaded);
    }
    return loaded;
  }

  private nearest(directory: string): string | undefined {
    if (!this.byDirectory.has(directory)) this.byDirectory.set(directory, findConfigFile(directory));
    return this.byDirectory.get(directory);
  }
}

export interface FileAnalysis extends Analysis {
  path: string;
  /** The file's text as analysed (BOM removed), when it could be read. */
  text: string | undefined;
  bom: boolean;
}

export function analyzeFileOnDisk(path: string, config: ResolvedConfig, workspace?: WorkspaceObjects): FileAnalysis {
  const read = readTextFile(path);
  if (!read.ok) {
    const { kind } = parseFile(path, read.lossyText);
    const findings = kind
      ? [
          {
            ruleId: parseErrorRule.id,
            severity: 'error' as const,
            message: `This file is ${read.problem}.`,
            range: zeroRange,
            fixes: [],
          },
        ]
      : [];
    return { path, kind, findings, suppressed: [], source: undefined, text: undefined, bom: false };
  }
  return {
    path,
    text: read.text,
    bom: read.bom,
    ...analyze({ path, text: read.text, siblingFile: siblingReader(path), workspace }, config, defaultRuleSet),
  };
}

const zeroRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
