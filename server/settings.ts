import { type BulkheadSettings, defaultSettings, type ProfileSetting, parseProfile } from '../shared/settings';

/**
 * Reads whatever a client sent as `bulkhead` settings into a complete settings object; anything
 * missing or of the wrong type falls back to the default, and never crashes the server.
 */
export function normalizeSettings(raw: unknown): BulkheadSettings {
  const value = (raw ?? {}) as Partial<Record<keyof BulkheadSettings, unknown>>;
  const podSecurity = (value.podSecurity ?? {}) as Partial<Record<string, unknown>>;
  const registry = (value.registry ?? {}) as Partial<Record<string, unknown>>;
  const defaults = defaultSettings.registry;
  const isStringRecord = (input: unknown): input is Record<string, BulkheadSettings['rules'][string]> =>
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    Object.values(input).every((v) => typeof v === 'string');
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : defaultSettings.enable,
    profile:
      typeof value.profile === 'string' && parseProfile(value.profile)
        ? (value.profile as ProfileSetting)
        : defaultSettings.profile,
    rules: isStringRecord(value.rules) ? value.rules : {},
    ignore: Array.isArray(value.ignore) ? value.ignore.filter((glob): glob is string => typeof glob === 'string') : [],
    requireReason: typeof value.requireReason === 'boolean' ? value.requireReason : defaultSettings.requireReason,
    allowInlineSuppressions:
      typeof value.allowInlineSuppressions === 'boolean'
        ? value.allowInlineSuppressions
        : defaultSettings.allowInlineSuppressions,
    allowManifestAnnotations:
      typeof value.allowManifestAnnotations === 'boolean'
        ? value.allowManifestAnnotations
        : defaultSettings.allowManifestAnnotations,
    maxFileSize:
      typeof value.maxFileSize === 'number' && value.maxFileSize > 0 ? value.maxFileSize : defaultSettings.maxFileSize,
    allowedRegistries: Array.isArray(value.allowedRegistries)
      ? value.allowedRegistries.filter((registry): registry is string => typeof registry === 'string')
      : [],
    registry: {
      lookups: typeof registry.lookups === 'boolean' ? registry.lookups : defaults.lookups,
      credentialHelpers:
        typeof registry.credentialHelpers === 'boolean' ? registry.credentialHelpers : defaults.credentialHelpers,
      insecureRegistries: Array.isArray(registry.insecureRegistries)
        ? registry.insecureRegistries.filter((host): host is string => typeof host === 'string')
        : [],
      timeoutSeconds:
        typeof registry.timeoutSeconds === 'number' && registry.timeoutSeconds > 0
          ? registry.timeoutSeconds
          : defaults.timeoutSeconds,
    },
    podSecurity: {
      level:
        podSecurity.level === 'baseline' || podSecurity.level === 'restricted'
          ? podSecurity.level
          : defaultSettings.podSecurity.level,
      version: typeof podSecurity.version === 'string' ? podSecurity.version : defaultSettings.podSecurity.version,
    },
  };
}
