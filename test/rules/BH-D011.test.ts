import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretFileCopied } from '../../rules/dockerfile/secret-file-copied';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import { fixture } from '../helpers/fixtures';
import { formatRange, testRule } from '../helpers/rule-tester';

const builderContext = fixture('rules', 'BH-D011', 'builder-context.Dockerfile');

testRule(secretFileCopied, {
  valid: [
    {
      name: 'COPY --from copies from a stage, not the build context',
      text: 'FROM alpine:3.20 AS keys\nFROM alpine:3.20\nCOPY --from=keys /root/.ssh/id_rsa /tmp/key\n',
    },
    { name: 'a CA certificate', text: 'FROM alpine:3.20\nCOPY ca.pem /usr/local/share/ca-certificates/ca.crt\n' },
    { name: 'an APT signing key', text: 'FROM debian:12\nCOPY nodesource.gpg.key /etc/apt/keyrings/\n' },
    { name: 'a public key as authorized_keys', text: 'FROM alpine:3.20\nCOPY id_rsa.pub /root/.ssh/authorized_keys\n' },
    { name: 'an .env template', text: 'FROM node:22\nCOPY .env.example /app/.env.example\n' },
    { name: 'a download', text: 'FROM alpine:3.20\nADD https://example.com/certs/server.pem /etc/ssl/\n' },
    { name: 'ordinary files and folders', text: 'FROM node:22\nCOPY package.json src/ /app/\n' },
    {
      name: 'a heredoc is written in the Dockerfile, not copied',
      text: 'FROM alpine:3.20\nCOPY <<EOF /app/.env\nMODE=dev\nEOF\n',
    },
    {
      name: 'a credentials-file variable pointing outside what was copied (Trivy agrees)',
      text: 'FROM busybox:1.36\nCOPY /src /src\nENV GOOGLE_APPLICATION_CREDENTIALS=./app/google-storage-service.json\n',
    },
    {
      name: 'an unsaved Dockerfile (no view of its folder) is not judged on its build context',
      text: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n',
    },
    {
      name: 'suppressed with our own comment',
      text: 'FROM alpine:3.20\n# bulkhead-ignore BH-D011 -- throwaway key for the test fixture\nCOPY test.key /etc/ssl/\n',
    },
  ],
  invalid: [
    {
      name: 'an SSH key',
      text: 'FROM alpine/git:2.45.2\nCOPY id_rsa /root/.ssh/id_rsa\n',
      findings: [
        { range: '2:6-2:12', message: /COPY id_rsa puts an SSH private key into the image \(the final stage\)/ },
      ],
    },
    {
      name: 'the .npmrc among several sources',
      text: 'FROM node:22\nCOPY --chown=node:node .npmrc package*.json ./\n',
      findings: [{ range: '2:24-2:30', message: /an npm credentials file/ }],
    },
    {
      name: 'JSON form',
      text: 'FROM node:22\nCOPY [".env", "/app/.env"]\n',
      findings: [{ range: '2:7-2:13', message: /a \.env file/ }],
    },
    {
      name: 'the destination says what the file is',
      text: 'FROM alpine/git:2.45.2\nCOPY deploy-key /root/.ssh/\n',
      findings: [{ range: '2:6-2:16', message: /SSH keys \(as \/root\/\.ssh\/deploy-key\)/ }],
    },
    {
      name: 'copied to a credentials-file variable (Trivy DS-0031)',
      text: 'FROM busybox:1.36\nCOPY ./config $AWS_CONFIG_FILE\n',
      findings: [{ range: '2:6-2:14', message: /a credentials file \(to \$AWS_CONFIG_FILE\)/ }],
    },
    {
      name: 'a credentials-file variable pointing into a copied folder (Trivy DS-0031)',
      text: 'FROM busybox:1.36\nCOPY /src /app/\nENV GOOGLE_APPLICATION_CREDENTIALS=./app/google-storage-service.json\n',
      findings: [
        {
          range: '2:6-2:10',
          message:
            /the credentials file that GOOGLE_APPLICATION_CREDENTIALS points to \(\/app\/google-storage-service\.json\)/,
        },
      ],
    },
    {
      name: 'only the key of a key pair',
      text: 'FROM nginx:1.27\nCOPY server.key server.crt /etc/nginx/ssl/\n',
      findings: [{ range: '2:6-2:16', message: /a private key/ }],
    },
  ],
});

