import { dirname, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { CommentLine } from '../model/dockerfile';
import type { Model } from '../model/parse';
import type { ConfigSuppression } from './config';
import { type ResourceSpan, resourceMatches } from './resources';
import type { AnyRule, Peer } from './rule';
import type { Finding, Range } from './types';

/**
 * Which syntax a suppression was written in; only our own comments are reported when unused.
 * `config` is a `suppress:` entry of `.bulkhead.yaml` (SARIF's "external" kind; the others are "inSource").
 */
export type SuppressionSyntax = 'bulkhead' | 'hadolint' | 'checkov' | 'trivy' | 'buildkit' | 'kube-linter' | 'config';

export interface Suppression {
  syntax: SuppressionSyntax;
  ruleIds: ReadonlySet<string>;
  /** Lines (inclusive) whose findings it covers; undefined means the whole file. */
  lines: { first: number; last: number } | undefined;
  range: Range;
  reason: string | undefined;
  /** Ids as written, for messages about unknown or unused ids. */
  writtenIds: readonly string[];
  /** The configuration file holding a `config` suppression; `range` is then in that file. */
  configPath?: string;
}

/** Peer id → our rule ids, with each peer's id spellings normalised. */
export type AliasIndex = ReadonlyMap<Peer, ReadonlyMap<string, readonly string[]>>;

export function buildAliasIndex(rules: readonly AnyRule[]): AliasIndex {
  const index = new Map<Peer, Map<string, string[]>>();
  for (const rule of rules) {
    for (const [peer, ids] of Object.entries(rule.aliases) as [Peer, string[]][]) {
      const byId = index.get(peer) ?? new Map<string, string[]>();
      index.set(peer, byId);
      for (const id of ids) {
        const key = normalizePeerId(peer, id);
        byId.set(key, [...(byId.get(key) ?? []), rule.id]);
      }
    }
  }
  return index;
}

/** Trivy accepts DS002, DS-0002 and AVD-DS-0002 for one check; all become DS002. */
export function normalizePeerId(peer: Peer, id: string): string {
  if (peer === 'trivy') {
    const match = /^(?:AVD-)?([A-Z]+)-?0*(\d+)$/i.exec(id.trim());
    if (match?.[1] && match[2]) return `${match[1].toUpperCase()}${match[2].padStart(3, '0')}`;
  }
  return peer === 'kubeLinter' || peer === 'pss' ? id.trim() : id.trim().toUpperCase();
}

interface CommentSyntax {
  syntax: SuppressionSyntax;
  pattern: RegExp;
  peer: Peer | undefined;
  scope: 'next' | 'file';
  /** Only valid among the parser directives at the top of a Dockerfile. */
  directive?: boolean;
}

const idList = '([A-Za-z0-9_*-]+(?:\\s*,\\s*[A-Za-z0-9_*-]+)*)';
const commentSyntaxes: readonly CommentSyntax[] = [
  {
    syntax: 'bulkhead',
    pattern: new RegExp(`^bulkhead-ignore-file\\s+${idList}(.*)$`),
    peer: undefined,
    scope: 'file',
  },
  { syntax: 'bulkhead', pattern: new RegExp(`^bulkhead-ignore\\s+${idList}(.*)$`), peer: undefined, scope: 'next' },
  {
    syntax: 'hadolint',
    pattern: new RegExp(`^hadolint\\s+global\\s+ignore=${idList}(.*)$`),
    peer: 'hadolint',
    scope: 'file',
  },
  { syntax: 'hadolint', pattern: new RegExp(`^hadolint\\s+ignore=${idList}(.*)$`), peer: 'hadolint', scope: 'next' },
  // Checkov also reads the pragmas of its earlier names, Bridgecrew and Cortex.
  {
    syntax: 'checkov',
    pattern: /^(?:checkov|bridgecrew|cortex):skip=\s*([A-Za-z0-9_-]+(?:,[A-Za-z0-9_-]+)*)(?::(.*))?$/,
    peer: 'checkov',
    scope: 'file',
  },
  { syntax: 'trivy', pattern: /^trivy:ignore:([A-Za-z0-9-]+)(.*)$/, peer: 'trivy', scope: 'next' },
  {
    syntax: 'buildkit',
    pattern: /^check\s*=\s*skip\s*=\s*([A-Za-z0-9,\s]+?)(;.*)?$/,
    peer: 'buildkit',
    scope: 'file',
    directive: true,
  },
];

export function collectSuppressions(
  model: Model,
  aliases: AliasIndex,
  knownRuleIds: ReadonlySet<string>,
  options: { manifestAnnotations: boolean } = { manifestAnnotations: true },
): Suppression[] {
  const suppressions: Suppression[] = [];
  const firstInstructionLine =
    model.kind === 'dockerfile' ? (model.instructions[0]?.getRange().start.line ?? Infinity) : Infinity;
  for (const comment of model.comments) {
    for (const syntax of commentSyntaxes) {
      const match = syntax.pattern.exec(comment.content);
      if (!match) continue;
      if (syntax.directive && (model.kind !== 'dockerfile' || comment.line >= firstInstructionLine)) break;
      const writtenIds = (match[1] ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      suppressions.push({
        syntax: syntax.syntax,
        ruleIds: resolveIds(writtenIds, syntax.peer, aliases, knownRuleIds),
        lines: syntax.scope === 'file' ? undefined : nextTargetLines(model, comment),
        range: comment.range,
        reason: cleanReason(match[2]),
        writtenIds,
      });
      break;
    }
  }
  if (model.kind === 'kubernetes' && options.manifestAnnotations)
    suppressions.push(...annotationSuppressions(model, aliases));
  return suppressions;
}

/** The `suppress:` entries of the configuration that apply to this file, one per selected resource. */
export function configSuppressions(
  path: string,
  entries: readonly ConfigSuppression[],
  resources: readonly ResourceSpan[],
): Suppression[] {
  return entries.flatMap((entry): Suppression[] => {
    if (entry.paths) {
      const relativePath = relative(dirname(entry.configPath), path).split(sep).join('/');
      if (!picomatch(entry.paths, { dot: true })(relativePath)) return [];
    }
    const base = {
      syntax: 'config' as const,
      ruleIds: new Set(entry.ruleIds),
      range: entry.range,
      reason: entry.reason,
      writtenIds: entry.ruleIds,
      configPath: entry.configPath,
    };
    if (entry.resource === undefined) return [{ ...base, lines: undefined }];
    const selector = entry.resource;
    return resources.filter((span) => resourceMatches(span, selector)).map((span) => ({ ...base, lines: span.lines }));
  });
}

function resolveIds(
  ids: readonly string[],
  peer: Peer | undefined,
  aliases: AliasIndex,
  knownRuleIds: ReadonlySet<string>,
): Set<string> {
  if (!peer) return new Set(ids.filter((id) => knownRuleIds.has(id)));
  const byId = aliases.get(peer);
  if (peer === 'buildkit' && ids.some((id) => id.toLowerCase() === 'all'))
    return new Set([...(byId?.values() ?? [])].flat());
  return new Set(ids.flatMap((id) => byId?.get(normalizePeerId(peer, id)) ?? []));
}

function cleanReason(text: string | undefined): string | undefined {
  const reason = text?.replace(/^[\s:;#-]+/, '').trim();
  return reason ? reason : undefined;
}

/** The lines a "next line" suppression covers: the whole next instruction, or the next YAML line. */
function nextTargetLines(model: Model, comment: CommentLine): { first: number; last: number } {
  if (model.kind === 'dockerfile') {
    const next = model.instructions.find((instruction) => instruction.getRange().start.line > comment.line);
    const range = next?.getRange();
    return range
      ? { first: range.start.line, last: range.end.line }
      : { first: comment.line + 1, last: comment.line + 1 };
  }
  const source = model.source;
  const ownLine = source.lineText(comment.line);
  if (ownLine.slice(0, comment.range.start.character).trim() !== '') return { first: comment.line, last: comment.line };
  for (let line = comment.line + 1; line < source.lineCount; line++) {
    const text = source.lineText(line).trim();
    if (text !== '' && !text.startsWith('#')) return { first: line, last: line };
  }
  return { first: comment.line + 1, last: comment.line + 1 };
}

const kubeLinterAnnotation = 'ignore-check.kube-linter.io/';
const kubeLinterIgnoreAll = 'kube-linter.io/ignore-all';
const checkovAnnotation = /(?:checkov|bridgecrew|cortex)\.io\/skip/;

function annotationSuppressions(model: Extract<Model, { kind: 'kubernetes' }>, aliases: AliasIndex): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const object of model.objects) {
    const range = object.node.range;
    if (!range) continue;
    const objectRange = model.source.rangeAt(range[0], range[1]);
    const lines = { first: objectRange.start.line, last: objectRange.end.line };
    for (const [key, value] of object.annotations) {
      let peer: Peer | undefined;
      let id: string | undefined;
      let reason: string | undefined = value;
      if (key.startsWith(kubeLinterAnnotation)) {
        peer = 'kubeLinter';
        id = key.slice(kubeLinterAnnotation.length);
      } else if (key === kubeLinterIgnoreAll) {
        peer = 'kubeLinter';
        id = '*';
      } else if (checkovAnnotation.test(key)) {
        peer = 'checkov';
        [id, reason] = value.split('=', 2) as [string, string | undefined];
      }
      if (!peer || !id) continue;
      suppressions.push({
        syntax: peer === 'kubeLinter' ? 'kube-linter' : 'checkov',
        ruleIds: new Set(
          id === '*'
            ? [...(aliases.get(peer)?.values() ?? [])].flat()
            : (aliases.get(peer)?.get(normalizePeerId(peer, id)) ?? []),
        ),
        lines,
        range: objectRange,
        reason: cleanReason(reason),
        writtenIds: [id],
      });
    }
  }
  return suppressions;
}

export interface SuppressionResult {
  kept: Finding[];
  suppressed: { finding: Finding; by: Suppression }[];
  unused: Suppression[];
}

export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
): SuppressionResult {
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  const suppressed: SuppressionResult['suppressed'] = [];
  for (const finding of findings) {
    const line = finding.range.start.line;
    const by = suppressions.find(
      (suppression) =>
        suppression.ruleIds.has(finding.ruleId) &&
        (suppression.lines === undefined || (line >= suppression.lines.first && line <= suppression.lines.last)),
    );
    if (by) {
      used.add(by);
      suppressed.push({ finding, by });
    } else kept.push(finding);
  }
  return { kept, suppressed, unused: suppressions.filter((suppression) => !used.has(suppression)) };
}

/** SARIF's names: a comment or annotation in the file is "inSource", a configuration entry "external". */
export function suppressionKind(suppression: Suppression): 'inSource' | 'external' {
  return suppression.syntax === 'config' ? 'external' : 'inSource';
}
