// How a registry asks for authentication, and to which hosts a credential may travel.

export interface Challenge {
  /** Lower-case: `bearer` or `basic`. */
  scheme: string;
  params: Record<string, string>;
}

const challengeToken = /\s*,?\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*))?/y;

/**
 * Parses a `WWW-Authenticate` header, e.g.
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/python:pull"`.
 * A token without `=` starts a new challenge; `key=value` pairs belong to the challenge before them.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  challengeToken.lastIndex = 0;
  for (let match = challengeToken.exec(header); match; match = challengeToken.exec(header)) {
    const [, name = '', rawValue] = match;
    if (rawValue === undefined) {
      challenges.push({ scheme: name.toLowerCase(), params: {} });
      continue;
    }
    const value = rawValue.startsWith('"') ? rawValue.slice(1, -1).replace(/\\(.)/g, '$1') : rawValue;
    const current = challenges.at(-1);
    if (current) current.params[name.toLowerCase()] = value;
  }
  return challenges;
}

/** A loopback host (with or without port): plain HTTP to it never leaves the machine. */
export function isLoopback(host: string): boolean {
  const hostname = hostnameOf(host);
  return hostname === 'localhost' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** `registry.example.com:5000` → `registry.example.com`; `[::1]:5000` → `::1`. */
export function hostnameOf(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(1, lower.indexOf(']'));
  return lower.replace(/:\d+$/, '');
}

/**
 * Whether the user's credential for a registry may be sent to the token service the registry names.
 * The registry chooses the realm, so a compromised or spoofed answer could name any host; the
 * credential goes only where its owner already has the authority:
 * - the registry's own host name (any port): `ghcr.io` → `https://ghcr.io/token`;
 * - a parent domain of it, whose owner controls the registry's DNS name anyway:
 *   `registry.gitlab.com` → `gitlab.com`, never a sibling (`a.azurecr.io` ↛ `b.azurecr.io`);
 * - Docker Hub's own pair, `registry-1.docker.io` → `auth.docker.io`.
 * Any other realm still gets the token request, anonymously. The scheme rule (HTTPS, or plain HTTP
 * only for loopback and configured insecure registries) is checked by the caller like every request.
 */
export function realmMayReceiveCredential(registryHost: string, realm: URL): boolean {
  const registry = hostnameOf(registryHost);
  const realmHost = realm.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (realmHost === registry) return true;
  if (registry === 'registry-1.docker.io' && realmHost === 'auth.docker.io') return true;
  return realmHost.includes('.') && registry.endsWith(`.${realmHost}`);
}
