import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyTextEdits } from '../../rules/engine/edits';
import { imageOccurrences, pinEdit, pulledTag, updateEdit } from '../../rules/model/image-occurrences';
import { parseImageReference } from '../../rules/model/image-reference';
import { parseFile } from '../../rules/model/parse';
import { isLoopback, parseChallenges, realmMayReceiveCredential } from '../../server/registry/auth';
import { dockerConfigCredentials } from '../../server/registry/docker-config';
import { formatRange } from '../helpers/rule-tester';

const digest = `sha256:${'b'.repeat(64)}`;
const short = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

describe('reference normalisation for pulls (Docker reference grammar)', () => {
  /** [written, registry, repository, tag a pull asks for, digest] */
  const cases: [string, string, string, string, string | undefined][] = [
    ['python', 'docker.io', 'library/python', 'latest', undefined],
    ['python:3.12-slim', 'docker.io', 'library/python', '3.12-slim', undefined],
    ['user/app', 'docker.io', 'user/app', 'latest', undefined],
    ['docker.io/library/python:3', 'docker.io', 'library/python', '3', undefined],
    ['index.docker.io/user/app:1', 'docker.io', 'user/app', '1', undefined],
    ['localhost/app', 'localhost', 'app', 'latest', undefined],
    ['localhost:5000/x', 'localhost:5000', 'x', 'latest', undefined],
    ['localhost', 'docker.io', 'library/localhost', 'latest', undefined],
    ['127.0.0.1:5000/team/app:1.0', '127.0.0.1:5000', 'team/app', '1.0', undefined],
    ['[::1]:5000/app:v1', '[::1]:5000', 'app', 'v1', undefined],
    ['registry.example.com:443/a/b/c:tag', 'registry.example.com:443', 'a/b/c', 'tag', undefined],
    ['xn--bcher-kva.example/app', 'xn--bcher-kva.example', 'app', 'latest', undefined],
    ['Registry.Example.com/app', 'registry.example.com', 'app', 'latest', undefined],
    ['foo__bar/a.b-c_d', 'docker.io', 'foo__bar/a.b-c_d', 'latest', undefined],
    [`python:3.12@${digest}`, 'docker.io', 'library/python', '3.12', digest],
    [`ghcr.io/o/r@${digest}`, 'ghcr.io', 'o/r', 'latest', digest],
    [`python@sha512:${'c'.repeat(128)}`, 'docker.io', 'library/python', 'latest', `sha512:${'c'.repeat(128)}`],
    [`ghcr.io/org/app:${'x'.repeat(128)}`, 'ghcr.io', 'org/app', 'x'.repeat(128), undefined],
    ['ghcr.io/org/app:_tag', 'ghcr.io', 'org/app', '_tag', undefined],
  ];
  for (const [text, registry, repository, tag, expectedDigest] of cases) {
    it(`${short(text)} → ${short(`${registry}/${repository}:${tag}`)}`, () => {
      const reference = parseImageReference(text);
      assert.ok(!('error' in reference), 'error' in reference ? reference.error : '');
      assert.deepEqual(
        [reference.registry, reference.repository, pulledTag(reference), reference.digest],
        [registry, repository, tag, expectedDigest],
      );
    });
  }

  const invalid: [string, RegExp][] = [
    ['docker.io/Python', /must be lower-case/],
    ['example.com/UPPER', /must be lower-case/],
    ['foo___bar', /not a valid repository name/],
    ['foo.-bar', /not a valid repository name/],
    ['a/b:tag:more', /not a valid repository name/],
    [`ghcr.io/org/app:${'x'.repeat(129)}`, /not a valid tag/],
    ['ghcr.io/org/app:-tag', /not a valid tag/],
    ['ghcr.io/org/app:.tag', /not a valid tag/],
    ['host:port/a', /not a valid registry host/],
    ['example.com:/a', /not a valid registry host/],
    ['-host.com/a', /not a valid registry host/],
    ['python@sha256:abc:def', /not a valid digest/],
    [`python@sha256:${'a'.repeat(63)}`, /not a valid digest/],
  ];
  for (const [text, error] of invalid) {
    it(`rejects ${JSON.stringify(short(text))}`, () => {
      const result = parseImageReference(text);
      assert.ok('error' in result, `${text} parsed`);
      assert.match(result.error, error);
    });
  }
});

