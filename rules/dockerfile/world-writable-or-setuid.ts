import { type Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { defineRule } from '../engine/rule';
import type { Range } from '../engine/types';
import { type DockerfileModel, type Stage, shippedStageLabel, shippedStages, stageLabel } from '../model/dockerfile';
import { isPlainWord, parseOptions, programOf, runCommands, type ShellWord } from '../model/shell';

export const worldWritableOrSetuid = defineRule({
  id: 'BH-D005',
  title: 'World-writable or setuid files',
  severity: 'warning',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "A world-writable file (`chmod 777`, `a+w`, `o+w`) can be changed by any user in the container, so an unprivileged process can rewrite a script or binary that root or the app later runs. A setuid or setgid file (`u+s`, `g+s`, `+s`, modes `4xxx`/`2xxx`/`6xxx`) runs with its owner's rights whoever starts it, which turns any bug in it into root. The rule reads modes given to `chmod`, `mkdir -m`, `install -m` and `COPY`/`ADD --chmod`, in the final stage, the stages it builds on, and builder stages whose files a shipped stage copies. A sticky world-writable directory (`1777`, as `/tmp` is) is a deliberate shared directory and is not reported; `chmod +w` without `u`/`g`/`o`/`a` obeys the umask (022 in builds), so it does not make files world-writable. Changing ownership (`chown -R`) is not a risk and is not reported.",
    attacker:
      'After a foothold as the unprivileged app user, an attacker overwrites a world-writable script or binary that runs as root (an entrypoint, a cron job, a tool root invokes) or abuses a setuid binary, and so becomes root in the container, one step from the host.',
    fix: 'Give write access only to the user that needs it: `chown app:app /data` then `chmod 750` (directories) or `640` (files), or `COPY --chown=app:app`. For shared scratch space use a sticky directory (`chmod 1777`). Remove setuid/setgid bits (`chmod u-s,g-s`) and grant a single capability with `setcap` if the program needs one privilege.',
    example: {
      language: 'dockerfile',
      bad: 'FROM debian:12\nCOPY app /app\nRUN chmod -R 777 /app && chmod u+s /app/bin/helper\nUSER 10001',
      good: 'FROM debian:12\nCOPY --chown=10001:10001 app /app\nRUN chmod -R u=rwX,go=rX /app\nUSER 10001',
    },
  },
  check(model, { report }) {
    const shipped = shippedStages(model);
    for (const stage of model.stages) {
      const ships = shipped.includes(stage);
      if (!ships && !shipped.some((target) => copiesFrom(target, stage))) continue;
      const where = ships ? shippedStageLabel(stage) : `${stageLabel(stage)}, whose files a shipped stage copies`;
      for (const instruction of stage.instructions) {
        for (const mode of modesSet(model, instruction)) {
          const risk = modeRisk(mode.value, mode.onDirectories);
          if (!risk) continue;
          report({ range: mode.range, message: `${mode.by} "${mode.value}" ${describe(risk)} (in ${where}).` });
        }
      }
    }
  },
});

interface ModeRisk {
  worldWritable: boolean;
  setuid: boolean;
  setgid: boolean;
}

function describe(risk: ModeRisk): string {
  const special = [risk.setuid && 'setuid', risk.setgid && 'setgid'].filter(Boolean).join(' and ');
  const parts = [
    risk.worldWritable && 'makes files writable by every user in the container',
    special && `sets the ${special} bit, so the program runs with its owner's rights whoever starts it`,
  ];
  return parts.filter(Boolean).join(', and ');
}

/** Whether a stage's COPY instructions read files from another stage (`--from=<name or index>`). */
function copiesFrom(target: Stage, source: Stage): boolean {
  return target.instructions.some((instruction) => {
    if (instruction.getKeyword() !== 'COPY' || !(instruction instanceof ModifiableInstruction)) return false;
    const from = instruction
      .getFlags()
      .find((flag) => flag.getName() === 'from')
      ?.getValue()
      ?.toLowerCase();
    return from !== undefined && (from === source.name || from === String(source.index));
  });
}

/** A permission mode an instruction sets, where it is written and what sets it. */
interface ModeWord {
  value: string;
  range: Range;
  by: string;
  /** Only directories get the mode: setuid and setgid on a directory grant no privilege. */
  onDirectories: boolean;
}

