import { createHash } from 'node:crypto';
import { pulledTag } from '../../rules/model/image-occurrences';
import type { ImageReference } from '../../rules/model/image-reference';
import { type Challenge, hostnameOf, isLoopback, parseChallenges, realmMayReceiveCredential } from './auth';
import { type CredentialLookup, noCredentials, type RegistryCredential } from './docker-config';

/** Index types first: a registry then answers with the multi-platform digest, which every platform can pull. */
const indexMediaTypes = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const manifestMediaTypes = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const acceptHeader = [...indexMediaTypes, ...manifestMediaTypes].join(', ');
const digestPattern = /^sha256:[a-f0-9]{64}$/;
/** The distribution spec lets registries refuse bigger manifests; anything larger is not one. */
const maxManifestBytes = 4 * 1024 * 1024;
const maxRedirects = 5;

export type RegistryErrorKind =
  | 'offline'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'insecure'
  | 'protocol';

/** A lookup that failed, with a message meant for the user as it is. */
export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface ResolvedDigest {
  digest: string;
  /** The manifest's media type as the registry sent it. */
  mediaType: string | undefined;
  /** An image index (manifest list): the digest stands for every platform of the tag. */
  multiPlatform: boolean;
}

export interface RegistryClientOptions {
  credentials?: CredentialLookup;
  /** Registries (`host` or `host:port`) that may be reached over plain HTTP; loopback always may. */
  insecureRegistries?: readonly string[];
  /** For one whole lookup, token request included. */
  timeoutMs?: number;
  cacheTtlMs?: number;
  userAgent?: string;
}

interface RequestInit {
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  signal: AbortSignal;
}

interface Authorization {
  /** The `Authorization` header value. */
  value: string;
  expires: number;
  /** The user's credential, when it was sent (to the registry or its token service). */
  credential: RegistryCredential | undefined;
  /** The token service's host, when a credential exists but was kept from it (another host). */
  withheldFrom?: string | undefined;
}

interface Lookup {
  /** The registry as Bulkhead names it (`docker.io`), for credentials and messages. */
  registry: string;
  /** Where its API is (`registry-1.docker.io`). */
  host: string;
  repository: string;
  tag: string;
  signal: AbortSignal;
}

/**
 * Resolves image tags to the digest a pull would get, over the OCI distribution API: `HEAD` of the
 * manifest with every manifest type accepted, `Docker-Content-Digest` read (or the body hashed when a
 * registry leaves it out), anonymous or credentialed bearer tokens, or basic auth.
 */
export class RegistryClient {
  private readonly credentials: CredentialLookup;
  private readonly insecure: Set<string>;
  private readonly timeoutMs: number;
  private readonly cacheTtlMs: number;
  private readonly userAgent: string;
  private readonly cache = new Map<string, { expires: number; result: Promise<ResolvedDigest> }>();
  /** `Authorization` values that worked, per registry host and repository. */
  private readonly authorizations = new Map<string, { value: string; expires: number }>();
  private readonly credentialCache = new Map<string, Promise<RegistryCredential | undefined>>();
  /** The scheme that answered, per host: HTTPS first, plain HTTP only where allowed. */
  private readonly schemes = new Map<string, 'https' | 'http'>();

  constructor(options: RegistryClientOptions = {}) {
    this.credentials = options.credentials ?? noCredentials;
    this.insecure = new Set((options.insecureRegistries ?? []).map((host) => host.toLowerCase()));
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.cacheTtlMs = options.cacheTtlMs ?? 5 * 60_000;
    this.userAgent = options.userAgent ?? 'bulkhead';
  }

