import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { untrustedRegistry } from '../../rules/dockerfile/untrusted-registry';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig, mergeConfig } from '../../rules/engine/config';
import { defineRule } from '../../rules/engine/rule';
import { testRule } from '../helpers/rule-tester';

const allowedRegistries = ['registry.example.com', 'docker.io/library', '*.corp.example'];

/** The rule as a project with `allowedRegistries` set runs it; testRule itself uses the defaults. */
const configured = defineRule({
  ...untrustedRegistry,
  check: (model, context) =>
    untrustedRegistry.check(model, { ...context, config: { ...context.config, allowedRegistries } }),
});

const digest = `sha256:${'0'.repeat(64)}`;

testRule(configured, {
  valid: [
    { name: 'an allowed registry', text: 'FROM registry.example.com/base/python:3.12\n' },
    {
      name: 'official Docker Hub images, through the repository prefix',
      text: 'FROM python:3.12\nFROM docker.io/library/alpine:3.20\n',
    },
    { name: 'a wildcard host', text: 'FROM eu.corp.example/team/app:1.0\n' },
    {
      name: 'scratch and earlier stages',
      text: 'FROM registry.example.com/go:1.22 AS build\nFROM scratch\nFROM build\n',
    },
    { name: 'an image from a variable without default', text: 'ARG BASE\nFROM ${BASE}\n' },
    {
      name: 'COPY from an earlier stage, by name or index',
      text: 'FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b /a /a\nCOPY --from=0 /a /b\n',
    },
    {
      name: 'an allowed registry through an ARG default',
      text: 'ARG REGISTRY=registry.example.com\nFROM ${REGISTRY}/base/node:20\n',
    },
    { name: 'suppressed with hadolint', text: '# hadolint ignore=DL3026\nFROM ghcr.io/org/app:1\n' },
  ],
  invalid: [
    {
      name: 'a registry that is not allowed points at the registry',
      text: 'FROM ghcr.io/org/app:1.0\n',
      findings: [
        {
          range: '1:6-1:13',
          message:
            /"ghcr.io\/org\/app:1.0" of the final stage comes from ghcr.io, which is not in allowedRegistries \(registry.example.com, docker.io\/library, \*.corp.example\)/,
        },
      ],
    },
    {
      name: 'no registry means Docker Hub, outside the allowed official images',
      text: 'FROM bitnami/redis:7.2 AS cache\nFROM registry.example.com/app:1\n',
      findings: [
        { range: '1:6-1:19', message: /builder stage "cache" comes from docker.io \(no registry means Docker Hub\)/ },
      ],
    },
    {
      name: 'a lookalike of the wildcard host',
      text: 'FROM corp.example.evil.io/app:1\n',
      findings: [{ range: '1:6-1:26' }],
    },
    {
      name: 'a registry through an ARG default points at the variable part',
      text: 'ARG REGISTRY=quay.io\nFROM ${REGISTRY}/org/app:1\n',
      findings: [{ range: '2:6-2:17', message: /"quay.io\/org\/app:1"/ }],
    },
    {
      name: 'a literal registry with a variable tag points at the registry',
      text: 'ARG V=9.5.1\nFROM docker.elastic.co/elasticsearch/elasticsearch:${V}\n',
      findings: [{ range: '2:6-2:23' }],
    },
    {
      name: 'COPY --from and RUN --mount from an image',
      text: `FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv:0.4@${digest} /uv /bin/uv\nRUN --mount=type=bind,from=quay.io/org/tools:1,source=/t,target=/t /t/run\n`,
      findings: [
        {
          range: '2:13-2:20',
          message: /The image "ghcr.io\/astral-sh\/uv:0.4@sha256:0+" \(COPY --from\) in the final stage/,
        },
        { range: '3:28-3:35', message: /\(RUN --mount from\)/ },
      ],
    },
  ],
});

describe('BH-D006 without allowedRegistries', () => {
  it('reports nothing, as the list is empty by default', () => {
    const ruleSet = createRuleSet([untrustedRegistry], builtinRules);
    const text = 'FROM ghcr.io/org/app:1\nCOPY --from=quay.io/x/y:1 /a /a\n';
    assert.deepEqual(analyze({ path: 'Dockerfile', text }, defaultConfig, ruleSet).findings, []);
  });

  it('reports once the configuration lists registries', () => {
    const ruleSet = createRuleSet([untrustedRegistry], builtinRules);
    const config = mergeConfig(defaultConfig, { allowedRegistries: ['docker.io'] });
    const findings = analyze(
      { path: 'Dockerfile', text: 'FROM ghcr.io/org/app:1\nFROM alpine:3.20\n' },
      config,
      ruleSet,
    ).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, f.range.start.line]),
      [['BH-D006', 'error', 0]],
    );
  });
});
