import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ImageReference,
  isFromAllowedRegistry,
  parseImageReference,
  referenceParts,
} from '../../rules/model/image-reference';

const digest = `sha256:${'a'.repeat(64)}`;

function parsed(text: string): ImageReference {
  const result = parseImageReference(text);
  assert.ok(!('error' in result), `${text}: ${'error' in result ? result.error : ''}`);
  return result;
}

/** name, tag and digest as Docker normalises them, and each written part as text. */
function summary(text: string) {
  const reference = parsed(text);
  const slice = (span: { start: number; end: number } | undefined) => span && text.slice(span.start, span.end);
  return {
    name: reference.name,
    tag: reference.tag,
    digest: reference.digest,
    written: {
      registry: slice(reference.spans.registry),
      name: slice(reference.spans.name),
      tag: slice(reference.spans.tag),
      digest: slice(reference.spans.digest),
    },
  };
}

describe('image references', () => {
  const cases: [string, ReturnType<typeof summary>][] = [
    [
      'python',
      {
        name: 'docker.io/library/python',
        tag: undefined,
        digest: undefined,
        written: { registry: undefined, name: 'python', tag: undefined, digest: undefined },
      },
    ],
    [
      'python:3.12-slim',
      {
        name: 'docker.io/library/python',
        tag: '3.12-slim',
        digest: undefined,
        written: { registry: undefined, name: 'python', tag: '3.12-slim', digest: undefined },
      },
    ],
    [
      'bitnami/redis:7.2',
      {
        name: 'docker.io/bitnami/redis',
        tag: '7.2',
        digest: undefined,
        written: { registry: undefined, name: 'bitnami/redis', tag: '7.2', digest: undefined },
      },
    ],
    [
      'docker.io/python',
      {
        name: 'docker.io/library/python',
        tag: undefined,
        digest: undefined,
        written: { registry: 'docker.io', name: 'docker.io/python', tag: undefined, digest: undefined },
      },
    ],
    [
      'index.docker.io/library/python:3',
      {
        name: 'docker.io/library/python',
        tag: '3',
        digest: undefined,
        written: { registry: 'index.docker.io', name: 'index.docker.io/library/python', tag: '3', digest: undefined },
      },
    ],
    [
      'localhost:5000/x',
      {
        name: 'localhost:5000/x',
        tag: undefined,
        digest: undefined,
        written: { registry: 'localhost:5000', name: 'localhost:5000/x', tag: undefined, digest: undefined },
      },
    ],
    [
      'localhost/app:dev',
      {
        name: 'localhost/app',
        tag: 'dev',
        digest: undefined,
        written: { registry: 'localhost', name: 'localhost/app', tag: 'dev', digest: undefined },
      },
    ],
    [
      `ghcr.io/o/r:tag@${digest}`,
      {
        name: 'ghcr.io/o/r',
        tag: 'tag',
        digest,
        written: { registry: 'ghcr.io', name: 'ghcr.io/o/r', tag: 'tag', digest },
      },
    ],
    [
      `alpine@${digest}`,
      {
        name: 'docker.io/library/alpine',
        tag: undefined,
        digest,
        written: { registry: undefined, name: 'alpine', tag: undefined, digest },
      },
    ],
    [
      'test.registry.com:3000/openjdk',
      {
        name: 'test.registry.com:3000/openjdk',
        tag: undefined,
        digest: undefined,
        written: {
          registry: 'test.registry.com:3000',
          name: 'test.registry.com:3000/openjdk',
          tag: undefined,
          digest: undefined,
        },
      },
    ],
    [
      'Registry.Example.com/team/app:1',
      {
        name: 'registry.example.com/team/app',
        tag: '1',
        digest: undefined,
        written: {
          registry: 'Registry.Example.com',
          name: 'Registry.Example.com/team/app',
          tag: '1',
          digest: undefined,
        },
      },
    ],
    [
      '[::1]:5000/app',
      {
        name: '[::1]:5000/app',
        tag: undefined,
        digest: undefined,
        written: { registry: '[::1]:5000', name: '[::1]:5000/app', tag: undefined, digest: undefined },
      },
    ],
  ];
  for (const [text, expected] of cases) {
    it(`normalises ${text}`, () => assert.deepEqual(summary(text), expected));
  }

  it('reads `name:port` without a path as a name and a tag, as Docker does', () => {
    assert.deepEqual(
      [parsed('localhost:5000').name, parsed('localhost:5000').tag],
      ['docker.io/library/localhost', '5000'],
    );
  });

  const invalid: [string, RegExp][] = [
    ['Python', /must be lower-case/],
    ['python:3.12 slim', /not a valid tag/],
    ['ghcr.io/Org/app', /must be lower-case/],
    ['python:', /not a valid tag/],
    ['', /empty/],
    ['alpine@sha256:abc', /not a valid digest/],
    [`alpine@sha256:${'A'.repeat(64)}`, /not a valid digest/],
    ['a'.repeat(64), /image ID/],
    ['ghcr.io/', /not a valid repository name/],
    ['my_registry:5000/app', /not a valid registry host/],
    ['app--/x', /not a valid repository name/],
  ];
  for (const [text, error] of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const result = parseImageReference(text);
      assert.ok('error' in result, `${text} parsed`);
      assert.match(result.error, error);
    });
  }

  it('finds the parts of a reference with variables in it', () => {
    const text = '${REGISTRY:-ghcr.io}/app:${TAG:-1.0}';
    const parts = referenceParts(text);
    assert.deepEqual(
      [parts.name, parts.tag, parts.digest].map((span) => span && text.slice(span.start, span.end)),
      ['${REGISTRY:-ghcr.io}/app', '${TAG:-1.0}', undefined],
    );
  });
});

describe('allowed registries', () => {
  const allowed = (image: string, entries: string[]) => isFromAllowedRegistry(parsed(image), entries);

  it('matches hosts case-insensitively, ports included', () => {
    assert.equal(allowed('GHCR.io/o/app:1', ['ghcr.io']), true);
    assert.equal(allowed('localhost:5000/app', ['localhost:5000']), true);
    assert.equal(allowed('localhost:5000/app', ['localhost']), false);
  });

  it("treats Docker Hub's names as one registry, and no registry as Docker Hub", () => {
    assert.equal(allowed('python:3.12', ['docker.io']), true);
    assert.equal(allowed('python:3.12', ['hub.docker.com']), true);
    assert.equal(allowed('index.docker.io/library/python:3.12', ['docker.io']), true);
    assert.equal(allowed('python:3.12', ['ghcr.io']), false);
  });

  it('accepts wildcard hosts and repository prefixes', () => {
    assert.equal(allowed('eu.registry.example.com/app', ['*.example.com']), true);
    assert.equal(allowed('example.com.evil.io/app', ['*.example.com']), false);
    assert.equal(allowed('python:3.12', ['docker.io/library']), true);
    assert.equal(allowed('bitnami/redis:7', ['docker.io/library']), false);
    assert.equal(allowed('ghcr.io/my-org/app:1', ['ghcr.io/my-org']), true);
    assert.equal(allowed('ghcr.io/my-org-evil/app:1', ['ghcr.io/my-org']), false);
  });
});
