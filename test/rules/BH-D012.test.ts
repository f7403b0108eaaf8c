import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretDeletedInLaterLayer } from '../../rules/dockerfile/secret-deleted-in-later-layer';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import { fixture } from '../helpers/fixtures';
import { formatRange, testRule } from '../helpers/rule-tester';

const continuedRun = fixture('rules', 'BH-D012', 'continued-run.Dockerfile');
const builderStage = fixture('rules', 'BH-D012', 'builder-stage.Dockerfile');

testRule(secretDeletedInLaterLayer, {
  valid: [
    { name: 'a path no COPY put in', text: 'FROM debian:12\nCOPY app /app\nRUN rm -rf /var/lib/apt/lists/*\n' },
    {
      name: 'a file a RUN downloaded',
      text: 'FROM debian:12\nRUN curl -fsSLo /tmp/app.tgz https://example.com/app.tgz && rm /tmp/app.tgz\n',
    },
    {
      name: 'an ordinary file in a builder stage',
      text: 'FROM debian:12 AS build\nCOPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz\nFROM debian:12-slim\n',
    },
    {
      name: 'moved away before the folder is removed',
      text: 'FROM ubuntu:24.04\nCOPY libssl.so.3 /usr/lib/linux-gnu/\nRUN mv /usr/lib/linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/ && rm -rf /usr/lib/linux-gnu/\n',
    },
    {
      name: 'a stage that does not build on the one that copied',
      text: 'FROM alpine:3.20 AS keys\nCOPY id_rsa /root/.ssh/\nFROM alpine:3.20\nRUN rm -f /root/.ssh/id_rsa\n',
    },
    {
      name: 'deleted before it was copied',
      text: 'FROM node:22\nRUN rm -f /app/.env\nCOPY .env.production /app/.env\n',
    },
    { name: 'an ordinary file inside a whole-context copy', text: 'FROM node:22\nCOPY . /app\nRUN rm -rf /app/test\n' },
    {
      name: 'a different working directory',
      text: 'FROM alpine:3.20\nWORKDIR /a\nCOPY creds.json .\nWORKDIR /b\nRUN rm creds.json\n',
    },
    {
      name: 'the home of a user that is not root is unknown',
      text: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nUSER app\nRUN rm ~/.ssh/id_rsa\n',
    },
    { name: 'the word rm in an argument', text: 'FROM alpine:3.20\nCOPY .env /app/\nRUN echo rm /app/.env\n' },
    {
      name: 'suppressed with our own comment',
      text: 'FROM alpine:3.20\nCOPY .env /app/\n# bulkhead-ignore BH-D012 -- dummy values for the test image\nRUN rm /app/.env\n',
    },
  ],
  invalid: [
    {
      name: 'the seeds\u2019 example: copied, used, deleted',
      text: 'FROM python:3.12-slim\nCOPY credentials.json /tmp/creds.json\nRUN use-creds /tmp/creds.json && rm /tmp/creds.json\n',
      findings: [
        {
          range: '3:37-3:52',
          message:
            /rm \/tmp\/creds\.json deletes a credentials file \(credentials\.json\), which COPY put in on line 2: it stays in that earlier layer of the final stage/,
        },
      ],
    },
    {
      name: 'relative to WORKDIR',
      text: 'FROM alpine/git:2.45.2\nWORKDIR /src\nCOPY id_rsa .\nRUN rm id_rsa\n',
      findings: [{ range: '4:8-4:14', message: /an SSH private key/ }],
    },
    {
      name: 'COPY into a folder: the file keeps its name',
      text: 'FROM node:22\nCOPY .npmrc /root/\nRUN npm ci && rm -f /root/.npmrc\n',
      findings: [{ range: '3:21-3:33' }],
    },
    {
      name: 'after cd',
      text: 'FROM alpine:3.20\nCOPY .env /srv/\nRUN cd /srv && rm .env\n',
      findings: [{ range: '3:19-3:23' }],
    },
    {
      name: "~ is root's home",
      text: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN rm ~/.ssh/id_rsa\n',
      findings: [{ range: '3:8-3:21' }],
    },
    {
      name: 'a glob, reported with the secret it removes',
      text: 'FROM nginx:1.27\nCOPY ca.pem server-key.pem /certs/\nRUN rm -rf /certs/*\n',
      findings: [{ range: '3:12-3:20', message: /deletes a private key \(server-key\.pem\)/ }],
    },
    {
      name: 'the folder around the file',
      text: 'FROM alpine:3.20\nCOPY deploy.key /tmp/keys/deploy.key\nRUN rm -rf /tmp/keys\n',
      findings: [{ range: '3:12-3:21' }],
    },
    {
      name: 'a secret inside a whole-context copy',
      text: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN rm -f .env\n',
      findings: [{ range: '4:11-4:15', message: /deletes a \.env file, which COPY put in on line 3/ }],
    },
    {
      name: 'an ordinary file in the final stage is a warning-level finding',
      text: 'FROM debian:12\nCOPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz\n',
      findings: [{ range: '3:41-3:53', message: /rm \/tmp\/app\.tgz deletes app\.tgz, which COPY put in on line 2/ }],
    },
    {
      name: 'copied in a stage the final one builds on',
      text: 'FROM node:22 AS base\nCOPY .env /app/.env\nFROM base\nRUN rm /app/.env\n',
      findings: [{ range: '4:8-4:17', message: /earlier layer of the final stage/ }],
    },
    {
      name: 'a path from an ARG',
      text: 'FROM alpine:3.20\nARG KEY_PATH=/tmp/deploy.pem\nCOPY deploy.pem $KEY_PATH\nRUN use $KEY_PATH && rm $KEY_PATH\n',
      findings: [{ range: '4:25-4:34' }],
    },
    {
      name: 'inside sh -c',
      text: 'FROM alpine:3.20\nCOPY .env /app/\nRUN sh -c "rm /app/.env"\n',
      findings: [{ range: '3:15-3:24' }],
    },
    { name: 'a continued RUN points at the path line', text: continuedRun, findings: [{ range: '7:7-7:22' }] },
    {
      name: 'a builder stage is named in the message',
      text: builderStage,
      findings: [{ range: '6:8-6:29', message: /earlier layer of builder stage "build"/ }],
    },
  ],
});

describe('BH-D012 severity and related location', () => {
  const run = (text: string) =>
    analyze({ path: 'Dockerfile', text }, defaultConfig, createRuleSet([secretDeletedInLaterLayer], builtinRules))
      .findings;

  it('is an error for a shipped credential, a warning for other files and for builder stages', () => {
    assert.deepEqual(
      run(continuedRun).map((finding) => finding.severity),
      ['error'],
    );
    assert.deepEqual(
      run('FROM debian:12\nCOPY app.tgz /tmp/\nRUN rm /tmp/app.tgz\n').map((finding) => finding.severity),
      ['warning'],
    );
    assert.deepEqual(
      run(builderStage).map((finding) => finding.severity),
      ['warning'],
    );
  });

  it('points back at the COPY source that added the file', () => {
    const [finding] = run(continuedRun);
    assert.deepEqual(
      finding?.related?.map((related) => `${formatRange(related.range)} ${related.message}`),
      ['2:6-2:22 COPY adds credentials.json to a layer here.'],
    );
  });
});
