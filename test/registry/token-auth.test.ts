import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError } from '../../server/registry/client';
import { dockerConfigCredentials } from '../../server/registry/docker-config';
import {
  imageReference,
  RegistryPusher,
  registrySkipReason,
  startRegistry,
  type TestRegistry,
} from '../helpers/registry';
import { startTokenServer, type TokenServer } from '../helpers/token-server';

const user = 'bob';
const password = 'token-test-password';

/**
 * The bearer-token flow Docker Hub, GHCR and Quay use, against the real registry with `auth: token`:
 * anonymous tokens for public repositories, the Docker config's credential for private ones, and
 * that credential kept from a token service on another host.
 */
describe('a registry with token auth', { skip: registrySkipReason }, () => {
  let tokens: TokenServer;
  /** Names its token service by the registry's own host name (127.0.0.1): it may receive the credential. */
  let sameHost: TestRegistry;
  /** Names its token service as `localhost`: another host name, which must not receive the credential. */
  let otherHost: TestRegistry;
  const digests = new Map<TestRegistry, { public: string; private: string }>();
  const scratch = mkdtempSync(join(tmpdir(), 'bulkhead-token-auth-'));

  const credentialsFor = (registry: TestRegistry) => {
    const directory = join(scratch, registry.host.replace(':', '_'));
    mkdirSync(directory, { recursive: true });
    const auth = Buffer.from(`${user}:${password}`).toString('base64');
    writeFileSync(join(directory, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    return dockerConfigCredentials({ configDirectory: directory, useCredentialHelpers: false });
  };

  before(async () => {
    tokens = await startTokenServer({
      accounts: { [user]: password, pusher: 'unused' },
      grant: (account, repository) => (repository.startsWith('public/') || account === user ? ['pull'] : []),
    });
    const options = (hostname: string) => ({
      token: {
        realm: tokens.realm(hostname),
        service: tokens.service,
        issuer: tokens.issuer,
        certificatePem: tokens.certificatePem,
      },
    });
    sameHost = await startRegistry(options('127.0.0.1'));
    otherHost = await startRegistry(options('localhost'));
    const pushToken = tokens.issue([
      { repository: 'public/app', actions: ['pull', 'push'] },
      { repository: 'private/app', actions: ['pull', 'push'] },
    ]);
    for (const registry of [sameHost, otherHost]) {
      const pusher = new RegistryPusher(registry, `Bearer ${pushToken}`);
      digests.set(registry, {
        public: (await pusher.pushMultiPlatformImage('public/app', '1.0')).reported,
        private: (await pusher.pushMultiPlatformImage('private/app', '1.0')).reported,
      });
    }
  });
  after(async () => {
    await sameHost?.stop();
    await otherHost?.stop();
    await tokens?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('gets an anonymous token for a public repository, as for Docker Hub', async () => {
    tokens.requests.length = 0;
    const client = new RegistryClient({ credentials: credentialsFor(sameHost) });
    const resolved = await client.resolve(imageReference(`${sameHost.host}/public/app:1.0`));
    assert.equal(resolved.digest, digests.get(sameHost)?.public);
    assert.deepEqual(
      tokens.requests.map((request) => request.scope),
      ['repository:public/app:pull'],
    );
  });

  it('sends the Docker config credential to a token service on the registry host, and gets a private image', async () => {
    tokens.requests.length = 0;
    const client = new RegistryClient({ credentials: credentialsFor(sameHost) });
    const resolved = await client.resolve(imageReference(`${sameHost.host}/private/app:1.0`));
    assert.equal(resolved.digest, digests.get(sameHost)?.private);
    assert.equal(tokens.requests.length, 1);
    assert.equal(tokens.requests[0]?.authorization, `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
  });

  it('without credentials, explains that the private repository needs them', async () => {
    const client = new RegistryClient();
    await assert.rejects(client.resolve(imageReference(`${sameHost.host}/private/app:1.0`)), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'unauthorized');
      assert.equal(
        error.message,
        `${sameHost.host} needs credentials to read private/app, or it does not exist (401); log in with "docker login ${sameHost.host}"`,
      );
      return true;
    });
  });

  it('never sends the credential to a token service on another host, though it asks it for a token', async () => {
    tokens.requests.length = 0;
    const client = new RegistryClient({ credentials: credentialsFor(otherHost) });
    const resolved = await client.resolve(imageReference(`${otherHost.host}/public/app:1.0`));
    assert.equal(resolved.digest, digests.get(otherHost)?.public);
    await assert.rejects(
      client.resolve(imageReference(`${otherHost.host}/private/app:1.0`)),
      new RegistryError(
        'unauthorized',
        `${otherHost.host} needs credentials to read private/app (401); yours were not sent because its token service is on another host (${new URL(tokens.realm('localhost')).host})`,
      ),
    );
    assert.deepEqual(
      tokens.requests.map((request) => [request.scope, request.authorization]),
      [
        ['repository:public/app:pull', undefined],
        ['repository:private/app:pull', undefined],
      ],
    );
  });
});
