import { defineRule, type ReportedFinding } from '../engine/rule';
import type { Range } from '../engine/types';
import type { DockerfileModel } from '../model/dockerfile';
import { describeStage, stageSeverity } from '../model/layers';
import { findSecretValue, findUrlCredential, isCredentialName, isHarmlessValue, isSecretName } from '../model/secrets';
import { commandName, runCommands, type ShellCommand, type ShellWord } from '../model/shell';

export const credentialsOnCommandLine = defineRule({
  id: 'BH-D013',
  title: 'Credentials on the command line',
  severity: 'error',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['DS-0031'],
  },
  docs: {
    why: 'The command line of every `RUN` is kept in the image history (`docker history --no-trunc`), in the build cache and in provenance attestations, so a password or token written in it ships with the image even if the command cleans up after itself. Found: passwords in URLs (`git clone https://user:token@host/…`), `docker login -p` (also podman, buildah, skopeo, helm, oras, crane, az), `--password=`/`--token=`/`--api-key`-style flags, `curl -u user:pass`, `mysql -pSECRET`, `sshpass -p`, `htpasswd -b`, `aws configure set aws_secret_access_key …`, `npm config set …:_authToken …`, `Authorization:` and API-key headers, `echo "user:pass" | chpasswd`, `PGPASSWORD=… cmd` and token-shaped literals (AWS, GitHub, GitLab, Slack, PEM) anywhere in the command. A value read from a variable (`$TOKEN`, `$(cat /run/secrets/token)`) is not on the command line; whether that variable is itself a secret ARG/ENV is BH-D010\'s concern. In a builder stage the command does not ship but stays in the build cache, so it is a warning. Difference from Trivy DS-0031: `gcloud auth activate-service-account --key-file=…` names a key file rather than holding a secret, so it is not reported (a key file copied in is BH-D011\'s concern).',
    attacker:
      'Anyone who can pull the image or read the build cache reads the command lines back and logs in as you: registry pushes, database access, cloud accounts, private repositories.',
    fix: 'Read the secret from a build secret at the moment it is needed: `RUN --mount=type=secret,id=gh_token,env=GH_TOKEN git clone https://x-access-token:$GH_TOKEN@github.com/org/repo.git` or `RUN --mount=type=secret,id=db_password mysql -p"$(cat /run/secrets/db_password)" …`, then build with `docker build --secret id=gh_token,env=GH_TOKEN`. For git over SSH use `RUN --mount=type=ssh` and `docker build --ssh default`.',
    example: {
      language: 'dockerfile',
      bad: 'FROM alpine/git:2.45.2\nRUN git clone https://deploy:glpat-Xk3vQ9mZ2pL7nR4tW8yB@gitlab.example.com/team/app.git /src',
      good: 'FROM alpine/git:2.45.2\nRUN --mount=type=secret,id=gitlab_token,env=GITLAB_TOKEN \\\n    git clone https://deploy:$GITLAB_TOKEN@gitlab.example.com/team/app.git /src',
    },
  },
  check(model, { report }) {
    for (const stage of model.stages) {
      for (const run of stage.instructions) {
        if (run.getKeyword() !== 'RUN') continue;
        const commands = runCommands(model, run);
        // A script nested in `sh -c "…"` is seen both as one quoted word and as its own commands.
        const reported = new Set<string>();
        commands.forEach((command, index) => {
          for (const credential of credentialsIn(command, commands[index - 1])) {
            const range = credentialRange(model, credential);
            const key = JSON.stringify(range);
            if (reported.has(key)) continue;
            reported.add(key);
            const finding: ReportedFinding = {
              range,
              message: `A RUN command line in ${describeStage(model, stage)} holds ${credential.what}: command lines are kept in the image history and the build cache; read it from a build secret instead (RUN --mount=type=secret,…).`,
              ...stageSeverity(model, stage),
            };
            report(finding);
          }
        });
      }
    }
  },
});

/** A credential inside a shell word: offsets into the word's unquoted value. */
interface Credential {
  word: ShellWord;
  start: number;
  end: number;
  what: string;
}

