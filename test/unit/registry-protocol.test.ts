import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError, rateLimitMessage } from '../../server/registry/client';
import { imageReference } from '../helpers/registry';

/**
 * Answers the real registry never gives (tests/registry covers those): no digest header, rate
 * limits, redirects, silence. A tiny HTTP server on loopback plays the misbehaving registry.
 */
describe('registry client: answers a real registry does not give', () => {
  let server: Server;
  let host: string;
  const seen: { path: string; authorization: string | undefined }[] = [];
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }),
  );
  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
    '/v2/no-digest/manifests/1': (request, response) => {
      response.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
      response.end(request.method === 'GET' ? manifest : undefined);
    },
    '/v2/limited/manifests/1': (_request, response) => {
      response.writeHead(429, {
        'ratelimit-limit': '100;w=21600',
        'ratelimit-remaining': '0;w=21600',
        'retry-after': '60',
      });
      response.end();
    },
    '/v2/moved/manifests/1': (_request, response) => {
      response.writeHead(307, {
        location: `http://localhost:${new URL(`http://${host}`).port}/v2/no-digest/manifests/1`,
      });
      response.end();
    },
    '/v2/downgrade/manifests/1': (_request, response) => {
      response.writeHead(307, { location: 'http://registry.example.invalid/v2/x/manifests/1' });
      response.end();
    },
    '/v2/silent/manifests/1': () => undefined,
  };

  before(async () => {
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      seen.push({ path, authorization: request.headers.authorization });
      const route = routes[path];
      if (route) route(request, response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const resolve = (client: RegistryClient, repository: string) =>
    client.resolve(imageReference(`${host}/${repository}:1`));

  it('hashes the manifest when HEAD has no Docker-Content-Digest', async () => {
    const resolved = await resolve(new RegistryClient(), 'no-digest');
    assert.equal(resolved.digest, `sha256:${createHash('sha256').update(manifest).digest('hex')}`);
    assert.equal(resolved.multiPlatform, true);
  });

  it('explains a 429 with the rate-limit headers', async () => {
    await assert.rejects(
      resolve(new RegistryClient(), 'limited'),
      new RegistryError(
        'rate-limited',
        `${host} is rate-limiting requests (429) (0 of 100 pulls left per 6 hours); retry after 60 s`,
      ),
    );
  });

  it("explains Docker Hub's rate limit", () => {
    assert.equal(
      rateLimitMessage(
        'docker.io',
        new Headers({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' }),
      ),
      'Docker Hub\'s pull rate limit is reached (429) (0 of 100 pulls left per 6 hours): anonymous requests are counted per IP address, and "docker login" gives a higher limit; try again later',
    );
  });

  it('follows a redirect to another origin without the Authorization header', async () => {
    const client = new RegistryClient({ timeoutMs: 5000 });
    // Seed an authorization as if a token had been granted for this repository.
    (client as unknown as { authorizations: Map<string, unknown> }).authorizations.set(`${host}/moved`, {
      value: 'Bearer secret-token',
      expires: Number.POSITIVE_INFINITY,
    });
    seen.length = 0;
    await resolve(client, 'moved');
    assert.deepEqual(
      seen.map((request) => [request.path, request.authorization]),
      [
        ['/v2/moved/manifests/1', 'Bearer secret-token'],
        ['/v2/no-digest/manifests/1', undefined],
        ['/v2/moved/manifests/1', 'Bearer secret-token'],
        ['/v2/no-digest/manifests/1', undefined],
      ],
    );
  });

  it('refuses a redirect to plain HTTP on a host that is not loopback', async () => {
    await assert.rejects(
      resolve(new RegistryClient(), 'downgrade'),
      (error: unknown) => error instanceof RegistryError && error.kind === 'insecure',
    );
  });

  it('gives up after the timeout with a clear message', async () => {
    await assert.rejects(
      resolve(new RegistryClient({ timeoutMs: 300 }), 'silent'),
      new RegistryError('timeout', `${host} did not answer within 0.3 s`),
    );
  });
});

/** A non-loopback address of this machine, to check that plain HTTP is refused where it is not configured. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe('registry client: plain HTTP', { skip: externalAddress ? false : 'no non-loopback IPv4 address' }, () => {
  let server: Server;
  let host: string;
  before(async () => {
    server = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, externalAddress, resolve));
    const address = server.address();
    host = `${externalAddress}:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const lookUp = (client: RegistryClient) => client.resolve(imageReference(`${host}/team/app:1`));

  it('is refused for a registry that is neither loopback nor configured insecure, with a hint', async () => {
    await assert.rejects(lookUp(new RegistryClient({ timeoutMs: 5000 })), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'insecure');
      assert.match(
        error.message,
        /^the TLS connection to .* failed \(.*\); if it serves plain HTTP, list it in the insecure registries/,
      );
      return true;
    });
  });

  it('is used for a registry listed as insecure, by host name or host and port', async () => {
    for (const insecure of [externalAddress ?? '', host]) {
      await assert.rejects(
        lookUp(new RegistryClient({ timeoutMs: 5000, insecureRegistries: [insecure] })),
        new RegistryError('not-found', `tag "1" not found in ${host}/team/app`),
      );
    }
  });
});
