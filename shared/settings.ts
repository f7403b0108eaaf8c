// Settings shared by the VS Code client (contributes.configuration) and the language server.
// The server also accepts them from any LSP client through workspace/configuration.

export const severities = ['error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof severities)[number];

export const podSecurityLevels = ['baseline', 'restricted'] as const;
export type PodSecurityLevel = (typeof podSecurityLevels)[number];

export const profiles = ['recommended', 'strict'] as const;
export type Profile = (typeof profiles)[number];

/**
 * The newest profile version this release ships. A release that adds rules or changes a rule's
 * default bumps it, so `recommended@1` keeps meaning exactly what it meant when it was written.
 */
export const latestProfileVersion = 1;
/** `recommended` follows the newest rule set; `recommended@1` pins profile version 1. */
export type ProfileSetting = Profile | `${Profile}@${number}`;
/** Every accepted profile value, for the settings schema and messages. */
export const profileSettings: readonly ProfileSetting[] = [
  ...profiles,
  ...Array.from({ length: latestProfileVersion }, (_, index) =>
    profiles.map((profile): ProfileSetting => `${profile}@${index + 1}`),
  ).flat(),
];

export interface ParsedProfile {
  name: Profile;
  /** Undefined when unpinned: every rule this release ships. */
  version: number | undefined;
}

/** Reads `recommended`, `strict@1`…; undefined for anything else, including versions this release does not know. */
export function parseProfile(value: string): ParsedProfile | undefined {
  const match = /^(recommended|strict)(?:@([1-9]\d*))?$/.exec(value);
  if (!match) return undefined;
  const version = match[2] === undefined ? undefined : Number(match[2]);
  if (version !== undefined && version > latestProfileVersion) return undefined;
  return { name: match[1] as Profile, version };
}

/** `off` disables a rule; a severity turns it on with that severity. */
export type RuleSetting = Severity | 'off' | 'on';

export interface BulkheadSettings {
  enable: boolean;
  profile: ProfileSetting;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  podSecurity: { level: PodSecurityLevel; version: string };
  /** Registries base images may come from; empty means any. */
  allowedRegistries: string[];
  /** Files larger than this many bytes get one notice instead of a full check. */
  maxFileSize: number;
  /** A suppression comment or annotation without a reason becomes a finding. */
  requireReason: boolean;
  /** When false only the configuration can turn findings off: comments and annotations are ignored. */
  allowInlineSuppressions: boolean;
  /**
   * Whether exemptions written as annotations in manifests (kube-linter, Checkov) count. Off lets a
   * security team stop deployers from exempting their own workloads while keeping reviewed comments.
   */
  allowManifestAnnotations: boolean;
  registry: RegistrySettings;
}

/** Registry lookups for "Pin to digest": network use is opt-in and never happens while checking. */
export interface RegistrySettings {
  /** Allows the editor's "Pin to digest" actions to ask registries for digests. */
  lookups: boolean;
  /** Runs `docker-credential-<helper> get` for registries whose Docker config uses a helper. */
  credentialHelpers: boolean;
  /** Registries (`host` or `host:port`) reachable over plain HTTP; loopback always is. */
  insecureRegistries: string[];
  /** How long one lookup may take, token request included. */
  timeoutSeconds: number;
}

export const defaultSettings: BulkheadSettings = {
  enable: true,
  profile: 'recommended',
  rules: {},
  ignore: [],
  podSecurity: { level: 'restricted', version: 'latest' },
  allowedRegistries: [],
  maxFileSize: 4 * 1024 * 1024,
  requireReason: false,
  allowInlineSuppressions: true,
  allowManifestAnnotations: true,
  registry: { lookups: false, credentialHelpers: false, insecureRegistries: [], timeoutSeconds: 15 },
};

/** The section name under which the client contributes settings. */
export const settingsSection = 'bulkhead';
