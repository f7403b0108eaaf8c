import { defineRule } from '../engine/rule';
import { stageLabel } from '../model/dockerfile';
import { optionSyntax, parseOptions, programOf, type ShellCommand, type ShellWord, stageRuns } from '../model/shell';

/** Programs that run a script given on stdin or as a file, and their options that take a value. */
const interpreters: Record<string, { valued: string; inline: readonly string[] }> = {
  sh: { valued: 'oO', inline: ['-c'] },
  bash: { valued: 'oO', inline: ['-c'] },
  ash: { valued: 'oO', inline: ['-c'] },
  dash: { valued: 'oO', inline: ['-c'] },
  zsh: { valued: 'oO', inline: ['-c'] },
  ksh: { valued: 'oO', inline: ['-c'] },
  mksh: { valued: 'oO', inline: ['-c'] },
  python: { valued: 'WXQ', inline: ['-c', '-m'] },
  perl: { valued: 'IM', inline: ['-e', '-E'] },
  ruby: { valued: 'Ir', inline: ['-e'] },
  node: { valued: 'r', inline: ['-e', '-p', '--eval', '--print'] },
  php: { valued: 'cd', inline: ['-r'] },
  source: { valued: '', inline: [] },
  '.': { valued: '', inline: [] },
};

const downloaders = new Set(['curl', 'wget']);

export const remoteScriptPipedToShell = defineRule({
  id: 'BH-D020',
  title: 'Remote script piped to a shell',
  severity: 'warning',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: '`curl … | sh`, `wget -qO- … | bash`, `bash <(curl …)` and `sh -c "$(curl …)"` run whatever the server returns at build time, unread and unverified, usually as root. The same Dockerfile builds a different image the day the script changes, and a download cut off half-way runs half a script. Builder stages count too: what they build is copied into the image. No peer has this check (hadolint only asks for `pipefail`, DL4006).',
    attacker:
      'Whoever controls the script host, its CDN, DNS, or a compromised maintainer account runs code inside your build, and through it plants a backdoor in the image or steals the secrets and credentials the build can reach.',
    fix: 'Download the script to a file, check it against a checksum or signature you pinned (`echo "<sha256>  install.sh" | sha256sum -c -`), then run it; or fetch it with `ADD --checksum=sha256:… <url> /tmp/install.sh`. Better still, install the tool from a package repository with signed metadata or copy it from a pinned image (`COPY --from=image@sha256:…`).',
    example: {
      language: 'dockerfile',
      bad: 'FROM debian:12\nRUN curl -fsSL https://example.com/install.sh | sh',
      good: 'FROM debian:12\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/install.sh /tmp/install.sh\nRUN sh /tmp/install.sh',
    },
  },
  check(model, { report }) {
    for (const { stage, commands } of stageRuns(model)) {
      const where = stageLabel(stage);
      commands.forEach((command, index) => {
        const piped = pipedDownload(commands, index);
        if (piped) {
          report({
            range: { start: piped.downloader.range.start, end: piped.shell.range.end },
            message: `A script downloaded by ${piped.downloaderName} is piped into ${piped.shell.value} in ${where}: it runs unverified, whatever the server sends.`,
          });
        }
        const substituted = substitutedDownload(command);
        if (substituted) {
          report({
            range: { start: substituted.shell.range.start, end: substituted.end.range.end },
            message: `${substituted.shell.value} runs a script fetched by ${substituted.downloaderName} in ${where}: it runs unverified, whatever the server sends.`,
          });
        }
      });
    }
  },
});

/** A pipeline `downloader | … | shell` ending at `commands[index]`. */
function pipedDownload(commands: readonly ShellCommand[], index: number) {
  const command = commands[index];
  const shell = command && command.separator === '|' ? readsScriptFromStdin(command) : undefined;
  if (!shell) return undefined;
  for (let producer = index - 1; producer >= 0; producer--) {
    const downloader = downloaderWritingToStdout(commands[producer]);
    if (downloader) return { downloader: downloader.word, downloaderName: downloader.name, shell };
    if (commands[producer]?.separator !== '|') return undefined;
  }
  return undefined;
}

/** The interpreter word when the command runs the script it reads on stdin (`sh`, `bash -s`, `python3 -`). */
function readsScriptFromStdin(command: ShellCommand): ShellWord | undefined {
  const program = programOf(command);
  const syntax = program && interpreters[interpreterName(program.name)];
  if (!program || !syntax) return undefined;
  const { options, operands } = parseOptions(command.words.slice(program.index + 1), {
    shortWithValue: syntax.valued,
    stopAtOperand: true,
  });
  if (options.some((option) => syntax.inline.includes(option.name))) return undefined;
  const script = operands[0]?.value;
  const sourcing = program.name === 'source' || program.name === '.';
  const fromStdin =
    script === '/dev/stdin' ||
    (!sourcing && (script === undefined || script === '-' || options.some((option) => option.name === '-s')));
  return fromStdin ? program.word : undefined;
}

/** `curl url` (to stdout unless -o/-O) or `wget -O- url`. */
function downloaderWritingToStdout(command: ShellCommand | undefined) {
  const program = command && programOf(command);
  if (!command || !program || !downloaders.has(program.name)) return undefined;
  const rest = command.words.slice(program.index + 1);
  if (program.name === 'curl') {
    const { options } = parseOptions(rest, optionSyntax.curl);
    const toFile = options.some(
      (option) =>
        ((option.name === '-o' || option.name === '--output') && option.value !== '-') ||
        option.name === '-O' ||
        option.name.startsWith('--remote-name'),
    );
    return toFile ? undefined : program;
  }
  const { options } = parseOptions(rest, optionSyntax.wget);
  const toStdout = options.some(
    (option) =>
      (option.name === '-O' || option.name === '--output-document') &&
      (option.value === '-' || option.value === '/dev/stdout'),
  );
  return toStdout ? program : undefined;
}

/** `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -qO- …)"`: the interpreter and the word closing the substitution. */
function substitutedDownload(command: ShellCommand) {
  const program = programOf(command);
  if (!program) return undefined;
  const name = interpreterName(program.name);
  const rest = command.words.slice(program.index + 1);
  let opener: ShellWord | undefined;
  if (name === 'eval') {
    opener = rest.find((word) => commandSubstitution.test(word.value));
  } else {
    const syntax = interpreters[name];
    if (!syntax) return undefined;
    const { options, operands } = parseOptions(rest, { shortWithValue: syntax.valued, stopAtOperand: true });
    const first = operands[0];
    const inline = options.some((option) => option.name === '-c');
    if (first && ((inline && commandSubstitution.test(first.value)) || processSubstitution.test(first.value)))
      opener = first;
  }
  if (!opener) return undefined;
  const downloaderName = /(curl|wget)/.exec(opener.value)?.[1] ?? 'curl';
  const end = rest.slice(rest.indexOf(opener)).find((word) => /[)`]$/.test(word.value)) ?? opener;
  return { shell: program.word, downloaderName, end };
}

const commandSubstitution = /^\s*(\$\(|`)\s*(curl|wget)\b/;
const processSubstitution = /^<\(\s*(curl|wget)\b/;

/** `python3.12` and `python3` read their script like `python`. */
function interpreterName(name: string): string {
  return /^python[0-9.]*$/.test(name) ? 'python' : name === 'nodejs' ? 'node' : name;
}
