import { spawnSync } from 'node:child_process';
import { randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The token service a registry with `auth: token` sends clients to, as Docker Hub's auth.docker.io
 * is for registry-1.docker.io: it answers `GET /token?service=…&scope=repository:<name>:pull` with a
 * JWT the registry verifies against the signing certificate (made with `openssl req -x509`).
 * Each request is recorded, so tests can check which credentials reached it.
 */
export interface TokenServer {
  /** The realm as a registry names it: `http://<hostname>:PORT/token`. */
  realm(hostname: string): string;
  service: string;
  issuer: string;
  certificatePem: string;
  /** The `Authorization` header (or undefined) and scope of every token request. */
  requests: { authorization: string | undefined; scope: string | null }[];
  /** A token granting `actions` on repositories, for pushing test images. */
  issue(access: { repository: string; actions: string[] }[]): string;
  stop(): Promise<void>;
}

export interface TokenPolicy {
  accounts: Record<string, string>;
  /** The actions an account (undefined: anonymous) gets on a repository. */
  grant(account: string | undefined, repository: string): string[];
}

export async function startTokenServer(policy: TokenPolicy): Promise<TokenServer> {
  const directory = mkdtempSync(join(tmpdir(), 'bulkhead-token-'));
  const keyPath = join(directory, 'key.pem');
  const certificatePath = join(directory, 'certificate.pem');
  const openssl = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certificatePath,
      '-days',
      '2',
      '-subj',
      '/CN=bulkhead-test-token-issuer',
    ],
    { encoding: 'utf8' },
  );
  if (openssl.status !== 0)
    throw new Error(
      `the token server needs openssl to make its signing certificate: ${openssl.error ?? openssl.stderr}`,
    );
  const privateKey = readFileSync(keyPath, 'utf8');
  const certificatePem = readFileSync(certificatePath, 'utf8');
  const certificateDer = certificatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const service = 'bulkhead-test-registry';
  const issuer = 'bulkhead-test-issuer';
  const requests: TokenServer['requests'] = [];

  const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
  const issue = (account: string | undefined, access: { repository: string; actions: string[] }[]) => {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5c: [certificateDer] };
    const claims = {
      iss: issuer,
      sub: account ?? '',
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access: access.map(({ repository, actions }) => ({ type: 'repository', name: repository, actions })),
    };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    return `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), privateKey))}`;
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://token');
    const authorization = request.headers.authorization;
    requests.push({ authorization, scope: url.searchParams.get('scope') });
    let account: string | undefined;
    if (authorization?.startsWith('Basic ')) {
      const [user = '', ...rest] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
      if (policy.accounts[user] !== rest.join(':')) {
        response
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"details":"incorrect username or password"}');
        return;
      }
      account = user;
    }
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const parts = scope.split(':');
      const repository = parts.slice(1, -1).join(':');
      const wanted = (parts.at(-1) ?? '').split(',');
      const actions = policy.grant(account, repository).filter((action) => wanted.includes(action));
      return parts[0] === 'repository' && actions.length > 0 ? [{ repository, actions }] : [];
    });
    const token = issue(account, access);
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    realm: (hostname) => `http://${hostname}:${port}/token`,
    service,
    issuer,
    certificatePem,
    requests,
    issue: (access) => issue('pusher', access),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
