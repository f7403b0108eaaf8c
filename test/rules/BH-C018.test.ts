import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeSecretInEnvFile } from '../../rules/compose/secret-in-env-file';
import { parseDotenv } from '../../rules/model/dotenv';
import { testRule } from '../helpers/rule-tester';

const secretEnv = '# database\nDB_USER=app\nDB_PASSWORD=s3cr3t-pa55\n\nLOG_LEVEL=debug\n';
const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

testRule(composeSecretInEnvFile, {
  valid: [
    {
      name: 'harmless values: empty, interpolated, switches, paths, comments, non-secret names',
      text: 'services:\n  db:\n    image: postgres:16.4\n    env_file: .env\n',
      siblings: {
        '.env':
          '# POSTGRES_PASSWORD=commented-out\nPOSTGRES_PASSWORD=\nAPI_TOKEN=${API_TOKEN}\nexport SECRET_KEY="$SECRET_KEY"\nMYSQL_RANDOM_ROOT_PASSWORD=1\nPASSWORD_FILE=/run/secrets/db\nAUTH_ENABLED=true\nTZ=UTC # not a secret\n',
      },
    },
    {
      name: 'missing file: nothing to read, no finding',
      text: 'services:\n  web:\n    image: nginx:1.27\n    env_file:\n      - path: ./missing.env\n        required: false\n',
      siblings: { '.env': secretEnv },
    },
    {
      name: 'interpolated and absolute paths are skipped',
      text: "services:\n  web:\n    image: nginx:1.27\n    env_file: ['${ENV_DIR}/.env', $ENV_FILE, /etc/app/.env]\n",
      siblings: { '${ENV_DIR}/.env': secretEnv, $ENV_FILE: secretEnv, '/etc/app/.env': secretEnv },
    },
    {
      name: 'no siblings known (unsaved buffer)',
      text: 'services:\n  web:\n    image: nginx:1.27\n    env_file: .env\n',
    },
  ],
  invalid: [
    {
      name: 'string form, by name: a warning on the path scalar',
      text: 'services:\n  db:\n    image: postgres:16.4\n    env_file: .env\n',
      siblings: { '.env': secretEnv },
      findings: [
        {
          range: '4:15-4:19',
          message:
            /^Service "db": env_file \.env sets DB_PASSWORD on line 3: a secret in a file next to the Compose file ends up committed unless it is ignored; use Compose secrets or a secret manager/,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'list form, token shape: an error; export, quotes and ./ prefixes',
      text: `services:\n  ci:\n    image: runner:2\n    env_file:\n      - ./common.env\n      - ./ci.env\n`,
      siblings: {
        'common.env': 'MODE=ci\n',
        'ci.env': `export GH_PAT="${token}"\nDEPLOY_KEY='k3y-value'\n`,
      },
      findings: [
        {
          range: '6:9-6:17',
          message: /env_file \.\/ci\.env sets GH_PAT \(a GitHub token\) on line 1/,
          severity: 'error',
        },
        { range: '6:9-6:17', message: /sets DEPLOY_KEY on line 2/, severity: 'warning' },
      ],
    },
    {
      name: 'map form (Compose 2.24+), in a subfolder, URL password',
      text: 'services:\n  api:\n    image: api:1\n    env_file:\n      - path: config/api.env\n        required: false\n',
      siblings: { 'config/api.env': 'DATABASE_URL=postgres://app:hunter2@db:5432/app\n' },
      findings: [
        { range: '5:15-5:29', message: /DATABASE_URL \(a password in a URL\) on line 1/, severity: 'warning' },
      ],
    },
    {
      name: 'gitignored by name: information',
      text: 'services:\n  db:\n    image: postgres:16.4\n    env_file: .env\n',
      siblings: { '.env': secretEnv, '.gitignore': 'node_modules/\n.env\n' },
      findings: [
        {
          range: '4:15-4:19',
          message:
            /DB_PASSWORD on line 3: \.gitignore keeps the file out of git, but the secret is still plaintext on disk/,
          severity: 'information',
        },
      ],
    },
    {
      name: 'gitignored by glob, a token stays information; a negated pattern un-ignores',
      text: 'services:\n  a:\n    image: a:1\n    env_file: [prod.env, .env.local, keep.env]\n',
      siblings: {
        'prod.env': `GITHUB_TOKEN=${token}\n`,
        '.env.local': 'API_SECRET=abc123\n',
        'keep.env': 'API_SECRET=abc123\n',
        '.gitignore': '*.env\n.env*\n!keep.env\n',
      },
      findings: [
        { range: '4:16-4:24', message: /GITHUB_TOKEN/, severity: 'information' },
        { range: '4:26-4:36', message: /API_SECRET/, severity: 'information' },
        { range: '4:38-4:46', message: /ends up committed/, severity: 'warning' },
      ],
    },
    {
      name: 'inherited through a merge key: at <<, pointing at the anchor',
      text: 'x-common: &common\n  env_file: .env\nservices:\n  web:\n    <<: *common\n    image: web:1\n',
      siblings: { '.env': secretEnv },
      findings: [
        {
          range: '5:5-5:7',
          message: /DB_PASSWORD on line 3 \(inherited from anchor &common\)/,
          related: [':2:13-2:17'],
        },
      ],
    },
  ],
});

describe('parseDotenv', () => {
  it('reads export, quotes, escapes, comments and multi-line values', () => {
    const entries = parseDotenv(
      '\uFEFF# c\nA=1 # note\nexport B = "x\\"y"\nC=\'$lit # no comment\'\nKEY="-----BEGIN PRIVATE KEY-----\nabc==\n-----END PRIVATE KEY-----"\nD=a#b\nnot a line\nE\n',
    );
    assert.deepEqual(
      entries.map(({ name, value, line, quote }) => [name, value, line, quote ?? '']),
      [
        ['A', '1', 2, ''],
        ['B', 'x"y', 3, '"'],
        ['C', '$lit # no comment', 4, "'"],
        ['KEY', '-----BEGIN PRIVATE KEY-----\nabc==\n-----END PRIVATE KEY-----', 5, '"'],
        ['D', 'a#b', 8, ''],
      ],
    );
  });
});
