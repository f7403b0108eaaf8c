import type { Instruction, Property } from 'dockerfile-ast';
import { defineRule, type ReportedFinding } from '../engine/rule';
import type { Fix, Range } from '../engine/types';
import { type DockerfileModel, expandVariables, type Stage, shippedStages, stageLabel } from '../model/dockerfile';
import {
  type CommandOption,
  deleteWords,
  isAssignment,
  isPlainWord,
  type OptionSyntax,
  optionSyntax,
  parseOptions,
  programOf,
  runCommands,
  type ShellCommand,
  type ShellWord,
} from '../model/shell';

/** What a setting stops checking, as the end of "turns off …". */
const tls = 'TLS certificate verification';

/**
 * Environment variables that turn verification off, with the values that do it; `undefined` is a
 * value set from a variable whose value is not known here.
 */
const variables: { name: RegExp; disables: (value: string | undefined) => boolean; what: string }[] = [
  { name: /^PYTHONHTTPSVERIFY$/, disables: (value) => value === '0', what: `${tls} in Python's urllib/ssl` },
  { name: /^NODE_TLS_REJECT_UNAUTHORIZED$/, disables: (value) => value === '0', what: `${tls} in Node.js` },
  { name: /^npm_config_strict_ssl$/i, disables: isFalse, what: `${tls} in npm` },
  { name: /^YARN_ENABLE_STRICT_SSL$/, disables: isFalse, what: `${tls} in Yarn` },
  // Git checks only that the variable exists: even GIT_SSL_NO_VERIFY=0 or an empty value disables it.
  { name: /^GIT_SSL_NO_VERIFY$/, disables: () => true, what: `${tls} in git (any value, even 0)` },
  { name: /^PIP_TRUSTED_HOST$/, disables: isSomething, what: `${tls} in pip for the listed hosts` },
  { name: /^GOINSECURE$/, disables: isSomething, what: 'TLS for Go module downloads' },
  { name: /^GOSUMDB$/, disables: (value) => value === 'off', what: "Go's checksum-database verification of modules" },
];

function isSomething(value: string | undefined): boolean {
  return value === undefined || value.trim() !== '';
}

function isFalse(value: string | undefined): boolean {
  return value !== undefined && /^(false|no|off|0)$/i.test(value);
}

/** One insecure setting in a RUN command, and the words that make it up. */
interface Detection {
  word: ShellWord;
  message: string;
  /** For one letter of a short-option cluster (`-fsSLk`): its index in the word. */
  letterIndex?: number;
  /** The words a fix deletes when deleting them is all it takes; absent when no fix is safe. */
  remove?: readonly [ShellWord, ShellWord];
  /** How the fix title names what it removes. */
  written?: string;
}

