import { isMap, isScalar, isSeq } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Severity } from '../engine/types';
import { type ComposeService, inheritedNote, serviceSettings, settingLocation } from '../model/compose';
import { parseDotenv } from '../model/dotenv';
import { globToRegExp } from '../model/layers';
import { environmentSecret, findSecretValue, isInterpolated } from '../model/secrets';
import { getPair, type Node, resolveNode, type YAMLMap } from '../model/yaml';

interface EnvFileEntry {
  /** The path scalar, where the finding goes. */
  node: Node;
  /** As written in the Compose file. */
  written: string;
}

/** `env_file: .env`, `env_file: [a.env, b.env]` and `env_file: [{path: a.env, required: false}]` (Compose 2.24+). */
function envFileEntries(document: ComposeService['document']['document'], value: Node | undefined): EnvFileEntry[] {
  const items = isSeq(value) ? (value.items as unknown[]) : value === undefined ? [] : [value];
  return items.flatMap((item) => {
    let node = resolveNode(document, item);
    if (isMap(node)) node = resolveNode(document, getPair(node as YAMLMap, 'path')?.value);
    return isScalar(node) && typeof node.value === 'string' && node.value.trim() !== ''
      ? [{ node: node as Node, written: node.value }]
      : [];
  });
}

/**
 * The path relative to the Compose file's folder, `/`-separated, or undefined when the rule cannot
 * know which file it is: absolute paths, home-relative paths and paths Compose interpolates.
 */
function relativeEnvPath(written: string): string | undefined {
  const path = written.trim().replace(/\\/g, '/');
  if (/^(?:\/|~|[A-Za-z]:\/)/.test(path) || isInterpolated(path)) return undefined;
  return path.replace(/^(?:\.\/)+/, '');
}

/**
 * Whether a `.gitignore` in the Compose file's folder, or in a folder between it and the env file,
 * ignores the file: `#` comments, `!` exceptions (the last matching line wins), `/`-anchored lines,
 * lines without a `/` matching the name at any depth, and `*`/`?`/`**` globs.
 */
function isGitignored(path: string, siblingFile: (relativePath: string) => string | undefined): boolean {
  const parts = path.split('/');
  let ignored = false;
  for (let depth = 0; depth < parts.length; depth++) {
    const folder = parts.slice(0, depth).join('/');
    const text = siblingFile(folder === '' ? '.gitignore' : `${folder}/.gitignore`);
    if (text === undefined) continue;
    const below = parts.slice(depth);
    const candidates = below.map((_, index) => below.slice(0, index + 1).join('/'));
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/\s+$/, '');
      if (line === '' || line.startsWith('#')) continue;
      const negated = line.startsWith('!');
      const written = negated ? line.slice(1) : line;
      const pattern = written.replace(/\/+$/, '');
      if (pattern === '') continue;
      // `name/` matches folders only: not the env file itself, the last part.
      const reach = written.endsWith('/') ? below.length - 1 : below.length;
      const anchored = pattern.replace(/^\//, '').includes('/');
      const regExp = globToRegExp(pattern.replace(/^\//, ''));
      // A pattern matches the file or one of its folders: by its path when anchored, else by any name.
      const matches = anchored
        ? candidates.slice(0, reach).some((candidate) => regExp.test(candidate))
        : below.slice(0, reach).some((name) => regExp.test(name));
      if (matches) ignored = !negated;
    }
  }
  return ignored;
}

export const composeSecretInEnvFile = defineRule({
  id: 'BH-C018',
  title: 'Secret in an env_file next to the Compose file',
  severity: 'error',
  appliesTo: ['compose'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "A service's `env_file` moves variables out of the Compose file, not out of the repository: the file usually sits in the same folder and is committed with it unless something keeps it out. Bulkhead reads each `env_file` entry (a string, a list, or `{path: …, required: false}` maps) whose file lies in or below the Compose file's folder, and judges every `KEY=value` line as BH-C017 judges `environment:`: token-shaped values (AWS key ids, GitHub/GitLab/Slack tokens, private keys) are errors, URL passwords and secret-sounding names with a real value are warnings; empty values, values Compose interpolates (`$DB_PASSWORD`) and 0/1 switches are skipped. Absolute paths, paths with variables and files the checker cannot see are not judged. When a `.gitignore` in the Compose file's folder (or a folder on the way to the env file) ignores the file, the finding drops to information: Bulkhead cannot see git itself, and the secret is still plaintext on every machine that runs the stack and in `docker inspect`.",
    attacker:
      "Anyone who can read the repository, a fork, a CI checkout or an archive of the project reads the credential straight out of the committed env file, and keeps it after the file is deleted, because the history remembers. At run time the values are in the container's environment like any other variable, visible through the Docker API and /proc.",
    fix: 'Keep credentials out of files that travel with the project: declare a Compose secret (`secrets: db_password: {file: ./secrets/db_password.txt}` with that folder ignored by git, or `{environment: DB_PASSWORD}` to take it from the shell), grant it to the service and read it from /run/secrets (many images accept a `*_FILE` variable), or fetch it from a secret manager at start-up. Commit an `.env.example` with empty values instead of the real file, add the real one to `.gitignore`, and rotate any credential that was ever committed.',
    example: {
      language: 'yaml',
      bad: '# .env (committed): DB_PASSWORD=s3cr3t-pa55\nservices:\n  api:\n    image: example/api:1.4\n    env_file: .env',
      good: '# .env holds only settings; .gitignore lists secrets/\nservices:\n  api:\n    image: example/api:1.4\n    env_file: .env\n    environment:\n      DB_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt',
    },
  },
  check(model, { report, siblingFile }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      for (const setting of serviceSettings(source, service, 'env_file')) {
        for (const entry of envFileEntries(document, setting.value)) {
          const path = relativeEnvPath(entry.written);
          const text = path === undefined ? undefined : siblingFile(path);
          if (path === undefined || text === undefined) continue;
          const ignored = isGitignored(path, siblingFile);
          for (const variable of parseDotenv(text)) {
            const reason = environmentSecret(variable.name, variable.value, { literal: variable.quote === "'" });
            if (!reason) continue;
            const token = findSecretValue(variable.value) !== undefined;
            const what = reason.match ? ` (${reason.match.kind})` : '';
            const where = `Service "${service.name}": env_file ${entry.written} sets ${variable.name}${what} on line ${variable.line}${inheritedNote(setting)}`;
            const severity: Severity = ignored ? 'information' : token ? 'error' : 'warning';
            report({
              ...settingLocation(source, setting, entry.node),
              message: ignored
                ? `${where}: .gitignore keeps the file out of git, but the secret is still plaintext on disk and in the container's environment; use Compose secrets or a secret manager.`
                : `${where}: a secret in a file next to the Compose file ends up committed unless it is ignored; use Compose secrets or a secret manager, and rotate it if it was committed.`,
              severity,
            });
          }
        }
      }
    }
  },
});
