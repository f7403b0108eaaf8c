import { defineRule } from '../engine/rule';
import { getMap, getPair, keyRange } from '../model/yaml';

export const secretLiteralData = defineRule({
  id: 'BH-K055',
  title: 'Secret with its values committed',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    kubescape: ['C-0208'],
  },
  docs: {
    why: 'A `kind: Secret` with `data` or `stringData` in a source file puts the values in Git, where every clone, fork and CI log keeps them forever. `data` is base64, which is an encoding, not encryption. Even in the cluster, Secrets sit in etcd unencrypted unless the API server is configured with an EncryptionConfiguration (BH-K062, BH-K057). Secrets without values (a `type` only, filled in by a controller) and `SealedSecret`, `ExternalSecret` and `SecretProviderClass` objects, which hold no plaintext, are not reported.',
    attacker:
      'Anyone with read access to the repository, or to any copy of it, decodes the values with one command; deleting the file later does not remove them from history.',
    fix: 'Keep the values out of Git: encrypt them in the repository with Sealed Secrets or SOPS, or let the External Secrets Operator or the Secrets Store CSI Driver fetch them from a secret manager (Vault, a cloud KMS-backed store). Then rotate the committed values: they must be considered leaked. In the cluster, enable encryption at rest with KMS v2.',
    example: {
      language: 'yaml',
      bad: 'kind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2',
      good: 'kind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  secretStoreRef: {name: vault, kind: ClusterSecretStore}\n  target: {name: db}\n  data:\n    - secretKey: password\n      remoteRef: {key: prod/db, property: password}',
    },
  },
  check(model, { report }) {
    for (const object of model.objects) {
      if (object.kind !== 'Secret' || object.apiVersion !== 'v1') continue;
      const doc = object.document.document;
      for (const field of ['data', 'stringData']) {
        const values = getMap(doc, object.node, field);
        if (!values || values.items.length === 0) continue;
        const keys = values.items
          .map((pair) => String((pair.key as { value?: unknown } | null)?.value ?? ''))
          .filter(Boolean);
        const encoding = field === 'data' ? ' (base64 is an encoding, not encryption)' : '';
        report({
          range: keyRange(model.source, getPair(object.node, field)) ?? model.source.rangeAt(0, 0),
          message: `Secret "${object.name ?? 'unnamed'}" commits the values of ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ` and ${keys.length - 3} more` : ''} in ${field}${encoding}. Use Sealed Secrets, SOPS or the External Secrets Operator, and rotate these values.`,
        });
      }
    }
  },
});