export const verificationDisabled = defineRule({
  id: 'BH-D023',
  title: 'TLS or signature verification disabled',
  severity: 'error',
  appliesTo: ['dockerfile'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    checkov: [
      'CKV2_DOCKER_2',
      'CKV2_DOCKER_3',
      'CKV2_DOCKER_4',
      'CKV2_DOCKER_5',
      'CKV2_DOCKER_6',
      'CKV2_DOCKER_7',
      'CKV2_DOCKER_8',
      'CKV2_DOCKER_9',
      'CKV2_DOCKER_10',
      'CKV2_DOCKER_11',
      'CKV2_DOCKER_12',
      'CKV2_DOCKER_13',
      'CKV2_DOCKER_14',
      'CKV2_DOCKER_15',
      'CKV2_DOCKER_16',
    ],
  },
  docs: {
    why: 'Certificate checks are what make HTTPS downloads trustworthy, and package signatures are what make a package repository trustworthy. `curl -k`, `wget --no-check-certificate`, `pip --trusted-host`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY`, npm/Yarn `strict-ssl false`, `git -c http.sslVerify=false`, `apk --allow-untrusted`, `apt-get --allow-unauthenticated`/`--force-yes`/`Verify-Peer=false`/`[trusted=yes]`, `yum`/`dnf --nogpgcheck` or `sslverify=0` and `rpm --nosignature`/`--nodigest` all make the build accept whatever the network delivers. A builder stage counts as much as the final one: what it fetches is compiled into the image. An `ENV` setting also stays in the running container. A `[trusted=yes]` source for a local `file:` repository of packages built in the same step is not reported: nothing crosses the network. Differences from peers: Checkov reads `ARG NAME value` as a default, but BuildKit declares two build arguments there and sets no value, so we do not report it; and a RUN line that is a shell syntax error (an unterminated quote) is not read as setting anything.',
    attacker:
      'Anyone on the network path during the build — a hostile Wi-Fi, a compromised proxy or mirror, DNS spoofing — can serve their own packages, scripts or binaries, and they are built into the image as if they came from the real source. An `ENV` setting extends that to every connection the running app makes.',
    fix: 'Remove the flag or setting (the quick fix does this where that is all it takes). If a corporate proxy re-signs TLS, add its CA certificate to the image (`COPY corp-ca.crt /usr/local/share/ca-certificates/` and `update-ca-certificates`, or `NODE_EXTRA_CA_CERTS`, `PIP_CERT`, `git -c http.sslCAInfo=…`) instead of turning checks off; for a private package repository, import its signing key. `ENV`/`ARG` settings get no automatic fix: removing them can break a build that relies on them until the CA is in place.',
    example: {
      language: 'dockerfile',
      bad: 'FROM python:3.12-slim\nRUN curl -fsSLk https://example.com/tool.tar.gz -o /tmp/tool.tar.gz \\\n && pip install --trusted-host pypi.org requests',
      good: 'FROM python:3.12-slim\nRUN curl -fsSL https://example.com/tool.tar.gz -o /tmp/tool.tar.gz \\\n && pip install requests',
    },
  },
  check(model, { report }) {
    const shipped = new Set(shippedStages(model));
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword === 'ENV' || keyword === 'ARG') {
          for (const finding of variableFindings(model, stage, instruction, shipped.has(stage))) report(finding);
        } else if (keyword === 'RUN') {
          for (const command of runCommands(model, instruction)) {
            for (const detection of commandDetections(command)) {
              report(toFinding(model, command, detection, stageLabel(stage)));
            }
          }
        }
      }
    }
  },
});

/** `ENV NODE_TLS_REJECT_UNAUTHORIZED=0`, `ARG PIP_TRUSTED_HOST=…`: reported on the key, without a fix. */
function variableFindings(
  model: DockerfileModel,
  stage: Stage,
  instruction: Instruction,
  shipped: boolean,
): ReportedFinding[] {
  const keyword = instruction.getKeyword();
  const line = instruction.getRange().start.line;
  const properties = (instruction as Instruction & { getProperties(): Property[] }).getProperties();
  const findings: ReportedFinding[] = [];
  for (const property of properties) {
    // `ARG NAME value` declares two build arguments in BuildKit; only `ARG NAME=value` sets a default.
    if (keyword === 'ARG' && property.getAssignmentOperator() !== '=') continue;
    const written = property.getValue();
    if (written === null) continue;
    const check = variables.find((variable) => variable.name.test(property.getName()));
    if (!check) continue;
    const value = expandVariables(written, (name) => model.ast.resolveVariable(name, line));
    if (!check.disables(value)) continue;
    const scope =
      keyword === 'ARG'
        ? `for the RUN steps of ${stageLabel(stage)} that follow`
        : shipped
          ? `for the rest of the build and in the running container`
          : `for the rest of ${stageLabel(stage)}`;
    findings.push({
      range: property.getNameRange(),
      message: `${keyword} ${property.getName()}=${written} turns off ${check.what} ${scope}.`,
    });
  }
  return findings;
}

