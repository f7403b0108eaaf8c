import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretInArgOrEnv } from '../../rules/dockerfile/secret-in-arg-or-env';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig, mergeConfig } from '../../rules/engine/config';
import { fixture } from '../helpers/fixtures';
import { testRule } from '../helpers/rule-tester';

const token = 'ghp_Zq9aV3kXw7Lm2Rt5Yp8Nb4Cd6Ef1Gh0Ij2Kl';
const builderStage = fixture('rules', 'BH-D010', 'builder-stage.Dockerfile');
const inheritedEnv = fixture('rules', 'BH-D010', 'inherited-env.Dockerfile');

testRule(secretInArgOrEnv, {
  valid: [
    {
      name: 'names that only sound like secrets',
      text: 'FROM alpine:3.20\nENV NODE_VERSION=22 PUBLIC_KEY=abc PASSWORD_FILE=/run/secrets/db SECRET_NAME=app-db\n',
    },
    { name: 'a GPG key fingerprint', text: 'FROM python:3.12\nENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\n' },
    { name: 'a switch', text: 'FROM alpine:3.20\nENV AUTH_ENABLED=true\n' },
    { name: 'a path to a key file', text: 'FROM nginx:1.27\nENV SSL_KEY=/etc/ssl/private/server.key\n' },
    {
      name: 'a credentials-file variable with nothing copied there',
      text: 'FROM busybox:1.36\nENV GOOGLE_APPLICATION_CREDENTIALS=/credentials/google-storage-service.json\n',
    },
    {
      name: 'a global ARG named like a secret never reaches an image by itself',
      text: 'ARG NPM_TOKEN\nFROM node:22\n',
    },
    {
      name: 'a secret mount already',
      text: 'FROM node:22\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n',
    },
    { name: 'a commented-out ENV', text: 'FROM alpine:3.20\n# ENV DB_PASSWORD=hunter2\n' },
    {
      name: 'suppressed with our own comment',
      text: 'FROM alpine:3.20\n# bulkhead-ignore BH-D010 -- a local test database\nENV DB_PASSWORD=postgres\n',
    },
  ],
  invalid: [
    {
      name: 'ENV named like a secret, read by nothing in the Dockerfile: no fix (the app may read it)',
      text: 'FROM alpine:3.20\nENV DB_PASSWORD=hunter2\nCMD ["app"]\n',
      findings: [{ range: '2:5-2:16', message: /ENV "DB_PASSWORD" is named like a secret: .*\(the final stage\)/ }],
    },
    {
      name: 'ARG read from the environment by a tool: every later RUN gets the secret',
      text: 'FROM node:22-slim\nARG NPM_TOKEN\nCOPY package.json .npmrc ./\nRUN npm ci\n',
      findings: [{ range: '2:5-2:14', message: /ARG "NPM_TOKEN" is named like a secret: build-arg values/ }],
      fixed: [
        'FROM node:22-slim\nCOPY package.json .npmrc ./\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n',
      ],
    },
    {
      name: 'ARG named in one RUN: only that RUN gets the mount',
      text: 'FROM alpine:3.20\nARG API_TOKEN=dev\nRUN ./fetch --token "$API_TOKEN"\nRUN ./build\n',
      findings: [{ range: '2:5-2:14' }],
      fixed: [
        'FROM alpine:3.20\nRUN --mount=type=secret,id=api_token,env=API_TOKEN ./fetch --token "$API_TOKEN"\nRUN ./build\n',
      ],
    },
    {
      name: 'legacy ENV form with a token value',
      text: `FROM alpine:3.20\nENV GITHUB_TOKEN ${token}\nRUN \\\n    git clone https://x-access-token:\${GITHUB_TOKEN}@github.com/o/r.git\n`,
      findings: [{ range: '2:5-2:17', message: /holds a GitHub token/ }],
      fixed: [
        'FROM alpine:3.20\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN \\\n    git clone https://x-access-token:${GITHUB_TOKEN}@github.com/o/r.git\n',
      ],
    },
    {
      name: 'one pair of several, first on the line',
      text: 'FROM alpine:3.20\nENV SECRET_KEY=abc LOG_LEVEL=info\nRUN ./seed $SECRET_KEY\n',
      findings: [{ range: '2:5-2:15' }],
      fixed: [
        'FROM alpine:3.20\nENV LOG_LEVEL=info\nRUN --mount=type=secret,id=secret_key,env=SECRET_KEY ./seed $SECRET_KEY\n',
      ],
    },
    {
      name: 'several ARGs on one line: only the secret one (BuildKit and Trivy agree)',
      text: 'FROM busybox:1.36\nARG FOO=test GITHUB_TOKEN\n',
      findings: [{ range: '2:14-2:26' }],
    },
    {
      name: 'an innocent name holding an AWS key id',
      text: 'FROM alpine:3.20\nENV DEPLOY_ID=AKIAZ7Q3X5YV2LM4N8PB\n',
      findings: [{ range: '2:5-2:14', message: /holds an AWS access key id/ }],
    },
    {
      name: 'a password in a URL',
      text: 'FROM python:3.12-slim\nENV DATABASE_URL=postgres://app:s3cret@db:5432/app\n',
      findings: [{ range: '2:5-2:17', message: /holds a password in a URL/ }],
    },
    {
      name: 'a private key block',
      text: 'FROM alpine:3.20\nARG DEPLOY="-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEA"\n',
      findings: [{ range: '2:5-2:11', message: /holds a private key/ }],
    },
    {
      name: 'a global ARG holding a token is written in the Dockerfile',
      text: `ARG BOT_TOKEN_DEFAULT=${token}\nFROM alpine:3.20\n`,
      findings: [{ range: '1:5-1:22', message: /\(a global ARG\) holds a GitHub token/ }],
    },
    {
      name: 'builder stage: the fix mounts the secret on the RUN that names it',
      text: builderStage,
      findings: [
        { range: '2:5-2:20', message: /in builder stage "build" is named like a secret: the stage does not ship/ },
      ],
      fixed: [
        builderStage
          .replace('ARG GOPRIVATE_TOKEN\n', '')
          .replace('RUN git config', 'RUN --mount=type=secret,id=goprivate_token,env=GOPRIVATE_TOKEN git config'),
      ],
    },
    {
      name: 'ENV in a stage the final image builds on: the pair goes, the later stage gets the mount',
      text: inheritedEnv,
      findings: [{ range: '4:5-4:20', message: /stage "base", which the final image builds on/ }],
      fixed: [
        inheritedEnv
          .replace(' \\\n    MIRROR_PASSWORD=s3cr3t', '')
          .replace('RUN wget', 'RUN --mount=type=secret,id=mirror_password,env=MIRROR_PASSWORD wget'),
      ],
    },
    {
      name: 'read by a non-RUN instruction: no fix',
      text: 'FROM alpine:3.20\nENV AUTH_TOKEN=abc\nLABEL token=$AUTH_TOKEN\nRUN ./fetch $AUTH_TOKEN\n',
      findings: [{ range: '2:5-2:15' }],
    },
    {
      name: 'declared again later: no fix',
      text: 'FROM alpine:3.20\nARG API_TOKEN\nRUN ./fetch $API_TOKEN\nARG API_TOKEN=other\n',
      findings: [{ range: '2:5-2:14' }, { range: '4:5-4:14' }],
    },
    {
      name: 'CRLF line endings are kept',
      text: 'FROM alpine:3.20\r\nARG NPM_TOKEN\r\nRUN npm ci\r\n',
      findings: [{ range: '2:5-2:14' }],
      fixed: ['FROM alpine:3.20\r\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\r\n'],
    },
    {
      name: 'a backtick escape directive and continuation',
      text: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV APP_MODE=prod `\n    API_KEY=abc\nRUN setup.exe --key $API_KEY\n',
      findings: [{ range: '4:5-4:12' }],
      fixed: [
        '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV APP_MODE=prod\nRUN --mount=type=secret,id=api_key,env=API_KEY setup.exe --key $API_KEY\n',
      ],
    },
  ],
});

describe('BH-D010 severity and peer suppressions', () => {
  const run = (text: string, config = defaultConfig) =>
    analyze({ path: 'Dockerfile', text }, config, createRuleSet([secretInArgOrEnv], builtinRules)).findings.map(
      (finding) => `${finding.ruleId}@${finding.range.start.line + 1} ${finding.severity}`,
    );

  it('is an error in a shipped stage and a warning in a builder stage', () => {
    assert.deepEqual(run(builderStage), ['BH-D010@2 warning']);
    assert.deepEqual(run(inheritedEnv), ['BH-D010@4 error']);
  });

  it('never raises a builder finding above the severity the user configured', () => {
    const lowered = mergeConfig(defaultConfig, { rules: { 'BH-D010': 'information' } });
    assert.deepEqual(run(builderStage, lowered), ['BH-D010@2 information']);
    assert.deepEqual(run(inheritedEnv, lowered), ['BH-D010@4 information']);
  });

  const secretEnv = (comment: string) => `FROM alpine:3.20\n${comment}\nENV DB_PASSWORD=hunter2\n`;
  const cases: [string, string, string[]][] = [
    ['hadolint DL3064', '# hadolint ignore=DL3064', []],
    ['trivy DS-0031', '# trivy:ignore:DS-0031', []],
    ['trivy DS031', '# trivy:ignore:DS031', []],
    ['another hadolint rule', '# hadolint ignore=DL3008', ['BH-D010@3 error']],
  ];
  for (const [name, comment, expected] of cases) {
    it(`is suppressed by ${name}`, () => assert.deepEqual(run(secretEnv(comment)), expected));
  }

  it("honours BuildKit's check=skip directive", () => {
    assert.deepEqual(run('# check=skip=SecretsUsedInArgOrEnv\nFROM alpine:3.20\nENV DB_PASSWORD=x\n'), []);
  });
});
