import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rootUser } from '../../rules/dockerfile/root-user';
import { analyze, configuredSeverity, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig, mergeConfig, parseConfig } from '../../rules/engine/config';
import { defineRule } from '../../rules/engine/rule';
import { defaultRuleSet } from '../../rules/index';

const known = new Set(defaultRuleSet.byId.keys());

describe('.bulkhead.yaml', () => {
  it('reads every setting', () => {
    const { config, errors } = parseConfig(
      '.bulkhead.yaml',
      'profile: strict\nrules:\n  BH-D001: warning\n  BH-K001: off\nignore:\n  - vendor/**\npodSecurity:\n  level: baseline\n  version: v1.30\nallowedRegistries: [registry.example.com]\n',
      known,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(config, {
      profile: 'strict',
      rules: { 'BH-D001': 'warning', 'BH-K001': 'off' },
      ignore: ['vendor/**'],
      podSecurity: { level: 'baseline', version: 'v1.30' },
      allowedRegistries: ['registry.example.com'],
    });
  });

  it('reports each problem with its location instead of defaulting silently', () => {
    const { errors } = parseConfig(
      '.bulkhead.yaml',
      'rules:\n  BH-D999: off\n  BH-D001: loud\npodSecurity:\n  version: 1.30\nprofil: strict\n',
      known,
    );
    assert.deepEqual(
      errors.map((error) => [
        error.range.start.line + 1,
        error.range.start.character + 1,
        error.message.split(/[.:]/)[0],
      ]),
      [
        [2, 3, 'Unknown rule id "BH-D999"'],
        [3, 12, 'Rule "BH-D001" must be one of'],
        [5, 12, '"podSecurity'],
        [6, 1, 'Unknown setting "profil"'],
      ],
    );
  });

  it('reports YAML syntax errors', () => {
    const { errors } = parseConfig('.bulkhead.yaml', 'rules: [\n', known);
    assert.match(errors[0]?.message ?? '', /YAML syntax error/);
  });

  it('turns rules off and changes their severity', () => {
    const text = 'FROM alpine:3.20\n';
    const severityOf = (rules: Record<string, 'off' | 'hint'>) =>
      analyze(
        { path: 'Dockerfile', text },
        mergeConfig(defaultConfig, { rules }),
        createRuleSet([rootUser], builtinRules),
      ).findings.map((f) => f.severity);
    assert.deepEqual(severityOf({}), ['error']);
    assert.deepEqual(severityOf({ 'BH-D001': 'hint' }), ['hint']);
    assert.deepEqual(severityOf({ 'BH-D001': 'off' }), []);
  });

  it('enables a strict-profile rule only under the strict profile or when turned on', () => {
    const strictRule = { ...rootUser, profile: 'strict' as const };
    assert.equal(configuredSeverity(strictRule, defaultConfig), undefined);
    assert.equal(configuredSeverity(strictRule, mergeConfig(defaultConfig, { profile: 'strict' })), 'error');
    assert.equal(configuredSeverity(strictRule, mergeConfig(defaultConfig, { rules: { 'BH-D001': 'on' } })), 'error');
  });
});

describe('maxFileSize', () => {
  it('replaces the check of a larger file by one notice, and leaves unrelated files alone', () => {
    const config = mergeConfig(defaultConfig, { maxFileSize: 64 });
    const big = `FROM alpine:3.20\n${'RUN echo hello\n'.repeat(10)}`;
    const findings = analyze({ path: 'Dockerfile', text: big }, config, defaultRuleSet).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [['file-too-large', 'information']],
    );
    assert.equal(
      analyze({ path: 'big.yaml', text: `apiVersion: v1\nkind: Pod\n${'# pad\n'.repeat(20)}` }, config, defaultRuleSet)
        .kind,
      'kubernetes',
    );
    assert.equal(
      analyze({ path: 'big.yaml', text: `name: ci\n${'# pad\n'.repeat(20)}` }, config, defaultRuleSet).kind,
      undefined,
    );
  });

  it('is read from .bulkhead.yaml', () => {
    assert.deepEqual(parseConfig('.bulkhead.yaml', 'maxFileSize: 1048576\n', known).config, { maxFileSize: 1048576 });
    assert.match(
      parseConfig('.bulkhead.yaml', 'maxFileSize: big\n', known).errors[0]?.message ?? '',
      /positive number of bytes/,
    );
  });
});

describe('per-finding severity', () => {
  const demoting = defineRule({
    ...rootUser,
    check(_model, { report }) {
      report({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
        message: 'builder stage',
        severity: 'warning',
      });
    },
  });
  const severityWith = (rules: Record<string, 'error' | 'hint'>) =>
    analyze(
      { path: 'Dockerfile', text: 'FROM alpine:3.20\n' },
      mergeConfig(defaultConfig, { rules }),
      createRuleSet([demoting], builtinRules),
    ).findings[0]?.severity;

  it('may lower a finding below the rule severity, never raise it above the configured one', () => {
    assert.equal(severityWith({}), 'warning');
    assert.equal(severityWith({ 'BH-D001': 'error' }), 'warning');
    assert.equal(severityWith({ 'BH-D001': 'hint' }), 'hint');
  });
});

describe('suppression governance settings', () => {
  it('are read from .bulkhead.yaml as booleans', () => {
    assert.deepEqual(
      parseConfig('.bulkhead.yaml', 'requireReason: true\nallowInlineSuppressions: false\n', known).config,
      {
        requireReason: true,
        allowInlineSuppressions: false,
      },
    );
    assert.match(
      parseConfig('.bulkhead.yaml', 'requireReason: yes please\n', known).errors[0]?.message ?? '',
      /true or false/,
    );
  });
});
