import type { Instruction, JSONInstruction } from 'dockerfile-ast';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { insertLinesBefore } from '../fixes/dockerfile-edit';
import {
  baseImageFamily,
  type DockerfileModel,
  lastBefore,
  lineageInstructions,
  type Stage,
  stageLabel,
  stageLineage,
  stagesBuildingOn,
} from '../model/dockerfile';
import { parseOptions, programOf, runCommands, type ShellCommand, stageRuns } from '../model/shell';

/** Producers whose failure cannot matter: nothing is lost when pipefail is off. */
const harmlessProducers = new Set(['echo', 'printf', 'yes', 'true', ':']);

/** Shells known to accept `-o pipefail`, and the one to use per base image family. */
const pipefailShells = new Set(['bash', 'zsh', 'ash', 'ksh', 'mksh']);
const familyShell = { debian: '/bin/bash', alpine: '/bin/ash' } as const;

export const pipeWithoutPipefail = defineRule({
  id: 'BH-D025',
  title: 'Pipe without pipefail',
  severity: 'warning',
  appliesTo: ['dockerfile'],
  fixable: true,
  profile: 'recommended',
  aliases: { hadolint: ['DL4006'] },
  docs: {
    why: 'A shell-form RUN runs `/bin/sh -c`, and a pipeline\'s exit status is that of its last command: in `curl -fsSL $URL | tar -xz` a failed, redirected or truncated download does not fail the step as long as `tar` succeeds, so the build goes on with a missing or partial file — or, with `| sh`, half a script. `pipefail` makes the pipeline fail when any command in it fails. It is not POSIX sh (Debian\'s dash rejects `set -o pipefail`), so it needs bash, zsh or BusyBox ash. Differences from peers: unlike hadolint, a `SHELL` set in a stage carries into the stages built `FROM` it, a `set -o pipefail` earlier in the same RUN counts, and pipes fed by `echo`/`printf`/`yes` (whose failure cannot matter, e.g. `echo "$SHA  file" | sha256sum -c -`) are not reported.',
    attacker:
      'A download that an attacker (or an outage) can make fail — a blocked URL, a redirect to an error page, a cut connection — leaves the image without the check, patch or tool the step was meant to install, and the build still passes.',
    fix: 'Set a shell with pipefail before the step: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` on Debian/Ubuntu-based images, `SHELL ["/bin/ash", "-o", "pipefail", "-c"]` on Alpine (BusyBox ash supports it); or start the RUN with `set -o pipefail &&` when its shell supports it. With pipefail, `yes | cmd` and `cmd | head` can fail on SIGPIPE: the quick fix is not applied automatically when the stage has such pipelines.',
    example: {
      language: 'dockerfile',
      bad: 'FROM debian:12\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt',
      good: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt',
    },
  },
  check(model, { report }) {
    const fixesByStage = new Map<Stage, Fix[]>();
    for (const { stage, run, commands } of stageRuns(model)) {
      if (isWindowsStage(stage) || (run as JSONInstruction).getOpeningBracket() || hasPipefailShell(stage, run))
        continue;
      const pipes = unprotectedPipes(commands);
      const first = pipes[0];
      if (!first?.separatorRange) continue;
      // One fix for the whole stage, before its first offending RUN.
      const fixes = fixesByStage.get(stage) ?? shellFixes(model, stage, run);
      fixesByStage.set(stage, fixes);
      const more =
        pipes.length > 1 ? ` (and ${pipes.length - 1} more pipe${pipes.length > 2 ? 's' : ''} in this RUN)` : '';
      report({
        range: first.separatorRange,
        message: `Pipe without pipefail in ${stageLabel(stage)}: if ${producerOf(commands, commands.indexOf(first)).name} fails, the RUN still succeeds as long as ${programOf(first)?.name ?? 'the last command'} does${more}.`,
        fixes,
      });
    }
  },
});

/** Commands joined by `|` whose failure would go unnoticed: not after `set -o pipefail`, not fed by `echo`. */
function unprotectedPipes(commands: readonly ShellCommand[]): ShellCommand[] {
  const pipes: ShellCommand[] = [];
  let pipefail = false;
  commands.forEach((command, index) => {
    if (setsPipefail(command)) pipefail = true;
    if (pipefail || command.separator !== '|' || producerOf(commands, index).harmless) return;
    if (!failureIgnored(commands, index)) pipes.push(command);
  });
  return pipes;
}

/** `a | b || true`, `a | grep x && exit 1 || :`: the list the pipe is in ignores failure on purpose. */
function failureIgnored(commands: readonly ShellCommand[], index: number): boolean {
  let last = index;
  while (['|', '&&', '||'].includes(commands[last + 1]?.separator ?? '')) last++;
  const final = commands[last];
  return final?.separator === '||' && ['true', ':'].includes((final && programOf(final)?.name) ?? '');
}

/** Names for the end of a compound command that feeds a pipe. */
const compoundEnds: Record<string, string> = {
  '}': 'the command group',
  done: 'the loop',
  fi: 'the if block',
  esac: 'the case block',
};

/**
 * What feeds the pipe before `commands[index]`: a command, or a `{ …; }` group (harmless when every
 * command in it is), named for messages.
 */
