import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rootUser } from '../../rules/dockerfile/root-user';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig, mergeConfig } from '../../rules/engine/config';
import { normalizePeerId } from '../../rules/engine/suppressions';
import { dropAllCapabilities } from '../../rules/kubernetes/drop-all-capabilities';

/** The two rules these cases are written for; other rules' findings would only blur them. */
const ruleSet = createRuleSet([rootUser, dropAllCapabilities], builtinRules);

const rootDockerfile = (comment: string) => `FROM alpine:3.20\n${comment}\nUSER root\n`;
const ids = (path: string, text: string) =>
  analyze({ path, text }, defaultConfig, ruleSet).findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);

describe('suppressions', () => {
  const cases: [string, string, string[]][] = [
    ['our own, next line', '# bulkhead-ignore BH-D001 -- builder image, never shipped', []],
    ['our own, whole file', '# bulkhead-ignore-file BH-D001', []],
    ['hadolint, next instruction', '# hadolint ignore=DL3002', []],
    ['hadolint, global', '# hadolint global ignore=DL3002,DL3008', []],
    ['checkov, file-wide', '#checkov:skip=CKV_DOCKER_8:needs root for the port', []],
    ['checkov under its Bridgecrew name, several ids', '#bridgecrew:skip=CKV_DOCKER_2,CKV_DOCKER_3', []],
    ['trivy, new id form', '# trivy:ignore:DS-0002', []],
    ['hadolint, another rule', '# hadolint ignore=DL3008', ['BH-D001@3']],
    ['another rule id does not suppress', '# bulkhead-ignore-file BH-K001', ['BH-D001@3']],
  ];
  for (const [name, comment, expected] of cases) {
    it(name, () => assert.deepEqual(ids('Dockerfile', rootDockerfile(comment)), expected));
  }

  it('reads pragmas at the top of the file, where parser directives live', () => {
    assert.deepEqual(ids('Dockerfile', '# hadolint global ignore=DL3002\nFROM alpine:3.20\nUSER root\n'), []);
    assert.deepEqual(ids('Dockerfile', '#checkov:skip=CKV_DOCKER_3:base image sets the user\nFROM alpine:3.20\n'), []);
    assert.deepEqual(ids('Dockerfile', '# check=skip=SecretsUsedInArgOrEnv\nFROM alpine:3.20\n'), ['BH-D001@2']);
  });

  it('does not suppress the instruction after the next one', () => {
    assert.deepEqual(ids('Dockerfile', '# hadolint ignore=DL3002\nFROM alpine:3.20\nUSER root\n'), ['BH-D001@3']);
  });

  it('next-line suppressions cover the whole next instruction, continuation lines included', () => {
    const text = 'FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER \\\n  root\n';
    assert.deepEqual(ids('Dockerfile', text), []);
  });

  it('trivy and hadolint suppress the instruction right after them', () => {
    assert.deepEqual(ids('Dockerfile', 'FROM alpine:3.20\n# trivy:ignore:DS002\nUSER root\n'), []);
    assert.deepEqual(ids('Dockerfile', 'FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\n'), []);
  });

  it('reports an unused or misspelled suppression of ours as a hint with a removal fix', () => {
    const analysis = analyze(
      { path: 'Dockerfile', text: 'FROM alpine:3.20\n# bulkhead-ignore BH-D001\nUSER 1000\n' },
      defaultConfig,
      ruleSet,
    );
    assert.deepEqual(
      analysis.findings.map((f) => [f.ruleId, f.severity, f.range.start.line]),
      [['unused-suppression', 'hint', 1]],
    );
    assert.equal(analysis.findings[0]?.fixes[0]?.edits[0]?.newText, '');
    const typo = analyze(
      { path: 'Dockerfile', text: 'FROM alpine:3.20\n# bulkhead-ignore BH-D01\nUSER 1000\n' },
      defaultConfig,
      ruleSet,
    );
    assert.match(typo.findings[0]?.message ?? '', /Unknown rule id "BH-D01"/);
  });

  it("never reports other tools' pragmas as unused", () => {
    assert.deepEqual(ids('Dockerfile', 'FROM alpine:3.20\n# hadolint ignore=DL3008\nUSER 1000\n'), []);
  });

  it('honours kube-linter and Checkov annotations on the object', () => {
    const manifest = (annotation: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    ${annotation}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n`;
    assert.deepEqual(ids('pod.yaml', manifest('checkov.io/skip1: CKV_K8S_37=legacy image')), []);
    assert.deepEqual(ids('pod.yaml', manifest('example.com/other: x')), ['BH-K001@9']);
  });

  it('applies a YAML comment to the next content line, or to its own line when trailing', () => {
    const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n${containers}`;
    assert.deepEqual(ids('pod.yaml', pod('    # bulkhead-ignore BH-K001\n\n    - name: app\n')), []);
    assert.deepEqual(ids('pod.yaml', pod('    - name: app # bulkhead-ignore BH-K001 -- debug pod\n')), []);
    assert.deepEqual(ids('pod.yaml', pod('    - name: app\n      args: ["# bulkhead-ignore BH-K001"]\n')), [
      'BH-K001@5',
    ]);
  });

  it("normalises Trivy's three id spellings", () => {
    assert.equal(normalizePeerId('trivy', 'AVD-DS-0002'), 'DS002');
    assert.equal(normalizePeerId('trivy', 'DS-0002'), 'DS002');
    assert.equal(normalizePeerId('trivy', 'ds002'), 'DS002');
    assert.equal(normalizePeerId('trivy', 'KSV-0003'), 'KSV003');
  });
});

describe('governed suppressions', () => {
  const findings = (text: string, overrides: Parameters<typeof mergeConfig>[1]) =>
    analyze({ path: 'Dockerfile', text }, mergeConfig(defaultConfig, overrides), ruleSet).findings.map(
      (f) => `${f.ruleId}@${f.range.start.line + 1}`,
    );

  it('requireReason reports reasonless suppressions of every syntax, and they still suppress', () => {
    const text = 'FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\n';
    assert.deepEqual(findings(text, { requireReason: true }), ['suppression-without-reason@2']);
    assert.deepEqual(findings(text.replace('DL3002', 'DL3002 # needs root for the port'), { requireReason: true }), []);
    assert.deepEqual(
      findings('FROM alpine:3.20\n# bulkhead-ignore BH-D001 -- builder only\nUSER root\n', { requireReason: true }),
      [],
    );
    assert.deepEqual(findings(text, {}), []);
  });

  it('allowInlineSuppressions: false leaves only the configuration to turn findings off', () => {
    const text = 'FROM alpine:3.20\n# bulkhead-ignore BH-D001 -- trust me\nUSER root\n';
    assert.deepEqual(findings(text, { allowInlineSuppressions: false }), ['BH-D001@3']);
    assert.deepEqual(findings(text, { allowInlineSuppressions: false, rules: { 'BH-D001': 'off' } }), []);
  });
});
