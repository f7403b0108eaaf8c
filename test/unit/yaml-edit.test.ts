import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { applyTextEdits } from '../../rules/engine/edits';
import type { TextEdit } from '../../rules/engine/types';
import { foldInsertionsIntoDeletions, removeEntry, setMapValue } from '../../rules/fixes/yaml-edit';
import { SourceText } from '../../rules/model/source';
import { getPair, parseYaml } from '../../rules/model/yaml';

function parse(text: string) {
  const source = new SourceText('x.yaml', text);
  const [document] = parseYaml(source).documents;
  assert.ok(document && isMap(document.root));
  return { source, document: document.document, root: document.root as YAMLMap };
}

function apply(text: string, edit: (parsed: ReturnType<typeof parse>) => TextEdit | TextEdit[] | undefined): string {
  const parsed = parse(text);
  const edits = edit(parsed);
  assert.ok(edits, 'an edit');
  return applyTextEdits(text, Array.isArray(edits) ? edits : [edits]);
}

describe('setMapValue', () => {
  it('creates nested block maps in the file’s indentation', () => {
    const text = 'services:\n    web:\n        image: x\n';
    const result = apply(text, ({ source, document, root }) =>
      setMapValue(source, document, root, ['secrets', 'token', 'environment'], 'TOKEN'),
    );
    assert.equal(result, `${text}secrets:\n    token:\n        environment: TOKEN\n`);
  });

  it('creates nested flow maps inside a flow map', () => {
    const result = apply('a: {b: 1}\n', ({ source, document, root }) =>
      setMapValue(source, document, getPair(root, 'a')?.value as YAMLMap, ['c', 'd'], 'true'),
    );
    assert.equal(result, 'a: {b: 1, c: {d: true}}\n');
  });

  it('replaces a scalar and fills an empty value, keeping the comment', () => {
    assert.equal(
      apply('user: root # why\n', ({ source, document, root }) =>
        setMapValue(source, document, root, ['user'], '"1000"'),
      ),
      'user: "1000" # why\n',
    );
    assert.equal(
      apply('deploy:\nname: x\n', ({ source, document, root }) =>
        setMapValue(source, document, root, ['deploy', 'replicas'], '2'),
      ),
      'deploy:\n  replicas: 2\nname: x\n',
    );
  });

  it('refuses to overwrite a collection and does nothing when the value is already there', () => {
    const { source, document, root } = parse('user: [a]\nread_only: true\n');
    assert.equal(setMapValue(source, document, root, ['user'], 'x'), undefined);
    assert.equal(setMapValue(source, document, root, ['read_only'], 'true'), undefined);
  });
});

describe('removeEntry and removeEntry', () => {
  it('removes a block pair with its multi-line value and same-line comment, keeping comment lines', () => {
    const text = 'a: 1\n# about b\nb: # trailing\n  - x\n  - y\nc: 3\n';
    assert.equal(
      apply(text, ({ source, root }) => removeEntry(source, root, getPair(root, 'b') as Pair)),
      'a: 1\n# about b\nc: 3\n',
    );
  });

  it('removes the first, middle and last entry of a flow map with one comma', () => {
    const text = 'm: {a: 1, b: 2, c: 3}\n';
    const remove = (key: string) =>
      apply(text, ({ source, root }) => {
        const map = getPair(root, 'm')?.value as YAMLMap;
        return removeEntry(source, map, getPair(map, key) as Pair);
      });
    assert.equal(remove('a'), 'm: {b: 2, c: 3}\n');
    assert.equal(remove('b'), 'm: {a: 1, c: 3}\n');
    assert.equal(remove('c'), 'm: {a: 1, b: 2}\n');
  });

  it('removes a block sequence item line and a flow item', () => {
    const remove = (text: string, index: number) =>
      apply(text, ({ source, root }) => {
        const seq = getPair(root, 's')?.value as YAMLSeq;
        assert.ok(isSeq(seq));
        return removeEntry(source, seq, seq.items[index] as Node);
      });
    assert.equal(remove('s:\n  - a\n  - b # note\n', 1), 's:\n  - a\n');
    assert.equal(remove('s: [a, b, c]\n', 1), 's: [a, c]\n');
  });
});

describe('foldInsertionsIntoDeletions', () => {
  it('writes a line insertion that lands in a deleted line in place of that line', () => {
    const text = 'svc:\n  env:\n    A: 1\n';
    const source = new SourceText('x.yaml', text);
    const deletion: TextEdit = { range: source.rangeAt(5, text.length), newText: '' };
    const end = source.positionAt(text.length - 1);
    const insertion: TextEdit = { range: { start: end, end }, newText: '\n  secrets: [a]' };
    assert.equal(
      applyTextEdits(text, foldInsertionsIntoDeletions(source, [deletion, insertion])),
      'svc:\n  secrets: [a]\n',
    );
  });
});