function producerOf(commands: readonly ShellCommand[], index: number): { name: string; harmless: boolean } {
  const producer = commands[index - 1];
  const name = producer ? programOf(producer)?.name : undefined;
  if (name === undefined) return { name: 'the first command', harmless: true };
  if (name !== '}') return { name: compoundEnds[name] ?? name, harmless: harmlessProducers.has(name) };
  const open = commands.slice(0, index - 1).findLastIndex((command) => command.words[0]?.value === '{');
  const group = open < 0 ? [] : commands.slice(open, index - 1);
  const last = group.at(-1);
  // `{ cmd || :; }` cannot fail, whatever cmd does.
  const excused = last?.separator === '||' && ['true', ':'].includes(programOf(last)?.name ?? '');
  const harmless = excused || group.every((command) => harmlessProducers.has(programOf(command)?.name ?? ''));
  return { name: 'the command group', harmless: open >= 0 && harmless };
}

/** `set -o pipefail`, `set -euo pipefail`, or `bash -o pipefail -c …`. */
function setsPipefail(command: ShellCommand): boolean {
  const program = programOf(command);
  if (!program || !(program.name === 'set' || pipefailShells.has(program.name))) return false;
  const { options } = parseOptions(command.words.slice(program.index + 1), { shortWithValue: 'oO' });
  return options.some((option) => option.name === '-o' && option.value === 'pipefail');
}

/** The SHELL in force at an instruction, following `FROM <stage>`: its argv, or undefined for the default. */
function shellAt(stage: Stage, at: Instruction): string[] | undefined {
  const shell = lastBefore(stage, 'SHELL', at);
  if (!shell) return undefined;
  try {
    const argv: unknown = JSON.parse((shell.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ''));
    return Array.isArray(argv) && argv.every((item) => typeof item === 'string') ? argv : undefined;
  } catch {
    return undefined;
  }
}

function hasPipefailShell(stage: Stage, run: Instruction): boolean {
  const argv = shellAt(stage, run) ?? [];
  return argv.some((arg, index) => /^-[A-Za-z]*o$/.test(arg) && argv[index + 1] === 'pipefail');
}

/** Windows images and PowerShell/cmd shells: their `|` is not a POSIX pipe. */
function isWindowsStage(stage: Stage): boolean {
  const shells = lineageInstructions(stage, 'SHELL');
  return (
    /windows|nanoserver|servercore/i.test(stageLineage(stage)[0]?.baseImage ?? '') ||
    shells.some((shell) => /powershell|pwsh|cmd(\.exe)?"/i.test(shell.getArgumentsContent() ?? ''))
  );
}

/**
 * Inserts a pipefail SHELL before the first offending RUN: the stage's own shell with `-o pipefail`
 * when it supports it, else bash (Debian/Ubuntu) or BusyBox ash (Alpine). Not preferred when the base
 * is unknown, or when a pipeline in the stage would start failing on SIGPIPE.
 */
function shellFixes(model: DockerfileModel, stage: Stage, run: Instruction): Fix[] {
  const family = baseImageFamily(stageLineage(stage)[0]?.baseImage);
  if (family === 'distroless') return [];
  const current = shellAt(stage, run);
  const program = current?.[0];
  const keepsShell =
    program !== undefined &&
    (pipefailShells.has(program.slice(program.lastIndexOf('/') + 1)) || (family === 'alpine' && /sh$/.test(program)));
  const argv = keepsShell
    ? withPipefail(current ?? [])
    : [family === 'alpine' ? familyShell.alpine : familyShell.debian, '-o', 'pipefail', '-c'];
  const line = `SHELL ${JSON.stringify(argv).replace(/","/g, '", "')}`;
  const sigpipe = sigpipeProne(model, stage, run);
  const known = keepsShell || family !== undefined;
  const caveat = sigpipe
    ? ' (check `yes |` and `| head` pipelines: pipefail fails them on SIGPIPE)'
    : known
      ? ''
      : ` (if the base image has ${argv[0]})`;
  return [
    {
      title: `Add ${line} before this RUN${caveat}`,
      edits: [insertLinesBefore(model, run, [line])],
      isPreferred: known && !sigpipe,
    },
  ];
}

/** The shell's own argv with `-o pipefail` before its `-c`. */
function withPipefail(argv: readonly string[]): string[] {
  const command = argv.lastIndexOf('-c');
  const at = command < 0 ? argv.length : command;
  return [...argv.slice(0, at), '-o', 'pipefail', ...argv.slice(at)];
}

/** Pipelines that pipefail would break: `yes | …` and `… | head` / `grep -q` exit early and SIGPIPE the producer. */
function sigpipeProne(model: DockerfileModel, stage: Stage, from: Instruction): boolean {
  const line = from.getRange().start.line;
  const affected = stagesBuildingOn(model, stage);
  return affected
    .flatMap((s) => s.instructions)
    .filter((i) => i.getKeyword() === 'RUN' && i.getRange().start.line >= line)
    .some((run) => {
      const commands = runCommands(model, run);
      return commands.some((command, index) => {
        const next = commands[index + 1];
        const name = programOf(command)?.name;
        const consumer = command.separator === '|' ? programOf(command) : undefined;
        const quitsEarly =
          consumer?.name === 'head' ||
          (consumer?.name === 'grep' &&
            command.words.some((word) => /^(-[a-zA-Z]*[qm]|--quiet|--max-count)/.test(word.value)));
        return quitsEarly || (name === 'yes' && next?.separator === '|');
      });
    });
}
