/**
 * What a secret looks like, by the name that holds it, by the shape of its value, and by the file it
 * lives in. Pure text checks with no knowledge of Dockerfiles, so Kubernetes `env` and Compose
 * `environment` rules can ask the same questions.
 */

/** A secret found inside a longer text: what it is and where (offsets into that text). */
export interface SecretMatch {
  kind: string;
  start: number;
  end: number;
}

/**
 * Name words that mark a secret. BuildKit's SecretsUsedInArgOrEnv words (apikey, auth, credential,
 * credentials, key, password, pword, passwd, secret, token), Trivy DS-0031's `psw`, and the spellings
 * people write as one word.
 */
const secretWords = new Set([
  'apikey',
  'auth',
  'credential',
  'credentials',
  'key',
  'password',
  'pword',
  'passwd',
  'secret',
  'token',
  'psw',
  'pass',
  'pwd',
  'passphrase',
  'privatekey',
  'accesskey',
  'secretkey',
  'authtoken',
  'accesstoken',
  'apitoken',
  'clientsecret',
]);

/**
 * Name words that make a secret-sounding name harmless: BuildKit's allow-list (public, file, version)
 * and words for things that point at or describe a secret without being one. `gpg`/`pgp` names hold
 * key fingerprints, which are public (a private key block is caught by its value).
 */
const harmlessWords = new Set([
  'public',
  'file',
  'version',
  'path',
  'dir',
  'url',
  'uri',
  'host',
  'port',
  'name',
  'type',
  'mode',
  'method',
  'enabled',
  'disabled',
  'length',
  'size',
  'algorithm',
  'server',
  'fingerprint',
  'gpg',
  'pgp',
  'stdin',
  'fd',
  'prompt',
  'hash',
  'ttl',
  'expiry',
]);

/** One-word names like `PGPASSWORD` or `GHTOKEN`. */
const secretSuffix = /(?:password|passwd|secret|token)$/;

/** Variables that hold the path of a credentials file, not a secret: what matters is whether the file is in the image. */
export const credentialFileVariables: ReadonlySet<string> = new Set([
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'HF_TOKEN_PATH',
  'KUBECONFIG',
  'DOCKER_CONFIG',
]);

/** The words of a name: split at `_`, `-`, `.` and lower-to-upper case changes, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_.-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/**
 * Whether a variable, flag or key name says it holds a secret: `DB_PASSWORD`, `GITHUB_TOKEN`,
 * `apiKey`, `AWS_SECRET_ACCESS_KEY`; not `PASSWORD_FILE`, `PUBLIC_KEY`, `GPG_KEY`, `PWD` or
 * `GOOGLE_APPLICATION_CREDENTIALS` (a path).
 */
export function isSecretName(name: string): boolean {
  if (credentialFileVariables.has(name.toUpperCase()) || /^(OLD)?PWD$/i.test(name)) return false;
  const words = nameWords(name);
  const secret = words.some((word) => secretWords.has(word) || secretSuffix.test(word));
  return secret && !words.some((word) => harmlessWords.has(word));
}

/** Words that name a password, token or secret outright, where `key`, `auth` and `credentials` alone are vague. */
const credentialWords = new Set([
  'password',
  'passwd',
  'pwd',
  'psw',
  'pword',
  'passphrase',
  'token',
  'secret',
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'authtoken',
  'accesstoken',
  'apitoken',
  'clientsecret',
]);

/**
 * A secret name that says password, token or secret outright (`--password`, `PGPASSWORD`, `api-key`),
 * for places where a bare `key` or `auth` names too many other things: command-line flags and
 * shell variables.
 */
export function isCredentialName(name: string): boolean {
  if (!isSecretName(name)) return false;
  const words = nameWords(name);
  const pairs = words.slice(1).map((word, index) => `${words[index]}${word}`);
  return [...words, ...pairs].some((word) => credentialWords.has(word) || secretSuffix.test(word));
}

/** Values that cannot be a secret whatever the name says: switches and file paths. */
export function isHarmlessValue(value: string): boolean {
  const trimmed = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  return /^(true|false|yes|no|on|off|enabled?|disabled?)$/i.test(trimmed) || /^\/[^\s:]*$/.test(trimmed);
}

interface ValueShape {
  kind: string;
  pattern: RegExp;
}

