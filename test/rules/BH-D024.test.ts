import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sudo } from '../../rules/dockerfile/sudo';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import { testRule } from '../helpers/rule-tester';

testRule(sudo, {
  valid: [
    { name: 'no sudo', text: 'FROM debian:12\nRUN apt-get update\n' },
    {
      name: 'installing the sudo package is not using it',
      text: 'FROM debian:12\nRUN apt-get install -y sudo sudoku\n',
    },
    { name: 'sudo as an argument', text: 'FROM debian:12\nRUN echo sudo && usermod -aG sudo app\n' },
    { name: 'sudo in quoted text', text: 'FROM debian:12\nRUN echo "sudo make me a sandwich"\n' },
    { name: 'suppressed with our own comment', text: 'FROM debian:12\n# bulkhead-ignore BH-D024\nRUN sudo true\n' },
    { name: 'suppressed with hadolint DL3004', text: 'FROM debian:12\n# hadolint ignore=DL3004\nRUN sudo true\n' },
    { name: 'suppressed with trivy DS-0010', text: 'FROM debian:12\n# trivy:ignore:DS-0010\nRUN sudo true\n' },
    {
      name: 'suppressed with checkov (whole file)',
      text: '#checkov:skip=CKV2_DOCKER_1:CI image\nFROM debian:12\nRUN sudo true\n',
    },
  ],
  invalid: [
    {
      name: 'root by default: the word and its space are removed',
      text: 'FROM debian:12\nRUN sudo apt-get update && sudo apt-get install -y curl\n',
      findings: [
        { range: '2:5-2:9', message: /sudo in the final stage, which already runs as root/ },
        { range: '2:28-2:32' },
      ],
      fixed: ['FROM debian:12\nRUN apt-get update && sudo apt-get install -y curl\n'],
    },
    {
      name: 'USER root, sudo -E and a continuation',
      text: 'FROM ubuntu:24.04\nUSER root\nRUN apt-get update \\\n && sudo -E apt-get install -y curl\n',
      findings: [{ range: '4:5-4:9' }],
      fixed: ['FROM ubuntu:24.04\nUSER root\nRUN apt-get update \\\n && apt-get install -y curl\n'],
    },
    {
      name: 'after a non-root USER: no fix, say what to do',
      text: 'FROM debian:12\nRUN useradd app\nUSER app\nRUN sudo apt-get install -y curl\n',
      findings: [{ range: '4:5-4:9', message: /runs as "app" here.*before USER app, or switch to USER root/ }],
    },
    {
      name: 'the USER of a parent stage counts',
      text: 'FROM debian:12 AS base\nUSER 1000\nFROM base\nRUN sudo make install\n',
      findings: [{ range: '4:5-4:9', message: /runs as "1000"/ }],
    },
    {
      name: 'sudo -u another user: no fix',
      text: 'FROM postgres:16\nRUN sudo -u postgres initdb\n',
      findings: [{ range: '2:5-2:9', message: /sudo -u postgres .* USER postgres/ }],
    },
    {
      name: 'an unknown base image: the fix is offered, not preferred',
      text: 'FROM example.com/ci-runner:2\nRUN sudo make install\n',
      findings: [{ range: '2:5-2:9', message: /base image's default/ }],
      fixed: ['FROM example.com/ci-runner:2\nRUN make install\n'],
    },
    {
      name: 'after then, in a builder stage',
      text: 'FROM alpine:3.20 AS build\nRUN if [ -f x ]; then sudo apk add make; fi\nFROM scratch\n',
      findings: [{ range: '2:23-2:27', message: /builder stage "build"/ }],
      fixed: ['FROM alpine:3.20 AS build\nRUN if [ -f x ]; then apk add make; fi\nFROM scratch\n'],
    },
    {
      name: 'inside sh -c and a heredoc',
      text: 'FROM debian:12\nRUN sh -c "sudo ls"\nRUN <<EOF\nsudo ls\nEOF\n',
      findings: [{ range: '2:12-2:16' }, { range: '4:1-4:5' }],
      fixed: ['FROM debian:12\nRUN sh -c "ls"\nRUN <<EOF\nsudo ls\nEOF\n'],
    },
  ],
});

describe('BH-D024 removes sudo automatically only where the step runs as root', () => {
  const ruleSet = createRuleSet([sudo], builtinRules);
  const fixOf = (text: string) => analyze({ path: 'Dockerfile', text }, defaultConfig, ruleSet).findings[0]?.fixes[0];

  it('is preferred on an official base without USER, and after USER root', () => {
    assert.equal(fixOf('FROM node:20\nRUN sudo npm i -g pnpm\n')?.isPreferred, true);
    assert.equal(fixOf('FROM example.com/runner:2\nUSER root\nRUN sudo make install\n')?.isPreferred, true);
  });

  it('is not preferred when the base image default user is unknown', () => {
    assert.equal(fixOf('FROM example.com/runner:2\nRUN sudo make install\n')?.isPreferred, false);
  });
});
