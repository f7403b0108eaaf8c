import { secretInEnv } from '../../rules/kubernetes/secret-in-env';
import { testRule } from '../helpers/rule-tester';

const env = (lines: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      env:\n${lines}`;

testRule(secretInEnv, {
  valid: [
    {
      name: 'valueFrom a Secret',
      text: env(
        '        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n',
      ),
    },
    { name: 'an empty value', text: env('        - name: API_TOKEN\n          value: ""\n') },
    { name: 'a $(VAR) reference', text: env('        - name: API_TOKEN\n          value: $(TOKEN_FROM_SECRET)\n') },
    {
      name: 'a URL whose password is a $(VAR) reference',
      text: env('        - name: DATABASE_URL\n          value: postgres://app:$(DB_PASSWORD)@db:5432/app\n'),
    },
    { name: 'a path to a secret file', text: env('        - name: PASSWORD_FILE\n          value: /run/secrets/db\n') },
    { name: 'a switch', text: env('        - {name: AUTH_ENABLED, value: "true"}\n') },
    {
      name: 'harmless names',
      text: env('        - {name: SECRET_NAME, value: db-credentials}\n        - {name: TOKEN_TTL, value: 1h}\n'),
    },
    {
      name: 'switches, placeholders and ids',
      text: env(
        '        - {name: MYSQL_ALLOW_EMPTY_PASSWORD, value: "1"}\n        - {name: DB_PASSWORD, value: "${DB_PASSWORD}"}\n        - {name: API_TOKEN, value: "<your token>"}\n        - {name: GOOGLE_API_KEY, value: GOOGLE_API_KEY_VAL}\n        - {name: SECRET_ID, value: bq-readonly-key}\n',
      ),
    },
    { name: "AWS's documented example key", text: env('        - {name: SAMPLE, value: AKIAIOSFODNN7EXAMPLE}\n') },
  ],
  invalid: [
    {
      name: 'by name: on the value, a warning',
      text: env('        - name: DB_PASSWORD\n          value: hunter22\n'),
      findings: [
        {
          range: '10:18-10:26',
          message:
            /Container "app": environment variable "DB_PASSWORD" is named like a secret.*valueFrom\.secretKeyRef/,
        },
      ],
    },
    {
      name: 'by value shape whatever the name: only the token is marked',
      text: env(
        '        - {name: GH, value: ghp_abcdefghijklmnopqrstuvwxyz0123456789}\n        - name: DB_URL\n          value: postgres://u:pw123@db/x\n',
      ),
      findings: [
        { range: '9:29-9:69', message: /"GH" holds a GitHub token/ },
        { range: '11:31-11:36', message: /"DB_URL" holds a password in a URL/ },
      ],
    },
    {
      name: 'a quoted value is marked whole; init and ephemeral containers; aliases',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  initContainers:\n    - name: init\n      env: &env\n        - {name: apiKey, value: "abc\\u0031def"}\n  ephemeralContainers:\n    - name: debug\n      env: *env\n',
      findings: [
        { range: '7:33-7:47', message: /Init container "init"/ },
        { range: '7:33-7:47', message: /Ephemeral container "debug"/ },
      ],
    },
  ],
});