function credentialsIn(command: ShellCommand, previous: ShellCommand | undefined): Credential[] {
  const program = commandName(command);
  const name = program?.value.replace(/^.*\//, '') ?? '';
  const found = new Map<ShellWord, Credential>();
  const add = (credential: Credential | undefined) => {
    if (credential && !found.has(credential.word)) found.set(credential.word, credential);
  };
  const programIndex = program ? command.words.indexOf(program) : command.words.length;
  for (const word of command.words.slice(0, programIndex)) add(assignedSecret(word, 'an environment variable'));
  const args = command.words.slice(programIndex + 1);
  args.forEach((word, index) => {
    const next = args[index + 1];
    add(flagCredential(word, next));
    add(programCredential(name, args, index));
    if (name === 'export' || name === 'env') add(assignedSecret(word, 'an exported variable'));
  });
  if (name === 'chpasswd' && command.separator === '|' && previous) add(piped(previous));
  for (const word of command.words) add(literalSecret(word));
  return [...found.values()];
}

/** Stand-ins nobody uses as a real credential. */
const placeholder = /^(?:fake|dummy|placeholder|example|sample|test|none|null|x+|\*+|<[^>]*>|\{\{.*\}\})$/i;

/** A literal that is not a variable, command substitution, placeholder or path to a file. */
function isLiteral(value: string): boolean {
  return (
    value !== '' &&
    !/[$`]/.test(value) &&
    value !== '-' &&
    !placeholder.test(value) &&
    !isHarmlessValue(value) &&
    !/^\.{0,2}\/|\.(?:pem|key|json|txt|crt|p12|pfx|asc|gpg|conf|cfg|ini)$/i.test(value)
  );
}

function within(word: ShellWord, start: number, what: string, end = word.value.length): Credential | undefined {
  return isLiteral(word.value.slice(start, end)) ? { word, start, end, what } : undefined;
}

/** `PGPASSWORD=secret psql …`, `export TOKEN=…`; not `key=<fingerprint>`, which scripts use for GPG key ids. */
function assignedSecret(word: ShellWord, what: string): Credential | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word.value);
  if (!match?.[1] || !isCredentialName(match[1])) return undefined;
  return within(word, match[1].length + 1, `a secret in ${what} (${match[1]})`);
}

function isCredentialFlag(flag: string): boolean {
  return flag !== 'secret' && !flag.startsWith('no-') && isCredentialName(flag);
}

/** `--password=x`, `--token x`, `--api-key=x`; `-H "Authorization: Bearer x"`. */
function flagCredential(word: ShellWord, next: ShellWord | undefined): Credential | undefined {
  const long = /^--([A-Za-z][A-Za-z0-9-]*)(=?)/.exec(word.value);
  const isHeader = word.value === '-H' || long?.[1] === 'header';
  if (isHeader) {
    if (long?.[2]) return headerCredential(word, long[0].length);
    return next && headerCredential(next, 0);
  }
  if (!long?.[1] || !isCredentialFlag(long[1])) return undefined;
  const what = `a secret in --${long[1]}`;
  if (long[2]) return within(word, long[0].length, what);
  return next && !next.value.startsWith('-') ? within(next, 0, what) : undefined;
}

function headerCredential(word: ShellWord, offset: number): Credential | undefined {
  const match = /^([A-Za-z][A-Za-z0-9-]*):\s*(?:(?:Bearer|Basic|token|Token|Digest)\s+)?/.exec(
    word.value.slice(offset),
  );
  const header = match?.[1];
  if (!header) return undefined;
  const isAuthorization = /^(proxy-)?authorization$/i.test(header);
  if (!isAuthorization && !isSecretName(header)) return undefined;
  return within(word, offset + match[0].length, `a secret in the ${header} header`);
}

const registryClients = new Set(['docker', 'podman', 'buildah', 'skopeo', 'nerdctl', 'oras', 'crane', 'helm', 'az']);
const mysqlClients = /^(?:mysql|mysqladmin|mysqldump|mysqlimport|mysqlshow|mysqlcheck|mysqlpump|mariadb(?:-\w+)?)$/;

/** The short flags and arguments particular programs take a password in. */
function programCredential(program: string, args: ShellWord[], index: number): Credential | undefined {
  const word = args[index];
  const next = args[index + 1];
  if (!word) return undefined;
  const value = word.value;
  const has = (subcommand: string) => args.some((arg) => arg.value === subcommand);
  const passwordFlag =
    registryClients.has(program) && has('login') && value === '-p'
      ? `${program} login -p`
      : program === 'doctl' && has('init') && value === '-t'
        ? 'doctl auth init -t'
        : program === 'sshpass' && value === '-p'
          ? 'sshpass -p'
          : undefined;
  if (next && passwordFlag) return within(next, 0, `a password (${passwordFlag})`);
  if (mysqlClients.test(program) && /^-p./.test(value)) return within(word, 2, `a password (${program} -p)`);
  if (program === 'curl' || program === 'wget') {
    const attached = /^(-[uU])(.+)$/.exec(value);
    const userWord = attached ? word : ['-u', '-U', '--user', '--proxy-user'].includes(value) ? next : undefined;
    const userStart = attached?.[1]?.length ?? 0;
    const colon = userWord?.value.indexOf(':', userStart) ?? -1;
    if (userWord && colon >= 0) return within(userWord, colon + 1, `a password (${program} ${attached?.[1] ?? value})`);
  }
  if (program === 'openssl' && /^-pass(?:in|out|word)?$/.test(value) && next?.value.startsWith('pass:')) {
    return within(next, 5, `a password (openssl ${value} pass:)`);
  }
  if (program === 'htpasswd' && index === args.length - 1 && args.some((arg) => /^-[a-zA-Z]*b/.test(arg.value))) {
    return within(word, 0, 'a password (htpasswd -b)');
  }
  if (program === 'aws' && args[index - 1]?.value === 'set' && has('configure') && next) {
    if (/(?:^|\.)aws_(?:secret_access_key|access_key_id|session_token)$/.test(value)) {
      return within(next, 0, `a secret (aws configure set ${value})`);
    }
  }
  if (['npm', 'yarn', 'pnpm'].includes(program) && has('config') && args[index - 1]?.value === 'set') {
    const [key = '', assigned] = value.split(/=(.*)/s);
    if (/(?:^|:)_(?:authToken|auth|password)$|^npmAuth(?:Token|Ident)$/.test(key)) {
      return assigned !== undefined
        ? within(word, key.length + 1, `an npm token (${key})`)
        : next && within(next, 0, `an npm token (${key})`);
    }
  }
  return undefined;
}

/** `echo "root:secret" | chpasswd`: the password after the colon. */
function piped(previous: ShellCommand): Credential | undefined {
  const program = commandName(previous);
  if (program?.value !== 'echo' && program?.value !== 'printf') return undefined;
  const line = previous.words.slice(previous.words.indexOf(program) + 1).find((word) => /^[^-][^:]*:/.test(word.value));
  const colon = line?.value.indexOf(':') ?? -1;
  return line && colon >= 0 ? within(line, colon + 1, 'a password (piped to chpasswd)') : undefined;
}

/** A URL password, or a literal shaped like an AWS key id, a GitHub/GitLab/Slack token or a private key. */
function literalSecret(word: ShellWord): Credential | undefined {
  const match = findUrlCredential(word.value) ?? findSecretValue(word.value);
  return match && { word, start: match.start, end: match.end, what: match.kind };
}

/** Maps offsets in the unquoted word back to the file, through the quotes and escapes around it. */
function credentialRange(model: DockerfileModel, credential: Credential): Range {
  const { word, start, end } = credential;
  const raw = model.source.text.slice(word.start, word.end);
  const offsets: number[] = [];
  let quote: string | undefined;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (quote ? char === quote : char === '"' || char === "'") quote = quote ? undefined : char;
    else if (char === '\\' && quote !== "'" && index + 1 < raw.length) offsets.push(++index);
    else offsets.push(index);
  }
  offsets.push(raw.length);
  const rawStart = offsets[start];
  const rawEnd = end > start ? (offsets[end - 1] ?? raw.length - 1) + 1 : rawStart;
  if (offsets.length !== word.value.length + 1 || rawStart === undefined || rawEnd === undefined) return word.range;
  return model.source.rangeAt(word.start + rawStart, word.start + rawEnd);
}
