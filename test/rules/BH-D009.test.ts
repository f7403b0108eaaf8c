import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unpinnedPackages } from '../../rules/dockerfile/unpinned-packages';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig, mergeConfig } from '../../rules/engine/config';
import { defineRule } from '../../rules/engine/rule';
import { testRule } from '../helpers/rule-tester';

/** testRule runs the default profile, where this `strict` rule is off: test it as if it were on. */
const switchedOn = defineRule({ ...unpinnedPackages, profile: 'recommended' });

testRule(switchedOn, {
  valid: [
    {
      name: 'pinned apt, apk, pip and npm packages',
      text: 'FROM debian:12\nRUN apt-get install -y curl=7.88.1-10 nginx/bookworm-backports ./local.deb \\\n && apk add musl~1.2 busybox>1.36 ./pkg.apk \\\n && pip install requests==2.32.3 "flask>=3,<4" ./wheels/app.whl . \\\n && npm install -g typescript@5.5.4 @angular/cli@18.0.1 ./lib git+https://github.com/o/r.git#abc123\n',
    },
    {
      name: 'a requirements file, an editable install and a constraints file',
      text: 'FROM python:3.12\nRUN pip install -r requirements.txt -e ./src && pip install -c constraints.txt flask\n',
    },
    {
      name: 'python -m pip with a pin',
      text: 'FROM python:3.12\nRUN python3 -m pip install --no-cache-dir uvicorn==0.30.1\n',
    },
    { name: 'npm install and npm ci from the lock file', text: 'FROM node:20\nRUN npm ci && npm install --omit=dev\n' },
    {
      name: 'packages from shell variables are not guessed',
      text: 'FROM debian:12\nRUN apt-get install -y $BUILD_DEPS "${RUNTIME_DEPS}"\n',
    },
    {
      name: 'other commands',
      text: 'FROM debian:12\nRUN apt-get update && apt-get upgrade -y && pip download flask && echo apt-get install x\n',
    },
    {
      name: 'apt option values are not packages',
      text: 'FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confnew -t bookworm install -y vim=2:9.0.1378-2\n',
    },
    {
      name: 'suppressed with hadolint',
      text: 'FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\n',
    },
    {
      name: 'suppressed with our own comment',
      text: 'FROM debian:12\n# bulkhead-ignore BH-D009\nRUN apt-get install -y curl\n',
    },
  ],
  invalid: [
    {
      name: 'apt-get install, each package at its word',
      text: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      ca-certificates=20230311 \\\n      curl \\\n      git\n',
      findings: [
        {
          range: '5:7-5:11',
          message: /"curl" is installed without a version in the final stage: pin it \(curl=<version>\)/,
        },
        { range: '6:7-6:10' },
      ],
    },
    {
      name: 'apk add with a --virtual group name that is not a package',
      text: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps gcc=13.2.1_git20240309-r0 curl\n',
      findings: [{ range: '2:66-2:70' }],
    },
    {
      name: 'pip and python -m pip',
      text: 'FROM python:3.12 AS build\nRUN pip3 install --upgrade pip && python -m pip install -r req.txt gunicorn\nFROM python:3.12-slim\n',
      findings: [
        { range: '2:28-2:31', message: /"pip".*in builder stage "build".*pip==<version>/ },
        { range: '2:68-2:76' },
      ],
    },
    {
      name: 'npm install -g, scoped packages and @latest',
      text: 'FROM node:20\nRUN npm install -g pnpm @nestjs/cli npm@latest && npm i left-pad\n',
      findings: [
        { range: '2:20-2:24', message: /pnpm@<version>/ },
        { range: '2:25-2:36' },
        { range: '2:37-2:47' },
        { range: '2:57-2:65' },
      ],
    },
    {
      name: 'apt install and sudo',
      text: 'FROM ubuntu:24.04\nRUN sudo apt install -y htop\n',
      findings: [{ range: '2:25-2:29' }],
    },
  ],
});

describe('BH-D009 profile', () => {
  const ruleSet = createRuleSet([unpinnedPackages], builtinRules);
  const text = 'FROM debian:12\nRUN apt-get install -y curl\n';

  it('is off in the default profile', () => {
    assert.deepEqual(analyze({ path: 'Dockerfile', text }, defaultConfig, ruleSet).findings, []);
  });

  it('reports information in the strict profile', () => {
    const strict = mergeConfig(defaultConfig, { profile: 'strict' });
    const findings = analyze({ path: 'Dockerfile', text }, strict, ruleSet).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [['BH-D009', 'information']],
    );
  });
});
