import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel } from './dockerfile';
import {
  type CommandOption,
  type OptionSyntax,
  parseOptions,
  programOf,
  runCommands,
  type ShellCommand,
  type ShellWord,
} from './shell';

export type PackageManager = 'apt' | 'apk' | 'yum' | 'zypper' | 'pip' | 'npm';

/** A package manager call that installs or removes packages, e.g. `apt-get install -y curl`. */
export interface PackageCommand {
  manager: PackageManager;
  /** The program as run: `apt-get`, `dnf`, `pip3`, `npm`… */
  program: string;
  action: 'install' | 'remove';
  /** As written: `install`, `add`, `purge`, `autoremove`… */
  subcommand: string;
  command: ShellCommand;
  /** Package operands as written; values of options (`-t bookworm`, `-r req.txt`) are not among them. */
  packages: ShellWord[];
  options: CommandOption[];
}

interface ManagerSyntax extends OptionSyntax {
  manager: PackageManager;
  actions: Record<string, PackageCommand['action']>;
}

const apt: ManagerSyntax = {
  manager: 'apt',
  actions: { install: 'install', remove: 'remove', purge: 'remove', autoremove: 'remove' },
  shortWithValue: 'oct',
  longWithValue: ['--option', '--config-file', '--target-release', '--default-release'],
};
const yum: ManagerSyntax = {
  manager: 'yum',
  actions: { install: 'install', remove: 'remove', erase: 'remove', autoremove: 'remove' },
  shortWithValue: 'cdexR',
  longWithValue: [
    '--config',
    '--exclude',
    '--enablerepo',
    '--disablerepo',
    '--setopt',
    '--releasever',
    '--installroot',
  ],
};
const pip: ManagerSyntax = {
  manager: 'pip',
  actions: { install: 'install', uninstall: 'remove' },
  shortWithValue: 'rceift',
  longWithValue: [
    '--requirement',
    '--constraint',
    '--editable',
    '--index-url',
    '--extra-index-url',
    '--find-links',
    '--target',
    '--prefix',
    '--root',
    '--src',
    '--platform',
    '--python-version',
    '--implementation',
    '--abi',
    '--no-binary',
    '--only-binary',
    '--upgrade-strategy',
    '--progress-bar',
    '--proxy',
    '--trusted-host',
    '--cache-dir',
    '--root-user-action',
    '--log',
    '--timeout',
    '--retries',
    '--python',
  ],
};

const managers: Record<string, ManagerSyntax> = {
  'apt-get': apt,
  apt,
  aptitude: apt,
  apk: {
    manager: 'apk',
    actions: { add: 'install', del: 'remove' },
    shortWithValue: 'tXp',
    longWithValue: [
      '--virtual',
      '--repository',
      '--root',
      '--arch',
      '--keys-dir',
      '--cache-dir',
      '--repositories-file',
    ],
  },
  yum,
  dnf: yum,
  microdnf: yum,
  tdnf: yum,
  zypper: {
    manager: 'zypper',
    actions: { install: 'install', in: 'install', remove: 'remove', rm: 'remove' },
    shortWithValue: 'r',
    longWithValue: ['--repo', '--from'],
  },
  npm: {
    manager: 'npm',
    actions: { install: 'install', i: 'install', add: 'install', uninstall: 'remove', remove: 'remove', rm: 'remove' },
    shortWithValue: 'w',
    longWithValue: ['--loglevel', '--registry', '--prefix', '--cache', '--workspace'],
  },
};

/**
 * Every package install or removal a RUN instruction performs, through apt, apk, yum/dnf, zypper,
 * pip (also `python -m pip`) or npm, past `sudo` and `env` wrappers. Package words built from shell
 * variables (`$buildDeps`) are left out: their value is not known.
 */
export function packageCommands(model: DockerfileModel, instruction: Instruction): PackageCommand[] {
  if (instruction.getKeyword() !== 'RUN') return [];
  return runCommands(model, instruction).flatMap((command) => {
    const found = asPackageCommand(command);
    return found ? [found] : [];
  });
}

/** The command as a package install or removal, or undefined when it is neither. */
export function asPackageCommand(command: ShellCommand): PackageCommand | undefined {
  const program = programOf(command);
  if (!program) return undefined;
  let args = command.words.slice(program.index + 1);
  let syntax = managers[program.name];
  if (/^pip\d*(\.\d+)?$/.test(program.name)) syntax = pip;
  if (/^python\d*(\.\d+)?$/.test(program.name) && args[0]?.value === '-m' && args[1]?.value === 'pip') {
    syntax = pip;
    args = args.slice(2);
  }
  if (!syntax) return undefined;
  const { options, operands } = parseOptions(args, syntax);
  const [subcommand, ...packages] = operands;
  const action = subcommand && syntax.actions[subcommand.value];
  if (!action) return undefined;
  return {
    manager: syntax.manager,
    program: program.name,
    action,
    subcommand: subcommand.value,
    command,
    packages: packages.filter((word) => !/[$`]/.test(word.value)),
    options,
  };
}

/** The value of an option given by any of its names (`-t`, `--virtual`), if the command has it. */
export function optionValue(command: PackageCommand, ...names: string[]): string | undefined {
  return command.options.find((option) => names.includes(option.name))?.value;
}

/**
 * A system package's name without the version it may carry: `gcc=4:12.2.0-3` (apt), `gcc~12` (apk),
 * `gcc-11.4.1` (yum/dnf, where the version starts at the first dash followed by a digit).
 */
export function packageName(word: string, manager: PackageManager): string {
  const name = word.replace(/[=~<>].*$/, '');
  return manager === 'yum' ? name.replace(/-\d[\w.:+~-]*$/, '') : name;
}
