import { type Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { isScalar } from 'yaml';
import type { Range } from '../engine/types';
import { type DockerfileModel, expandVariables, type Stage } from './dockerfile';
import type { Container, KubernetesModel } from './kubernetes';
import { getPair, nodeRange, resolveNode } from './yaml';

/** Offsets of a part of a reference, relative to the text that was parsed. */
export interface Span {
  start: number;
  end: number;
}

/** Where the name, tag and digest of a reference are, found without validating anything. */
export interface ReferenceParts {
  name: Span;
  tag: Span | undefined;
  digest: Span | undefined;
}

/** An image reference as Docker understands it, e.g. `ghcr.io/org/app:1.2@sha256:…`. */
export interface ImageReference {
  /** The registry host (and port) Docker pulls from: `docker.io` when the name has none. */
  registry: string;
  /** The repository inside the registry; Docker Hub's official images get their implicit `library/`. */
  repository: string;
  /** `registry/repository`: the fully qualified name without tag or digest. */
  name: string;
  tag: string | undefined;
  digest: string | undefined;
  /** Where each part is in the parsed text; `registry` is undefined when the name does not spell one out. */
  spans: ReferenceParts & { registry: Span | undefined };
}

const defaultRegistry = 'docker.io';
/** Names that reach Docker Hub too; Docker rewrites the legacy one, and configurations use the others. */
const dockerHubAliases = new Set([
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
  'hub.docker.com',
]);

const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const registryPattern = new RegExp(
  `^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`,
);
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const digestLengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Splits a reference into name, tag and digest the way Docker does: `@` starts the digest, and a `:`
 * after the last `/` starts the tag. Variables (`${VAR}`, `${VAR:-default}`) are skipped over, so the
 * parts of a Dockerfile's `FROM repo:${TAG}` or a Compose `image:` are found before expansion.
 */
export function referenceParts(text: string): ReferenceParts {
  let at = -1;
  let lastSlash = -1;
  let colon = -1;
  for (let offset = 0; offset < text.length; offset++) {
    const char = text[offset];
    if (char === '$' && text[offset + 1] === '{') {
      const close = text.indexOf('}', offset);
      if (close < 0) break;
      offset = close;
    } else if (char === '@') {
      at = offset;
      break;
    } else if (char === '/') {
      lastSlash = offset;
      colon = -1;
    } else if (char === ':') colon = offset;
  }
  const nameEnd = at >= 0 ? at : text.length;
  const tagStart = colon > lastSlash ? colon : -1;
  return {
    name: { start: 0, end: tagStart >= 0 ? tagStart : nameEnd },
    tag: tagStart >= 0 ? { start: tagStart + 1, end: nameEnd } : undefined,
    digest: at >= 0 ? { start: at + 1, end: text.length } : undefined,
  };
}

/**
 * Parses and normalises a reference like `docker pull` does: `python` is `docker.io/library/python`
 * (and pulls `:latest`), `localhost:5000/app` names a local registry, and a first component with a
 * dot, a port or an upper-case letter is a registry host. Returns why the reference is invalid otherwise.
 */
export function parseImageReference(text: string): ImageReference | { error: string } {
  if (text === '') return { error: 'the image reference is empty' };
  if (/^[a-f0-9]{64}$/.test(text)) return { error: 'a 64-character hexadecimal string is an image ID, not a name' };
  const parts = referenceParts(text);
  const written = text.slice(parts.name.start, parts.name.end);
  const slash = written.indexOf('/');
  const first = slash < 0 ? '' : written.slice(0, slash);
  const hasRegistry = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  const path = hasRegistry ? written.slice(slash + 1) : written;
  if (hasRegistry && !registryPattern.test(first)) return { error: `"${first}" is not a valid registry host` };
  if (path !== path.toLowerCase()) return { error: `the repository name "${path}" must be lower-case` };
  if (!path.split('/').every((component) => pathComponent.test(component))) {
    return { error: `"${path}" is not a valid repository name` };
  }
  const tag = parts.tag && text.slice(parts.tag.start, parts.tag.end);
  if (tag !== undefined && !tagPattern.test(tag)) return { error: `"${tag}" is not a valid tag` };
  const digest = parts.digest && text.slice(parts.digest.start, parts.digest.end);
  if (digest !== undefined && !isValidDigest(digest)) return { error: `"${digest}" is not a valid digest` };
  const registry = hasRegistry ? normaliseRegistry(first) : defaultRegistry;
  const repository = registry === defaultRegistry && !path.includes('/') ? `library/${path}` : path;
  if (written.length > 255) return { error: 'the repository name is longer than 255 characters' };
  return {
    registry,
    repository,
    name: `${registry}/${repository}`,
    tag,
    digest,
    spans: { ...parts, registry: hasRegistry ? { start: 0, end: slash } : undefined },
  };
}

/**
 * How firmly a reference names its image: by digest, by a tag, by the moving `latest` tag, or by no
 * tag at all, which pulls `latest`. Dockerfile base images and Kubernetes containers share this verdict.
 */
export type ImagePinning = 'digest' | 'tag' | 'latest' | 'untagged';

export function imagePinning(reference: ImageReference): ImagePinning {
  if (reference.digest) return 'digest';
  if (reference.tag === undefined) return 'untagged';
  return reference.tag === 'latest' ? 'latest' : 'tag';
}

function isValidDigest(digest: string): boolean {
  if (!digestPattern.test(digest)) return false;
  const [algorithm = '', encoded = ''] = digest.split(':');
  const length = digestLengths[algorithm];
  return length === undefined || (encoded.length === length && encoded === encoded.toLowerCase());
}

/** Host names compare case-insensitively, and Docker Hub answers to several. */
function normaliseRegistry(host: string): string {
  const lower = host.toLowerCase();
  return dockerHubAliases.has(lower) ? defaultRegistry : lower;
}

/**
 * Whether an image comes from one of the allowed sources. An entry is a registry host (`ghcr.io`,
 * `localhost:5000`, `docker.io` or one of Docker Hub's other names), a wildcard host (`*.example.com`),
 * or a registry with a repository prefix (`docker.io/library`, `ghcr.io/my-org`).
 */
export function isFromAllowedRegistry(reference: ImageReference, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    const [host = '', ...prefix] = entry
      .trim()
      .replace(/^[a-z]+:\/\//i, '')
      .replace(/\/+$/, '')
      .split('/');
    const hostMatches = host.startsWith('*.')
      ? reference.registry.endsWith(host.slice(1).toLowerCase())
      : normaliseRegistry(host) === reference.registry;
    const repositoryPrefix = prefix.join('/');
    return (
      hostMatches &&
      (repositoryPrefix === '' ||
        reference.repository === repositoryPrefix ||
        reference.repository.startsWith(`${repositoryPrefix}/`))
    );
  });
}

