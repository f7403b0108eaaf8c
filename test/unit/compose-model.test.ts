import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isScalar } from 'yaml';
import { composePrivileged } from '../../rules/compose/privileged';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import { type ComposeModel, serviceSetting, serviceSettings } from '../../rules/model/compose';
import { kindFromName, parseFile } from '../../rules/model/parse';
import { formatRange } from '../helpers/rule-tester';

function model(text: string): ComposeModel {
  const outcome = parseFile('compose.yaml', text);
  assert.equal(outcome.kind, 'compose');
  return (outcome as { model: ComposeModel }).model;
}

const scalarValue = (node: unknown) => (isScalar(node) ? node.value : undefined);

describe('Compose model', () => {
  for (const name of [
    'compose.yml',
    'compose.yaml',
    'docker-compose.yml',
    'docker-compose.override.yml',
    'docker-compose.prod.yaml',
  ]) {
    it(`${name} is a Compose file by its name`, () => assert.equal(kindFromName(`deploy/${name}`), 'compose'));
  }

  it('resolves merge keys: own keys win, then earlier sources, through nested merges', () => {
    const m = model(
      'x-a: &a\n  user: a\n  pid: host\nx-b: &b\n  <<: *a\n  user: b\n  ipc: host\nservices:\n  web:\n    <<: [*b, {network_mode: host}]\n    pid: private\n',
    );
    const [web] = m.services;
    assert.ok(web);
    assert.equal(scalarValue(serviceSetting(m.source, web, 'pid')?.value), 'private');
    assert.equal(serviceSetting(m.source, web, 'pid')?.inherited, undefined);
    const user = serviceSetting(m.source, web, 'user');
    assert.equal(scalarValue(user?.value), 'b');
    assert.equal(user?.inherited?.source, 'anchor &b');
    assert.equal(formatRange(user?.inherited?.useRange ?? m.source.rangeAt(0, 0)), '10:5-10:7');
    assert.equal(scalarValue(serviceSetting(m.source, web, 'ipc')?.value), 'host');
    assert.equal(serviceSetting(m.source, web, 'network_mode')?.inherited?.source, 'a merged map');
    assert.equal(serviceSetting(m.source, web, 'cgroup'), undefined);
  });

  it('follows extends in the same file, layer by layer, and survives cycles and other files', () => {
    const m = model(
      'services:\n  base:\n    cap_add: [A]\n  mid:\n    extends: base\n    cap_add: [B]\n  top:\n    extends: {service: mid}\n  loop1: {extends: loop2}\n  loop2: {extends: loop1}\n  remote:\n    extends: {file: common.yaml, service: base}\n',
    );
    const byName = new Map(m.services.map((service) => [service.name, service]));
    const top = byName.get('top');
    assert.ok(top);
    const layers = serviceSettings(m.source, top, 'cap_add');
    assert.deepEqual(
      layers.map((layer) => [
        layer.inherited?.source,
        formatRange(layer.inherited?.useRange ?? m.source.rangeAt(0, 0)),
      ]),
      [
        ['service "mid"', '8:5-8:12'],
        ['service "base"', '8:5-8:12'],
      ],
    );
    const loop = byName.get('loop1');
    assert.ok(loop);
    assert.equal(serviceSetting(m.source, loop, 'user'), undefined);
    const remote = byName.get('remote');
    assert.ok(remote);
    assert.equal(serviceSetting(m.source, remote, 'cap_add'), undefined);
  });

  it('points a finding about an inherited setting at the use, with related information at the anchor', () => {
    const text = 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n';
    const ruleSet = createRuleSet([composePrivileged], builtinRules);
    const [finding] = analyze({ path: 'compose.yaml', text }, defaultConfig, ruleSet).findings;
    assert.equal(finding?.ruleId, 'BH-C001');
    assert.equal(formatRange(finding.range), '5:5-5:7');
    assert.deepEqual(
      finding.related?.map((related) => [formatRange(related.range), related.message]),
      [['2:3-2:13', 'Inherited from anchor &base.']],
    );
  });

  it('skips services that are not maps and documents that do not parse', () => {
    const m = model('services:\n  web:\n  db: nginx\n  ok: {image: x}\n');
    assert.deepEqual(
      m.services.map((service) => service.name),
      ['ok'],
    );
  });
});
