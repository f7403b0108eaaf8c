import { Copy, Run } from 'dockerfile-ast';
import { visit } from 'yaml';
import type { FileKind, Range } from '../engine/types';
import { buildComposeModel, type ComposeModel, looksLikeCompose } from './compose';
import { type DockerfileModel, parseDockerfile } from './dockerfile';
import { buildKubernetesModel, isKubernetesObject, type KubernetesModel } from './kubernetes';
import { SourceText } from './source';
import { parseYaml, type YamlFileModel } from './yaml';

export type Model = DockerfileModel | KubernetesModel | ComposeModel;

export interface ModelByKind {
  dockerfile: DockerfileModel;
  kubernetes: KubernetesModel;
  compose: ComposeModel;
}

/** Why a file of a known kind could not be checked (fully). */
export interface ParseProblem {
  message: string;
  range: Range;
  /** `information` for files we skip on purpose (templates), `error` for broken ones. */
  severity: 'error' | 'information';
}

export type ParseOutcome =
  | { kind: undefined }
  | { kind: FileKind; model: Model | undefined; problem: ParseProblem | undefined; source: SourceText };

const dockerfileName = /^(?:(?:docker|container)file(?:[._-].*)?|.+\.(?:docker|container)file)$/i;
const composeName = /^(?:docker-)?compose(?:[._-].*)?\.ya?ml$/i;
const yamlName = /\.ya?ml$/i;

/** The kind a file name promises, before its content is read; `yaml` means "decide by content". */
export function kindFromName(path: string, languageId?: string): FileKind | 'yaml' | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  const base = path.split(/[\\/]/).pop() ?? path;
  if (dockerfileName.test(base)) return 'dockerfile';
  if (composeName.test(base)) return 'compose';
  if (languageId === 'yaml' || yamlName.test(base)) return 'yaml';
  return undefined;
}

export function parseFile(path: string, text: string, languageId?: string): ParseOutcome {
  const nameKind = kindFromName(path, languageId);
  if (nameKind === undefined) return { kind: undefined };
  const source = new SourceText(path, text);
  const binary = binaryProblem(source);
  if (nameKind === 'dockerfile') {
    if (binary) return { kind: 'dockerfile', source, model: undefined, problem: binary };
    const model = parseDockerfile(source);
    return { kind: 'dockerfile', source, model, problem: unterminatedHeredocProblem(model) };
  }
  if (binary)
    return nameKind === 'compose'
      ? { kind: 'compose', source, model: undefined, problem: binary }
      : { kind: undefined };
  const file = parseYaml(source);
  const template = templateProblem(file);
  if (template)
    return { kind: nameKind === 'compose' ? 'compose' : 'kubernetes', source, model: undefined, problem: template };
  const kind = nameKind === 'compose' ? 'compose' : yamlKind(file);
  if (kind === undefined) return { kind: undefined };
  const model = kind === 'kubernetes' ? buildKubernetesModel(file) : buildComposeModel(file);
  return { kind, source, model, problem: yamlProblem(file) };
}

function yamlKind(file: YamlFileModel): FileKind | undefined {
  const parsed = file.documents.filter((document) => document.errors.length === 0);
  if (parsed.some((document) => isKubernetesObject(document.document, document.root))) return 'kubernetes';
  if (parsed.some(looksLikeCompose)) return 'compose';
  if (parsed.length === file.documents.length) return undefined;
  // A broken file is still ours when its top-level keys say so; otherwise it is someone else's YAML.
  if (/^apiVersion\s*:/m.test(file.source.text) && /^kind\s*:/m.test(file.source.text)) return 'kubernetes';
  if (/^services\s*:/m.test(file.source.text)) return 'compose';
  return undefined;
}

function yamlProblem(file: YamlFileModel): ParseProblem | undefined {
  const error = file.documents.flatMap((document) => document.errors)[0];
  if (!error) return undefined;
  const [start, end] = error.pos;
  const range = file.source.rangeAt(start, Math.max(start, end));
  // The yaml package reports a stack overflow on thousands of nested collections as its error message.
  const firstLine = /Maximum call stack size exceeded/.test(error.message)
    ? 'collections are nested too deeply to read'
    : (error.message.split('\n')[0] ?? error.message);
  return {
    message: `YAML syntax error: ${firstLine}. Bulkhead checks of this document are paused until it parses.`,
    range,
    severity: 'error',
  };
}

/**
 * Helm and Go templates: `{{` where YAML structure is, i.e. a parse error in a file with template
 * actions, or a flow map that opens with `{{` (what `name: {{ .Values.x }}` parses to). Template
 * text inside strings and block scalars (Prometheus rules, config templates) is data and stays checked.
 * Only files that look like manifests are claimed, so other templated YAML stays someone else's.
 */
function templateProblem(file: YamlFileModel): ParseProblem | undefined {
  const { source } = file;
  if (!source.text.includes('{{') || !/^(apiVersion|kind|services)\s*:/m.test(source.text)) return undefined;
  let start: number | undefined;
  if (file.documents.some((document) => document.errors.length > 0)) start = source.text.indexOf('{{');
  for (const document of file.documents) {
    visit(document.document, {
      Map(_key, map) {
        const offset = map.range?.[0];
        if (map.flow && offset !== undefined && source.text.startsWith('{{', offset)) {
          start = Math.min(start ?? offset, offset);
          return visit.BREAK;
        }
      },
    });
  }
  if (start === undefined) return undefined;
  return {
    message:
      'Templated YAML (Helm or Go template syntax) is not checked; render it first (e.g. `helm template`) and check the output.',
    range: source.rangeAt(start, start + 2),
    severity: 'information',
  };
}

/**
 * BuildKit refuses a heredoc without its closing delimiter ("unterminated heredoc"). Everything after
 * `<<EOF` is its body then, so no fix may add an instruction at the end: it would land inside the body.
 */
function unterminatedHeredocProblem(model: DockerfileModel): ParseProblem | undefined {
  for (const instruction of model.instructions) {
    if (!(instruction instanceof Run || instruction instanceof Copy)) continue;
    const open = instruction.getHeredocs().find((heredoc) => heredoc.getDelimiterRange() === null);
    if (!open) continue;
    return {
      message: `Unterminated heredoc: the closing "${open.getName()}" line is missing, so the rest of the file is its body. Bulkhead fixes are paused until it is closed.`,
      range: open.getNameRange(),
      severity: 'error',
    };
  }
  return undefined;
}

function binaryProblem(source: SourceText): ParseProblem | undefined {
  if (!source.text.slice(0, 8192).includes('\u0000')) return undefined;
  return {
    message: 'This file contains binary data (NUL bytes) and is not checked.',
    range: source.rangeAt(0, 0),
    severity: 'error',
  };
}
