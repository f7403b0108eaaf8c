import { relative, resolve } from 'node:path';
import { applyTextEdits } from '../../rules/engine/edits';
import { imageOccurrences } from '../../rules/model/image-occurrences';
import { parseFile } from '../../rules/model/parse';
import { discoverFiles } from '../discover';
import { writeFileAtomically } from '../fix-file';
import { readTextFile } from '../read-file';
import { RegistryClient } from '../registry/client';
import { dockerConfigCredentials } from '../registry/docker-config';
import { type PinOutcome, pinOccurrences } from '../registry/pin';

export interface PinCommandOptions {
  paths: string[];
  dryRun: boolean;
  /** Also move `name:tag@digest` references to the tag's current digest. */
  update: boolean;
  insecureRegistries: string[];
  useCredentialHelpers: boolean;
  timeoutMs: number;
  cwd: string;
  write: (text: string) => void;
}

/**
 * `bulkhead pin`: every image of the given files resolved to its digest and written as
 * `name:tag@sha256:…`, one insertion per reference. Returns the exit code: 0 when every
 * reference is pinned (now or before), 1 when some could not be resolved, 2 for bad paths.
 */
export async function pinCommand(options: PinCommandOptions): Promise<number> {
  const client = new RegistryClient({
    credentials: dockerConfigCredentials({ useCredentialHelpers: options.useCredentialHelpers }),
    insecureRegistries: options.insecureRegistries,
    timeoutMs: options.timeoutMs,
  });
  const discovery = discoverFiles(
    options.paths.map((path) => resolve(options.cwd, path)),
    [],
    options.cwd,
  );
  const shown = (path: string) => relative(options.cwd, path) || path;
  const counts = { pinned: 0, updated: 0, 'already-pinned': 0, failed: 0, skipped: 0 };
  let changedFiles = 0;
  for (const problem of discovery.problems) {
    options.write(`${shown(problem.path)}: ${problem.problem}`);
  }
  for (const path of discovery.files) {
    const read = readTextFile(path);
    if (!read.ok) {
      options.write(`${shown(path)}: failed: the file is ${read.problem}`);
      counts.failed++;
      continue;
    }
    const parsed = parseFile(path, read.text);
    if (!parsed.kind) continue;
    if (parsed.problem?.severity === 'information') {
      // Templates (Helm) are not ours to edit: their rendered output is.
      options.write(`${shown(path)}: skipped: ${parsed.problem.message}`);
      counts.skipped++;
      continue;
    }
    if (!parsed.model || parsed.problem?.severity === 'error') {
      options.write(`${shown(path)}: failed: ${parsed.problem?.message ?? 'the file cannot be parsed'}`);
      counts.failed++;
      continue;
    }
    const outcomes = await pinOccurrences(imageOccurrences(parsed.model), client, { update: options.update });
    for (const outcome of outcomes) {
      counts[outcome.status]++;
      const { start } = outcome.occurrence.range;
      options.write(
        `${shown(path)}:${start.line + 1}:${start.character + 1}  ${describeOutcome(outcome, options.dryRun)}`,
      );
    }
    const edits = outcomes.flatMap((outcome) =>
      outcome.status === 'pinned' || outcome.status === 'updated' ? [outcome.edit] : [],
    );
    if (edits.length === 0) continue;
    const text = applyTextEdits(read.text, edits);
    changedFiles++;
    if (options.dryRun) options.write(lineDiff(shown(path), read.text, text));
    else writeFileAtomically(path, text, read.bom);
  }
  const would = options.dryRun ? 'would be ' : '';
  options.write(
    `${counts.pinned} ${would}pinned, ${counts.updated} ${would}updated, ${counts['already-pinned']} already pinned, ${counts.failed} failed, ${counts.skipped} skipped; ${changedFiles} file${changedFiles === 1 ? '' : 's'} ${options.dryRun ? 'would change' : 'changed'}.`,
  );
  if (discovery.problems.length > 0) return 2;
  return counts.failed > 0 ? 1 : 0;
}

const verbs = {
  pinned: { done: 'pinned', dryRun: 'would pin' },
  updated: { done: 'updated', dryRun: 'would update' },
};

function describeOutcome(outcome: PinOutcome, dryRun: boolean): string {
  const { written, label } = outcome.occurrence;
  switch (outcome.status) {
    case 'pinned':
    case 'updated': {
      const kind = outcome.resolved.multiPlatform ? 'multi-platform index' : 'single-platform manifest';
      const variables = outcome.occurrence.throughVariables ? ', resolved through ARG defaults' : '';
      const verb = verbs[outcome.status][dryRun ? 'dryRun' : 'done'];
      return `${verb}  ${written} → ${outcome.pinnedText} (${kind}${variables}; ${label})`;
    }
    case 'already-pinned':
      return `already pinned  ${written} (${label})`;
    case 'skipped':
      return `skipped  ${written}: ${outcome.message} (${label})`;
    case 'failed':
      return `failed  ${written}: ${outcome.message} (${label})`;
  }
}

/** A unified-diff-like view of the changed lines; pins never add or remove lines. */
function lineDiff(path: string, before: string, after: string): string {
  const old = before.split('\n');
  const next = after.split('\n');
  const hunks = old.flatMap((line, index) =>
    line === next[index]
      ? []
      : [`@@ -${index + 1} +${index + 1} @@`, `-${line.replace(/\r$/, '')}`, `+${next[index]?.replace(/\r$/, '')}`],
  );
  return [`--- ${path}`, `+++ ${path}`, ...hunks].join('\n');
}
