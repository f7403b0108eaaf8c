import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml';
import {
  type BulkheadSettings,
  defaultSettings,
  latestProfileVersion,
  type PodSecurityLevel,
  type ProfileSetting,
  parseProfile,
  podSecurityLevels,
  type RuleSetting,
  severities,
} from '../../shared/settings';
import { SourceText } from '../model/source';
import type { Range } from './types';

/** What a configuration file may set; everything is optional and overrides the defaults. */
export interface ConfigOverrides {
  profile?: ProfileSetting;
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  podSecurity?: { level?: PodSecurityLevel; version?: string };
  allowedRegistries?: string[];
  maxFileSize?: number;
  requireReason?: boolean;
  allowInlineSuppressions?: boolean;
  allowManifestAnnotations?: boolean;
  suppress?: ConfigSuppression[];
}

/**
 * A `suppress:` entry of `.bulkhead.yaml`: findings of these rules in matching files (and, with a
 * resource, only inside that resource) are suppressed, for files that cannot carry comments.
 */
export interface ConfigSuppression {
  ruleIds: string[];
  /** Globs relative to the configuration file's directory; undefined means every file it applies to. */
  paths: string[] | undefined;
  /** `Kind/name` or `Kind/namespace/name` (Kubernetes), `service/name` (Compose), `stage/name` (Dockerfile). */
  resource: string | undefined;
  reason: string | undefined;
  /** The configuration file that holds the entry, and the entry's range in it. */
  configPath: string;
  range: Range;
}

/** What rules see; the registry settings are the editor's alone (rules never use the network). */
export type ResolvedConfig = Omit<BulkheadSettings, 'enable' | 'registry'> & { suppress: ConfigSuppression[] };

export interface ConfigError {
  message: string;
  range: Range;
}

export const ruleSettings: readonly RuleSetting[] = ['off', 'on', ...severities];
export const podSecurityVersionPattern = /^(latest|v1\.\d+)$/;

export const defaultConfig: ResolvedConfig = {
  profile: defaultSettings.profile,
  rules: {},
  ignore: [],
  podSecurity: { ...defaultSettings.podSecurity },
  allowedRegistries: [],
  maxFileSize: defaultSettings.maxFileSize,
  requireReason: defaultSettings.requireReason,
  allowInlineSuppressions: defaultSettings.allowInlineSuppressions,
  allowManifestAnnotations: defaultSettings.allowManifestAnnotations,
  suppress: [],
};

