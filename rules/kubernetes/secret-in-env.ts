import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import { describeContainer } from '../model/pod-security';
import { secretReason } from '../model/secrets';
import { getPair, getSeq, getString, mapItems, nodeRange, resolveNode } from '../model/yaml';

/** `$(OTHER_VAR)`: Kubernetes substitutes another variable, so the written text is no literal secret. */
const variableReference = /\$\([A-Za-z_][A-Za-z0-9_.-]*\)/;

/**
 * Values that a secret-sounding name does not make secret in manifests: `"1"`/`"0"` switches
 * (`MYSQL_ALLOW_EMPTY_PASSWORD: "1"`), placeholders a tool or a person replaces before deploying
 * (`${DB_PASSWORD}` for envsubst, `{{ … }}`, `<your-token>`, `GOOGLE_API_KEY_VAL`), and names that
 * identify a secret rather than hold it (`SECRET_ID`).
 */
function notSecretByName(name: string, value: string): boolean {
  const trimmed = value.trim();
  return (
    /^[01]$/.test(trimmed) ||
    /^\$\{[^}]+\}$|^\{\{.*\}\}$|^<[^>]+>$/.test(trimmed) ||
    /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(trimmed) ||
    /(?:^|[_.-])id$/i.test(name)
  );
}

export const secretInEnv = defineRule({
  id: 'BH-K036',
  title: 'Literal secret in a container environment variable',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    kubeLinter: ['env-var-secret'],
    kubescape: ['C-0012'],
  },
  docs: {
    why: 'A `value:` in a container\'s `env` is part of the manifest: it sits in Git history, in CI logs, in every copy of the object the API server hands out (`kubectl get -o yaml` needs only read access to the workload, not to Secrets) and in the `last-applied-configuration` annotation. Variables are matched as for Dockerfiles (BH-D010): by the documented token shapes of AWS, GitHub, GitLab and Slack, PEM private keys and passwords in URLs, whatever the name (an error); and by a secret-sounding name (`DB_PASSWORD`, `API_TOKEN`, `clientSecret`) whose value is not a switch or a path (a warning, since names can mislead). `valueFrom`, empty values and values that use `$(OTHER_VAR)` are not literals and are skipped; for names alone, so are `"0"`/`"1"` switches, placeholders replaced before deploying (envsubst variables in braces, Go template actions, `<…>`, `UPPER_CASE_NAMES`) and names ending in `ID`, which identify a secret rather than hold it.',
    attacker:
      'Anyone who can read the repository, a CI log or the workload object (a far wider group than those allowed to read Secrets) has the password or token, and with it the database, cloud account or third-party service it opens.',
    fix: 'Put the value in a Secret (created out of band, or by a tool such as External Secrets, Sealed Secrets or SOPS) and reference it with `valueFrom.secretKeyRef`, or mount the Secret as a file. Then rotate the value that was committed: it has to be considered leaked.',
    example: {
      language: 'yaml',
      bad: 'env:\n  - name: DB_PASSWORD\n    value: s3cr3t-pa55',
      good: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: app-db, key: password}',
    },
  },
  check(model, { report }) {
    for (const container of model.containers) {
      const doc = container.podSpec.owner.document.document;
      for (const variable of mapItems(doc, getSeq(doc, container.node, 'env'))) {
        const name = getString(doc, variable, 'name');
        const valueNode = resolveNode(doc, getPair(variable, 'value')?.value);
        if (!name || getPair(variable, 'valueFrom') || !isScalar(valueNode) || valueNode.value === null) continue;
        const value = String(valueNode.value);
        if (value.trim() === '') continue;
        const reason = secretReason(name, value);
        if (!reason || (!reason.byValue && (variableReference.test(value) || notSecretByName(name, value)))) continue;
        const whole = nodeRange(model.source, valueNode) ?? container.anchorRange;
        // A plain scalar is the value character for character, so the token itself can be marked.
        const start = valueNode.range?.[0] ?? 0;
        const exact = reason.match && valueNode.type === 'PLAIN' && model.source.text.startsWith(value, start);
        report({
          range:
            exact && reason.match ? model.source.rangeAt(start + reason.match.start, start + reason.match.end) : whole,
          message: `${describeContainer(container)}: environment variable "${name}" ${reason.text} and is written in the manifest. Store it in a Secret and use valueFrom.secretKeyRef.`,
          ...(reason.byValue ? {} : { severity: 'warning' as const }),
        });
      }
    }
  },
});