/** Everything in one RUN command that turns verification off. */
function commandDetections(command: ShellCommand): Detection[] {
  const program = programOf(command);
  const detections = assignmentDetections(command, program);
  if (!program) return detections;
  const rest = command.words.slice(program.index + 1);
  const tool = toolChecks[program.name] ?? (/^pip[0-9.]*$/.test(program.name) ? pipChecks : undefined);
  if (tool) detections.push(...tool(rest, program.name));
  else if (/^python[0-9.]*$/.test(program.name) && rest[0]?.value === '-m' && rest[1]?.value === 'pip')
    detections.push(...pipChecks(rest.slice(2), `${program.name} -m pip`));
  detections.push(...rest.filter((word) => trustedRemoteSource.test(word.value)).map(trustedSource));
  return detections;
}

/** `NODE_TLS_REJECT_UNAUTHORIZED=0 node …`, `export GIT_SSL_NO_VERIFY=1`, `env PIP_TRUSTED_HOST=… pip …`. */
function assignmentDetections(command: ShellCommand, program: ReturnType<typeof programOf>): Detection[] {
  const exporting = program && /^(export|declare|typeset|readonly|local)$/.test(program.name);
  const end = program && !exporting ? program.index : command.words.length;
  const detections: Detection[] = [];
  command.words.slice(0, end).forEach((word, index) => {
    if (!isAssignment(word.value)) return;
    const equals = word.value.indexOf('=');
    const name = word.value.slice(0, equals);
    const check = variables.find((variable) => variable.name.test(name));
    if (!check?.disables(word.value.slice(equals + 1))) return;
    const prefix = program !== undefined && !exporting && index < program.index;
    detections.push({
      word,
      message: `${name}=${word.value.slice(equals + 1)} turns off ${check.what}`,
      ...(prefix ? { remove: [word, word] as const, written: word.value } : {}),
    });
  });
  return detections;
}

type ToolCheck = (words: readonly ShellWord[], program: string) => Detection[];

/** Reports the options among `words` whose name is in `flags`, each with a removal fix. */
function flagged(words: readonly ShellWord[], syntax: OptionSyntax, flags: Record<string, string>, program: string) {
  return parseOptions(words, syntax)
    .options.filter((option) => flags[option.name] !== undefined)
    .map((option) => optionDetection(option, `${program} ${describeOption(option)} ${flags[option.name]}`));
}

/** `-k`, or `-k in "-fsSLk"` for a letter of a cluster. */
function describeOption(option: CommandOption): string {
  const cluster = option.letterIndex !== undefined && option.word.value.length > 2;
  return cluster ? `${option.name} in "${option.word.value}"` : option.name;
}

function optionDetection(option: CommandOption, message: string): Detection {
  const last = option.valueWord ?? option.word;
  const cluster = option.letterIndex !== undefined && option.word.value.length > 2 && !option.valueWord;
  const written = option.valueWord ? `${option.word.value} ${option.valueWord.value}` : option.name;
  return cluster
    ? { word: option.word, message, letterIndex: option.letterIndex, written: option.name }
    : { word: option.word, message, remove: [option.word, last], written };
}

const turnsOffTls = `turns off ${tls}`;
const skipsSignatures = 'installs packages without checking their signatures';

const aptSyntax: OptionSyntax = {
  shortWithValue: 'ocqt',
  longWithValue: ['--option', '--config-file', '--target-release'],
};
const rpmFamilySyntax: OptionSyntax = { shortWithValue: 'cdeR', longWithValue: ['--setopt', '--repo', '--releasever'] };

const pipChecks: ToolCheck = (words, program) =>
  flagged(
    words,
    {
      shortWithValue: 'rcefibt',
      longWithValue: ['--trusted-host', '--index-url', '--extra-index-url', '--requirement', '--constraint', '--cert'],
    },
    { '--trusted-host': `${turnsOffTls} for that host` },
    program,
  ).concat(configSet(words, program, /^(global|install|download)\.trusted-host$/, () => true, `${turnsOffTls}`));

