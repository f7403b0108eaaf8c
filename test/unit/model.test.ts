import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from 'yaml';
import { analyze } from '../../rules/engine/analyze';
import { defaultConfig } from '../../rules/engine/config';
import { defaultRuleSet } from '../../rules/index';
import type { KubernetesModel } from '../../rules/model/kubernetes';
import { kindFromName, parseFile } from '../../rules/model/parse';
import { fixture } from '../helpers/fixtures';

function kubernetes(text: string): KubernetesModel {
  const outcome = parseFile('manifest.yaml', text);
  assert.equal(outcome.kind, 'kubernetes');
  assert.ok(outcome.kind && outcome.model?.kind === 'kubernetes');
  return outcome.model;
}

const scalar = (node: Node | null | undefined) => (node as { value?: unknown } | null | undefined)?.value;

describe('file kinds', () => {
  const names: [string, string | undefined, string | undefined][] = [
    ['Dockerfile', undefined, 'dockerfile'],
    ['Containerfile', undefined, 'dockerfile'],
    ['api.Dockerfile', undefined, 'dockerfile'],
    ['Dockerfile.prod', undefined, 'dockerfile'],
    ['build/dockerfile', undefined, 'dockerfile'],
    ['compose.yaml', undefined, 'compose'],
    ['docker-compose.override.yml', undefined, 'compose'],
    ['deploy.yaml', undefined, 'yaml'],
    ['notes.txt', 'dockerfile', 'dockerfile'],
    ['anything', 'dockercompose', 'compose'],
    ['README.md', undefined, undefined],
  ];
  for (const [path, languageId, kind] of names) {
    it(`${path}${languageId ? ` (${languageId})` : ''} → ${kind}`, () =>
      assert.equal(kindFromName(path, languageId), kind));
  }

  it('decides YAML by content and leaves other YAML alone', () => {
    assert.equal(parseFile('x.yaml', 'apiVersion: v1\nkind: Pod\n').kind, 'kubernetes');
    assert.equal(parseFile('x.yaml', 'services:\n  web:\n    image: nginx\n').kind, 'compose');
    assert.equal(parseFile('ci.yml', 'on: push\njobs:\n  build: {}\n').kind, undefined);
    assert.equal(parseFile('openapi.yaml', 'openapi: 3.0.0\ninfo: {title: x}\npaths: {}\n').kind, undefined);
    assert.equal(parseFile('broken.yaml', 'apiVersion: v1\nkind: Pod\nspec: [\n').kind, 'kubernetes');
    assert.equal(parseFile('broken.yaml', 'foo: [\n').kind, undefined);
  });
});

describe('Kubernetes model', () => {
  it('finds the pod spec of every workload kind, in List items too', () => {
    const model = kubernetes(fixture('model', 'workloads.yaml'));
    assert.deepEqual(
      model.containers.map((container) => `${container.podSpec.owner.kind}/${container.group}/${container.name}`),
      [
        'Pod/containers/pod',
        'Deployment/initContainers/init',
        'Deployment/containers/deployment',
        'CronJob/containers/cron',
        'DaemonSet/ephemeralContainers/debug',
        'Job/containers/listed-job',
      ],
    );
    assert.deepEqual(
      model.objects.map((object) => `${object.kind}:${object.name}`),
      ['Pod:pod', 'Deployment:deployment', 'CronJob:cron', 'DaemonSet:daemon', 'ConfigMap:config', 'Job:listed'],
    );
  });

  it('merges the pod security context into each container; the container wins', () => {
    const model = kubernetes(fixture('model', 'security-context.yaml'));
    const [inherits, overrides] = model.containers;
    assert.ok(inherits && overrides);
    const effective = (container: typeof inherits, field: string) => {
      const setting = container.effectiveSecurityContext.get(field);
      return setting && `${String(scalar(setting.value))}@${setting.level}`;
    };
    assert.equal(effective(inherits, 'runAsNonRoot'), 'true@pod');
    assert.equal(effective(inherits, 'runAsUser'), '1000@pod');
    assert.equal(effective(overrides, 'runAsUser'), '0@container');
    assert.equal(effective(overrides, 'runAsNonRoot'), 'true@pod');
    assert.equal(effective(overrides, 'privileged'), 'false@container');
    assert.equal(effective(inherits, 'fsGroup'), undefined, 'pod-only fields are not container settings');
  });

  it('follows anchors and aliases without expanding them', () => {
    const model = kubernetes(
      'apiVersion: v1\nkind: Pod\nspec:\n  securityContext: &sc {runAsUser: 7}\n  containers:\n    - name: a\n      securityContext: *sc\n',
    );
    assert.equal(scalar(model.containers[0]?.effectiveSecurityContext.get('runAsUser')?.value), 7);
  });

  it('keeps checking the documents that parse when another one does not', () => {
    const outcome = parseFile(
      'm.yaml',
      'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: ok}]\n---\napiVersion: v1\nkind: Pod\nspec: [\n',
    );
    assert.equal(outcome.kind, 'kubernetes');
    assert.ok(outcome.kind && outcome.problem);
    assert.equal(outcome.problem.range.start.line, 8, 'the unclosed [ is reported where the file ends');
    assert.deepEqual(outcome.model?.kind === 'kubernetes' && outcome.model.containers.map((c) => c.name), ['ok']);
  });
});

describe('Dockerfile parse problems', () => {
  it('an unterminated heredoc is a parse error at its name, the rules still run, and --fix leaves the file alone (fuzz regression)', () => {
    const text = 'FROM alpine:3.20\nRUN <<EOF\napk add curl\n';
    const { findings } = analyze({ path: 'Dockerfile', text }, defaultConfig, defaultRuleSet);
    assert.deepEqual(
      findings.map((finding) => [finding.ruleId, finding.range.start.line, finding.range.start.character]),
      [
        ['BH-D001', 0, 5],
        ['parse-error', 1, 6],
      ],
    );
    assert.match(findings[1]?.message ?? '', /Unterminated heredoc: the closing "EOF" line is missing/);
  });

  it('a terminated heredoc, several heredocs and COPY heredocs are no problem', () => {
    const text = 'FROM alpine:3.20\nRUN <<A <<B\necho a\nA\necho b\nB\nCOPY <<EOF /etc/motd\nhello\nEOF\nUSER 10001\n';
    const { findings } = analyze({ path: 'Dockerfile', text }, defaultConfig, defaultRuleSet);
    assert.deepEqual(
      findings.map((finding) => finding.ruleId),
      [],
    );
  });
});
