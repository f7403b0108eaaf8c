import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import {
  baseImageFamily,
  type DockerfileModel,
  type Stage,
  stageLabel,
  stageLineage,
  userAt,
} from '../model/dockerfile';
import {
  commandStart,
  deleteWords,
  optionSyntax,
  parseOptions,
  programName,
  programOf,
  type ShellCommand,
  type ShellWord,
  stageRuns,
} from '../model/shell';

/** sudo options that change nothing when the step already runs as root. */
const harmlessOptions = new Set(['-E', '-H', '-n', '-S', '--preserve-env', '--non-interactive', '--stdin']);

export const sudo = defineRule({
  id: 'BH-D024',
  title: 'sudo in RUN',
  severity: 'warning',
  appliesTo: ['dockerfile'],
  fixable: true,
  profile: 'recommended',
  aliases: { hadolint: ['DL3004'], trivy: ['DS-0010'], checkov: ['CKV2_DOCKER_1'] },
  docs: {
    why: 'RUN steps execute as the current `USER`, root unless the Dockerfile switched. As root, `sudo` is dead weight; after a non-root `USER`, `sudo` only works because the image ships sudo and a sudoers entry for that user — which stay in the image and hand root back to anyone who runs code as that user. Differences from peers: Trivy only looks at commands after `&&`; we read every command of the RUN (after `;`, `||`, in `sh -c` scripts and heredocs) but not words that merely contain "sudo" (`apt-get install sudo`).',
    attacker:
      'Code execution as the app user plus a passwordless sudoers entry is root in the container: the non-root `USER` no longer limits anything, and root is one step from the host through any mount, capability or kernel bug.',
    fix: 'As root (no `USER` yet, or `USER root`), just drop `sudo`. After a non-root `USER`, move the step before that `USER`, or wrap it in `USER root` … `USER <app user>`; do not install sudo in the image. To run a process as another user at start-up, use `gosu`/`su-exec` in the entrypoint.',
    example: {
      language: 'dockerfile',
      bad: 'FROM debian:12\nRUN sudo apt-get update && sudo apt-get install -y curl\nUSER 10001',
      good: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nUSER 10001',
    },
  },
  check(model, { report }) {
    for (const { stage, run, commands } of stageRuns(model)) {
      for (const command of commands) {
        const word = sudoWord(command);
        if (!word) continue;
        const { message, fixes } = explain(model, stage, run, command, word);
        report({ range: word.range, message, fixes });
      }
    }
  },
});

/** The `sudo` a command starts with, past `VAR=value` prefixes and words such as `then`. */
function sudoWord(command: ShellCommand): ShellWord | undefined {
  const first = command.words[commandStart(command)];
  return first && programName(first) === 'sudo' ? first : undefined;
}

function explain(
  model: DockerfileModel,
  stage: Stage,
  instruction: Instruction,
  command: ShellCommand,
  word: ShellWord,
): { message: string; fixes: Fix[] } {
  const where = stageLabel(stage);
  const sudo = sudoInvocation(command, word);
  if (sudo.targetUser !== 'root') {
    return {
      message: `sudo -u ${sudo.targetUser} in ${where}: sudo stays in the image for this. Run the step under USER ${sudo.targetUser} (then switch back), or use su/gosu.`,
      fixes: [],
    };
  }
  const user = userAt(model, stage, instruction);
  if (user.kind === 'non-root') {
    return {
      message: `sudo in ${where}, which runs as "${user.user}" here: the image must ship sudo and a sudoers entry that give that user root. Move this step before USER ${user.user}, or switch to USER root for it.`,
      fixes: [],
    };
  }
  const runsAsRoot =
    user.kind === 'root' || (user.kind === 'unset' && knownRootBase(stageLineage(stage)[0]?.baseImage));
  const message = runsAsRoot
    ? `sudo in ${where}, which already runs as root: sudo does nothing here but keeps sudo in the image.`
    : `sudo in ${where}: RUN steps run as the current USER${user.kind === 'unset' ? " (the base image's default)" : ''}, so sudo is either unneeded (root) or a sudoers entry that hands root back.`;
  const last = command.words[(sudo.program?.index ?? 0) - 1];
  const removal = sudo.onlyHarmlessOptions && last ? deleteWords(model, command, word, last) : undefined;
  if (!removal) return { message, fixes: [] };
  const fix: Fix = runsAsRoot
    ? { title: 'Remove sudo (this step already runs as root)', edits: [removal], isPreferred: true }
    : { title: 'Remove sudo (check that this step runs as root)', edits: [removal], isPreferred: false };
  return { message, fixes: [fix] };
}

/** Official distribution and language images run as root unless told otherwise. */
function knownRootBase(image: string | undefined): boolean {
  const family = baseImageFamily(image);
  return (family === 'debian' || family === 'alpine') && !/nonroot/.test(image ?? '');
}

/** Whom sudo runs the program as, and whether its options mean nothing for root (`-E`, `-n`, `-u root`). */
function sudoInvocation(command: ShellCommand, word: ShellWord) {
  const program = programOf(command);
  const end = program && program.index > command.words.indexOf(word) ? program.index : command.words.length;
  const { options } = parseOptions(command.words.slice(command.words.indexOf(word) + 1, end), optionSyntax.sudo);
  const user = options.find((option) => option.name === '-u' || option.name === '--user')?.value;
  const targetUser = user === undefined || user === '0' || user === '#0' ? 'root' : user;
  const onlyHarmlessOptions =
    program !== undefined &&
    end === program.index &&
    options.every((option) => harmlessOptions.has(option.name) || option.name === '-u' || option.name === '--user');
  return { program: end === program?.index ? program : undefined, targetUser, onlyHarmlessOptions };
}