/** Token formats their issuers document, so a match is very unlikely to be anything else. */
const valueShapes: readonly ValueShape[] = [
  { kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { kind: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { kind: 'a Slack token', pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
];

/** AWS's documentation key; flagging it would only teach people to ignore the rule. */
const documentedExamples = /EXAMPLE$/;

/** The first token-shaped secret in a text (AWS key id, GitHub/GitLab/Slack token, PEM private key). */
export function findSecretValue(text: string): SecretMatch | undefined {
  for (const { kind, pattern } of valueShapes) {
    const match = pattern.exec(text);
    if (match && !documentedExamples.test(match[0])) {
      return { kind, start: match.index, end: match.index + match[0].length };
    }
  }
  return undefined;
}

/**
 * The password of a `scheme://user:password@host` URL, or the user part when it is itself a token
 * (`https://ghp_…@github.com`). Variable references (`$TOKEN`, `${TOKEN}`) are not literal secrets.
 */
export function findUrlCredential(text: string): SecretMatch | undefined {
  const match = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/@:]*)(?::([^\s/@]*))?@/i.exec(text);
  if (!match) return undefined;
  const [whole, user = '', password] = match;
  const userStart = match.index + whole.indexOf('//') + 2;
  if (password !== undefined) {
    if (password === '' || password.includes('$')) return undefined;
    const start = userStart + user.length + 1;
    const kind = findSecretValue(password)?.kind ?? 'a password in a URL';
    return { kind, start, end: start + password.length };
  }
  const token = findSecretValue(user);
  return token && { kind: token.kind, start: userStart + token.start, end: userStart + token.end };
}

/** Why a variable looks like it holds a secret: the shape of its value, or only its name. */
export interface SecretReason {
  text: string;
  byValue: boolean;
  /** Where in the value the secret is, when its shape gave it away. */
  match?: SecretMatch;
}

/**
 * The verdict Dockerfile `ARG`/`ENV` and Kubernetes `env` share: a token-shaped value or a URL
 * password whatever the name, else a secret-sounding name whose value is not a switch or a path.
 */
export function secretReason(name: string, value: string): SecretReason | undefined {
  const shaped = findSecretValue(value) ?? findUrlCredential(value);
  if (shaped) return { text: `holds ${shaped.kind}`, byValue: true, match: shaped };
  if (isSecretName(name) && !isHarmlessValue(value)) return { text: 'is named like a secret', byValue: false };
  return undefined;
}

interface SecretFile {
  kind: string;
  /** Tested against the last path segment. */
  name?: RegExp;
  /** Tested against the whole path, `/`-separated. */
  path?: RegExp;
}

/** Files that hold credentials by their conventional names. */
const secretFiles: readonly SecretFile[] = [
  { kind: 'an SSH private key', name: /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?!.*\.pub$)/ },
  { kind: 'an SSH host private key', name: /^ssh_host_.*key(?!.*\.pub$)/ },
  {
    kind: 'SSH keys',
    path: /(?:^|\/)\.ssh(?:$|\/(?!(?:known_hosts|authorized_keys|config|[^/]*\.pub)$))/,
  },
  { kind: 'a private key store', name: /\.(?:p12|pfx)$/i },
  { kind: 'a .env file', name: /^\.env(?:\.(?!(?:example|sample|template|dist|defaults?)$)[^/]+)?$/i },
  { kind: 'an npm credentials file', name: /^\.npmrc$/ },
  { kind: 'a PyPI credentials file', name: /^\.pypirc$/ },
  { kind: 'a netrc credentials file', name: /^[._]netrc$/ },
  { kind: 'a git credentials file', name: /^\.git-credentials$/ },
  { kind: 'AWS credentials', path: /(?:^|\/)\.aws(?:\/credentials)?$/ },
  { kind: 'a kubeconfig', name: /^kubeconfig(?:\.ya?ml)?$/i, path: /(?:^|\/)\.kube\/config$/ },
  { kind: 'Docker registry credentials', path: /(?:^|\/)\.docker\/config\.json$/ },
  {
    kind: 'a credentials file',
    name: /^(?:[\w.-]*[-_.])?credentials?\.json$|^client_secrets?[\w.-]*\.json$|^service[-_]?account[\w.-]*\.json$/i,
  },
];

/** `*.pem` and `*.key` hold private keys, except the public certificates and signing keys people ship on purpose. */
const keyFile = /\.(?:pem|key)$/i;
const publicKeyFile =
  /(?:^|[-_.])(?:ca|cacert|certs?|crt|chain|fullchain|bundle|root|pub|public|gpg|pgp|asc|release|repo|archive|signing|keyring)(?:[-_.]|$)/i;

/** What credentials a path names (`id_rsa`, `.env`, `certs/server.key`, `.aws/`), or undefined. */
export function secretFileKind(path: string): string | undefined {
  const normalized = path.replace(/\\/g, '/').replace(/\/+$/, '');
  const name = normalized.slice(normalized.lastIndexOf('/') + 1);
  for (const file of secretFiles) {
    if (file.name?.test(name) || file.path?.test(normalized)) return file.kind;
  }
  if (keyFile.test(name) && !publicKeyFile.test(name.replace(keyFile, ''))) return 'a private key';
  return undefined;
}

/** `${VAR}` and `$VAR` are filled in when Compose runs; `$$` is a literal dollar. */
export function isInterpolated(value: string): boolean {
  return /\$\{|\$[A-Za-z_]/.test(value.replace(/\$\$/g, ''));
}

/**
 * The verdict for a variable a Compose service gets (`environment:` or an `env_file`): nothing for
 * empty values, 0/1 switches (`MYSQL_RANDOM_ROOT_PASSWORD=1`) and values Compose interpolates, else
 * {@link secretReason}. `literal` says the value is never interpolated (single quotes in a dotenv file).
 */
export function environmentSecret(
  name: string,
  value: string,
  { literal = false }: { literal?: boolean } = {},
): SecretReason | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || /^[01]$/.test(trimmed) || (!literal && isInterpolated(trimmed))) return undefined;
  return secretReason(name, trimmed);
}
