import { defineRule } from '../engine/rule';
import { getSeq, keyRange, mapItems, resolveNode } from '../model/yaml';

const secretsResources = new Set(['secrets', '*.', '*.*']);

export const encryptionConfiguration = defineRule({
  id: 'BH-K057',
  title: 'EncryptionConfiguration leaves Secrets unencrypted or weakly encrypted',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    checkov: ['CKV_K8S_104'],
    kubescape: ['C-0142'],
  },
  docs: {
    why: 'The API server encrypts a resource with the first provider listed for it and can read with any of them. With `identity` first (or alone) for `secrets`, new Secrets are written to etcd in plain text, whatever keys follow; that is only right for the short window of a migration. `aescbc` is no longer recommended (it is vulnerable to padding-oracle attacks) and `aesgcm` needs its key rotated every 200,000 writes; both keep the key in a file on the control-plane node, next to the data it protects. Those two are hints.',
    attacker:
      "An attacker with an etcd backup or disk snapshot reads every Secret written while `identity` was first; with a static key they only need the control-plane node's file system as well.",
    fix: 'Put a `kms` provider with `apiVersion: v2` first (the key stays in an external KMS), or `secretbox` when no KMS is available, keep `identity` last only while migrating, and rewrite existing Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`) after changing the order.',
    example: {
      language: 'yaml',
      bad: 'resources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n      - aescbc:\n          keys: [{name: key1, secret: <base64>}]',
      good: 'resources:\n  - resources: [secrets]\n    providers:\n      - kms:\n          apiVersion: v2\n          name: vault\n          endpoint: unix:///var/run/kms.sock\n      - identity: {}',
    },
  },
  check(model, { report }) {
    for (const object of model.objects) {
      if (object.kind !== 'EncryptionConfiguration' || !object.apiVersion.startsWith('apiserver.config.k8s.io/'))
        continue;
      const doc = object.document.document;
      for (const entry of mapItems(doc, getSeq(doc, object.node, 'resources'))) {
        const resources = (getSeq(doc, entry, 'resources')?.items ?? []).map((item) =>
          String((resolveNode(doc, item) as { value?: unknown } | undefined)?.value ?? ''),
        );
        if (!resources.some((resource) => secretsResources.has(resource))) continue;
        const first = mapItems(doc, getSeq(doc, entry, 'providers'))[0]?.items[0];
        const provider = (first?.key as { value?: unknown } | null)?.value;
        const range = keyRange(model.source, first as Parameters<typeof keyRange>[1]) ?? model.source.rangeAt(0, 0);
        if (provider === 'identity') {
          report({
            range,
            message:
              'identity is the first provider for secrets, so new Secrets are stored in etcd unencrypted. Put a kms (apiVersion v2) or secretbox provider first.',
          });
        } else if (provider === 'aescbc' || provider === 'aesgcm') {
          const reason =
            provider === 'aescbc' ? 'is no longer recommended' : 'needs its key rotated every 200,000 writes';
          report({
            range,
            severity: 'hint',
            message: `${provider} ${reason}, and its key lives on the control-plane node. Prefer kms with apiVersion v2, or secretbox.`,
          });
        }
      }
    }
  },
});