const toolChecks: Record<string, ToolCheck> = {
  curl: (words, program) =>
    flagged(
      words,
      optionSyntax.curl,
      {
        '-k': `${turnsOffTls} (-k is --insecure)`,
        '--insecure': turnsOffTls,
        '--proxy-insecure': `${tls} of the proxy`,
      },
      program,
    ),
  wget: (words, program) => flagged(words, optionSyntax.wget, { '--no-check-certificate': turnsOffTls }, program),
  apk: (words, program) => flagged(words, {}, { '--allow-untrusted': skipsSignatures }, program),
  'apt-get': aptChecks,
  apt: aptChecks,
  aptitude: aptChecks,
  yum: rpmFamilyChecks,
  dnf: rpmFamilyChecks,
  tdnf: rpmFamilyChecks,
  microdnf: rpmFamilyChecks,
  'yum-config-manager': rpmFamilyChecks,
  'dnf-config-manager': rpmFamilyChecks,
  zypper: (words, program) =>
    flagged(words, {}, { '--no-gpg-checks': skipsSignatures, '--no-gpgcheck': skipsSignatures }, program),
  rpm: (words, program) =>
    flagged(
      words,
      { shortWithValue: 'D', longWithValue: ['--root', '--dbpath', '--define', '--prefix'] },
      {
        '--nosignature': 'installs packages without checking their signatures',
        '--nodigest': 'installs packages without checking their digests',
        '--noverify': 'installs packages without checking their digests and signatures',
        '--nofiledigest': "installs packages without checking their files' digests",
      },
      program,
    ),
  npm: nodePackageManagerChecks,
  yarn: nodePackageManagerChecks,
  pnpm: nodePackageManagerChecks,
  git: gitChecks,
};

function aptChecks(words: readonly ShellWord[], program: string): Detection[] {
  const detections = flagged(
    words,
    aptSyntax,
    {
      '--allow-unauthenticated': skipsSignatures,
      '--force-yes': `${skipsSignatures} (and allows downgrades)`,
      '--allow-insecure-repositories': 'accepts repositories without signed metadata',
    },
    program,
  );
  for (const option of parseOptions(words, aptSyntax).options) {
    if ((option.name !== '-o' && option.name !== '--option') || option.value === undefined) continue;
    const [key = '', value = ''] = option.value.split('=');
    const disables =
      (/^Acquire::https?::(.+::)?Verify-(Peer|Host)$/i.test(key) && isFalse(value)) ||
      (/^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories)$/i.test(
        key,
      ) &&
        /^(true|yes|1)$/i.test(value));
    if (disables) {
      const what = /Verify/i.test(key) ? turnsOffTls : skipsSignatures;
      detections.push(optionDetection(option, `${program} -o ${option.value} ${what}`));
    }
  }
  return detections;
}

/** yum, dnf, tdnf, microdnf and their config managers: `--nogpgcheck`, `--setopt=…sslverify=0`/`gpgcheck=0`. */
function rpmFamilyChecks(words: readonly ShellWord[], program: string): Detection[] {
  const detections = flagged(words, rpmFamilySyntax, { '--nogpgcheck': skipsSignatures }, program);
  for (const option of parseOptions(words, rpmFamilySyntax).options) {
    if (option.name !== '--setopt' || option.value === undefined) continue;
    const match = /^(?:[^=]*\.)?(sslverify|gpgcheck|repo_gpgcheck)=(.*)$/i.exec(option.value);
    if (!match || !isFalse(match[2] ?? '')) continue;
    const what = /sslverify/i.test(match[1] ?? '') ? turnsOffTls : skipsSignatures;
    detections.push(optionDetection(option, `${program} --setopt=${option.value} ${what}`));
  }
  return detections;
}

/** `npm config set strict-ssl false`, `yarn config set enableStrictSsl false`, `npm install --no-strict-ssl`. */
function nodePackageManagerChecks(words: readonly ShellWord[], program: string): Detection[] {
  const detections = flagged(words, {}, { '--no-strict-ssl': turnsOffTls }, program);
  for (const option of parseOptions(words, {}).options) {
    if (option.name === '--strict-ssl' && option.value !== undefined && isFalse(option.value))
      detections.push(optionDetection(option, `${program} --strict-ssl=${option.value} ${turnsOffTls}`));
  }
  return detections.concat(configSet(words, program, /^(strict-ssl|enableStrictSsl)$/, isFalse, turnsOffTls));
}