/** An image a Dockerfile pulls: a stage's FROM, a `COPY --from=<image>` or a `RUN --mount=…,from=<image>`. */
export interface PulledImage {
  stage: Stage;
  instruction: Instruction;
  /** As written, variables and all. */
  written: string;
  /** With variables resolved from their ARG defaults; undefined when one has no known value. */
  resolved: string | undefined;
  /** The resolved reference, parsed; undefined when unresolved or invalid. */
  reference: ImageReference | undefined;
  /** Where the written reference is. */
  range: Range;
  /**
   * Where a part of the reference is: exactly when it is written without variables, else the written
   * part that produces it (the `${TAG}` of `repo:${TAG}`), else the whole reference.
   */
  rangeOf(part: keyof ImageReference['spans']): Range;
}

/** The image a stage starts from; undefined for `FROM scratch`, `FROM <earlier stage>` and a FROM without image. */
export function stageImage(model: DockerfileModel, stage: Stage): PulledImage | undefined {
  const range = stage.from.getImageRange();
  if (!range || stage.parent || stage.baseImage === 'scratch') return undefined;
  return pulledImage(model, stage, stage.from, range, stage.baseImage ?? withUndeclaredEmpty(model, stage));
}

/** The platform ARGs BuildKit declares in the global scope; their values depend on the build. */
const automaticArgs = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
]);

/**
 * A FROM sees only the ARGs declared before the first FROM: BuildKit expands any other variable to
 * nothing (and warns, UndefinedArgInFrom), so `FROM alpine$TAG` without `ARG TAG` pulls `alpine`.
 * A declared ARG without default and the platform ARGs stay unknown: the build supplies them.
 */
