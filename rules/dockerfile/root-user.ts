import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { appendToStage, insertLinesBefore } from '../fixes/dockerfile-edit';
import {
  baseImageFamily,
  type DockerfileModel,
  effectiveUser,
  type ImageFamily,
  type Stage,
  stageLineage,
} from '../model/dockerfile';

/** UID/GID the fixes use: above every distribution's system range, unlikely to collide with host users. */
const nonRootId = '10001';

export const rootUser = defineRule({
  id: 'BH-D001',
  title: 'Image runs as root',
  severity: 'error',
  appliesTo: ['dockerfile'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    hadolint: ['DL3002'],
    trivy: ['DS-0002'],
    checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'],
  },
  docs: {
    why: "Containers run as root (UID 0) unless the image says otherwise, and without user namespaces that UID 0 is the host's root. Only the final stage's last `USER` decides the user the image runs as: a `USER` in a builder stage, or one followed by `USER root`, does not count. A base image that already switches to a non-root user (e.g. distroless `:nonroot`) is fine.",
    attacker:
      'Code execution in the app becomes root in the container: it can rewrite the app and its libraries, read every file in the image, install tools, and turn any host mount, shared namespace, added capability or kernel bug into a foothold on the host and its other containers.',
    fix: 'Create an unprivileged user (or use a numeric UID) and switch to it with `USER` in the final stage, after the steps that need root (package installs) and before `CMD`/`ENTRYPOINT`. Bind ports above 1024 (map 80→8080 at run time) instead of keeping root for them.',
    example: {
      language: 'dockerfile',
      bad: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]',
      good: 'FROM python:3.12-slim\nRUN useradd --system --uid 10001 app\nCOPY . /app\nUSER 10001:10001\nCMD ["python", "/app/main.py"]',
    },
  },
  check(model, { report }) {
    const stage = model.finalStage;
    if (!stage) return;
    const user = effectiveUser(model, stage);
    if (user.kind === 'non-root' || user.kind === 'unknown') return;
    const fixes = rootUserFixes(model, stage);
    if (user.kind === 'root') {
      report({
        range: user.range,
        message: `The image runs as root: the last USER of the final stage is "${user.written}".`,
        fixes,
      });
    } else {
      const where = stage.from.getImageRange() ?? stage.from.getRange();
      const message =
        stage.baseImage === 'scratch'
          ? 'The image runs as root: the final stage is FROM scratch and never sets USER.'
          : 'The image runs as root: the final stage never sets a non-root USER.';
      report({ range: where, message, fixes });
    }
  },
});

function rootUserFixes(model: DockerfileModel, stage: Stage): Fix[] {
  const anchor = userInsertionAnchor(stage);
  const insert = (lines: string[]) =>
    anchor ? [insertLinesBefore(model, anchor, lines)] : appendToStage(model, stage, lines);
  const fixes: Fix[] = [
    {
      title: `Run as non-root: add "USER ${nonRootId}:${nonRootId}" to the final stage`,
      edits: insert([`USER ${nonRootId}:${nonRootId}`]),
      isPreferred: true,
    },
  ];
  const family = baseImageFamily(stageLineage(stage)[0]?.baseImage);
  if (family === 'distroless') {
    // Distroless images have no shell to create users with, but ship `nonroot` (65532) for this.
    fixes.push({
      title: 'Run as non-root: switch to the image\'s "nonroot" user (65532)',
      edits: insert(['USER nonroot:nonroot']),
    });
  }
  const createUser = family && createUserCommand(family);
  if (createUser) {
    fixes.push({
      title: `Run as non-root: create user "app" (${nonRootId}) and switch to it`,
      edits: insert([createUser, 'USER app']),
    });
  }
  return fixes;
}

/**
 * Where the new USER goes: before the first CMD/ENTRYPOINT that follows every RUN and USER,
 * so build steps that need root keep it and the runtime user changes.
 */
function userInsertionAnchor(stage: Stage): Instruction | undefined {
  const instructions = stage.instructions;
  const lastPrivileged = instructions.findLastIndex((i) => i.getKeyword() === 'RUN' || i.getKeyword() === 'USER');
  return instructions
    .slice(lastPrivileged + 1)
    .find((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT');
}

/** A user-creation command in the base image's own tools, when its family is recognisable. */
function createUserCommand(family: ImageFamily): string | undefined {
  if (family === 'alpine') return `RUN addgroup -S -g ${nonRootId} app && adduser -S -D -H -u ${nonRootId} -G app app`;
  if (family === 'debian') {
    return `RUN groupadd --system --gid ${nonRootId} app && useradd --system --uid ${nonRootId} --gid app --no-create-home app`;
  }
  return undefined;
}