  /** The digest the reference's tag (`latest` when none) points to now; cached per reference for a while. */
  resolve(reference: ImageReference, signal?: AbortSignal): Promise<ResolvedDigest> {
    const key = `${reference.name}:${pulledTag(reference)}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > Date.now()) return cached.result;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const lookup: Lookup = {
      registry: reference.registry,
      host: reference.registry === 'docker.io' ? 'registry-1.docker.io' : reference.registry,
      repository: reference.repository,
      tag: pulledTag(reference),
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    };
    const result = this.lookUp(lookup).catch((error: unknown) => {
      this.cache.delete(key);
      throw this.explain(error, lookup);
    });
    this.cache.set(key, { expires: Date.now() + this.cacheTtlMs, result });
    return result;
  }

  private async lookUp(lookup: Lookup): Promise<ResolvedDigest> {
    const path = `/v2/${lookup.repository}/manifests/${encodeURIComponent(lookup.tag)}`;
    const head = await this.authorizedRequest(lookup, path, 'HEAD');
    await head.body?.cancel();
    if (head.ok) {
      const digest = head.headers.get('docker-content-digest')?.trim();
      const mediaType = mediaTypeOf(head);
      if (digest && digestPattern.test(digest)) return described(digest, mediaType);
    } else if (head.status !== 405 && head.status !== 501) {
      throw this.statusError(head, lookup);
    }
    // No usable digest header, or HEAD not supported: the digest is the sha256 of the manifest's bytes.
    const get = await this.authorizedRequest(lookup, path, 'GET');
    if (!get.ok) {
      await get.body?.cancel();
      throw this.statusError(get, lookup);
    }
    const tooBig = () => new RegistryError('protocol', `${lookup.registry} sent more than 4 MiB for a manifest`);
    if (Number(get.headers.get('content-length')) > maxManifestBytes) {
      await get.body?.cancel();
      throw tooBig();
    }
    const body = Buffer.from(await get.arrayBuffer());
    if (body.length > maxManifestBytes) throw tooBig();
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    let mediaType = mediaTypeOf(get);
    try {
      mediaType = (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType ?? mediaType;
    } catch {
      throw new RegistryError('protocol', `${lookup.registry} sent a manifest that is not JSON`);
    }
    return described(digest, mediaType);
  }

  /** A request with the authorization that worked before; on a 401, the challenge is answered once. */
  private async authorizedRequest(lookup: Lookup, path: string, method: 'GET' | 'HEAD'): Promise<Response> {
    const authKey = `${lookup.host}/${lookup.repository}`;
    const known = this.authorizations.get(authKey);
    const headers: Record<string, string> = { accept: acceptHeader, 'user-agent': this.userAgent };
    if (known && known.expires > Date.now()) headers.authorization = known.value;
    const response = await this.send(lookup.host, path, { method, headers, signal: lookup.signal });
    if (response.status !== 401) return response;
    await response.body?.cancel();
    const challenges = parseChallenges(response.headers.get('www-authenticate') ?? '');
    const authorization = await this.answerChallenge(lookup, challenges);
    const retried = await this.send(lookup.host, path, {
      method,
      headers: { ...headers, authorization: authorization.value },
      signal: lookup.signal,
    });
    if (retried.status === 401) {
      await retried.body?.cancel();
      throw new RegistryError(
        'unauthorized',
        authorization.credential
          ? `${lookup.registry} rejected the credentials for it from ${authorization.credential.source} (401); log in again with "docker login ${lookup.registry}"`
          : authorization.withheldFrom
            ? `${lookup.registry} needs credentials to read ${lookup.repository} (401); yours were not sent because its token service is on another host (${authorization.withheldFrom})`
            : `${lookup.registry} needs credentials to read ${lookup.repository}, or it does not exist (401); log in with "docker login ${lookup.registry}"`,
      );
    }
    this.authorizations.set(authKey, { value: authorization.value, expires: authorization.expires });
    return retried;
  }

  private async answerChallenge(lookup: Lookup, challenges: Challenge[]): Promise<Authorization> {
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
    if (bearer) return this.fetchToken(lookup, bearer);
    if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      const credential = await this.credentialFor(lookup.registry);
      if (!credential)
        throw new RegistryError(
          'unauthorized',
          `${lookup.registry} needs credentials (401) and none are configured for it; log in with "docker login ${lookup.registry}"`,
        );
      return { value: basicAuthorization(credential), expires: Number.POSITIVE_INFINITY, credential };
    }
    throw new RegistryError('unauthorized', `${lookup.registry} asks for an authentication Bulkhead does not support`);
  }

  /**
   * The token flow: `GET <realm>?service=…&scope=repository:<name>:pull`, anonymously unless the realm
   * may receive the registry's credential (see realmMayReceiveCredential).
   */
  private async fetchToken(lookup: Lookup, challenge: Challenge): Promise<Authorization> {
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm ?? '');
    } catch {
      throw new RegistryError('protocol', `${lookup.registry} names no valid token service in its challenge`);
    }
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', challenge.params.scope ?? `repository:${lookup.repository}:pull`);
    const trusted = realmMayReceiveCredential(lookup.host, realm);
    const credential = trusted ? await this.credentialFor(lookup.registry) : undefined;
    const withheldFrom = !trusted && (await this.credentialFor(lookup.registry)) ? realm.host : undefined;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent };
    if (credential) headers.authorization = basicAuthorization(credential);
    let response: Response;
    try {
      response = await this.fetchFollowingRedirects(realm, { method: 'GET', headers, signal: lookup.signal });
    } catch (error) {
      throw this.explain(error, lookup, `the token service of ${lookup.registry} (${realm.host})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (response.status === 429)
        throw new RegistryError('rate-limited', rateLimitMessage(lookup.registry, response.headers));
      if (response.status === 401 || response.status === 403) {
        throw new RegistryError(
          'unauthorized',
          credential
            ? `the token service of ${lookup.registry} (${realm.host}) rejected the credentials from ${credential.source} (${response.status})`
            : `the token service of ${lookup.registry} (${realm.host}) refused an anonymous token (${response.status}); log in with "docker login ${lookup.registry}"`,
        );
      }
      throw new RegistryError('protocol', `the token service of ${lookup.registry} answered ${response.status}`);
    }
    const body = (await response.json().catch(() => ({}))) as {
      token?: string;
      access_token?: string;
      expires_in?: number;
    };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError('protocol', `the token service of ${lookup.registry} sent no token`);
    // Tokens live 60 s unless told otherwise; renew a little early.
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    return { value: `Bearer ${token}`, expires: Date.now() + (lifetime - 5) * 1000, credential, withheldFrom };
  }

  private credentialFor(registry: string): Promise<RegistryCredential | undefined> {
    let credential = this.credentialCache.get(registry);
    if (!credential) {
      credential = this.credentials(registry).catch(() => undefined);
      this.credentialCache.set(registry, credential);
    }
    return credential;
  }

  /** HTTPS; a registry allowed plain HTTP gets it when HTTPS fails to connect, as Docker does. */
  private async send(host: string, path: string, init: RequestInit): Promise<Response> {
    const known = this.schemes.get(host);
    if (known) return this.fetchFollowingRedirects(new URL(`${known}://${host}${path}`), init);
    try {
      const response = await this.fetchFollowingRedirects(new URL(`https://${host}${path}`), init);
      this.schemes.set(host, 'https');
      return response;
    } catch (error) {
      if (!this.allowsPlainHttp(host) || init.signal.aborted) throw error;
      const response = await this.fetchFollowingRedirects(new URL(`http://${host}${path}`), init);
      this.schemes.set(host, 'http');
      return response;
    }
  }

  /** Follows redirects itself, so `Authorization` never reaches another origin and HTTPS never drops to HTTP. */
  private async fetchFollowingRedirects(start: URL, init: RequestInit): Promise<Response> {
    let url = start;
    const headers = { ...init.headers };
    for (let hop = 0; hop <= maxRedirects; hop++) {
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.allowsPlainHttp(url.host)))
        throw new RegistryError(
          'insecure',
          `refusing plain HTTP to ${url.host}; add it to the insecure registries setting if it has no TLS`,
        );
      const response = await fetch(url, { method: init.method, headers, redirect: 'manual', signal: init.signal });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return response;
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== url.origin) delete headers.authorization;
      url = next;
    }
    throw new RegistryError('protocol', `${start.host} redirected more than ${maxRedirects} times`);
  }

  private allowsPlainHttp(host: string): boolean {
    const lower = host.toLowerCase();
    return isLoopback(lower) || this.insecure.has(lower) || this.insecure.has(hostnameOf(lower));
  }

  private statusError(response: Response, lookup: Lookup): RegistryError {
    const where = `${lookup.registry}/${lookup.repository}`;
    switch (response.status) {
      case 404:
        return new RegistryError('not-found', `tag "${lookup.tag}" not found in ${where}`);
      case 401:
        return new RegistryError('unauthorized', `${lookup.registry} refused access to ${lookup.repository} (401)`);
      case 403:
        return new RegistryError(
          'forbidden',
          `access to ${where} is forbidden (403): the account or token has no pull permission for it`,
        );
      case 429:
        return new RegistryError('rate-limited', rateLimitMessage(lookup.registry, response.headers));
      default:
        return new RegistryError(
          'protocol',
          `${lookup.registry} answered ${response.status} ${response.statusText} for ${where}:${lookup.tag}`,
        );
    }
  }

  /** Turns fetch's failures into messages that say what to do; RegistryErrors pass through. */
  private explain(error: unknown, lookup: Lookup, server = lookup.registry): RegistryError {
    if (error instanceof RegistryError) return error;
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || (name === 'AbortError' && lookup.signal.aborted)) {
      const reason = lookup.signal.reason as { name?: string } | undefined;
      return reason?.name === 'TimeoutError' || name === 'TimeoutError'
        ? new RegistryError('timeout', `${server} did not answer within ${this.timeoutMs / 1000} s`)
        : new RegistryError('timeout', `the lookup of ${lookup.registry}/${lookup.repository} was cancelled`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? (error as { code?: string }).code;
    switch (code) {
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new RegistryError(
          'offline',
          `cannot reach ${server}: its host name does not resolve (${code}); are you offline?`,
        );
      case 'ECONNREFUSED':
        return new RegistryError(
          'offline',
          `cannot reach ${server}: connection refused (ECONNREFUSED); is the registry running on that port?`,
        );
      case 'ENETUNREACH':
      case 'EHOSTUNREACH':
      case 'ECONNRESET':
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'UND_ERR_SOCKET':
        return new RegistryError('offline', `cannot reach ${server} (${code}); check the network connection`);
      default:
        if (code && /SSL|TLS|CERT|EPROTO/.test(code))
          return new RegistryError(
            'insecure',
            `the TLS connection to ${server} failed (${code}); if it serves plain HTTP, list it in the insecure registries (--insecure-registry, bulkhead.registry.insecureRegistries)`,
          );
        return new RegistryError(
          'offline',
          `cannot reach ${server}: ${cause?.message ?? (error as Error).message ?? String(error)}${code ? ` (${code})` : ''}`,
        );
    }
  }
}

