import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError } from '../../server/registry/client';
import { dockerConfigCredentials } from '../../server/registry/docker-config';
import { runCli } from '../helpers/cli';
import {
  htpasswdLine,
  imageReference,
  RegistryPusher,
  registrySkipReason,
  startRegistry,
  type TestRegistry,
} from '../helpers/registry';

const user = 'alice';
const password = 'correct horse battery staple';

describe('a registry with basic auth (htpasswd)', { skip: registrySkipReason }, () => {
  let registry: TestRegistry;
  let digest: string;
  const scratch = mkdtempSync(join(tmpdir(), 'bulkhead-auth-'));

  /** A DOCKER_CONFIG directory whose config.json has `auths` for the test registry. */
  function dockerConfig(name: string, auths: Record<string, unknown>): string {
    const directory = join(scratch, name);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'config.json'), JSON.stringify({ auths }));
    return directory;
  }
  const encoded = (secret: string) => Buffer.from(`${user}:${secret}`).toString('base64');

  before(async () => {
    registry = await startRegistry({ htpasswd: `${htpasswdLine(user, password)}\n` });
    const pusher = new RegistryPusher(registry, `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
    digest = (await pusher.pushMultiPlatformImage('private/app', '3.1')).reported;
  });
  after(async () => {
    await registry?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('without credentials: says the registry needs them and how to log in', async () => {
    const client = new RegistryClient({
      credentials: dockerConfigCredentials({ configDirectory: join(scratch, 'none'), useCredentialHelpers: false }),
    });
    await assert.rejects(client.resolve(imageReference(`${registry.host}/private/app:3.1`)), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'unauthorized');
      assert.equal(
        error.message,
        `${registry.host} needs credentials (401) and none are configured for it; log in with "docker login ${registry.host}"`,
      );
      return true;
    });
  });

  it('with an `auths` entry of the Docker config: resolves the digest', async () => {
    const directory = dockerConfig('good', { [`http://${registry.host}`]: { auth: encoded(password) } });
    const client = new RegistryClient({
      credentials: dockerConfigCredentials({ configDirectory: directory, useCredentialHelpers: false }),
    });
    const resolved = await client.resolve(imageReference(`${registry.host}/private/app:3.1`));
    assert.equal(resolved.digest, digest);
  });

  it('with a wrong password: names where the rejected credentials came from, never the secret', async () => {
    const directory = dockerConfig('bad', { [registry.host]: { auth: encoded('wrong') } });
    const client = new RegistryClient({
      credentials: dockerConfigCredentials({ configDirectory: directory, useCredentialHelpers: false }),
    });
    await assert.rejects(client.resolve(imageReference(`${registry.host}/private/app:3.1`)), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'unauthorized');
      assert.match(error.message, /rejected the credentials for it from .*config\.json \(401\)/);
      assert.doesNotMatch(error.message, /wrong|alice/);
      return true;
    });
  });

  it('runs the credential helper (`docker-credential-<name> get`) only when enabled', async () => {
    const bin = join(scratch, 'bin');
    mkdirSync(bin, { recursive: true });
    const marker = join(scratch, 'helper-ran');
    const helper = join(bin, 'docker-credential-bulkhead-test');
    writeFileSync(
      helper,
      `#!/bin/sh\nread server\necho "$1 $server" > '${marker}'\nprintf '{"ServerURL":"%s","Username":"${user}","Secret":"${password}"}' "$server"\n`,
      { mode: 0o755 },
    );
    const directory = dockerConfig('helper', {});
    writeFileSync(
      join(directory, 'config.json'),
      JSON.stringify({ credHelpers: { [registry.host]: 'bulkhead-test' } }),
    );
    const originalPath = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${originalPath ?? ''}`;
    try {
      const disabled = new RegistryClient({
        credentials: dockerConfigCredentials({ configDirectory: directory, useCredentialHelpers: false }),
      });
      await assert.rejects(disabled.resolve(imageReference(`${registry.host}/private/app:3.1`)), /none are configured/);
      assert.equal(existsSync(marker), false, 'the helper ran although helpers are disabled');

      const enabled = new RegistryClient({
        credentials: dockerConfigCredentials({ configDirectory: directory, useCredentialHelpers: true }),
      });
      assert.equal((await enabled.resolve(imageReference(`${registry.host}/private/app:3.1`))).digest, digest);
      assert.equal(readFileSync(marker, 'utf8'), `get ${registry.host}\n`);
    } finally {
      process.env.PATH = originalPath;
    }
  });

  it('bulkhead pin reads DOCKER_CONFIG', () => {
    const directory = dockerConfig('cli', { [registry.host]: { auth: encoded(password) } });
    const workspace = mkdtempSync(join(scratch, 'ws-'));
    writeFileSync(join(workspace, 'Dockerfile'), `FROM ${registry.host}/private/app:3.1\n`);
    const result = runCli(['pin', 'Dockerfile'], { cwd: workspace, env: { DOCKER_CONFIG: directory } });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(
      readFileSync(join(workspace, 'Dockerfile'), 'utf8'),
      `FROM ${registry.host}/private/app:3.1@${digest}\n`,
    );
  });
});
