import type { TextEdit } from '../../rules/engine/types';
import { type ImageOccurrence, pinEdit, updateEdit } from '../../rules/model/image-occurrences';
import { type RegistryClient, RegistryError, type ResolvedDigest } from './client';

export type PinOutcome =
  | {
      /** `pinned`: a digest was added; `updated`: the written digest was replaced by the tag's current one. */
      status: 'pinned' | 'updated';
      occurrence: ImageOccurrence;
      resolved: ResolvedDigest;
      edit: TextEdit;
      /** The reference as it reads after the edit. */
      pinnedText: string;
    }
  | { status: 'already-pinned'; occurrence: ImageOccurrence }
  | { status: 'skipped' | 'failed'; occurrence: ImageOccurrence; message: string };

export interface PinOptions {
  /** Also look up `name:tag@digest` references and move them to the tag's current digest. */
  update?: boolean;
  signal?: AbortSignal;
}

/** Looks one occurrence up and says how to pin it; never throws. Shared by `bulkhead pin` and the editor. */
export async function pinOccurrence(
  occurrence: ImageOccurrence,
  client: RegistryClient,
  options: PinOptions = {},
): Promise<PinOutcome> {
  const { reference, written } = occurrence;
  if (!reference) return { status: 'skipped', occurrence, message: occurrence.problem ?? 'not an image reference' };
  const follows = options.update === true && reference.tag !== undefined;
  if (reference.digest && !follows) return { status: 'already-pinned', occurrence };
  try {
    const resolved = await client.resolve(reference, options.signal);
    if (reference.digest) {
      const edit = updateEdit(occurrence, resolved.digest);
      if (!edit) return { status: 'already-pinned', occurrence };
      const pinnedText = `${written.slice(0, written.length - reference.digest.length)}${resolved.digest}`;
      return { status: 'updated', occurrence, resolved, edit, pinnedText };
    }
    const edit = pinEdit(occurrence, resolved.digest);
    if (!edit) return { status: 'already-pinned', occurrence };
    return { status: 'pinned', occurrence, resolved, edit, pinnedText: `${written}${edit.newText}` };
  } catch (error) {
    const message = error instanceof RegistryError ? error.message : String(error);
    return { status: 'failed', occurrence, message };
  }
}

/** Registries answer a few lookups at once faster than one by one, but a big manifest must not open hundreds. */
const parallelLookups = 8;

/** Every occurrence of a file, in order, a few at a time (the client shares lookups of the same reference). */
export async function pinOccurrences(
  occurrences: readonly ImageOccurrence[],
  client: RegistryClient,
  options: PinOptions = {},
): Promise<PinOutcome[]> {
  const outcomes: PinOutcome[] = new Array(occurrences.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < occurrences.length; index = next++) {
      outcomes[index] = await pinOccurrence(occurrences[index] as ImageOccurrence, client, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelLookups, occurrences.length) }, worker));
  return outcomes;
}

/** How a pinned digest is described to the user: the index keeps every platform working. */
export function describeDigest(resolved: ResolvedDigest): string {
  return resolved.multiPlatform
    ? 'the multi-platform index digest, so every platform keeps pulling its own image'
    : `a single-platform manifest digest (${resolved.mediaType ?? 'unknown media type'})`;
}
