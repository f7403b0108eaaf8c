import { defineRule } from '../engine/rule';
import { describeContainer } from '../model/pod-security';
import { getMap, getPair, getSeq, getString, keyRange, mapItems } from '../model/yaml';

export const secretAsEnvironment = defineRule({
  id: 'BH-K056',
  title: 'Secret passed as environment variables',
  severity: 'information',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'strict',
  aliases: {
    checkov: ['CKV_K8S_35'],
    kubeLinter: ['read-secret-from-env-var'],
    kubescape: ['C-0207'],
  },
  docs: {
    why: "Environment variables leak more easily than files: they are inherited by every child process, printed by crash handlers and debug endpoints, visible in `/proc/<pid>/environ` to anything sharing the process namespace, and never updated when the Secret is rotated. A Secret mounted as a volume is a file readable only by the container's user, updated in place, and can be limited to the keys needed.",
    attacker:
      'An attacker who can read a process listing, a crash report or an error page that dumps the environment gets the credentials without touching the Secret itself.',
    fix: 'Mount the Secret as a volume (`secret.secretName`, with `items` to pick keys and `defaultMode: 0400`) and have the application read the file, or use a `*_FILE` variable pointing at it where the image supports that.',
    example: {
      language: 'yaml',
      bad: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}',
      good: 'volumeMounts:\n  - name: db\n    mountPath: /run/secrets/db\n    readOnly: true',
    },
  },
  check(model, { report }) {
    for (const container of model.containers) {
      const doc = container.podSpec.owner.document.document;
      for (const variable of mapItems(doc, getSeq(doc, container.node, 'env'))) {
        const reference = getPair(getMap(doc, variable, 'valueFrom'), 'secretKeyRef');
        if (!reference) continue;
        const secret =
          getString(doc, getMap(doc, getMap(doc, variable, 'valueFrom'), 'secretKeyRef'), 'name') ?? 'a Secret';
        report({
          range: keyRange(model.source, reference) ?? container.anchorRange,
          message: `${describeContainer(container)} reads Secret "${secret}" into environment variable "${getString(doc, variable, 'name') ?? '?'}". Prefer mounting the Secret as a file.`,
        });
      }
      for (const source of mapItems(doc, getSeq(doc, container.node, 'envFrom'))) {
        const reference = getPair(source, 'secretRef');
        if (!reference) continue;
        const secret = getString(doc, getMap(doc, source, 'secretRef'), 'name') ?? 'a Secret';
        report({
          range: keyRange(model.source, reference) ?? container.anchorRange,
          message: `${describeContainer(container)} loads every key of Secret "${secret}" into its environment. Prefer mounting the Secret as a file.`,
        });
      }
    }
  },
});