const chmodOptions = new Set([
  '-R',
  '-c',
  '-f',
  '-v',
  '-H',
  '-L',
  '-P',
  '--recursive',
  '--changes',
  '--silent',
  '--quiet',
  '--verbose',
  '--no-dereference',
  '--dereference',
  '--preserve-root',
  '--no-preserve-root',
]);

function modesSet(model: DockerfileModel, instruction: Instruction): ModeWord[] {
  const keyword = instruction.getKeyword();
  if ((keyword === 'COPY' || keyword === 'ADD') && instruction instanceof ModifiableInstruction) {
    const flag = instruction.getFlags().find((f) => f.getName() === 'chmod');
    const value = flag?.getValue();
    const range = flag?.getValueRange();
    return value && range ? [{ value, range, by: `${keyword} --chmod`, onDirectories: false }] : [];
  }
  if (keyword !== 'RUN') return [];
  const modes: ModeWord[] = [];
  const createdDirectories = new Set<string>();
  for (const command of runCommands(model, instruction)) {
    const program = programOf(command);
    if (!program) continue;
    const args = command.words.slice(program.index + 1);
    if (program.name === 'chmod') {
      if (args.some((word) => word.value.startsWith('--reference'))) continue;
      const modeIndex = args.findIndex((word) => !chmodOptions.has(word.value));
      const mode = args[modeIndex];
      if (!mode) continue;
      const recursive = args.some((word) => word.value === '-R' || word.value === '--recursive');
      const paths = args.slice(modeIndex + 1).filter((word) => !chmodOptions.has(word.value));
      const onDirectories = !recursive && paths.length > 0 && paths.every((word) => createdDirectories.has(word.value));
      modes.push({ value: mode.value, range: mode.range, by: 'chmod', onDirectories });
    } else if (program.name === 'mkdir' || program.name === 'install') {
      const isMkdir = program.name === 'mkdir';
      const syntax = { shortWithValue: isMkdir ? 'm' : 'mogSt', longWithValue: ['--mode'] };
      const { options, operands } = parseOptions(args, syntax);
      if (isMkdir) for (const operand of operands) createdDirectories.add(operand.value);
      const option = options.find((o) => o.name === '-m' || o.name === '--mode');
      if (option?.value) {
        const word = option.valueWord ?? option.word;
        const onDirectories = isMkdir || options.some((o) => o.name === '-d' || o.name === '--directory');
        modes.push({
          value: option.value,
          range: valueRange(model, word, option.value),
          by: `${program.name} -m`,
          onDirectories,
        });
      }
    }
  }
  return modes;
}

/** The characters of an option's value inside its word (`777` in `--mode=777`), when the word is written plainly. */
function valueRange(model: DockerfileModel, word: ShellWord, value: string): Range {
  if (!isPlainWord(model, word) || !word.value.endsWith(value)) return word.range;
  return model.source.rangeAt(word.end - value.length, word.end);
}

/**
 * What a chmod mode grants that matters here. Octal modes of up to three digits carry no special
 * bits; in symbolic modes `w` must name others explicitly (`o`, `a`) because without a who the
 * umask (022 in builds) keeps others from write, while `s` is not masked. A setgid directory only
 * passes its group on to new files, so special bits count on files alone.
 */
function modeRisk(mode: string, onDirectories: boolean): ModeRisk | undefined {
  let bits = 0;
  if (/^[0-7]{1,4}$/.test(mode)) bits = Number.parseInt(mode, 8);
  else {
    for (const clause of mode.split(',')) {
      const match = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
      if (!match) return undefined;
      const who = match[1] ?? '';
      for (const [, op, perms = ''] of (match[2] ?? '').matchAll(/([-+=])([rwxXst]*)/g)) {
        if (op === '-') continue;
        if (perms.includes('w') && /[oa]/.test(who)) bits |= 0o002;
        if (perms.includes('s') && (who === '' || /[ua]/.test(who))) bits |= 0o4000;
        if (perms.includes('s') && (who === '' || /[ga]/.test(who))) bits |= 0o2000;
        if (perms.includes('t')) bits |= 0o1000;
      }
    }
  }
  const risk = {
    worldWritable: (bits & 0o002) !== 0 && (bits & 0o1000) === 0,
    setuid: !onDirectories && (bits & 0o4000) !== 0,
    setgid: !onDirectories && (bits & 0o2000) !== 0,
  };
  return risk.worldWritable || risk.setuid || risk.setgid ? risk : undefined;
}
