import { defineRule } from '../engine/rule';
import { shippedStageLabel, shippedStages } from '../model/dockerfile';
import {
  asPackageCommand,
  optionValue,
  type PackageCommand,
  type PackageManager,
  packageName,
} from '../model/package-install';
import { programName, runCommands, type ShellCommand } from '../model/shell';

export const buildToolsInFinalImage = defineRule({
  id: 'BH-D007',
  title: 'Build tools in the final image',
  severity: 'information',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'Compilers, `make`, `git` and `-dev`/`-devel` header packages are needed to build, not to run. Installed in the final stage (or a stage it builds on) they ship in the image: more packages to patch, more CVEs in scans, and tools an intruder can use. Packages removed again in the same or a later `RUN` of those stages (`apt-get purge`, `apt-mark auto` then `apt-get purge --auto-remove`, `apk del` of the package or of its `--virtual` group, `yum`/`dnf remove`) do not ship and are not reported, nor are builder stages.',
    attacker:
      'After breaking into the app, an attacker finds a compiler, `make` and `git` ready to fetch and build exploit code, kernel modules or tunnels inside the container, instead of having to bring static binaries past your egress controls.',
    fix: 'Use a multi-stage build: install the build tools and compile in a builder stage, then start the final stage from a slim or distroless image and `COPY --from=build` only the result. If a tool is needed only during one `RUN`, install and remove it in that same `RUN`. Keep a tool the app really runs (`git` for a Git client app) and suppress the finding with a reason.',
    example: {
      language: 'dockerfile',
      bad: 'FROM python:3.12\nRUN apt-get update && apt-get install -y build-essential libpq-dev\nCOPY . /app\nRUN pip install -r /app/requirements.txt',
      good: 'FROM python:3.12 AS build\nRUN apt-get update && apt-get install -y build-essential libpq-dev\nCOPY requirements.txt .\nRUN pip wheel --wheel-dir /wheels -r requirements.txt\n\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-index /wheels/*',
    },
  },
  check(model, { report }) {
    const runs = shippedStages(model).flatMap((stage) =>
      stage.instructions
        .filter((instruction) => instruction.getKeyword() === 'RUN')
        .map((instruction) => ({ stage, commands: runCommands(model, instruction) })),
    );
    runs.forEach(({ stage, commands }, runIndex) => {
      commands.forEach((command, commandIndex) => {
        const install = asPackageCommand(command);
        if (install?.action !== 'install' || !systemManagers.has(install.manager)) return;
        const restOfRun = commands.slice(commandIndex + 1);
        // Collected only for a build tool: most installs have none, and every later RUN is a lot to gather.
        let laterRuns: ShellCommand[] | undefined;
        for (const word of install.packages) {
          const name = packageName(word.value, install.manager);
          if (!isBuildTool(name)) continue;
          laterRuns ??= runs.slice(runIndex + 1).flatMap((run) => run.commands);
          if (isRemovedLater(install, name, restOfRun, laterRuns)) continue;
          report({
            range: word.range,
            message: `The build tool "${name}" is installed in ${shippedStageLabel(stage)} and ships in the image. Build in a separate stage and copy only the result into a slim or distroless final stage.`,
          });
        }
      });
    });
  },
});

const systemManagers = new Set<PackageManager>(['apt', 'apk', 'yum', 'zypper']);

const buildTools = new Set([
  'build-essential',
  'build-base',
  'alpine-sdk',
  'gcc',
  'g++',
  'gcc-c++',
  'clang',
  'make',
  'cmake',
  'git',
]);

function isBuildTool(name: string): boolean {
  return buildTools.has(name) || /^gcc-\d+$/.test(name) || /-(dev|devel)$/.test(name);
}

/**
 * Whether the package is uninstalled after `install`: by name or `--virtual` group later in the
 * shipped stages, or, as the official images do, by `apt-mark auto` followed in the same RUN by
 * `apt-get purge --auto-remove` (or `autoremove`), which removes everything not marked manual again.
 */
function isRemovedLater(
  install: PackageCommand,
  name: string,
  restOfRun: readonly ShellCommand[],
  laterRuns: readonly ShellCommand[],
): boolean {
  const group = install.manager === 'apk' ? optionValue(install, '-t', '--virtual') : undefined;
  const removals = (commands: readonly ShellCommand[]) =>
    commands.flatMap((command) => {
      const removal = asPackageCommand(command);
      return removal?.action === 'remove' && removal.manager === install.manager ? [removal] : [];
    });
  const removedByName = removals([...restOfRun, ...laterRuns]).some((removal) =>
    removal.packages.some((word) => {
      const removed = packageName(word.value, removal.manager);
      return removed === name || removed === group;
    }),
  );
  if (removedByName || install.manager !== 'apt') return removedByName;
  const markAuto = restOfRun.findIndex(marksPackagesAuto);
  return (
    markAuto >= 0 &&
    removals(restOfRun.slice(markAuto + 1)).some(
      (removal) =>
        removal.subcommand === 'autoremove' ||
        removal.options.some((option) => option.name === '--auto-remove' || option.name === '--autoremove'),
    )
  );
}

/** `apt-mark auto '.*'`, also fed by a pipe (`apt-mark showmanual | xargs apt-mark auto`). */
function marksPackagesAuto(command: ShellCommand): boolean {
  const aptMark = command.words.findIndex((word) => programName(word) === 'apt-mark');
  return aptMark >= 0 && command.words[aptMark + 1]?.value === 'auto';
}
