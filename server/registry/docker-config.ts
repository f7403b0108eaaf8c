import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A user's credential for one registry. Never logged: messages name only `source`. */
export interface RegistryCredential {
  username: string;
  password: string;
  /** Where it came from, for messages: `~/.docker/config.json` or `docker-credential-desktop`. */
  source: string;
}

/** Finds the credential for a registry host as Bulkhead names it (`docker.io`, `ghcr.io`, `localhost:5000`). */
export type CredentialLookup = (registry: string) => Promise<RegistryCredential | undefined>;

export const noCredentials: CredentialLookup = async () => undefined;

export interface DockerConfigOptions {
  /** `$DOCKER_CONFIG`, else `~/.docker`. */
  configDirectory?: string;
  /** Run `docker-credential-<helper> get` for `credsStore`/`credHelpers`; off unless the user enables it. */
  useCredentialHelpers: boolean;
  helperTimeoutMs?: number;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The key `docker login` uses for Docker Hub, which credential helpers are asked with too. */
const dockerHubServerUrl = 'https://index.docker.io/v1/';
const dockerHubKeys = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export function defaultDockerConfigDirectory(): string {
  return process.env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/**
 * Credentials from Docker's config.json, read when first needed: `auths` entries (base64
 * `user:password` in `auth`, or `username`/`password`), then, only when enabled, the credential
 * helper for the registry (`credHelpers`) or the default store (`credsStore`).
 */
export function dockerConfigCredentials(options: DockerConfigOptions): CredentialLookup {
  const directory = options.configDirectory ?? defaultDockerConfigDirectory();
  const path = join(directory, 'config.json');
  let config: DockerConfigFile | undefined;
  const load = (): DockerConfigFile => {
    if (config) return config;
    try {
      config = JSON.parse(readFileSync(path, 'utf8')) as DockerConfigFile;
    } catch {
      config = {};
    }
    return config;
  };
  return async (registry) => {
    const file = load();
    const key = configKey(registry);
    for (const [entryKey, entry] of Object.entries(file.auths ?? {})) {
      if (configKey(entryKey) !== key || !entry) continue;
      const decoded = entry.auth ? Buffer.from(entry.auth, 'base64').toString('utf8') : undefined;
      const colon = decoded?.indexOf(':') ?? -1;
      if (decoded && colon > 0)
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source: path };
      if (entry.username && entry.password) return { username: entry.username, password: entry.password, source: path };
    }
    if (!options.useCredentialHelpers) return undefined;
    const helper =
      Object.entries(file.credHelpers ?? {}).find(([host]) => configKey(host) === key)?.[1] ?? file.credsStore;
    if (!helper || !/^[A-Za-z0-9._-]+$/.test(helper)) return undefined;
    return askHelper(helper, key === 'docker.io' ? dockerHubServerUrl : registry, options.helperTimeoutMs ?? 10_000);
  };
}

/** `https://index.docker.io/v1/` → `docker.io`; `http://localhost:5000/` → `localhost:5000`. */
function configKey(entry: string): string {
  const host = entry
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return dockerHubKeys.has(host) ? 'docker.io' : host;
}

/** `docker-credential-<helper> get` reads the server URL on stdin and prints `{ServerURL, Username, Secret}`. */
function askHelper(helper: string, serverUrl: string, timeoutMs: number): Promise<RegistryCredential | undefined> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve) => {
    const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'ignore'], timeout: timeoutMs });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      if (code !== 0) return resolve(undefined);
      try {
        const answer = JSON.parse(output) as { Username?: string; Secret?: string };
        // `<token>` marks an identity token, which needs an OAuth exchange Bulkhead does not do.
        if (answer.Username && answer.Secret && answer.Username !== '<token>')
          return resolve({ username: answer.Username, password: answer.Secret, source: program });
      } catch {
        // An unreadable answer is treated like no credential.
      }
      resolve(undefined);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverUrl);
  });
}
