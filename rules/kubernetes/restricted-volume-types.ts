import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import { evaluates, podSecurityScopes, settingRange } from '../model/pod-security';
import { getSeq, getString, mapItems, type Node, type Pair } from '../model/yaml';

/** The volume sources Pod Security restricted allows; hostPath has its own rule (BH-K004). */
const allowedSources = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

export const restrictedVolumeTypes = defineRule({
  id: 'BH-K013',
  title: 'Volume type not allowed by Pod Security restricted',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: { trivy: ['KSV-0028'], pss: ['restrictedVolumes'] },
  docs: {
    why: 'Pod Security restricted allows only volume types that are either ephemeral or go through a PersistentVolumeClaim or a CSI driver the cluster admin controls: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret. In-tree network and cloud volumes (nfs, iscsi, gitRepo, awsElasticBlockStore…) let the pod author pick arbitrary storage and servers.',
    attacker:
      'A pod that names its own NFS server, iSCSI target or cloud disk can mount storage belonging to someone else; `gitRepo` runs git on the node against a repository the author chooses.',
    fix: 'Claim storage through a PersistentVolumeClaim (backed by a StorageClass the admin defines), or use a CSI driver; replace `gitRepo` with an init container that clones into an emptyDir.',
    example: {
      language: 'yaml',
      bad: 'volumes:\n  - name: data\n    nfs:\n      server: 10.0.0.5\n      path: /exports',
      good: 'volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'restrictedVolumes')) continue;
      const doc = podSpec.owner.document.document;
      for (const volume of mapItems(doc, getSeq(doc, podSpec.node, 'volumes'))) {
        const sources = (volume.items as Pair<Node, Node | null>[]).filter(
          (pair) => isScalar(pair.key) && pair.key.value !== 'name',
        );
        for (const pair of sources) {
          const source = String((pair.key as { value: unknown }).value);
          if (allowedSources.has(source) || source === 'hostPath') continue;
          report({
            range: settingRange(model.source, pair),
            message: `Volume "${getString(doc, volume, 'name') ?? 'unnamed'}" uses ${source}. Pod Security restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes.`,
          });
        }
      }
    }
  },
});
