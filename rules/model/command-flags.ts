import { type Document, isScalar, type Scalar } from 'yaml';
import type { Range, TextEdit } from '../engine/types';
import { ensureSequenceItem } from '../fixes/yaml-edit';
import type { Container, KubernetesModel } from './kubernetes';
import { getSeq, getString, resolveNode, type YAMLSeq } from './yaml';

/** One `--flag`, written `--flag=value`, `--flag value` (two items) or bare `--flag`. */
export interface CommandFlag {
  name: string;
  /** Undefined for a bare `--flag`, which a boolean flag reads as true. */
  value: string | undefined;
  /** The whole flag: `--flag=value`, or both items of `--flag value`. */
  range: Range;
  /** Just the value's text, where a finding about a wrong value points and a fix rewrites it. */
  valueRange: Range | undefined;
}

/** A control-plane component's container and the flags of its `command` and `args`. */
export interface ComponentCommand {
  container: Container;
  component: string;
  /** Last occurrence wins, as with the components' flag parsers. */
  flags: ReadonlyMap<string, CommandFlag>;
  /** The sequence that holds the flags (`command`, else `args`), where a missing flag is added. */
  flagList: 'command' | 'args';
  /** Where findings about a missing flag point: the container's name, else its first key. */
  anchorRange: Range;
}

const components = ['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler', 'dashboard'];

/** `registry.k8s.io/kube-apiserver:v1.30.0` → `kube-apiserver`; `/usr/local/bin/etcd` → `etcd`. */
function baseName(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? '';
  const last = withoutDigest.split('/').at(-1) ?? '';
  return last.split(':')[0] ?? '';
}

function componentOf(container: Container): string | undefined {
  const doc = container.podSpec.owner.document.document;
  const first = resolveNode(doc, getSeq(doc, container.node, 'command')?.items[0]);
  const program = isScalar(first) && typeof first.value === 'string' ? baseName(first.value.split(/\s/)[0] ?? '') : '';
  if (components.includes(program)) return program;
  const image = baseName(getString(doc, container.node, 'image') ?? '');
  return components.includes(image) ? image : undefined;
}

/** The exact range of `text` inside a scalar, when the source spells it literally; else the scalar. */
function rangeWithin(model: KubernetesModel, node: Scalar, start: number, length: number): Range {
  const [from, to] = node.range ?? [0, 0];
  const raw = model.source.text.slice(from, to);
  const offset = raw.indexOf(String(node.value));
  return offset >= 0
    ? model.source.rangeAt(from + offset + start, from + offset + start + length)
    : model.source.rangeAt(from, to);
}

function parseFlags(
  model: KubernetesModel,
  doc: Document.Parsed,
  seq: YAMLSeq | undefined,
  into: Map<string, CommandFlag>,
): void {
  const items = (seq?.items ?? []).map((item) => resolveNode(doc, item));
  items.forEach((node, index) => {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.value.startsWith('--')) return;
    const text = node.value;
    const equals = text.indexOf('=');
    if (equals > 2) {
      into.set(text.slice(2, equals), {
        name: text.slice(2, equals),
        value: text.slice(equals + 1),
        range: rangeWithin(model, node, 0, text.length),
        valueRange: rangeWithin(model, node, equals + 1, text.length - equals - 1),
      });
      return;
    }
    const next = items[index + 1];
    const nextIsValue = isScalar(next) && next.value !== null && !String(next.value).startsWith('-');
    const [from] = node.range ?? [0, 0];
    const end = nextIsValue ? (next.range?.[1] ?? from) : (node.range?.[1] ?? from);
    into.set(text.slice(2), {
      name: text.slice(2),
      value: nextIsValue ? String(next.value) : undefined,
      range: model.source.rangeAt(from, end),
      valueRange: nextIsValue ? rangeWithin(model, next, 0, String(next.value).length) : undefined,
    });
  });
}

/** Every container of the file that runs `component` (by its command or image), with its flags. */
export function componentCommands(model: KubernetesModel, component: string): ComponentCommand[] {
  return model.containers.flatMap((container): ComponentCommand[] => {
    if (componentOf(container) !== component) return [];
    const doc = container.podSpec.owner.document.document;
    const flags = new Map<string, CommandFlag>();
    const command = getSeq(doc, container.node, 'command');
    const args = getSeq(doc, container.node, 'args');
    parseFlags(model, doc, command, flags);
    parseFlags(model, doc, args, flags);
    const commandHasFlags = (command?.items.length ?? 0) > 1 || args === undefined;
    return [
      {
        container,
        component,
        flags,
        flagList: commandHasFlags && command ? 'command' : 'args',
        anchorRange: container.anchorRange,
      },
    ];
  });
}

/** Appends `--name=value` to the flag list, in the list's own style. */
export function addFlag(
  model: KubernetesModel,
  command: ComponentCommand,
  name: string,
  value: string,
): TextEdit | undefined {
  const doc = command.container.podSpec.owner.document.document;
  return ensureSequenceItem(model.source, doc, command.container.node, [command.flagList], `--${name}=${value}`);
}

/** `true` for a bare boolean flag or one set to true (Go's strconv.ParseBool spellings). */
export function flagIsTrue(flag: CommandFlag | undefined): boolean {
  if (!flag) return false;
  return flag.value === undefined || ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(flag.value);
}

export function flagIsFalse(flag: CommandFlag | undefined): boolean {
  return flag?.value !== undefined && ['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(flag.value);
}

/** A comma-separated flag value as a list: `Node,RBAC` → [Node, RBAC]. */
export function flagList(flag: CommandFlag | undefined): string[] {
  return (flag?.value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
