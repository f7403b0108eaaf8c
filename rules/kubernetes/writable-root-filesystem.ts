import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Fix, TextEdit } from '../engine/types';
import { appendSequenceMap, joinInsertions, setMapValue } from '../fixes/yaml-edit';
import type { Container, KubernetesModel } from '../model/kubernetes';
import { describeContainer, isWindowsPod, yamlBoolean } from '../model/pod-security';
import { getMap, getSeq, getString, mapItems, nodeRange, resolveNode } from '../model/yaml';

export const writableRootFilesystem = defineRule({
  id: 'BH-K030',
  title: 'Container root filesystem is writable',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0014'],
    checkov: ['CKV_K8S_22'],
    kubeLinter: ['no-read-only-root-fs'],
    kubescape: ['C-0017'],
  },
  docs: {
    why: "Unless `securityContext.readOnlyRootFilesystem` is `true`, every process in the container can change the image's own files: binaries, libraries, configuration, the CA bundle. An application almost never needs that; what it writes (temporary files, caches, uploads) belongs on a volume. The setting exists only per container, so init and ephemeral containers are checked too; Windows pods are skipped, since the API rejects the field there. The value is read as the API server reads YAML, so `readOnlyRootFilesystem: yes` counts as true.",
    attacker:
      'Someone who gets code execution in a writable container can drop tools and implants, replace a binary or a shared library so their code runs on every request, or edit configuration to weaken the application, and the change lasts as long as the container does. With a read-only root, a foothold stays in memory and in the few paths you chose to make writable.',
    fix: 'Set `securityContext.readOnlyRootFilesystem: true` on the container. If the program writes temporary files, mount an `emptyDir` volume where it writes, usually `/tmp` (the second quick fix adds a `tmp` emptyDir volume and mounts it there), plus any cache or data directory it needs.',
    example: {
      language: 'yaml',
      bad: 'containers:\n  - name: app\n    image: registry.example/app:1.4.2',
      good: 'containers:\n  - name: app\n    image: registry.example/app:1.4.2\n    securityContext:\n      readOnlyRootFilesystem: true\n    volumeMounts:\n      - name: tmp\n        mountPath: /tmp\nvolumes:\n  - name: tmp\n    emptyDir: {}',
    },
  },
  check(model, { report }) {
    for (const container of model.containers) {
      if (isWindowsPod(container.podSpec)) continue;
      const setting = container.effectiveSecurityContext.get('readOnlyRootFilesystem');
      const value = resolveNode(container.podSpec.owner.document.document, setting?.value);
      if (yamlBoolean(value) === true) continue;
      const label = describeContainer(container);
      const written = isScalar(value) && value.value !== null ? String(value.source ?? value.value) : undefined;
      report({
        range: (written !== undefined && nodeRange(model.source, setting?.value)) || container.anchorRange,
        message:
          written === undefined
            ? `${label} can write to its root filesystem: set securityContext.readOnlyRootFilesystem: true and mount a volume where it needs to write.`
            : `${label} sets readOnlyRootFilesystem: ${written}, so it can write to its root filesystem: set it to true and mount a volume where it needs to write.`,
        fixes: readOnlyFixes(model, container),
      });
    }
  },
});

function readOnlyFixes(model: KubernetesModel, container: Container): Fix[] {
  const doc = container.podSpec.owner.document.document;
  const readOnly = setMapValue(
    model.source,
    doc,
    container.node,
    ['securityContext', 'readOnlyRootFilesystem'],
    'true',
  );
  if (!readOnly) return [];
  const fixes: Fix[] = [
    {
      title: 'Make the root filesystem read-only (readOnlyRootFilesystem: true)',
      edits: [readOnly],
      isPreferred: true,
    },
  ];
  const tmpEdits = tmpVolumeEdits(model, container);
  if (tmpEdits) {
    fixes.push({
      title: 'Make the root filesystem read-only and mount an emptyDir volume at /tmp',
      edits: joinInsertions([readOnly, ...tmpEdits]),
    });
  }
  return fixes;
}

/**
 * A `tmp` emptyDir volume on the pod and its mount at /tmp in the container. Undefined when the
 * container already mounts something at /tmp, or the pod has a `tmp` volume of another type,
 * where adding ours would clash.
 */
function tmpVolumeEdits(model: KubernetesModel, container: Container): TextEdit[] | undefined {
  const doc = container.podSpec.owner.document.document;
  const mounts = mapItems(doc, getSeq(doc, container.node, 'volumeMounts'));
  if (mounts.some((mount) => getString(doc, mount, 'mountPath')?.replace(/\/+$/, '') === '/tmp')) return undefined;
  const podSpec = container.podSpec.node;
  const tmpVolume = mapItems(doc, getSeq(doc, podSpec, 'volumes')).find(
    (volume) => getString(doc, volume, 'name') === 'tmp',
  );
  if (tmpVolume && !getMap(doc, tmpVolume, 'emptyDir')) return undefined;
  const mount = appendSequenceMap(
    model.source,
    doc,
    container.node,
    ['volumeMounts'],
    [
      ['name', 'tmp'],
      ['mountPath', '/tmp'],
    ],
  );
  const volume = tmpVolume
    ? undefined
    : appendSequenceMap(
        model.source,
        doc,
        podSpec,
        ['volumes'],
        [
          ['name', 'tmp'],
          ['emptyDir', '{}'],
        ],
      );
  if (!mount || (!tmpVolume && !volume)) return undefined;
  return volume ? [mount, volume] : [mount];
}