describe('images a file pulls, and the pin edit', () => {
  const pin = (path: string, text: string) => {
    const parsed = parseFile(path, text);
    assert.ok(parsed.kind && parsed.model, `${path} is not a known kind`);
    const occurrences = imageOccurrences(parsed.model);
    const edits = occurrences.flatMap((occurrence) => pinEdit(occurrence, digest) ?? []);
    return {
      found: occurrences.map(
        (occurrence) =>
          `${formatRange(occurrence.range)} ${occurrence.written}${occurrence.problem ? ` — ${occurrence.problem}` : ''}`,
      ),
      text: applyTextEdits(text, edits),
    };
  };

  it('Dockerfile: FROM images and COPY --from images; not stages, not scratch, ARG defaults used', () => {
    const result = pin(
      'Dockerfile',
      [
        'ARG BASE=python',
        'ARG TAG',
        'FROM $BASE:3.12 AS build',
        'FROM build AS test',
        'FROM scratch',
        'COPY --from=build /a /a',
        'COPY --from=busybox:1.36 /bin/sh /sh',
        'FROM alpine:${TAG}',
        'FROM --platform=$BUILDPLATFORM golang AS tools',
        `FROM nginx:1.27@${digest}`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(result.found, [
      '3:6-3:16 $BASE:3.12',
      '7:13-7:25 busybox:1.36',
      '8:6-8:19 alpine:${TAG} — a variable in it has no default; the build supplies it',
      '9:32-9:38 golang',
      `10:6-10:${17 + digest.length} nginx:1.27@${digest}`,
    ]);
    assert.deepEqual(result.text.split('\n'), [
      'ARG BASE=python',
      'ARG TAG',
      `FROM $BASE:3.12@${digest} AS build`,
      'FROM build AS test',
      'FROM scratch',
      'COPY --from=build /a /a',
      `COPY --from=busybox:1.36@${digest} /bin/sh /sh`,
      'FROM alpine:${TAG}',
      `FROM --platform=$BUILDPLATFORM golang:latest@${digest} AS tools`,
      `FROM nginx:1.27@${digest}`,
      '',
    ]);
  });

  it('Kubernetes: every container, quotes kept, comments kept, block scalars left alone', () => {
    const result = pin(
      'deploy.yaml',
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  initContainers:',
        "    - {name: init, image: 'busybox:1.36'}",
        '  containers:',
        '    - name: app',
        '      image: "ghcr.io/o/app:2" # pinned by bulkhead',
        '    - name: folded',
        '      image: >-',
        '        nginx:1.27',
        '',
      ].join('\n'),
    );
    assert.deepEqual(result.found, [
      '6:28-6:40 busybox:1.36',
      '9:15-9:30 ghcr.io/o/app:2',
      '11:14-13:1 nginx:1.27 — only a one-line image string can be edited',
    ]);
    assert.match(result.text, new RegExp(`image: 'busybox:1\\.36@${digest}'\\}`));
    assert.match(result.text, new RegExp(`image: "ghcr\\.io/o/app:2@${digest}" # pinned by bulkhead`));
  });

  it('Compose: service images; interpolated ones are skipped', () => {
    const result = pin(
      'compose.yaml',
      [
        'services:',
        '  web:',
        '    image: nginx',
        '  db:',
        '    image: postgres:${PG:-16}',
        '  app:',
        '    build: .',
        '',
      ].join('\n'),
    );
    assert.deepEqual(result.found, [
      '3:12-3:17 nginx',
      '5:12-5:30 postgres:${PG:-16} — it uses variables that are set at deploy time',
    ]);
    assert.equal(result.text.split('\n')[2], `    image: nginx:latest@${digest}`);
  });
});

describe('the update edit of a pinned reference', () => {
  const newer = `sha256:${'c'.repeat(64)}`;
  const update = (text: string) => {
    const parsed = parseFile('Dockerfile', text);
    assert.ok(parsed.kind && parsed.model);
    const edits = imageOccurrences(parsed.model).flatMap((occurrence) => updateEdit(occurrence, newer) ?? []);
    return applyTextEdits(text, edits);
  };

  it('replaces the digest of name:tag@digest, keeping the tag', () => {
    assert.equal(update(`FROM python:3.12@${digest} AS build\n`), `FROM python:3.12@${newer} AS build\n`);
  });

  it('leaves alone a digest without a tag, a current digest, and a digest from a variable', () => {
    for (const text of [
      `FROM python@${digest}\n`,
      `FROM python:3@${newer}\n`,
      `ARG DIGEST=${digest}\nFROM python:3@\${DIGEST}\n`,
    ]) {
      assert.equal(update(text), text);
    }
  });
});

describe('registry authentication rules', () => {
  it('parses WWW-Authenticate challenges', () => {
    assert.deepEqual(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/python:pull"',
      ),
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/python:pull',
          },
        },
      ],
    );
    assert.deepEqual(parseChallenges('Basic realm="Registry Realm", Bearer realm=https://r.example/t'), [
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
      { scheme: 'bearer', params: { realm: 'https://r.example/t' } },
    ]);
    assert.deepEqual(parseChallenges('Bearer realm="a \\"quoted\\" realm"'), [
      { scheme: 'bearer', params: { realm: 'a "quoted" realm' } },
    ]);
  });

  it('sends a credential only to the registry host, a parent domain, or Docker Hub auth', () => {
    const allowed = (registry: string, realm: string) => realmMayReceiveCredential(registry, new URL(realm));
    assert.equal(allowed('ghcr.io', 'https://ghcr.io/token'), true);
    assert.equal(allowed('registry.example.com:5000', 'https://registry.example.com:5001/auth'), true);
    assert.equal(allowed('registry.gitlab.com', 'https://gitlab.com/jwt/auth'), true);
    assert.equal(allowed('registry-1.docker.io', 'https://auth.docker.io/token'), true);
    assert.equal(allowed('a.azurecr.io', 'https://b.azurecr.io/oauth2/token'), false);
    assert.equal(allowed('ghcr.io', 'https://evil.example/token'), false);
    assert.equal(allowed('quay.io', 'https://io/token'), false);
    assert.equal(allowed('example.com', 'https://sub.example.com/token'), false);
    assert.equal(allowed('127.0.0.1:5000', 'http://localhost:5001/token'), false);
  });

  it('treats only loopback hosts as loopback', () => {
    assert.deepEqual(
      ['localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000', 'localhost.example.com', '10.0.0.1:5000'].map(
        isLoopback,
      ),
      [true, true, true, true, false, false],
    );
  });

  describe('Docker config credentials', () => {
    const directory = mkdtempSync(join(tmpdir(), 'bulkhead-docker-config-'));
    after(() => rmSync(directory, { recursive: true, force: true }));
    const encoded = (text: string) => Buffer.from(text).toString('base64');
    writeFileSync(
      join(directory, 'config.json'),
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: encoded('hub-user:hub:secret') },
          'http://localhost:5000/': { auth: encoded('local:pw') },
          'ghcr.io': { username: 'gh', password: 'token' },
          'broken.example': { auth: encoded('no-colon') },
        },
      }),
    );
    const lookup = dockerConfigCredentials({ configDirectory: directory, useCredentialHelpers: false });

    it('matches entries by host, whatever scheme or path they were saved with', async () => {
      assert.deepEqual(
        (await Promise.all(['docker.io', 'localhost:5000', 'ghcr.io', 'broken.example', 'quay.io'].map(lookup))).map(
          (credential) => credential && `${credential.username}:${credential.password}`,
        ),
        ['hub-user:hub:secret', 'local:pw', 'gh:token', undefined, undefined],
      );
    });
  });
});
