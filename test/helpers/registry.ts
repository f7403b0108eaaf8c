import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type ImageReference, parseImageReference } from '../../rules/model/image-reference';

/**
 * A real CNCF distribution registry (Debian's `docker-registry` package) for tests: started on a
 * free loopback port with a temporary storage directory and a generated config, stopped (SIGTERM,
 * then SIGKILL) by `stop()`, and killed on process exit whatever happened.
 */
export const registryBinary = findOnPath('docker-registry', ['/usr/bin/docker-registry']);
export const registrySkipReason = registryBinary
  ? false
  : 'the docker-registry binary is not installed (apt-get install -y docker-registry); registry tests need a real registry';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface TestRegistry {
  /** `127.0.0.1:PORT`, as an image reference names it. */
  host: string;
  baseUrl: string;
  /** What the registry logged, for assertion messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** An htpasswd file's content (bcrypt lines): the registry then requires basic auth. */
  htpasswd?: string;
  /** Token auth: the registry sends clients to `realm` and trusts tokens signed by the certificate's key. */
  token?: { realm: string; service: string; issuer: string; certificatePem: string };
}

export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  if (!registryBinary) throw new Error(String(registrySkipReason));
  const directory = mkdtempSync(join(tmpdir(), 'bulkhead-registry-'));
  const port = await freePort();
  let auth = '';
  if (options.htpasswd) {
    writeFileSync(join(directory, 'htpasswd'), options.htpasswd);
    auth = `auth:\n  htpasswd:\n    realm: bulkhead-test\n    path: ${join(directory, 'htpasswd')}\n`;
  } else if (options.token) {
    writeFileSync(join(directory, 'token-signer.pem'), options.token.certificatePem);
    auth = [
      'auth:',
      '  token:',
      `    realm: ${options.token.realm}`,
      `    service: ${options.token.service}`,
      `    issuer: ${options.token.issuer}`,
      `    rootcertbundle: ${join(directory, 'token-signer.pem')}`,
      '',
    ].join('\n');
  }
  const config = join(directory, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(directory, 'storage')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '  secret: bulkhead-test-secret',
      auth,
    ].join('\n'),
  );
  const child = spawn(registryBinary, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const host = `127.0.0.1:${port}`;
  const baseUrl = `http://${host}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    running.delete(child);
    rmSync(directory, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`docker-registry exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/v2/`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer on ${baseUrl}/v2/ within 15 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { host, baseUrl, log: () => output, stop };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function findOnPath(program: string, fallbacks: string[]): string | undefined {
  const candidates = [...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, program)), ...fallbacks];
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const mediaTypes = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Pushes images through the registry API itself, as `docker push` would, without Docker. */
export class RegistryPusher {
  constructor(
    private readonly registry: TestRegistry,
    private readonly authorization?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.authorization ? { authorization: this.authorization, ...extra } : extra;
  }

  /** A monolithic upload: POST opens the upload session, PUT with `?digest=` completes it. */
  async pushBlob(repository: string, content: Buffer): Promise<{ digest: string; size: number }> {
    const digest = sha256(content);
    const started = await fetch(`${this.registry.baseUrl}/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
      headers: this.headers(),
    });
    await started.body?.cancel();
    if (started.status !== 202) throw new Error(`blob upload start: ${started.status}`);
    const location = new URL(started.headers.get('location') ?? '', this.registry.baseUrl);
    location.searchParams.set('digest', digest);
    const finished = await fetch(location, {
      method: 'PUT',
      headers: this.headers({ 'content-type': 'application/octet-stream' }),
      body: content,
    });
    await finished.body?.cancel();
    if (finished.status !== 201) throw new Error(`blob upload: ${finished.status}`);
    return { digest, size: content.length };
  }

  /** Returns the digest the registry reports for the stored manifest. */
  async pushManifest(repository: string, reference: string, body: Buffer, mediaType: string): Promise<string> {
    const response = await fetch(`${this.registry.baseUrl}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: this.headers({ 'content-type': mediaType }),
      body,
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`manifest push: ${response.status} ${text}`);
    return response.headers.get('docker-content-digest') ?? '';
  }

  /** One platform's image: a config blob, a layer blob and the OCI manifest naming both. */
  async pushPlatformManifest(
    repository: string,
    platform: { os: string; architecture: string },
    build = 1,
  ): Promise<{ digest: string; size: number }> {
    const layerContent = Buffer.from(
      `bulkhead test layer for ${platform.os}/${platform.architecture}, build ${build}\n`,
    );
    const layer = await this.pushBlob(repository, gzipSync(layerContent));
    const config = await this.pushBlob(
      repository,
      Buffer.from(
        JSON.stringify({
          ...platform,
          rootfs: { type: 'layers', diff_ids: [sha256(layerContent)] },
          config: {},
        }),
      ),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: mediaTypes.manifest,
        config: { mediaType: mediaTypes.config, ...config },
        layers: [{ mediaType: mediaTypes.layer, ...layer }],
      }),
    );
    const digest = await this.pushManifest(repository, sha256(manifest), manifest, mediaTypes.manifest);
    return { digest, size: manifest.length };
  }

  /**
   * A two-platform image (linux/amd64 and linux/arm64) tagged `tag`; returns the index digest the
   * registry reports. Another `build` makes other layers, hence another digest: a moved tag.
   */
  async pushMultiPlatformImage(
    repository: string,
    tag: string,
    build = 1,
  ): Promise<{ reported: string; computed: string }> {
    const platforms = [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
    ];
    const manifests = [];
    for (const platform of platforms) {
      const pushed = await this.pushPlatformManifest(repository, platform, build);
      manifests.push({ mediaType: mediaTypes.manifest, ...pushed, platform });
    }
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.index, manifests }));
    const reported = await this.pushManifest(repository, tag, index, mediaTypes.index);
    return { reported, computed: sha256(index) };
  }
}

/**
 * An htpasswd line with a bcrypt hash, the only kind the registry accepts: `htpasswd -B` (Debian's
 * apache2-utils), else Python's crypt module where the C library has bcrypt.
 */
export function htpasswdLine(user: string, password: string): string {
  const htpasswd = findOnPath('htpasswd', []);
  if (htpasswd) {
    const result = spawnSync(htpasswd, ['-nbB', '-C', '5', user, password], { encoding: 'utf8' });
    if (result.status === 0) return result.stdout.trim();
  }
  const python = spawnSync(
    'python3',
    [
      '-W',
      'ignore',
      '-c',
      'import crypt, sys; print(sys.argv[1] + ":" + crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH)))',
      user,
      password,
    ],
    { encoding: 'utf8' },
  );
  if (python.status === 0 && python.stdout.includes(':$2')) return python.stdout.trim();
  throw new Error(
    'writing a bcrypt htpasswd line needs htpasswd (apt-get install -y apache2-utils) or python3 with crypt',
  );
}

/** A reference the test knows is valid, parsed. */
export function imageReference(text: string): ImageReference {
  const parsed = parseImageReference(text);
  if ('error' in parsed) throw new Error(`${text}: ${parsed.error}`);
  return parsed;
}
