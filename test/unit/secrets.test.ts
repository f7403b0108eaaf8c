import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findSecretValue,
  findUrlCredential,
  isCredentialName,
  isHarmlessValue,
  isSecretName,
  nameWords,
  secretFileKind,
} from '../../rules/model/secrets';

describe('secret names', () => {
  it('splits names into words at _, -, . and case changes', () => {
    assert.deepEqual(nameWords('AWS_SECRET_ACCESS_KEY'), ['aws', 'secret', 'access', 'key']);
    assert.deepEqual(nameWords('apiKey'), ['api', 'key']);
    assert.deepEqual(nameWords('password-stdin'), ['password', 'stdin']);
  });

  const secret = [
    'PASSWORD',
    'DB_PASSWORD',
    'MYSQL_ROOT_PASSWORD',
    'GITHUB_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ACCESS_KEY_ID',
    'api_key',
    'APIKEY',
    'apiKey',
    'super_duper_secret_token',
    'auth',
    'SECRET_PASSPHRASE',
    'ARTIFACTORY_PSW',
    'DB_PASS',
    'PGPASSWORD',
    'git_key',
    'CLIENT_CREDENTIALS',
    'privateKey',
  ];
  const harmless = [
    'PUBLIC_KEY',
    'public_token',
    'PASSWORD_FILE',
    'SECRET_PASSPHRASE_FILE',
    'AUTH_MODULE_VERSION',
    'GPG_KEY',
    'GPG_KEYS',
    'JENKINS_GPG_KEY',
    'PWD',
    'OLDPWD',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'AWS_CONFIG_FILE',
    'KEYCLOAK_URL',
    'SECRET_NAME',
    'sunflower',
    'MONKEY',
    'TOKENIZER',
    'ARTIFACTORY_USR',
    'NODE_VERSION',
  ];
  for (const name of secret) it(`${name} is a secret name`, () => assert.equal(isSecretName(name), true));
  for (const name of harmless) it(`${name} is not a secret name`, () => assert.equal(isSecretName(name), false));

  it('credential names say password, token or secret outright', () => {
    for (const name of ['password', 'http-password', 'token', 'api-key', 'client-secret', 'PGPASSWORD', 'secret-id']) {
      assert.equal(isCredentialName(name), true, name);
    }
    for (const name of ['key', 'auth', 'client-key', 'password-stdin', 'token-file', 'discovery-token-ca-cert-hash']) {
      assert.equal(isCredentialName(name), false, name);
    }
  });
});

describe('harmless values', () => {
  it('switches and absolute file paths are not secrets', () => {
    for (const value of ['true', 'OFF', 'enabled', '/run/secrets/db_password', '"/etc/ssl/private/key.pem"']) {
      assert.equal(isHarmlessValue(value), true, value);
    }
    for (const value of ['hunter2', '', 'https://user:pw@host/', 'C:secret']) {
      assert.equal(isHarmlessValue(value), false, value);
    }
  });
});

describe('secret values by shape', () => {
  const cases: [string, string | undefined][] = [
    ['AKIAZ7Q3X5YV2LM4N8PB', 'an AWS access key id'],
    ['ASIAZ7Q3X5YV2LM4N8PB', 'an AWS access key id'],
    ['AKIAIOSFODNN7EXAMPLE', undefined],
    ['ghp_Zq9aV3kXw7Lm2Rt5Yp8Nb4Cd6Ef1Gh0Ij2Kl', 'a GitHub token'],
    [`github_pat_${'A1b2C3d4E5'.repeat(3)}`, 'a GitHub token'],
    ['glpat-Xk3vQ9mZ2pL7nR4tW8yB', 'a GitLab token'],
    ['xoxb-1234567890-abcdefghij', 'a Slack token'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE', 'a private key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'a private key'],
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'a private key'],
    ['-----BEGIN PUBLIC KEY-----', undefined],
    ['A035C8C19219BA821ECEA86B64E628F8D684696D', undefined],
    ['ghp_short', undefined],
  ];
  for (const [text, kind] of cases) {
    it(`${text.slice(0, 30)} → ${kind ?? 'none'}`, () => assert.equal(findSecretValue(text)?.kind, kind));
  }

  it('locates the token inside a longer text', () => {
    const text = 'Authorization: token ghp_Zq9aV3kXw7Lm2Rt5Yp8Nb4Cd6Ef1Gh0Ij2Kl';
    const match = findSecretValue(text);
    assert.equal(text.slice(match?.start, match?.end), 'ghp_Zq9aV3kXw7Lm2Rt5Yp8Nb4Cd6Ef1Gh0Ij2Kl');
  });
});

