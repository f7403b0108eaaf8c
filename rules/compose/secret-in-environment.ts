import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Fix, TextEdit } from '../engine/types';
import { addServiceListItem } from '../fixes/compose-edit';
import { foldInsertionsIntoDeletions, removeEntry, setMapValue } from '../fixes/yaml-edit';
import {
  type ComposeModel,
  type ComposeService,
  inheritedNote,
  type ServiceSetting,
  scalarItems,
  serviceSettings,
  settingLocation,
} from '../model/compose';
import { environmentSecret } from '../model/secrets';
import { getMap, getPair, getScalar, type Node, type Pair, resolveNode, type YAMLMap } from '../model/yaml';

interface Variable {
  name: string;
  value: string;
  /** The value in map syntax, the `KEY=value` item in list syntax. */
  node: Node;
  /** The map pair or the list item, for removing it. */
  entry: Pair | Node;
}

function variables(document: ComposeService['document']['document'], value: Node | undefined): Variable[] {
  if (isMap(value)) {
    return (value as YAMLMap).items.flatMap((pair) => {
      const node = resolveNode(document, pair.value);
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(node) || node.value === null) return [];
      return [{ name: String(pair.key.value), value: String(node.value), node: node as Node, entry: pair as Pair }];
    });
  }
  if (!isSeq(value)) return [];
  return scalarItems(document, value).flatMap(({ node, text }) => {
    const equals = text.indexOf('=');
    if (equals <= 0) return [];
    return [{ name: text.slice(0, equals).trim(), value: text.slice(equals + 1), node, entry: node }];
  });
}

/** What kind of secret a variable holds, or undefined. */
function secretKind(variable: Variable): string | undefined {
  const reason = environmentSecret(variable.name, variable.value);
  if (!reason) return undefined;
  return reason.match ? reason.match.kind : 'a secret, by its name';
}

export function secretName(variable: string): string {
  return variable.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_');
}

export const composeSecretInEnvironment = defineRule({
  id: 'BH-C017',
  title: 'Secret written in a service environment',
  severity: 'error',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'A password, token or key written into `environment:` lives in the Compose file and its version history, and at run time it is visible to `docker inspect`, to every process in the container through /proc/1/environ, and to anything that dumps the environment into logs or crash reports. Compose secrets are mounted as files under /run/secrets instead, readable only inside the container.',
    attacker:
      'Anyone with read access to the repository, a CI log, a backup of the file or the Docker API gets the credential, and with it the database, cloud account or API the service talks to, often long after the leak.',
    fix: 'Move the value out of the file into a Compose secret: declare it at the top level (`secrets: db_password: {environment: DB_PASSWORD}` reads it from the shell or .env when Compose starts, Compose 2.23 or later; or `file: ./secrets/db_password.txt`, kept out of version control), grant it to the service with `secrets: [db_password]`, and make the application read /run/secrets/db_password; many images accept a `*_FILE` variable for this. Then rotate the credential, because it was exposed. Values Compose fills in from variables (`$DB_PASSWORD`) are not reported: they are not in the file.',
    example: {
      language: 'yaml',
      bad: 'services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-pa55',
      good: 'services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n    secrets: [postgres_password]\nsecrets:\n  postgres_password:\n    environment: POSTGRES_PASSWORD',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      for (const setting of serviceSettings(source, service, 'environment')) {
        const found = variables(document, setting.value);
        for (const variable of found) {
          const kind = secretKind(variable);
          if (!kind) continue;
          const fix = moveToSecret(model, service, setting, variable, found.length);
          report({
            ...settingLocation(source, setting, variable.node),
            message: `Service "${service.name}" writes ${kind === 'a secret, by its name' ? 'a secret' : kind} into ${variable.name} in its environment${inheritedNote(setting)}; it ends up in version control and in docker inspect. Move it to a Compose secret read from /run/secrets, and rotate it.`,
            fixes: fix ? [fix] : [],
          });
        }
      }
    }
  },
});

function moveToSecret(
  model: ComposeModel,
  service: ComposeService,
  setting: ServiceSetting,
  variable: Variable,
  entries: number,
): Fix | undefined {
  const { source } = model;
  const document = service.document.document;
  const environment = setting.pair;
  if (setting.inherited || resolveNode(document, environment.value) !== environment.value) return undefined;
  const root = resolveNode(document, service.document.root);
  if (!isMap(root)) return undefined;
  const name = secretName(variable.name);
  const collection = setting.value as YAMLMap;
  const remove =
    entries === 1 && !collection.flow
      ? removeEntry(source, service.node, environment)
      : isPair(variable.entry)
        ? removeEntry(source, collection, variable.entry)
        : isSeq(setting.value)
          ? removeEntry(source, setting.value, variable.entry as Node)
          : undefined;
  if (!remove) return undefined;
  const edits: TextEdit[] = [remove];
  const grantedList = resolveNode(document, getPair(service.node, 'secrets')?.value);
  const granted =
    isSeq(grantedList) &&
    grantedList.items.some((item) => {
      const node = resolveNode(document, item);
      return isScalar(node)
        ? node.value === name
        : isMap(node) && getScalar(document, node as YAMLMap, 'source') === name;
    });
  if (!granted) {
    const grant = addServiceListItem(source, service, 'secrets', name);
    if (!grant) return undefined;
    edits.push(grant);
  }
  if (!getPair(getMap(document, root as YAMLMap, 'secrets'), name)) {
    const declare = setMapValue(source, document, root as YAMLMap, ['secrets', name, 'environment'], variable.name);
    if (!declare) return undefined;
    edits.push(declare);
  }
  return {
    title: `Move ${variable.name} to a Compose secret "${name}" (set ${variable.name} in the shell or .env)`,
    edits: foldInsertionsIntoDeletions(source, edits),
  };
}
