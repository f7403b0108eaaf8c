import { dirname } from 'node:path';
import { type ConfigError, defaultConfig, mergeConfig, type ResolvedConfig } from '../rules/engine/config';
import type { BulkheadSettings } from '../shared/settings';
import { findConfigFile, type LoadedConfig, loadConfigFile } from './config-files';

/**
 * The configuration for a document: the editor's settings, overridden by the nearest committed
 * `.bulkhead.yaml` (the team's decision wins over one person's editor). Config files are cached
 * until the client reports that one changed.
 */
export class DocumentConfigs {
  private readonly files = new Map<string, LoadedConfig>();
  private readonly nearest = new Map<string, string | undefined>();

  invalidate(): void {
    this.files.clear();
    this.nearest.clear();
  }

  resolve(
    settings: BulkheadSettings,
    filePath: string | undefined,
  ): { config: ResolvedConfig; file: LoadedConfig | undefined } {
    const editorConfig = mergeConfig(defaultConfig, {
      profile: settings.profile,
      rules: settings.rules,
      ignore: settings.ignore,
      podSecurity: settings.podSecurity,
      allowedRegistries: settings.allowedRegistries,
      maxFileSize: settings.maxFileSize,
      requireReason: settings.requireReason,
      allowInlineSuppressions: settings.allowInlineSuppressions,
      allowManifestAnnotations: settings.allowManifestAnnotations,
    });
    const file = filePath ? this.configFileFor(dirname(filePath)) : undefined;
    return { config: file ? mergeConfig(editorConfig, file.config) : editorConfig, file };
  }

  /** Every loaded config file with problems, for diagnostics on the config files themselves. */
  get errors(): { path: string; errors: ConfigError[] }[] {
    return [...this.files.values()].map(({ path, errors }) => ({ path, errors }));
  }

  private configFileFor(directory: string): LoadedConfig | undefined {
    if (!this.nearest.has(directory)) this.nearest.set(directory, findConfigFile(directory));
    const path = this.nearest.get(directory);
    if (!path) return undefined;
    let loaded = this.files.get(path);
    if (!loaded) {
      try {
        loaded = loadConfigFile(path);
      } catch (error) {
        const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        loaded = { path, config: {}, errors: [{ message: `Cannot read configuration: ${String(error)}`, range }] };
      }
      this.files.set(path, loaded);
    }
    return loaded;
  }
}
