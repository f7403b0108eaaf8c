import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialsOnCommandLine } from '../../rules/dockerfile/credentials-on-command-line';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import { fixture } from '../helpers/fixtures';
import { formatRange, testRule } from '../helpers/rule-tester';

const continuedCurl = fixture('rules', 'BH-D013', 'continued-curl.Dockerfile');
const builderStage = fixture('rules', 'BH-D013', 'builder-stage.Dockerfile');
const run = (line: string) => `FROM debian:12\nRUN ${line}\n`;

testRule(credentialsOnCommandLine, {
  valid: [
    { name: 'a token from a variable', text: run('git clone https://oauth2:${GITLAB_TOKEN}@gitlab.com/team/app.git') },
    { name: 'docker login --password-stdin', text: run('docker login -u ci --password-stdin < /run/secrets/registry') },
    {
      name: 'a password read from a secret mount',
      text: 'FROM mysql:8.4\nRUN --mount=type=secret,id=db mysql -uroot -p"$(cat /run/secrets/db)" -e "select 1"\n',
    },
    { name: 'mysql -p alone prompts; the next word is the database', text: run('mysql -uroot -p appdb < /seed.sql') },
    {
      name: 'a GPG fingerprint in a shell variable',
      text: run('key=\'B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8\'; gpg --batch --recv-keys "$key"'),
    },
    {
      name: 'flags that name files',
      text: run('tool --token-file /run/secrets/t --key /etc/ssl/private/app.key --password-file pw.txt'),
    },
    { name: 'curl -u without a password prompts for one', text: run('curl -u ci-bot https://example.com/') },
    { name: 'a placeholder value', text: run('VULTR_API_KEY=fake vultr-cli version') },
    {
      name: 'a hash next to a token flag',
      text: run('kubeadm join 10.0.0.1:6443 --discovery-token-ca-cert-hash sha256:0123456789abcdef'),
    },
    { name: 'docker build --secret is the safe way', text: run('docker build --secret id=npmrc,src=.npmrc .') },
    { name: 'a URL without a password', text: run('git clone https://github.com/example/app.git') },
    { name: 'a commented-out line', text: 'FROM debian:12\n# RUN docker login -p hunter2\nRUN true\n' },
    {
      name: 'suppressed with our own comment',
      text: 'FROM mysql:8.4\n# bulkhead-ignore BH-D013 -- throwaway password of the test database\nRUN mysql -uroot -proot -e "select 1"\n',
    },
  ],
  invalid: [
    {
      name: 'a password in a clone URL',
      text: run('git clone https://deploy:s3cr3t@gitlab.example.com/team/app.git'),
      findings: [{ range: '2:30-2:36', message: /in the final stage holds a password in a URL/ }],
    },
    {
      name: 'a token as the URL user',
      text: run('git clone https://ghp_Zq9aV3kXw7Lm2Rt5Yp8Nb4Cd6Ef1Gh0Ij2Kl@github.com/o/r.git'),
      findings: [{ range: '2:23-2:63', message: /a GitHub token/ }],
    },
    {
      name: 'docker login -p',
      text: run('docker login -u ci -p hunter2 registry.example.com'),
      findings: [{ range: '2:27-2:34', message: /a password \(docker login -p\)/ }],
    },
    {
      name: 'a --password= flag, quoted',
      text: run('helm repo add charts https://charts.example.com --username ci --password="hunter2"'),
      findings: [{ range: '2:79-2:86', message: /a secret in --password/ }],
    },
    {
      name: 'a --token flag with a separate value',
      text: run('kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef'),
      findings: [{ range: '2:40-2:63', message: /--token/ }],
    },
    {
      name: 'curl -u user:password',
      text: run('curl -fsSL -u admin:admin123 https://nexus.example.com/repo.tgz'),
      findings: [{ range: '2:25-2:33', message: /a password \(curl -u\)/ }],
    },
    {
      name: 'curl -u with the same user and password points at the password',
      text: run('curl -u root:root https://x'),
      findings: [{ range: '2:18-2:22' }],
    },
    {
      name: 'mysql -pSECRET',
      text: run("mysql -uroot -proot -e 'select 1'"),
      findings: [{ range: '2:20-2:24', message: /a password \(mysql -p\)/ }],
    },
    {
      name: 'an Authorization header',
      text: run('curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.x" https://api.example.com'),
      findings: [{ range: '2:36-2:62', message: /the Authorization header/ }],
    },
    {
      name: 'an API key header',
      text: run("wget --header='X-API-Key: 4f9c2e1b' https://api.example.com"),
      findings: [{ range: '2:31-2:39', message: /the X-API-Key header/ }],
    },
    {
      name: 'a password piped to chpasswd (Checkov CKV2_DOCKER_17 flags any chpasswd)',
      text: run("echo 'root:toor' | chpasswd"),
      findings: [{ range: '2:16-2:20', message: /piped to chpasswd/ }],
    },
    {
      name: 'a secret environment variable on the command',
      text: run('PGPASSWORD=pgpass psql -h db -U app -c "select 1"'),
      findings: [{ range: '2:16-2:22', message: /\(PGPASSWORD\)/ }],
    },
    {
      name: 'aws configure set',
      text: run('aws configure set aws_secret_access_key wJalrXUtnFEMIK7MDENGbPxRfiCY'),
      findings: [{ range: '2:45-2:73', message: /aws configure set aws_secret_access_key/ }],
    },
    {
      name: 'an npm token',
      text: run('npm config set //registry.npmjs.org/:_authToken=npm_Zq9aV3kXw7 && npm ci'),
      findings: [{ range: '2:53-2:67', message: /an npm token/ }],
    },
    {
      name: 'sshpass -p in exec form through sh -c',
      text: 'FROM debian:12\nRUN ["sh", "-c", "sshpass -p pw0rd scp host:/x /x"]\n',
      findings: [{ range: '2:30-2:35', message: /sshpass -p/ }],
    },
    {
      name: 'a URL inside sh -c is reported once',
      text: run('sh -c "git clone https://u:pw0rd@git.example.com/r.git"'),
      findings: [{ range: '2:32-2:37' }],
    },
    {
      name: 'a token-shaped literal anywhere',
      text: run('echo "//gitlab.example.com/:_authToken=glpat-Xk3vQ9mZ2pL7nR4tW8yB" > .npmrc'),
      findings: [{ range: '2:44-2:70', message: /a GitLab token/ }],
    },
    {
      name: 'a continued RUN points at the password line',
      text: continuedCurl,
      findings: [{ range: '6:17-6:25' }],
    },
    {
      name: 'a builder stage is named in the message',
      text: builderStage,
      findings: [{ range: '2:30-2:56', message: /in builder stage "build" holds a GitLab token/ }],
    },
  ],
});

describe('BH-D013 severity and peer suppressions', () => {
  const findings = (text: string) =>
    analyze(
      { path: 'Dockerfile', text },
      defaultConfig,
      createRuleSet([credentialsOnCommandLine], builtinRules),
    ).findings.map((finding) => `${formatRange(finding.range)} ${finding.severity}`);

  it('is an error in the final stage and a warning in a builder stage', () => {
    assert.deepEqual(findings(continuedCurl), ['6:17-6:25 error']);
    assert.deepEqual(findings(builderStage), ['2:30-2:56 warning']);
  });

  it('is suppressed by trivy:ignore:DS-0031', () => {
    assert.deepEqual(findings('FROM debian:12\n# trivy:ignore:DS-0031\nRUN az login -u ci -p hunter2\n'), []);
    assert.deepEqual(findings('FROM debian:12\nRUN az login -u ci -p hunter2\n'), ['2:23-2:30 error']);
  });
});
