import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError } from '../../server/registry/client';
import { runCli } from '../helpers/cli';
import {
  freePort,
  imageReference,
  mediaTypes,
  RegistryPusher,
  registrySkipReason,
  startRegistry,
  type TestRegistry,
} from '../helpers/registry';

describe('pinning against a real registry', { skip: registrySkipReason }, () => {
  let registry: TestRegistry;
  let index: { reported: string; computed: string };
  let singleDigest: string;
  const scratch = mkdtempSync(join(tmpdir(), 'bulkhead-pin-'));
  /** No credentials of the machine's user leak into the CLI runs. */
  const dockerConfig = join(scratch, 'docker-config');
  mkdirSync(dockerConfig);

  before(async () => {
    registry = await startRegistry();
    const pusher = new RegistryPusher(registry);
    index = await pusher.pushMultiPlatformImage('team/app', '1.0');
    const single = await pusher.pushPlatformManifest('team/tool', { os: 'linux', architecture: 'amd64' });
    const manifest = await fetch(`${registry.baseUrl}/v2/team/tool/manifests/${single.digest}`, {
      headers: { accept: mediaTypes.manifest },
    });
    singleDigest = await pusher.pushManifest(
      'team/tool',
      '2.1',
      Buffer.from(await manifest.arrayBuffer()),
      mediaTypes.manifest,
    );
  });
  after(async () => {
    await registry?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('resolves a tag to the index digest the registry reports', async () => {
    assert.equal(index.reported, index.computed);
    const client = new RegistryClient();
    const resolved = await client.resolve(imageReference(`${registry.host}/team/app:1.0`));
    assert.deepEqual(resolved, { digest: index.reported, mediaType: mediaTypes.index, multiPlatform: true });
  });

  it('resolves a single-platform tag to its manifest digest, and says it is one platform', async () => {
    const resolved = await new RegistryClient().resolve(imageReference(`${registry.host}/team/tool:2.1`));
    assert.equal(resolved.digest, singleDigest);
    assert.equal(resolved.multiPlatform, false);
  });

  it('says "tag not found" for a missing tag (404)', async () => {
    await assert.rejects(
      new RegistryClient().resolve(imageReference(`${registry.host}/team/app:2.0`)),
      (error: unknown) =>
        error instanceof RegistryError &&
        error.kind === 'not-found' &&
        error.message === `tag "2.0" not found in ${registry.host}/team/app`,
    );
  });

  it('explains a registry that is not listening (ECONNREFUSED)', async () => {
    const closed = new RegistryClient({ timeoutMs: 5000 });
    await assert.rejects(
      closed.resolve(imageReference(`127.0.0.1:${await freePort()}/team/app:1.0`)),
      (error: unknown) => {
        assert.ok(error instanceof RegistryError);
        assert.equal(error.kind, 'offline');
        assert.match(error.message, /connection refused \(ECONNREFUSED\)/);
        return true;
      },
    );
  });

  it('explains a host name that does not resolve', async () => {
    const client = new RegistryClient({ timeoutMs: 5000 });
    await assert.rejects(client.resolve(imageReference('registry.bulkhead.invalid/team/app:1.0')), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'offline');
      assert.match(
        error.message,
        /^cannot reach registry\.bulkhead\.invalid: its host name does not resolve \((ENOTFOUND|EAI_AGAIN)\); are you offline\?$/,
      );
      return true;
    });
  });

  function workspace(): string {
    const dir = mkdtempSync(join(scratch, 'ws-'));
    const image = `${registry.host}/team/app`;
    writeFileSync(
      join(dir, 'Dockerfile'),
      [
        `ARG TOOL_TAG=2.1`,
        `FROM ${image}:1.0 AS build`,
        'RUN make',
        `FROM ${registry.host}/team/tool:\${TOOL_TAG}`,
        'COPY --from=build /out /out',
        'FROM scratch',
        'COPY --from=build /out /',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'deployment.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  template:',
        '    spec:',
        '      initContainers:',
        `        - name: init`,
        `          image: "${image}:1.0"`,
        '      containers:',
        '        - name: web',
        `          image: ${image}:1.0 # the app`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'compose.yaml'),
      ['services:', '  web:', `    image: ${image}:1.0`, '  db:', `    image: ${image}@${index.reported}`, ''].join(
        '\n',
      ),
    );
    return dir;
  }

  it('bulkhead pin rewrites a Dockerfile, a manifest and a compose file; a second run changes nothing', () => {
    const dir = workspace();
    const image = `${registry.host}/team/app`;
    const pinned = `${image}:1.0@${index.reported}`;
    const first = runCli(['pin', '.'], { cwd: dir, env: { DOCKER_CONFIG: dockerConfig } });
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.equal(
      readFileSync(join(dir, 'Dockerfile'), 'utf8'),
      [
        `ARG TOOL_TAG=2.1`,
        `FROM ${pinned} AS build`,
        'RUN make',
        `FROM ${registry.host}/team/tool:\${TOOL_TAG}@${singleDigest}`,
        'COPY --from=build /out /out',
        'FROM scratch',
        'COPY --from=build /out /',
        '',
      ].join('\n'),
    );
    assert.match(readFileSync(join(dir, 'deployment.yaml'), 'utf8'), new RegExp(`image: "${escapeRegExp(pinned)}"\\n`));
    assert.match(
      readFileSync(join(dir, 'deployment.yaml'), 'utf8'),
      new RegExp(`image: ${escapeRegExp(pinned)} # the app`),
    );
    assert.equal(
      readFileSync(join(dir, 'compose.yaml'), 'utf8'),
      ['services:', '  web:', `    image: ${pinned}`, '  db:', `    image: ${image}@${index.reported}`, ''].join('\n'),
    );
    const lines = first.stdout.trim().split('\n');
    assert.deepEqual(lines.at(-1), '5 pinned, 0 updated, 1 already pinned, 0 failed, 0 skipped; 3 files changed.');
    assert.ok(
      lines.includes(`Dockerfile:2:6  pinned  ${image}:1.0 → ${pinned} (multi-platform index; stage "build")`),
      first.stdout,
    );
    assert.ok(
      lines.some((line) => line.startsWith('Dockerfile:4:6  pinned') && line.includes('resolved through ARG defaults')),
      first.stdout,
    );

    const before = ['Dockerfile', 'deployment.yaml', 'compose.yaml'].map((name) =>
      readFileSync(join(dir, name), 'utf8'),
    );
    const second = runCli(['pin', 'Dockerfile', 'deployment.yaml', 'compose.yaml'], {
      cwd: dir,
      env: { DOCKER_CONFIG: dockerConfig },
    });
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.equal(
      second.stdout.trim().split('\n').at(-1),
      '0 pinned, 0 updated, 6 already pinned, 0 failed, 0 skipped; 0 files changed.',
    );
    assert.deepEqual(
      ['Dockerfile', 'deployment.yaml', 'compose.yaml'].map((name) => readFileSync(join(dir, name), 'utf8')),
      before,
    );
  });

  it('--dry-run shows the changes and writes nothing', () => {
    const dir = workspace();
    const original = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    const result = runCli(['pin', '--dry-run', 'compose.yaml'], { cwd: dir, env: { DOCKER_CONFIG: dockerConfig } });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(readFileSync(join(dir, 'compose.yaml'), 'utf8'), original);
    assert.ok(
      result.stdout.includes(
        [
          '--- compose.yaml',
          '+++ compose.yaml',
          '@@ -3 +3 @@',
          `-    image: ${registry.host}/team/app:1.0`,
          `+    image: ${registry.host}/team/app:1.0@${index.reported}`,
        ].join('\n'),
      ),
      result.stdout,
    );
    assert.match(
      result.stdout,
      /1 would be pinned, 0 would be updated, 1 already pinned, 0 failed, 0 skipped; 1 file would change\.\n$/,
    );
  });

  it('exits 1 when a tag does not resolve, and still pins the others', () => {
    const dir = mkdtempSync(join(scratch, 'ws-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${registry.host}/team/app:9.9\nFROM ${registry.host}/team/app:1.0\n`);
    const result = runCli(['pin', 'Dockerfile'], { cwd: dir, env: { DOCKER_CONFIG: dockerConfig } });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      new RegExp(`Dockerfile:1:6  failed  .*: tag "9.9" not found in ${escapeRegExp(registry.host)}/team/app`),
    );
    assert.equal(
      readFileSync(join(dir, 'Dockerfile'), 'utf8'),
      `FROM ${registry.host}/team/app:9.9\nFROM ${registry.host}/team/app:1.0@${index.reported}\n`,
    );
  });

  it('--update moves a pinned tag to its new digest; without it, a pin is left alone', async () => {
    const pusher = new RegistryPusher(registry);
    const first = (await pusher.pushMultiPlatformImage('team/moving', '2', 1)).reported;
    const dir = mkdtempSync(join(scratch, 'ws-'));
    const image = `${registry.host}/team/moving:2`;
    const pinnedOnce = `FROM ${image}@${first}\nFROM ${registry.host}/team/app@${index.reported}\n`;
    writeFileSync(join(dir, 'Dockerfile'), pinnedOnce);
    const moved = (await pusher.pushMultiPlatformImage('team/moving', '2', 2)).reported;
    assert.notEqual(moved, first);
    const env = { DOCKER_CONFIG: dockerConfig };

    const plain = runCli(['pin', 'Dockerfile'], { cwd: dir, env });
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), pinnedOnce);

    const update = runCli(['pin', '--update', 'Dockerfile'], { cwd: dir, env });
    assert.equal(update.status, 0, update.stdout + update.stderr);
    assert.equal(
      readFileSync(join(dir, 'Dockerfile'), 'utf8'),
      `FROM ${image}@${moved}\nFROM ${registry.host}/team/app@${index.reported}\n`,
    );
    assert.deepEqual(update.stdout.trim().split('\n'), [
      `Dockerfile:1:6  updated  ${image}@${first} → ${image}@${moved} (multi-platform index; stage 1)`,
      `Dockerfile:2:6  already pinned  ${registry.host}/team/app@${index.reported} (stage 2)`,
      '0 pinned, 1 updated, 1 already pinned, 0 failed, 0 skipped; 1 file changed.',
    ]);
    const again = runCli(['pin', '--update', 'Dockerfile'], { cwd: dir, env });
    assert.match(again.stdout, /0 pinned, 0 updated, 2 already pinned, 0 failed, 0 skipped; 0 files changed\.\n$/);
  });

  it('exits 2 without paths or with a missing path', () => {
    assert.equal(runCli(['pin']).status, 2);
    const missing = runCli(['pin', join(scratch, 'no-such-file')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stdout, /no such file or directory/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