function described(digest: string, mediaType: string | undefined): ResolvedDigest {
  return { digest, mediaType, multiPlatform: mediaType !== undefined && indexMediaTypes.includes(mediaType) };
}

function mediaTypeOf(response: Response): string | undefined {
  return response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
}

function basicAuthorization(credential: RegistryCredential): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
}

/**
 * Docker Hub counts pulls per IP (anonymous) or account, and says where one stands in
 * `ratelimit-limit: 100;w=21600` and `ratelimit-remaining: 0;w=21600` (w: the window in seconds).
 */
export function rateLimitMessage(registry: string, headers: Headers): string {
  const limit = headers.get('ratelimit-limit');
  const remaining = headers.get('ratelimit-remaining');
  const retryAfter = headers.get('retry-after');
  const count = (header: string | null) => header?.split(';')[0]?.trim();
  const windowSeconds = Number(/w=(\d+)/.exec(limit ?? '')?.[1]);
  const window = Number.isFinite(windowSeconds) && windowSeconds > 0 ? ` per ${formatDuration(windowSeconds)}` : '';
  const standing = limit !== null ? ` (${count(remaining) ?? '0'} of ${count(limit)} pulls left${window})` : '';
  const later = retryAfter ? `; retry after ${retryAfter}${/^\d+$/.test(retryAfter) ? ' s' : ''}` : '; try again later';
  if (registry === 'docker.io')
    return `Docker Hub's pull rate limit is reached (429)${standing}: anonymous requests are counted per IP address, and "docker login" gives a higher limit${later}`;
  return `${registry} is rate-limiting requests (429)${standing}${later}`;
}

function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} s`;
}