describe('BH-D011 whole-context copies and .dockerignore', () => {
  const ruleSet = createRuleSet([secretFileCopied], builtinRules);
  /** The Dockerfile is always among its own siblings: the caller can see its folder. */
  const check = (siblings: Record<string, string>, path = 'Dockerfile', text = 'FROM node:22\nCOPY . /app\n') =>
    analyze(
      { path, text, siblingFile: (name) => ({ [path]: text, ...siblings })[name] },
      defaultConfig,
      ruleSet,
    ).findings.map((finding) => `${formatRange(finding.range)} ${finding.severity} ${finding.message}`);
  const withGit = { '.git/HEAD': 'ref: refs/heads/main\n' };

  it('is clean when .dockerignore excludes .git and .env', () => {
    assert.deepEqual(check({ ...withGit, '.dockerignore': '.git\n.env\nnode_modules\n' }), []);
    assert.deepEqual(check({ ...withGit, '.dockerignore': '# all but the sources\n*\n!src\n!package.json\n' }), []);
    assert.deepEqual(check({ ...withGit, '.dockerignore': '/.git/\n**/.env*\n!**/.env.example\n' }), []);
  });

  it('says which entries are missing', () => {
    assert.match(
      check({ ...withGit, '.dockerignore': 'node_modules\n' })[0] ?? '',
      /does not exclude \.git or \.env, so they go in/,
    );
    assert.match(check({ ...withGit, '.dockerignore': '.git\n' })[0] ?? '', /does not exclude \.env, so it goes in/);
    assert.match(check({ ...withGit, '.dockerignore': '.git\n.env\n!.env\n' })[0] ?? '', /does not exclude \.env/);
  });

  it('asks for .git only when the folder has one', () => {
    assert.deepEqual(check({ '.dockerignore': '.env\n' }), []);
    assert.match(check({})[0] ?? '', /there is no \.dockerignore next to this Dockerfile: \.env and any key file/);
    assert.match(
      check(withGit)[0] ?? '',
      /there is no \.dockerignore next to this Dockerfile: \.git, \.env and any key file/,
    );
  });

  it("reads the Dockerfile's own ignore file first, as BuildKit does", () => {
    const siblings = { ...withGit, 'Dockerfile.prod.dockerignore': '.git\n.env\n', '.dockerignore': 'node_modules\n' };
    assert.deepEqual(check(siblings, 'Dockerfile.prod'), []);
    assert.equal(check(siblings, 'Dockerfile').length, 1);
  });

  it('points at the source word, names the stage, and is a warning: the leak depends on what the context holds', () => {
    assert.deepEqual(check({}, 'Dockerfile', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n'), [
      '3:6-3:7 warning COPY . copies the whole build context, and there is no .dockerignore next to this Dockerfile: .env and any key file in the folder go in with it (the final stage).',
    ]);
    assert.deepEqual(check({}, 'Dockerfile', 'FROM python:3.12-slim\nADD . /srv/app\n'), [
      '2:5-2:6 warning ADD . copies the whole build context, and there is no .dockerignore next to this Dockerfile: .env and any key file in the folder go in with it (the final stage).',
    ]);
    assert.match(check({}, 'Dockerfile', builderContext)[0] ?? '', /^3:6-3:7 warning .*\(builder stage "build"\)\.$/);
  });

  it('is suppressed by trivy:ignore:DS-0031', () => {
    assert.deepEqual(check({}, 'Dockerfile', 'FROM node:22\n# trivy:ignore:DS-0031\nCOPY .env /app/\n'), []);
  });
});
