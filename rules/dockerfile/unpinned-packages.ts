import { defineRule } from '../engine/rule';
import { stageLabel } from '../model/dockerfile';
import { type PackageCommand, type PackageManager, packageCommands } from '../model/package-install';
import type { ShellWord } from '../model/shell';

export const unpinnedPackages = defineRule({
  id: 'BH-D009',
  title: 'Package installed without a version pin',
  severity: 'information',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'strict',
  aliases: { hadolint: ['DL3008', 'DL3013', 'DL3016', 'DL3018'] },
  docs: {
    why: 'Without a version, `apt-get install`, `apk add`, `pip install` and `npm install` take whatever the index serves at build time: rebuilding the same commit can pull a different, untested or (after a maintainer account takeover) malicious release. Reported per package, in every stage. Not reported: packages with a version or range (`curl=8.5.0-2`, `musl~1.2`, `requests==2.32.3`, `left-pad@1.3.0`), apt release pins (`pkg/bookworm-backports`), local files and paths (`./x.deb`, `.`, `*.whl`), VCS references pinned to a commit, `pip install -r requirements.txt` (pin in the file, or use a lock file) and installs under a constraints file (`-c`). Off by default (profile `strict`): distribution packages are often left unpinned on purpose so rebuilds pick up security fixes. Differences from peers: `npm install x@latest` is reported, since `latest` is not a version (hadolint accepts any `@`).',
    attacker:
      'Whoever publishes the next release of a dependency, or takes over its maintainer account, gets code into your image at the next build, as happened with event-stream on npm and ctx on PyPI.',
    fix: 'Pin exact versions (`apt-get install curl=8.5.0-2`, `apk add curl=8.9.1-r0`, `pip install requests==2.32.3`, `npm install -g typescript@5.5.4`), or install from a lock file (`pip install -r requirements.txt` with pinned, hashed requirements, `npm ci`). Update pins deliberately with Renovate or Dependabot.',
    example: {
      language: 'dockerfile',
      bad: 'FROM python:3.12-slim\nRUN pip install flask gunicorn',
      good: 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --require-hashes -r requirements.txt',
    },
  },
  check(model, { report }) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        for (const install of packageCommands(model, instruction)) {
          if (install.action !== 'install' || !checkedManagers.has(install.manager)) continue;
          for (const word of unpinned(install)) {
            report({
              range: word.range,
              message: `"${word.value}" is installed without a version in ${stageLabel(stage)}: pin it (${pinExample(install.manager, word.value)}).`,
            });
          }
        }
      }
    }
  },
});

const checkedManagers = new Set<PackageManager>(['apt', 'apk', 'pip', 'npm']);

function unpinned(install: PackageCommand): ShellWord[] {
  const isPinned = pinChecks[install.manager];
  if (!isPinned) return [];
  if (install.manager === 'pip' && install.options.some((o) => o.name === '-c' || o.name === '--constraint')) return [];
  return install.packages.filter((word) => !isPinned(word.value));
}

const isPath = (value: string) => /^(\.{1,2}|~)?\//.test(value) || value === '.' || value === '..';

const pinChecks: Partial<Record<PackageManager, (value: string) => boolean>> = {
  apt: (value) => /[=/]/.test(value) || value.endsWith('.deb'),
  apk: (value) => /[=~<>]/.test(value) || value.endsWith('.apk') || isPath(value),
  pip: (value) =>
    /(===?|[<>]=?|~=|!=)/.test(value) ||
    isPath(value) ||
    /\.(whl|tar\.gz|zip)$/.test(value) ||
    (/^(git|hg|svn|bzr)\+/.test(value) && value.includes('@')) ||
    /^[a-z]+:\/\//.test(value),
  npm: (value) => {
    if (/^(git(\+\w+)?:\/\/|github:)/.test(value)) return value.includes('#');
    if (isPath(value) || value.startsWith('file:') || /\.(tgz|tar|tar\.gz)$/.test(value)) return true;
    const versionAt = value.indexOf('@', 1);
    return versionAt > 0 && !['latest', 'next', ''].includes(value.slice(versionAt + 1));
  },
};

function pinExample(manager: PackageManager, value: string): string {
  switch (manager) {
    case 'pip':
      return `${value}==<version>`;
    case 'npm':
      return `${value}@<version>`;
    default:
      return `${value}=<version>`;
  }
}
