import type { Instruction, Property, PropertyInstruction } from 'dockerfile-ast';
import { defineRule, type ReportedFinding } from '../engine/rule';
import type { Fix, Range, TextEdit } from '../engine/types';
import { type DockerfileModel, type Stage, stagesBuildingOn } from '../model/dockerfile';
import { describeStage, shipsInImage, stageSeverity } from '../model/layers';
import { secretReason } from '../model/secrets';

export const secretInArgOrEnv = defineRule({
  id: 'BH-D010',
  title: 'Secret in ARG or ENV',
  severity: 'error',
  appliesTo: ['dockerfile'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    hadolint: ['DL3064'],
    trivy: ['DS-0031'],
    buildkit: ['SecretsUsedInArgOrEnv'],
  },
  docs: {
    why: "An `ENV` value is stored in the image configuration, and the build-arg values an `ARG` receives are recorded in the history of the `RUN` steps after it: both travel with the image to every registry and every machine that pulls it, and no later layer can take them back. A builder stage does not ship, but its values stay in the build cache and in `--cache-to` exports, so it is reported as a warning. Names are matched like BuildKit does (a word such as `password`, `secret`, `token`, `key`, `auth`, `credentials`, `apikey`, plus `psw`, `pass` and one-word spellings like `accessKey`), with its allow-list (`public`, `file`, `version`) and a few more words that describe a secret without being one (`path`, `url`, `name`…, and `gpg` fingerprints); values are matched by the documented token shapes of AWS, GitHub, GitLab and Slack, PEM private keys and passwords in URLs, whatever the name. Differences from peers: a value that is a switch (`true`, `off`) or an absolute file path is not a secret; `GPG_KEY`-style fingerprints are public; a variable naming a credentials file (`GOOGLE_APPLICATION_CREDENTIALS`) is BH-D011's concern when the file is copied in; user names (Trivy's `*_USR`, hadolint's `*_USERNAME`) are not secrets; a global ARG (before the first `FROM`) is reported only when its default value is token-shaped, since it reaches no image unless a stage declares it again (where it is reported).",
    attacker:
      'Anyone who can pull the image, or read the build cache, runs `docker history --no-trunc` or `docker inspect` and has the token, password or key: registry and cloud credentials lead straight to source code, package publishing and production accounts.',
    fix: 'Pass the secret to the build as a secret mount: remove the `ARG`/`ENV` and add `--mount=type=secret,id=<id>,env=<NAME>` to the `RUN` steps that need it, then build with `docker build --secret id=<id>,env=<NAME>`. The value is there while that `RUN` runs and nowhere in the image. The quick fix does this when the variable is only read by `RUN` steps (an `ENV` only when a `RUN` names it; the steps that name it get the mount, or every later `RUN` of the stage for an `ARG` that tools read from the environment). A secret the application needs at run time belongs in the runtime environment (`docker run -e`, an orchestrator secret), never in the image.',
    example: {
      language: 'dockerfile',
      bad: 'FROM node:22-slim\nARG NPM_TOKEN\nCOPY package*.json .npmrc ./\nRUN npm ci',
      good: 'FROM node:22-slim\nCOPY package*.json .npmrc ./\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci',
    },
  },
  check(model, { report }) {
    for (const { instruction, stage } of instructionsWithStage(model)) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'ARG' && keyword !== 'ENV') continue;
      const properties = (instruction as PropertyInstruction).getProperties();
      for (const property of properties) {
        const reason = secretReason(property.getName(), property.getValue() ?? '');
        if (!reason || (!stage && !reason.byValue)) continue;
        const finding: ReportedFinding = {
          range: property.getNameRange(),
          message: message(model, keyword, property.getName(), reason.text, stage),
          fixes: stage ? secretMountFix(model, stage, instruction, property, properties) : [],
          ...stageSeverity(model, stage),
        };
        report(finding);
      }
    }
  },
});

function message(
  model: DockerfileModel,
  keyword: string,
  name: string,
  reason: string,
  stage: Stage | undefined,
): string {
  const subject = `${keyword} "${name}"`;
  if (!stage) {
    return `${subject} (a global ARG) ${reason}: it is written in the Dockerfile, and every stage that declares it again gets it.`;
  }
  const where = describeStage(model, stage);
  if (!shipsInImage(model, stage)) {
    return `${subject} in ${where} ${reason}: the stage does not ship, but the value stays in the build cache and in --cache-to exports.`;
  }
  const leak =
    keyword === 'ENV'
      ? 'ENV values are stored in the image config, readable with docker inspect by anyone who pulls the image'
      : 'build-arg values are recorded in the image history of the RUN steps that follow';
  return `${subject} ${reason}: ${leak} (${where}).`;
}