/** Later overrides win; rule settings merge per rule. */
export function mergeConfig(base: ResolvedConfig, ...overrides: ConfigOverrides[]): ResolvedConfig {
  let merged = base;
  for (const override of overrides) {
    merged = {
      profile: override.profile ?? merged.profile,
      rules: { ...merged.rules, ...override.rules },
      ignore: [...merged.ignore, ...(override.ignore ?? [])],
      podSecurity: { ...merged.podSecurity, ...definedOnly(override.podSecurity) },
      allowedRegistries: override.allowedRegistries ?? merged.allowedRegistries,
      maxFileSize: override.maxFileSize ?? merged.maxFileSize,
      requireReason: override.requireReason ?? merged.requireReason,
      allowInlineSuppressions: override.allowInlineSuppressions ?? merged.allowInlineSuppressions,
      allowManifestAnnotations: override.allowManifestAnnotations ?? merged.allowManifestAnnotations,
      suppress: [...merged.suppress, ...(override.suppress ?? [])],
    };
  }
  return merged;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Reads `.bulkhead.yaml`. Every problem is reported with its location; nothing is silently defaulted,
 * because a typo in a security team's config must never quietly turn a rule off.
 */
export function parseConfig(
  path: string,
  text: string,
  knownRuleIds: ReadonlySet<string>,
): { config: ConfigOverrides; errors: ConfigError[] } {
  const source = new SourceText(path, text);
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const errors: ConfigError[] = document.errors.map((error) => ({
    message: `YAML syntax error: ${error.message.split('\n')[0]}`,
    range: source.rangeAt(error.pos[0], error.pos[1]),
  }));
  const config: ConfigOverrides = {};
  const root = document.contents;
  if (errors.length > 0 || root === null) return { config, errors };
  const at = (node: Node | null | undefined): Range => {
    const range = node?.range ?? [0, 0];
    return source.rangeAt(range[0], range[1]);
  };
  const fail = (node: Node | null | undefined, message: string) => errors.push({ message, range: at(node) });
  if (!isMap(root)) {
    fail(root, `The configuration must be a map of settings (${knownSettings}).`);
    return { config, errors };
  }
  let suppressEntries: { entry: ConfigSuppression; node: Node }[] = [];
  for (const pair of root.items as Pair<Node, Node | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    switch (key) {
      case 'profile':
        if (isScalar(value) && typeof value.value === 'string' && parseProfile(value.value))
          config.profile = value.value as ProfileSetting;
        else
          fail(
            value ?? pair.key,
            `"profile" must be recommended or strict, optionally pinned to a profile version from 1 to ${latestProfileVersion} (recommended@1).`,
          );
        break;
      case 'rules':
        config.rules = parseRules(value, knownRuleIds, fail);
        break;
      case 'ignore':
        config.ignore = parseStringList(value, fail, '"ignore" must be a list of glob patterns (strings).');
        break;
      case 'suppress':
        suppressEntries = parseSuppress(value, knownRuleIds, fail, path, at);
        config.suppress = suppressEntries.map(({ entry }) => entry);
        break;
      case 'requireReason':
      case 'allowInlineSuppressions':
      case 'allowManifestAnnotations':
        if (isScalar(value) && typeof value.value === 'boolean') config[key] = value.value;
        else fail(value ?? pair.key, `"${key}" must be true or false.`);
        break;
      case 'maxFileSize':
        if (isScalar(value) && typeof value.value === 'number' && value.value > 0) config.maxFileSize = value.value;
        else fail(value ?? pair.key, '"maxFileSize" must be a positive number of bytes.');
        break;
      case 'allowedRegistries':
        config.allowedRegistries = parseStringList(
          value,
          fail,
          '"allowedRegistries" must be a list of registry hosts, e.g. [registry.example.com, docker.io].',
        );
        break;
      case 'podSecurity':
        config.podSecurity = parsePodSecurity(value, fail);
        break;
      default:
        fail(pair.key, `Unknown setting "${key}". Known settings: ${knownSettings}.`);
    }
  }
  if (config.requireReason) {
    for (const { entry, node } of suppressEntries) {
      if (!entry.reason) fail(node, 'requireReason is on: this suppression needs a "reason".');
    }
  }
  return { config, errors };
}

const knownSettings =
  'profile, rules, ignore, suppress, podSecurity, allowedRegistries, maxFileSize, requireReason, allowInlineSuppressions, allowManifestAnnotations';
const suppressKeys = ['rule', 'paths', 'resource', 'reason'];
const resourcePattern = /^[A-Za-z][A-Za-z0-9]*\/[^/\s]+(\/[^/\s]+)?$/;

function parseSuppress(
  value: Node | null,
  knownRuleIds: ReadonlySet<string>,
  fail: Fail,
  configPath: string,
  at: (node: Node | null | undefined) => Range,
): { entry: ConfigSuppression; node: Node }[] {
  if (!isSeq(value)) {
    fail(value, '"suppress" must be a list of entries such as {rule: BH-K001, paths: [vendor/**], reason: …}.');
    return [];
  }
  const entries: { entry: ConfigSuppression; node: Node }[] = [];
  for (const item of value.items as (Node | null)[]) {
    if (!isMap(item)) {
      fail(item, 'Each "suppress" entry must be a map with rule, paths and/or resource, and reason.');
      continue;
    }
    const entry: ConfigSuppression = {
      ruleIds: [],
      paths: undefined,
      resource: undefined,
      reason: undefined,
      configPath,
      range: at(item),
    };
    let valid = true;
    const invalid = (node: Node | null | undefined, message: string) => {
      valid = false;
      fail(node, message);
    };
    for (const pair of (item as YAMLMap<Node, Node | null>).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const field = pair.value;
      if (key === 'rule') {
        const ids = isScalar(field)
          ? [field.value]
          : isSeq(field)
            ? field.items.map((id) => (isScalar(id) ? id.value : undefined))
            : [];
        if (ids.length === 0 || !ids.every((id): id is string => typeof id === 'string'))
          invalid(field ?? pair.key, '"rule" must be a rule id or a list of rule ids.');
        else {
          const unknown = ids.filter((id) => !knownRuleIds.has(id));
          if (unknown.length > 0)
            invalid(
              field,
              `Unknown rule id ${unknown.map((id) => `"${id}"`).join(', ')}. Run \`bulkhead rules\` for the list.`,
            );
          entry.ruleIds = ids;
        }
      } else if (key === 'paths') {
        if (
          isSeq(field) &&
          field.items.length > 0 &&
          field.items.every((glob) => isScalar(glob) && typeof glob.value === 'string')
        )
          entry.paths = field.items.map((glob) => String((glob as { value: string }).value));
        else
          invalid(field ?? pair.key, '"paths" must be a non-empty list of globs, relative to this file\'s directory.');
      } else if (key === 'resource') {
        if (isScalar(field) && typeof field.value === 'string' && resourcePattern.test(field.value))
          entry.resource = field.value;
        else
          invalid(
            field ?? pair.key,
            '"resource" must be Kind/name or Kind/namespace/name (Deployment/web), service/name (Compose) or stage/name (Dockerfile).',
          );
      } else if (key === 'reason') {
        if (isScalar(field) && typeof field.value === 'string' && field.value.trim() !== '')
          entry.reason = field.value.trim();
        else invalid(field ?? pair.key, '"reason" must be a non-empty text.');
      } else invalid(pair.key, `Unknown suppress setting "${key}". Known: ${suppressKeys.join(', ')}.`);
    }
    if (entry.ruleIds.length === 0 && valid) invalid(item, 'This suppression needs a "rule".');
    if (entry.paths === undefined && entry.resource === undefined && valid)
      invalid(
        item,
        'This suppression needs "paths" or "resource"; to turn a rule off everywhere use rules: {<id>: off}.',
      );
    if (valid) entries.push({ entry, node: item });
  }
  return entries;
}

type Fail = (node: Node | null | undefined, message: string) => void;

function parseStringList(value: Node | null, fail: Fail, message: string): string[] {
  if (isSeq(value) && value.items.every((item) => isScalar(item) && typeof item.value === 'string')) {
    return value.items.map((item) => String((item as { value: string }).value));
  }
  fail(value, message);
  return [];
}

function parseRules(value: Node | null, knownRuleIds: ReadonlySet<string>, fail: Fail): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  if (!isMap(value)) {
    fail(value, '"rules" must map rule ids to off, on, error, warning, information or hint.');
    return rules;
  }
  for (const pair of (value as YAMLMap<Node, Node | null>).items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    const setting = isScalar(pair.value) ? pair.value.value : undefined;
    if (!knownRuleIds.has(id)) fail(pair.key, `Unknown rule id "${id}". Run \`bulkhead rules\` for the list.`);
    else if (typeof setting !== 'string' || !(ruleSettings as readonly string[]).includes(setting)) {
      fail(pair.value ?? pair.key, `Rule "${id}" must be one of: ${ruleSettings.join(', ')}.`);
    } else rules[id] = setting as RuleSetting;
  }
  return rules;
}

function parsePodSecurity(value: Node | null, fail: Fail): ConfigOverrides['podSecurity'] {
  const podSecurity: NonNullable<ConfigOverrides['podSecurity']> = {};
  if (!isMap(value)) {
    fail(value, '"podSecurity" must be a map with "level" and/or "version".');
    return podSecurity;
  }
  for (const pair of (value as YAMLMap<Node, Node | null>).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const setting = isScalar(pair.value) ? String(pair.value.value) : undefined;
    if (key === 'level') {
      if (setting && (podSecurityLevels as readonly string[]).includes(setting))
        podSecurity.level = setting as PodSecurityLevel;
      else fail(pair.value ?? pair.key, `"podSecurity.level" must be one of: ${podSecurityLevels.join(', ')}.`);
    } else if (key === 'version') {
      if (setting && podSecurityVersionPattern.test(setting)) podSecurity.version = setting;
      else
        fail(
          pair.value ?? pair.key,
          '"podSecurity.version" must be "latest" or a Kubernetes minor version such as v1.30.',
        );
    } else fail(pair.key, `Unknown podSecurity setting "${key}". Known: level, version.`);
  }
  return podSecurity;
}
