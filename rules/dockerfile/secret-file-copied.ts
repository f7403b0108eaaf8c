import type { PropertyInstruction } from 'dockerfile-ast';
import { defineRule, type ReportedFinding } from '../engine/rule';
import { type CopyArgument, type DockerfileModel, type Stage, stageLineage } from '../model/dockerfile';
import {
  type Copy,
  copyOf,
  describeStage,
  expandAt,
  globToRegExp,
  isWholeContext,
  isWithin,
  pathOf,
  resolvePath,
  stageSeverity,
  workdirAt,
} from '../model/layers';
import { credentialFileVariables, secretFileKind } from '../model/secrets';

/**
 * What a whole-context copy must not bring along, as a file path to test against `.dockerignore`.
 * `.git` only when the folder has one: a Dockerfile in a subfolder of the repository has none in its context.
 */
const mustBeIgnored = [
  { entry: '.git', probe: '.git/HEAD', onlyIfPresent: true },
  { entry: '.env', probe: '.env', onlyIfPresent: false },
];

export const secretFileCopied = defineRule({
  id: 'BH-D011',
  title: 'Secret file copied into the image',
  severity: 'error',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['DS-0031'],
  },
  docs: {
    why: "Every file a `COPY` or `ADD` takes from the build context is stored in a layer of the image, for good: an SSH key (`id_rsa*`, `.ssh/`), a private key (`*.pem`, `*.key`, `*.p12`, `*.pfx`; not CA certificates or signing keys like `ca.pem`, `repo.gpg.key`), a `.env` file (not `.env.example`), `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.aws/`, a kubeconfig, `.docker/config.json` or a `credentials.json`, whether named as the source or as the destination (`/root/.ssh/id_rsa`, `$GOOGLE_APPLICATION_CREDENTIALS`). A whole-context copy (`COPY . .`) takes all of that plus `.git` unless `.dockerignore` excludes it; BuildKit reads `<Dockerfile>.dockerignore` first, then `.dockerignore`, in the context root, which is assumed to be the Dockerfile's folder (`.git` is only asked for when that folder has one; an unsaved Dockerfile has no known context and is not judged on it). `COPY --from` copies from another stage or image, not from the context, and is not checked. In a builder stage the file does not ship but stays in the build cache, so it is a warning.",
    attacker:
      'Anyone who pulls the image extracts the layer (`docker save`, `crane export`) and has the key or token, even if a later step deletes the file; with `.git` they also get the history, including secrets removed from the code long ago.',
    fix: 'Keep credentials out of the build context and add them to `.dockerignore` (at least `.git`, `.env`, `*.pem`, `*.key`, `id_*`). If a build step needs one, mount it for that step only: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` or `RUN --mount=type=ssh git clone …`, then build with `docker build --secret id=npmrc,src=$HOME/.npmrc`. If the running container needs it, mount it at run time (a volume or an orchestrator secret).',
    example: {
      language: 'dockerfile',
      bad: 'FROM node:22-slim\nWORKDIR /app\nCOPY .npmrc package*.json ./\nRUN npm ci\nCOPY . .',
      good: 'FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n# .dockerignore lists .git, .env and .npmrc\nCOPY . .',
    },
  },
  check(model, { report, siblingFile }) {
    const dockerfileName = model.source.path.split(/[\\/]/).at(-1) ?? 'Dockerfile';
    const ignoreFile = siblingFile(`${dockerfileName}.dockerignore`) ?? siblingFile('.dockerignore');
    const hasGit = siblingFile('.git/HEAD') !== undefined;
    const required = mustBeIgnored.filter(({ onlyIfPresent }) => !onlyIfPresent || hasGit);
    // An unsaved buffer cannot even see itself: its build context is unknown, not empty.
    const contextKnown = siblingFile(dockerfileName) !== undefined;
    const contextProblem = contextKnown ? wholeContextProblem(ignoreFile, required) : undefined;
    for (const stage of model.stages) {
      const pointers = credentialFilePointers(model, stage);
      for (const instruction of stage.instructions) {
        const copy = copyOf(model, instruction);
        if (!copy || copy.from !== undefined) continue;
        const reported = copyFindings(model, stage, copy, pointers, contextProblem);
        for (const { source, message, possible } of reported) {
          const where = describeStage(model, stage);
          const finding: ReportedFinding = {
            range: source.range,
            message: `${message} (${where}).`,
            ...(possible ? { severity: 'warning' as const } : stageSeverity(model, stage)),
          };
          report(finding);
        }
      }
    }
  },
});

interface CredentialFilePointer {
  name: string;
  /** Where the variable says the credentials file is, resolved against the WORKDIR it was set in. */
  path: string;
}