/**
 * `<tool> config set <key> <value>`, `<tool> config set <key>=<value>`, `npm set …`, `npm c set …`:
 * the key word is reported, without a fix (the whole command is the setting).
 */
function configSet(
  words: readonly ShellWord[],
  program: string,
  key: RegExp,
  disables: (value: string) => boolean,
  what: string,
): Detection[] {
  const operands = parseOptions(words, {}).operands;
  const set = operands.findIndex((word) => word.value === 'set');
  const before = operands.slice(0, set).map((word) => word.value);
  if (set < 0 || !(before.length === 0 || (before.length === 1 && /^(config|c)$/.test(before[0] ?? '')))) return [];
  const keyWord = operands[set + 1];
  if (!keyWord) return [];
  const [name, attached] = keyWord.value.split(/=(.*)/s);
  const value = attached ?? operands[set + 2]?.value;
  if (!key.test(name ?? '') || value === undefined || !disables(value)) return [];
  return [{ word: keyWord, message: `${program} config set ${name} ${value} ${what}` }];
}

/** `git -c http.sslVerify=false clone …` (removable) and `git config --global http.sslVerify false`. */
function gitChecks(words: readonly ShellWord[], program: string): Detection[] {
  const sslVerify = /^http\.(.+\.)?sslverify$/i;
  const detections: Detection[] = [];
  const gitSyntax: OptionSyntax = { shortWithValue: 'cC', longWithValue: ['--config', '--git-dir', '--work-tree'] };
  const { options, operands } = parseOptions(words, gitSyntax);
  for (const option of options) {
    if ((option.name !== '-c' && option.name !== '--config') || option.value === undefined) continue;
    const [key = '', value = 'true'] = option.value.split(/=(.*)/s);
    if (sslVerify.test(key) && isFalse(value))
      detections.push(optionDetection(option, `${program} ${option.name} ${option.value} ${turnsOffTls}`));
  }
  if (operands[0]?.value === 'config') {
    const [keyWord, valueWord] = operands.slice(1);
    if (keyWord && valueWord && sslVerify.test(keyWord.value) && isFalse(valueWord.value))
      detections.push({
        word: keyWord,
        message: `git config ${keyWord.value} ${valueWord.value} ${turnsOffTls} for every later git command`,
      });
  }
  return detections;
}

/**
 * A `deb [trusted=yes] <uri>` source line (written by `echo` into sources.list) for a repository
 * reached over the network; a `file:`/`copy:` repository of packages built in the same RUN is not.
 */
const trustedRemoteSource = /\[[^\]]*\btrusted=yes\b[^\]]*\]\s*(?!file:|copy:)\S/;

function trustedSource(word: ShellWord): Detection {
  return {
    word,
    message: 'An APT source marked [trusted=yes] installs packages from it without checking signatures',
  };
}

function toFinding(
  model: DockerfileModel,
  command: ShellCommand,
  detection: Detection,
  where: string,
): ReportedFinding {
  const message = `${detection.message} in ${where}.`;
  const edit = removal(model, command, detection);
  const fixes: Fix[] = edit
    ? [{ title: `Remove ${detection.written ?? detection.word.value}`, edits: [edit], isPreferred: true }]
    : [];
  return { range: detection.word.range, message, fixes };
}

function removal(model: DockerfileModel, command: ShellCommand, detection: Detection) {
  const { word, letterIndex } = detection;
  if (letterIndex !== undefined) {
    if (!isPlainWord(model, word) || word.execForm) return undefined;
    const range: Range = model.source.rangeAt(word.start + letterIndex, word.start + letterIndex + 1);
    return { range, newText: '' };
  }
  return detection.remove ? deleteWords(model, command, detection.remove[0], detection.remove[1]) : undefined;
}
