import { composeSecretInEnvironment } from '../../rules/compose/secret-in-environment';
import { testRule } from '../helpers/rule-tester';

testRule(composeSecretInEnvironment, {
  valid: [
    {
      name: 'interpolations, empty values, pass-through names and harmless values',
      text: 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      API_TOKEN: $API_TOKEN\n      SECRET_KEY: ""\n      REDIS_PASSWORD:\n      PASSWORD_FILE: /run/secrets/db\n      AUTH_ENABLED: "true"\n      MYSQL_RANDOM_ROOT_PASSWORD: "1"\n      LOG_LEVEL: debug\n  web:\n    environment:\n      - GITHUB_TOKEN\n      - DB_PASSWORD=${DB_PASSWORD:?required}\n',
    },
    { name: 'no services', text: 'secrets:\n  a: {file: ./a.txt}\n' },
  ],
  invalid: [
    {
      name: 'map syntax by name: the fix moves it to a secret and declares it at the top level',
      text: 'services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: hunter2 # change me\n',
      findings: [{ range: '6:26-6:33', message: /writes a secret into POSTGRES_PASSWORD.*Compose secret/ }],
      fixed: [
        'services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_USER: app\n    secrets: [postgres_password]\nsecrets:\n  postgres_password:\n    environment: POSTGRES_PASSWORD\n',
      ],
    },
    {
      name: 'list syntax by value shape, existing secrets sections are extended in their style',
      text: 'services:\n  ci:\n    environment:\n      - TOKEN_FOR_CI=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n      - LOG_LEVEL=info\n    secrets:\n      - other\nsecrets:\n  other:\n    file: ./other.txt\nvolumes: {}\n',
      findings: [{ range: '4:9-4:62', message: /writes a GitHub token into TOKEN_FOR_CI/ }],
      fixed: [
        'services:\n  ci:\n    environment:\n      - LOG_LEVEL=info\n    secrets:\n      - other\n      - token_for_ci\nsecrets:\n  other:\n    file: ./other.txt\n  token_for_ci:\n    environment: TOKEN_FOR_CI\nvolumes: {}\n',
      ],
    },
    {
      name: 'the only entry of a block environment: the key goes; a URL password in flow style elsewhere',
      text: 'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:s3cret@db:5432/app\n    image: x\n  worker: {environment: {JWT_SECRET: abc123, MODE: w}}\n',
      findings: [
        { range: '4:21-4:54', message: /a password in a URL into DATABASE_URL/ },
        { range: '6:38-6:44', message: /JWT_SECRET/ },
      ],
      fixed: [
        'services:\n  api:\n    image: x\n    secrets: [database_url]\n  worker: {environment: {JWT_SECRET: abc123, MODE: w}}\nsecrets:\n  database_url:\n    environment: DATABASE_URL\n',
      ],
    },
    {
      name: 'already granted and declared: only the environment entry goes (idempotent)',
      text: 'services:\n  db:\n    environment: {MYSQL_ROOT_PASSWORD: root-pw, TZ: UTC}\n    secrets: [mysql_root_password]\nsecrets:\n  mysql_root_password:\n    environment: MYSQL_ROOT_PASSWORD\n',
      findings: [{ range: '3:40-3:47' }],
      fixed: [
        'services:\n  db:\n    environment: {TZ: UTC}\n    secrets: [mysql_root_password]\nsecrets:\n  mysql_root_password:\n    environment: MYSQL_ROOT_PASSWORD\n',
      ],
    },
    {
      name: 'from an anchor: at <<, no fix',
      text: 'x-env: &env\n  environment:\n    API_KEY: 0123456789abcdef\nservices:\n  web:\n    <<: *env\n',
      findings: [{ range: '6:5-6:7', message: /API_KEY.*inherited from anchor &env/ }],
    },
  ],
});