describe('credentials in URLs', () => {
  const found = (text: string) => {
    const match = findUrlCredential(text);
    return match && text.slice(match.start, match.end);
  };
  it('finds the password of user:password@', () => {
    assert.equal(found('https://deploy:s3cr3t@gitlab.example.com/team/app.git'), 's3cr3t');
    assert.equal(found('postgres://app:app@db:5432/app'), 'app');
    assert.equal(found('see https://example.com and https://u:p@x.org'), 'p');
  });
  it('finds a token used as the user name', () => {
    assert.equal(
      found('https://ghp_Zq9aV3kXw7Lm2Rt5Yp8Nb4Cd6Ef1Gh0Ij2Kl@github.com/o/r'),
      'ghp_Zq9aV3kXw7Lm2Rt5Yp8Nb4Cd6Ef1Gh0Ij2Kl',
    );
  });
  it('leaves variables, plain users and URLs without credentials alone', () => {
    for (const text of [
      'https://${USER}:${TOKEN}@github.com/o/r',
      'https://x-access-token:$GH_TOKEN@github.com',
      'ssh://git@github.com/o/r.git',
      'https://example.com:8443/path@v1',
      'https://user:@host/',
    ]) {
      assert.equal(found(text), undefined, text);
    }
  });
});

describe('secret files', () => {
  const secretPaths: [string, string][] = [
    ['id_rsa', 'an SSH private key'],
    ['keys/id_ed25519', 'an SSH private key'],
    ['id_rsa_deploy', 'an SSH private key'],
    ['ssh_host_*_key*', 'an SSH host private key'],
    ['.ssh/', 'SSH keys'],
    ['/root/.ssh/deploy', 'SSH keys'],
    ['server.pem', 'a private key'],
    ['certs/tls.key', 'a private key'],
    ['*.pem', 'a private key'],
    ['server-key.pem', 'a private key'],
    ['client.p12', 'a private key store'],
    ['.env', 'a .env file'],
    ['config/.env.production', 'a .env file'],
    ['.npmrc', 'an npm credentials file'],
    ['.pypirc', 'a PyPI credentials file'],
    ['.netrc', 'a netrc credentials file'],
    ['.git-credentials', 'a git credentials file'],
    ['.aws', 'AWS credentials'],
    ['/root/.aws/credentials', 'AWS credentials'],
    ['kubeconfig', 'a kubeconfig'],
    ['/root/.kube/config', 'a kubeconfig'],
    ['/root/.docker/config.json', 'Docker registry credentials'],
    ['credentials.json', 'a credentials file'],
    ['gcp-credentials.json', 'a credentials file'],
    ['client_secret_1234.apps.googleusercontent.com.json', 'a credentials file'],
  ];
  for (const [path, kind] of secretPaths) it(`${path} is ${kind}`, () => assert.equal(secretFileKind(path), kind));

  const harmlessPaths = [
    'id_rsa.pub',
    '.ssh/known_hosts',
    '/root/.ssh/authorized_keys',
    'ca.pem',
    'certs/ca-bundle.pem',
    'fullchain.pem',
    'server.crt.pem',
    'nodesource.gpg.key',
    'Release.key',
    'public.key',
    '.env.example',
    '.env.sample',
    '.env.template',
    '.envrc.d',
    '.aws/config',
    '.docker/nginx.conf',
    'package.json',
    'environment.yml',
    'keys.py',
  ];
  for (const path of harmlessPaths)
    it(`${path} is not a secret file`, () => assert.equal(secretFileKind(path), undefined));
});
