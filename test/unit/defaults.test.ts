import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rootUser } from '../../rules/dockerfile/root-user';
import { analyze, configuredSeverity, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig, mergeConfig, parseConfig } from '../../rules/engine/config';
import { defineRule } from '../../rules/engine/rule';
import { allRules, defaultRuleSet } from '../../rules/index';
import { dropAllCapabilities } from '../../rules/kubernetes/drop-all-capabilities';
import { seccompProfile } from '../../rules/kubernetes/seccomp-profile';
import { normalizeSettings } from '../../server/settings';
import { latestProfileVersion, parseProfile, profileSettings } from '../../shared/settings';
import { repoRoot } from '../helpers/cli';

const known = new Set(defaultRuleSet.byId.keys());
const errorsOf = (text: string) =>
  parseConfig('/repo/.bulkhead.yaml', text, known).errors.map(
    (error) => `${error.range.start.line + 1}:${error.range.start.character + 1} ${error.message}`,
  );

/** A rule as a later release would add it: it entered profile version 2. */
const futureRule = defineRule({
  ...rootUser,
  id: 'BH-D999',
  title: 'A rule from the next profile version',
  since: 2,
  check(_model, { report }) {
    report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, message: 'new' });
  },
});

describe('versioned profiles', () => {
  const ruleSet = createRuleSet([rootUser, futureRule], builtinRules);
  const ruleIds = (profile: string) =>
    analyze(
      { path: 'Dockerfile', text: 'FROM alpine:3.20\n' },
      mergeConfig(defaultConfig, { profile } as never),
      ruleSet,
    )
      .findings.map((finding) => finding.ruleId)
      .sort();

  it('a rule that entered profile version 2 is off under recommended@1 and on under unpinned recommended', () => {
    assert.deepEqual(ruleIds('recommended@1'), ['BH-D001']);
    assert.deepEqual(ruleIds('strict@1'), ['BH-D001']);
    assert.deepEqual(ruleIds('recommended'), ['BH-D001', 'BH-D999']);
    assert.deepEqual(ruleIds('strict'), ['BH-D001', 'BH-D999']);
  });

  it('a pinned profile keeps the defaults a rule had in that version; naming the rule still wins', () => {
    const promoted = {
      ...rootUser,
      severity: 'error' as const,
      earlierDefaults: [{ through: 1, severity: 'warning' as const, profile: 'strict' as const }],
    };
    const at = (profile: string, rules = {}) =>
      configuredSeverity(promoted, mergeConfig(defaultConfig, { profile, rules } as never));
    assert.equal(at('recommended'), 'error');
    assert.equal(at('recommended@1'), undefined, 'it was a strict rule in version 1');
    assert.equal(at('strict@1'), 'warning');
    assert.equal(at('recommended@1', { 'BH-D001': 'on' }), 'warning');
    assert.equal(
      configuredSeverity(
        futureRule,
        mergeConfig(defaultConfig, { profile: 'recommended@1', rules: { 'BH-D999': 'on' } }),
      ),
      'error',
    );
  });

  it('every shipped rule belongs to a released profile version, and the settings schema lists every profile', () => {
    for (const rule of [...allRules, ...builtinRules])
      assert.ok((rule.since ?? 1) <= latestProfileVersion, `${rule.id} since ${rule.since}`);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.configuration.properties['bulkhead.profile'].enum, profileSettings);
  });

  it('accepts name@N in .bulkhead.yaml and reports bad versions where they are written', () => {
    assert.deepEqual(parseConfig('.bulkhead.yaml', 'profile: recommended@1\n', known).config, {
      profile: 'recommended@1',
    });
    for (const bad of ['recommended@0', 'recommended@x', 'strict@', `recommended@${latestProfileVersion + 1}`, 'lax']) {
      const [error] = errorsOf(`profile: ${bad}\n`);
      assert.match(error ?? '', /^1:10 "profile" must be recommended or strict, optionally pinned/, bad);
    }
    assert.equal(parseProfile('strict@1')?.version, 1);
    assert.equal(normalizeSettings({ profile: 'strict@1' }).profile, 'strict@1');
    assert.equal(normalizeSettings({ profile: 'strict@9' }).profile, 'recommended');
  });
});

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n`;

describe('suppress: in .bulkhead.yaml', () => {
  const ruleSet = createRuleSet([dropAllCapabilities, seccompProfile], builtinRules);
  const scan = (path: string, config: string, text = `${deployment('web')}---\n${deployment('api')}`) => {
    const parsed = parseConfig('/repo/.bulkhead.yaml', config, known);
    assert.deepEqual(parsed.errors, []);
    const analysis = analyze({ path, text }, mergeConfig(defaultConfig, parsed.config), ruleSet);
    return {
      kept: analysis.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`),
      suppressed: analysis.suppressed.map(
        ({ finding, by }) => `${finding.ruleId}@${finding.range.start.line + 1} ${by.syntax} ${by.reason}`,
      ),
    };
  };

  it('suppresses by path glob relative to the configuration file, and by resource', () => {
    const byPath = 'suppress:\n  - rule: BH-K001\n    paths: ["vendor/**"]\n    reason: vendored chart\n';
    assert.deepEqual(scan('/repo/vendor/chart/app.yaml', byPath).kept, ['BH-K010@10', 'BH-K010@22']);
    assert.deepEqual(scan('/repo/k8s/app.yaml', byPath).kept, ['BH-K001@10', 'BH-K010@10', 'BH-K001@22', 'BH-K010@22']);

    const byResource =
      'suppress:\n  - rule: [BH-K001, BH-K010]\n    resource: Deployment/shop/api\n    reason: legacy\n';
    const result = scan('/repo/k8s/app.yaml', byResource);
    assert.deepEqual(result.kept, ['BH-K001@10', 'BH-K010@10']);
    assert.deepEqual(result.suppressed, ['BH-K001@22 config legacy', 'BH-K010@22 config legacy']);
  });

  it('selects Compose services and Dockerfile stages by name', () => {
    const compose = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
    const composeRules = createRuleSet(
      allRules.filter((rule) => rule.id === 'BH-C001'),
      builtinRules,
    );
    const config = (resource: string, rule = 'BH-C001') =>
      mergeConfig(
        defaultConfig,
        parseConfig('/repo/.bulkhead.yaml', `suppress:\n  - {rule: ${rule}, resource: ${resource}}\n`, known).config,
      );
    assert.equal(
      analyze({ path: '/repo/compose.yaml', text: compose }, config('service/web'), composeRules).findings.length,
      0,
    );
    assert.equal(
      analyze({ path: '/repo/compose.yaml', text: compose }, config('service/db'), composeRules).findings.length,
      1,
    );
    const dockerRules = createRuleSet([rootUser], builtinRules);
    const dockerfile = 'FROM alpine:3.20 AS runtime\nUSER root\n';
    assert.equal(
      analyze({ path: '/repo/Dockerfile', text: dockerfile }, config('stage/runtime', 'BH-D001'), dockerRules).findings
        .length,
      0,
    );
    assert.equal(
      analyze({ path: '/repo/Dockerfile', text: dockerfile }, config('stage/0', 'BH-D001'), dockerRules).findings
        .length,
      0,
    );
  });

  it('reports mistakes with their location, and a missing reason when requireReason is on', () => {
    assert.deepEqual(
      errorsOf(
        'requireReason: true\nsuppress:\n  - rule: BH-K999\n    paths: [vendor/**]\n    reason: x\n  - rule: BH-K001\n    resource: web\n  - rule: BH-K001\n    paths: [vendor/**]\n  - {rule: BH-K001, reason: everywhere}\n  - {rule: BH-K001, paths: [a], colour: red}\n',
      ).map((error) => error.split(/[.;(]/)[0]),
      [
        '3:11 Unknown rule id "BH-K999"',
        '7:15 "resource" must be Kind/name or Kind/namespace/name ',
        '10:5 This suppression needs "paths" or "resource"',
        '11:33 Unknown suppress setting "colour"',
        '8:5 requireReason is on: this suppression needs a "reason"',
      ],
    );
    assert.match(errorsOf('suppress: {rule: BH-K001}\n')[0] ?? '', /^2:11|^1:11 "suppress" must be a list/);
  });

  it('annotation exemptions count only while allowManifestAnnotations (and inline suppressions) are allowed', () => {
    const annotated = deployment('web').replace(
      '  namespace: shop\n',
      '  namespace: shop\n  annotations:\n    checkov.io/skip1: CKV_K8S_37=reviewed\n',
    );
    const ids = (overrides: Parameters<typeof mergeConfig>[1]) =>
      analyze(
        { path: 'app.yaml', text: annotated },
        mergeConfig(defaultConfig, overrides),
        createRuleSet([dropAllCapabilities], builtinRules),
      ).findings.map((f) => f.ruleId);
    assert.deepEqual(ids({}), []);
    assert.deepEqual(ids({ allowManifestAnnotations: false }), ['BH-K001']);
    assert.deepEqual(ids({ allowInlineSuppressions: false }), ['BH-K001']);
    assert.deepEqual(parseConfig('.bulkhead.yaml', 'allowManifestAnnotations: false\n', known).config, {
      allowManifestAnnotations: false,
    });
  });
});
