import { isScalar, Scalar } from 'yaml';
import type { Range, TextEdit } from '../engine/types';
import type { ComposeModel } from './compose';
import type { DockerfileModel } from './dockerfile';
import {
  type ImageReference,
  mountedImages,
  type PulledImage,
  parseImageReference,
  referenceParts,
  stageImage,
} from './image-reference';
import type { KubernetesModel } from './kubernetes';
import type { Model } from './parse';
import { getPair, type Node, type YAMLMap } from './yaml';

/** One place in a file that names an image to pull: what `bulkhead pin` and "Pin to digest" work on. */
export interface ImageOccurrence {
  /** The reference as written, variables and all. */
  written: string;
  /** Where the written reference is (quotes of a YAML string excluded). */
  range: Range;
  /** What the file pulls, variables resolved (Dockerfile ARG defaults); undefined when it cannot be known. */
  reference: ImageReference | undefined;
  /** Why the reference cannot be pinned, when `reference` is undefined. */
  problem: string | undefined;
  /** Resolved through ARG defaults: the digest belongs to those values. */
  throughVariables: boolean;
  /** Where it is in words: `stage "build"`, `container "web"`, `service "db"`. */
  label: string;
}

/** Every image the file pulls, in file order: Dockerfile FROM and `--from=<image>`, Kubernetes containers, Compose services. */
export function imageOccurrences(model: Model): ImageOccurrence[] {
  if (model.kind === 'dockerfile') return dockerfileOccurrences(model);
  if (model.kind === 'kubernetes') return kubernetesOccurrences(model);
  return composeOccurrences(model);
}

function dockerfileOccurrences(model: DockerfileModel): ImageOccurrence[] {
  const pulled: PulledImage[] = [];
  for (const stage of model.stages) {
    const image = stageImage(model, stage);
    if (image) pulled.push(image);
    pulled.push(...mountedImages(model, stage));
  }
  return pulled.map((image) => {
    const label = image.stage.name ? `stage "${image.stage.name}"` : `stage ${image.stage.index + 1}`;
    const throughVariables = image.written !== image.resolved;
    if (image.resolved === undefined)
      return occurrence(image.written, image.range, label, 'a variable in it has no default; the build supplies it');
    const parsed = parseImageReference(image.resolved);
    if ('error' in parsed) return occurrence(image.written, image.range, label, parsed.error);
    return {
      written: image.written,
      range: image.range,
      reference: parsed,
      problem: undefined,
      throughVariables,
      label,
    };
  });
}

function kubernetesOccurrences(model: KubernetesModel): ImageOccurrence[] {
  return model.containers.flatMap((container) => {
    const label = `container "${container.name ?? `${container.group}[${container.index}]`}"`;
    return yamlImage(model, container.node, label) ?? [];
  });
}

function composeOccurrences(model: ComposeModel): ImageOccurrence[] {
  return model.services.flatMap((service) => yamlImage(model, service.node, `service "${service.name}"`) ?? []);
}

/**
 * The `image:` of a container or service. Only a plain or quoted one-line string is edited, so the
 * edit is an insertion right after its text; Compose's `${VAR}` interpolation is not ours to resolve.
 */
function yamlImage(model: KubernetesModel | ComposeModel, map: YAMLMap, label: string): ImageOccurrence | undefined {
  const value = getPair(map, 'image')?.value as Node | null | undefined;
  if (!isScalar(value) || typeof value.value !== 'string' || !value.range) return undefined;
  const { source } = model;
  const quoted = value.type === Scalar.QUOTE_DOUBLE || value.type === Scalar.QUOTE_SINGLE;
  const start = value.range[0] + (quoted ? 1 : 0);
  const end = value.range[1] - (quoted ? 1 : 0);
  const range = source.rangeAt(start, end);
  const written = source.text.slice(start, end);
  if (written !== value.value || /[\r\n]/.test(written))
    return occurrence(value.value, range, label, 'only a one-line image string can be edited');
  if (written.includes('$')) return occurrence(written, range, label, 'it uses variables that are set at deploy time');
  const parsed = parseImageReference(written);
  if ('error' in parsed) return occurrence(written, range, label, parsed.error);
  return { written, range, reference: parsed, problem: undefined, throughVariables: false, label };
}

function occurrence(written: string, range: Range, label: string, problem: string): ImageOccurrence {
  return { written, range, reference: undefined, problem, throughVariables: false, label };
}

/**
 * The minimal edit that pins an occurrence: `@<digest>` right after the tag, and `:latest` first
 * when no tag is written, so readers still see which tag the digest came from.
 */
export function pinEdit(occurrence: ImageOccurrence, digest: string): TextEdit | undefined {
  const reference = occurrence.reference;
  if (!reference || reference.digest) return undefined;
  const suffix = `${reference.tag === undefined ? ':latest' : ''}@${digest}`;
  return { range: { start: occurrence.range.end, end: occurrence.range.end }, newText: suffix };
}

/**
 * The edit that moves a pinned `name:tag@digest` to the digest its tag points to now: the written
 * digest replaced. Undefined when there is no tag to follow, the digest is current, or the digest
 * is not written literally (it comes from a variable).
 */
export function updateEdit(occurrence: ImageOccurrence, digest: string): TextEdit | undefined {
  const reference = occurrence.reference;
  if (!reference?.digest || reference.tag === undefined || reference.digest === digest) return undefined;
  const { written } = occurrence;
  const span = referenceParts(written).digest;
  // A reference split by a line continuation is left alone: columns could not be counted from its start.
  if (!span || written.slice(span.start, span.end) !== reference.digest || /[\r\n]/.test(written)) return undefined;
  const { start } = occurrence.range;
  return {
    range: {
      start: { line: start.line, character: start.character + span.start },
      end: { line: start.line, character: start.character + span.end },
    },
    newText: digest,
  };
}

/** The tag a pull of the reference asks for: `latest` when none is written. */
export function pulledTag(reference: ImageReference): string {
  return reference.tag ?? 'latest';
}