function instructionsWithStage(model: DockerfileModel): { instruction: Instruction; stage: Stage | undefined }[] {
  const stageOf = new Map<Instruction, Stage>();
  for (const stage of model.stages) for (const instruction of stage.instructions) stageOf.set(instruction, stage);
  return model.instructions.map((instruction) => ({ instruction, stage: stageOf.get(instruction) }));
}

/**
 * Moves the variable to a secret mount on the RUN steps that read it, when nothing else reads it:
 * an ARG is visible to the rest of its stage, an ENV also to the stages built on it.
 */
function secretMountFix(
  model: DockerfileModel,
  stage: Stage,
  declaration: Instruction,
  property: Property,
  properties: Property[],
): Fix[] {
  const name = property.getName();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return [];
  const isArg = declaration.getKeyword() === 'ARG';
  const laterInStage = stage.instructions.slice(stage.instructions.indexOf(declaration) + 1);
  const inScope = isArg
    ? laterInStage
    : [
        ...laterInStage,
        ...stagesBuildingOn(model, stage)
          .filter((other) => other !== stage)
          .flatMap((other) => other.instructions),
      ];
  const reads = referencePattern(name);
  const otherPairs = properties.filter((other) => other !== property);
  if (otherPairs.some((other) => reads.test(other.getValue() ?? ''))) return [];
  const redeclared = (instruction: Instruction) =>
    ['ARG', 'ENV'].includes(instruction.getKeyword()) &&
    (instruction as PropertyInstruction).getProperties().some((other) => other.getName() === name);
  if (inScope.some((instruction) => redeclared(instruction))) return [];
  const readers = inScope.filter((instruction) => reads.test(model.source.slice(instruction.getRange())));
  if (readers.some((instruction) => instruction.getKeyword() !== 'RUN')) return [];
  const runs = readers.length > 0 || !isArg ? readers : inScope.filter((i) => i.getKeyword() === 'RUN');
  const removal = removePropertyEdit(model, declaration, property, properties);
  if (runs.length === 0 || !removal) return [];
  const id = name.toLowerCase();
  const mount = `--mount=type=secret,id=${id},env=${name}`;
  return [
    {
      title: `Use a build secret for ${name}: ${mount} on the RUN steps that read it (then build with: docker build --secret id=${id},env=${name})`,
      edits: [removal, ...runs.map((run) => insertRunFlag(run, mount))],
    },
  ];
}

/** `$NAME`, `${NAME}`, `${NAME:-…}`, not `$NAME_OTHER`. */
function referencePattern(name: string): RegExp {
  return new RegExp(`\\$(?:\\{${name}(?=[}:+?-])|${name}(?![A-Za-z0-9_]))`);
}

/** Deletes one `KEY=value` pair with the blanks that join it to its neighbour, or the whole line when it is the only one. */
function removePropertyEdit(
  model: DockerfileModel,
  instruction: Instruction,
  property: Property,
  properties: Property[],
): TextEdit | undefined {
  const { source } = model;
  let range: Range;
  if (properties.length === 1) {
    const { start, end } = instruction.getRange();
    range =
      end.line + 1 < source.lineCount
        ? { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } }
        : {
            start:
              start.line > 0
                ? { line: start.line - 1, character: source.lineText(start.line - 1).length }
                : { line: 0, character: 0 },
            end,
          };
  } else {
    const index = properties.indexOf(property);
    const previous = properties[index - 1];
    const next = properties[index + 1];
    range = previous
      ? { start: previous.getRange().end, end: property.getRange().end }
      : { start: property.getRange().start, end: next?.getRange().start ?? property.getRange().end };
  }
  if (/\n[ \t]*#/.test(source.slice(range))) return undefined;
  return { range, newText: '' };
}

/** Adds a flag right after `RUN`, before its other flags and the command. */
function insertRunFlag(run: Instruction, flag: string): TextEdit {
  const keywordEnd = run.getInstructionRange().end;
  const position = { line: keywordEnd.line, character: keywordEnd.character + 1 };
  return { range: { start: position, end: position }, newText: `${flag} ` };
}