function withUndeclaredEmpty(model: DockerfileModel, stage: Stage): string | undefined {
  const image = stage.from.getImage();
  const line = stage.from.getRange().start.line;
  if (image === null) return undefined;
  return expandVariables(image, (name) => {
    if (automaticArgs.has(name)) return undefined;
    const value = model.ast.resolveVariable(name, line);
    return value === undefined ? '' : value;
  });
}

/** Images that COPY and RUN instructions of a stage read files from: `--from=<image>` that names no stage. */
export function mountedImages(model: DockerfileModel, stage: Stage): PulledImage[] {
  const earlierStages = new Set(
    model.stages.filter((other) => other.index < stage.index).flatMap((other) => [other.name, String(other.index)]),
  );
  const images: PulledImage[] = [];
  for (const instruction of stage.instructions) {
    if (!(instruction instanceof ModifiableInstruction)) continue;
    const keyword = instruction.getKeyword();
    for (const flag of instruction.getFlags()) {
      const from =
        keyword === 'COPY' && flag.getName() === 'from'
          ? { value: flag.getValue(), range: flag.getValueRange() }
          : keyword === 'RUN' && flag.getName() === 'mount'
            ? { value: flag.getOption('from')?.getValue(), range: flag.getOption('from')?.getValueRange() }
            : undefined;
      if (!from?.value || !from.range) continue;
      const line = instruction.getRange().start.line;
      const resolved = expandVariables(from.value, (name) => model.ast.resolveVariable(name, line));
      if (resolved === undefined || earlierStages.has(resolved.toLowerCase()) || resolved === 'scratch') continue;
      images.push(pulledImage(model, stage, instruction, from.range, resolved));
    }
  }
  return images;
}

function pulledImage(
  model: DockerfileModel,
  stage: Stage,
  instruction: Instruction,
  range: Range,
  resolved: string | undefined,
): PulledImage {
  const { source } = model;
  const start = source.offsetAt(range.start);
  const written = source.slice(range);
  const parsed = resolved === undefined ? undefined : parseImageReference(resolved);
  const reference = parsed && !('error' in parsed) ? parsed : undefined;
  const writtenParts = referenceParts(written);
  const spanRange = (span: Span | undefined) => (span ? source.rangeAt(start + span.start, start + span.end) : range);
  return {
    stage,
    instruction,
    written,
    resolved,
    reference,
    range,
    rangeOf(part) {
      if (reference && written === resolved) return spanRange(reference.spans[part]);
      if (part !== 'registry') return spanRange(writtenParts[part]);
      const host = written.slice(0, Math.max(written.indexOf('/'), 0));
      return spanRange(reference?.spans.registry && host ? { start: 0, end: host.length } : undefined);
    },
  };
}

/** The image a Kubernetes container runs, as written in its `image:` value. */
export interface ContainerImage {
  written: string;
  /** Undefined when the reference is not valid (then the API server or the runtime rejects it). */
  reference: ImageReference | undefined;
  /** Where a part of the reference is; the whole value when the scalar is not written plainly. */
  rangeOf(part: keyof ReferenceParts): Range;
}

/** The container's `image:` (aliases followed); undefined when absent, empty or not a string. */
export function containerImage(model: KubernetesModel, container: Container): ContainerImage | undefined {
  const doc = container.podSpec.owner.document.document;
  const node = resolveNode(doc, getPair(container.node, 'image')?.value);
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') return undefined;
  const written = node.value;
  const whole = nodeRange(model.source, node) ?? container.anchorRange;
  // The value's characters sit one after the other in the source only when no escape or fold changed them.
  const start = (node.range?.[0] ?? 0) + (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0);
  const verbatim = model.source.text.slice(start, start + written.length) === written;
  const parsed = parseImageReference(written);
  const parts = referenceParts(written);
  return {
    written,
    reference: 'error' in parsed ? undefined : parsed,
    rangeOf(part) {
      const span = parts[part];
      return verbatim && span ? model.source.rangeAt(start + span.start, start + span.end) : whole;
    },
  };
}
