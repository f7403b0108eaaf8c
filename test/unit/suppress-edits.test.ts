import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { suppressFileEdit, suppressLineEdit } from '../../rules/fixes/suppress';
import { parseDockerfile } from '../../rules/model/dockerfile';
import { SourceText } from '../../rules/model/source';

function apply(text: string, edit: ReturnType<typeof suppressLineEdit>): string {
  assert.ok(edit, 'an edit');
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'plaintext', 1, text), [edit]);
}

describe('suppression comments written by the editor actions', () => {
  const line = (text: string, findingLine: number, ruleId = 'BH-D001', dockerfile = true) => {
    const source = new SourceText('Dockerfile', text);
    return suppressLineEdit(source, dockerfile ? parseDockerfile(source) : undefined, findingLine, ruleId);
  };

  it('a line comment goes above the instruction a continuation line belongs to, indented like it', () => {
    const text = 'FROM alpine\n  RUN a && \\\n      b\n';
    assert.equal(apply(text, line(text, 2)), 'FROM alpine\n  # bulkhead-ignore BH-D001 -- \n  RUN a && \\\n      b\n');
  });

  it('an existing bulkhead-ignore above gains the id; one that names it already gives no edit', () => {
    const text = 'FROM alpine\n# bulkhead-ignore BH-D002 -- pinned upstream\nRUN a\n';
    assert.equal(
      apply(text, line(text, 2)),
      'FROM alpine\n# bulkhead-ignore BH-D002, BH-D001 -- pinned upstream\nRUN a\n',
    );
    assert.equal(line(text, 2, 'BH-D002'), undefined);
  });

  it('keeps CRLF line breaks', () => {
    const text = 'a:\r\n  b: 1\r\n';
    assert.equal(apply(text, line(text, 1, 'BH-K001', false)), 'a:\r\n  # bulkhead-ignore BH-K001 -- \r\n  b: 1\r\n');
  });

  it('a file comment goes after a shebang and parser directives, or after a YAML ---', () => {
    const dockerfile = '#!/usr/bin/env -S docker build -f\n# syntax=docker/dockerfile:1\n# a comment\nFROM alpine';
    assert.equal(
      apply(dockerfile, suppressFileEdit(new SourceText('Dockerfile', dockerfile), 'dockerfile', 'BH-D001')),
      '#!/usr/bin/env -S docker build -f\n# syntax=docker/dockerfile:1\n# bulkhead-ignore-file BH-D001 -- \n# a comment\nFROM alpine',
    );
    const directivesOnly = '# syntax=docker/dockerfile:1';
    assert.equal(
      apply(directivesOnly, suppressFileEdit(new SourceText('Dockerfile', directivesOnly), 'dockerfile', 'BH-D001')),
      '# syntax=docker/dockerfile:1\n# bulkhead-ignore-file BH-D001 -- \n',
    );
    const yaml = '# header\n%YAML 1.2\n---\napiVersion: v1\n';
    assert.equal(
      apply(yaml, suppressFileEdit(new SourceText('pod.yaml', yaml), 'yaml', 'BH-K001')),
      '# header\n%YAML 1.2\n---\n# bulkhead-ignore-file BH-K001 -- \napiVersion: v1\n',
    );
    const plain = 'apiVersion: v1\n---\nkind: Pod\n';
    assert.equal(
      apply(plain, suppressFileEdit(new SourceText('pod.yaml', plain), 'yaml', 'BH-K001')),
      '# bulkhead-ignore-file BH-K001 -- \napiVersion: v1\n---\nkind: Pod\n',
    );
  });
});
