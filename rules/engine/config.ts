import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml';
import {
  type BulkheadSettings,
  defaultSettings,
  type PodSecurityLevel,
  type Profile,
  podSecurityLevels,
  profiles,
  type RuleSetting,
  severities,
} from '../../shared/settings';
import { SourceText } from '../model/source';
import type { Range } from './types';

/** What a configuration file may set; everything is optional and overrides the defaults. */
export interface ConfigOverrides {
  profile?: Profile;
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  podSecurity?: { level?: PodSecurityLevel; version?: string };
  allowedRegistries?: string[];
  maxFileSize?: number;
  requireReason?: boolean;
  allowInlineSuppressions?: boolean;
}

/** What rules see; the registry settings are the editor's alone (rules never use the network). */
export type ResolvedConfig = Omit<BulkheadSettings, 'enable' | 'registry'>;

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
    fail(
      root,
      'The configuration must be a map of settings (profile, rules, ignore, podSecurity, allowedRegistries, maxFileSize, requireReason, allowInlineSuppressions).',
    );
    return { config, errors };
  }
  for (const pair of root.items as Pair<Node, Node | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    switch (key) {
      case 'profile':
        if (isScalar(value) && (profiles as readonly unknown[]).includes(value.value))
          config.profile = value.value as Profile;
        else fail(value ?? pair.key, `"profile" must be one of: ${profiles.join(', ')}.`);
        break;
      case 'rules':
        config.rules = parseRules(value, knownRuleIds, fail);
        break;
      case 'ignore':
        config.ignore = parseStringList(value, fail, '"ignore" must be a list of glob patterns (strings).');
        break;
      case 'requireReason':
      case 'allowInlineSuppressions':
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
        fail(
          pair.key,
          `Unknown setting "${key}". Known settings: profile, rules, ignore, podSecurity, allowedRegistries, maxFileSize, requireReason, allowInlineSuppressions.`,
        );
    }
  }
  return { config, errors };
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