/** `ENV GOOGLE_APPLICATION_CREDENTIALS=./key.json` and the like in the stage's lineage. */
function credentialFilePointers(model: DockerfileModel, stage: Stage): CredentialFilePointer[] {
  const pointers: CredentialFilePointer[] = [];
  for (const owner of stageLineage(stage)) {
    for (const instruction of owner.instructions) {
      if (instruction.getKeyword() !== 'ENV' && instruction.getKeyword() !== 'ARG') continue;
      for (const property of (instruction as PropertyInstruction).getProperties()) {
        const value = property.getValue();
        if (!value || !credentialFileVariables.has(property.getName())) continue;
        const expanded = expandAt(model, instruction, value);
        const path = expanded && resolvePath(workdirAt(model, owner, instruction), expanded);
        if (path) pointers.push({ name: property.getName(), path });
      }
    }
  }
  return pointers;
}

/** `possible`: a leak that depends on what the context holds, not a named secret: at most a warning. */
interface CopyFinding {
  source: CopyArgument;
  message: string;
  possible?: boolean;
}

function copyFindings(
  model: DockerfileModel,
  stage: Stage,
  copy: Copy,
  pointers: CredentialFilePointer[],
  contextProblem: string | undefined,
): CopyFinding[] {
  const { keyword, instruction } = copy;
  const destination = pathOf(copy.destination);
  const destinationPath = destination && resolvePath(workdirAt(model, stage, instruction), destination);
  const pointer = pointers.find((candidate) => destinationPath && isWithin(candidate.path, destinationPath));
  const findings: CopyFinding[] = [];
  for (const source of copy.sources) {
    const path = pathOf(source) ?? source.written;
    if (/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(path)) continue;
    const kind = secretFileKind(path);
    const destinationKind = destinationSecretKind(copy, path);
    const written = `${keyword} ${source.written}`;
    if (kind) findings.push({ source, message: `${written} puts ${kind} into the image` });
    else if (destinationKind) findings.push({ source, message: `${written} puts ${destinationKind} into the image` });
    else if (pointer) {
      findings.push({
        source,
        message: `${written} puts the credentials file that ${pointer.name} points to (${pointer.path}) into the image`,
      });
    } else if (isWholeContext(path) && contextProblem) {
      findings.push({
        source,
        message: `${written} copies the whole build context, and ${contextProblem}`,
        possible: true,
      });
    }
  }
  return findings;
}

/** `COPY key /root/.ssh/id_rsa`, `COPY key /root/.ssh/`, `COPY ./config $AWS_CONFIG_FILE`: where it lands says what it is. */
function destinationSecretKind(copy: Copy, source: string): string | undefined {
  const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(copy.destination.written)?.[1];
  if (variable && credentialFileVariables.has(variable)) return `a credentials file (to $${variable})`;
  const destination = pathOf(copy.destination);
  if (destination === undefined || isWholeContext(source)) return undefined;
  const intoFolder = destination.endsWith('/') || copy.sources.length > 1;
  const landing = intoFolder
    ? `${destination.replace(/\/?$/, '/')}${source.replace(/\/+$/, '').replace(/^.*\//, '')}`
    : destination;
  const kind = secretFileKind(landing);
  return kind ? `${kind} (as ${landing})` : undefined;
}

/** Why a whole-context copy takes secrets along with it, or undefined when `.dockerignore` keeps them out. */
function wholeContextProblem(
  ignoreFile: string | undefined,
  required: readonly { entry: string; probe: string }[],
): string | undefined {
  if (ignoreFile === undefined) {
    const entries = required.map(({ entry }) => entry).join(', ');
    return `there is no .dockerignore next to this Dockerfile: ${entries} and any key file in the folder go in with it`;
  }
  const patterns = parseDockerignore(ignoreFile);
  const missing = required.filter(({ probe }) => !isIgnored(patterns, probe)).map(({ entry }) => entry);
  if (missing.length === 0) return undefined;
  return `.dockerignore does not exclude ${missing.join(' or ')}, so ${missing.length > 1 ? 'they go' : 'it goes'} in with it`;
}

interface IgnorePattern {
  negated: boolean;
  pattern: RegExp;
}

/** `.dockerignore` lines as BuildKit reads them: `#` comments, `!` exceptions, paths from the context root. */
function parseDockerignore(text: string): IgnorePattern[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const path = (negated ? line.slice(1).trim() : line).replace(/^(?:\.?\/)+/, '').replace(/\/+$/, '');
      return { negated, pattern: globToRegExp(path) };
    });
}

/** The last pattern that matches the path or one of its parent folders decides, as in BuildKit. */
function isIgnored(patterns: IgnorePattern[], path: string): boolean {
  const candidates = path.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const { negated, pattern } of patterns) {
    if (candidates.some((candidate) => pattern.test(candidate))) ignored = !negated;
  }
  return ignored;
}
