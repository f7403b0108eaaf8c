import { defineRule } from '../engine/rule';
import type { RelatedLocation } from '../engine/types';
import type { PodSpec } from '../model/kubernetes';
import { describeContainer, evaluates, podSecurityScopes, settingRange, yamlBoolean } from '../model/pod-security';
import { getMap, getPair, getSeq, getString, keyRange, mapItems } from '../model/yaml';

/** Host paths that hand over the node, with what they give away. Parents of these expose them too. */
const sensitivePaths: Record<string, string> = {
  '/var/run/docker.sock': 'the Docker socket, which controls every container on the node (even read-only)',
  '/run/docker.sock': 'the Docker socket, which controls every container on the node (even read-only)',
  '/var/run/containerd/containerd.sock': 'the containerd socket, which controls every container on the node',
  '/run/containerd/containerd.sock': 'the containerd socket, which controls every container on the node',
  '/var/run/crio/crio.sock': 'the CRI-O socket, which controls every container on the node',
  '/run/crio/crio.sock': 'the CRI-O socket, which controls every container on the node',
  '/': "the node's whole file system",
  '/etc': "the node's configuration, credentials and kubelet settings",
  '/proc': "the node's kernel and process interfaces",
  '/sys': "the node's kernel and device interfaces",
  '/dev': "the node's devices",
  '/boot': "the node's kernel and boot loader",
  '/root': "root's home directory and SSH keys",
  '/var/lib/kubelet': 'kubelet state, including the service account tokens and secrets of every pod on the node',
  '/var/lib/docker': 'the layers and volumes of every container on the node',
  '/var/lib/containerd': 'the layers and snapshots of every container on the node',
  '/var/log': 'node logs; with write access, a symlink there lets the kubelet serve any host file',
  '/etc/kubernetes': "the node's kubeconfig and certificates",
};

function normalise(path: string): string {
  const trimmed = path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return trimmed === '' ? '/' : trimmed;
}

/** What mounting `path` exposes: the path itself, something inside it, or the inside of a sensitive directory. */
export function hostPathExposure(path: string): string | undefined {
  const normalised = normalise(path);
  if (sensitivePaths[normalised]) return sensitivePaths[normalised];
  for (const [sensitive, exposure] of Object.entries(sensitivePaths)) {
    if (sensitive !== '/' && sensitive.startsWith(`${normalised}/`)) return `a directory holding ${exposure}`;
    if (sensitive !== '/' && !sensitive.endsWith('.sock') && normalised.startsWith(`${sensitive}/`))
      return `part of ${exposure}`;
  }
  return undefined;
}

interface Mount {
  label: string;
  writable: boolean;
  related: RelatedLocation;
}

function mountsOf(podSpec: PodSpec, volume: string, source: Parameters<typeof keyRange>[0]): Mount[] {
  const doc = podSpec.owner.document.document;
  return podSpec.containers.flatMap((container) =>
    mapItems(doc, getSeq(doc, container.node, 'volumeMounts'))
      .filter((mount) => getString(doc, mount, 'name') === volume)
      .map((mount) => ({
        label: describeContainer(container),
        writable: yamlBoolean(getPair(mount, 'readOnly')?.value) !== true,
        related: {
          range: keyRange(source, getPair(mount, 'mountPath') ?? getPair(mount, 'name')) ?? container.anchorRange,
          message: `Mounted here by ${describeContainer(container).toLowerCase()}`,
        },
      })),
  );
}

export const hostPathVolume = defineRule({
  id: 'BH-K004',
  title: 'hostPath volume',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0006', 'KSV-0023', 'KSV-0121'],
    checkov: ['CKV_K8S_27'],
    kubeLinter: ['docker-sock', 'sensitive-host-mounts', 'writable-host-mount'],
    kubescape: ['C-0045', 'C-0048', 'C-0074'],
    pss: ['hostPathVolumes', 'restrictedVolumes'],
  },
  docs: {
    why: 'A `hostPath` volume mounts a directory of the node into the pod. The pod then shares files with the node and every other pod scheduled there, outside any namespace. Pod Security baseline forbids hostPath volumes of any kind; the container runtime socket, `/`, `/etc`, `/proc` and `/var/lib/kubelet` are the worst.',
    attacker:
      "Through the Docker or containerd socket an attacker starts a privileged container and owns the node; through `/var/lib/kubelet` they read every pod's service account token; a writable `/etc` or `/` lets them add a cron job or an SSH key on the node.",
    fix: 'Use an `emptyDir` for scratch space, a ConfigMap or Secret for configuration, a PersistentVolumeClaim for data. Node agents that really need host files belong in a dedicated namespace with an explicit Pod Security exemption, mounted read-only and as narrowly as possible.',
    example: {
      language: 'yaml',
      bad: 'volumes:\n  - name: docker\n    hostPath:\n      path: /var/run/docker.sock',
      good: 'volumes:\n  - name: scratch\n    emptyDir: {}',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      // Restricted replaces the hostPathVolumes check with restrictedVolumes, which forbids hostPath too.
      if (!evaluates(policy, 'hostPathVolumes') && !evaluates(policy, 'restrictedVolumes')) continue;
      const doc = podSpec.owner.document.document;
      for (const volume of mapItems(doc, getSeq(doc, podSpec.node, 'volumes'))) {
        const pair = getPair(volume, 'hostPath');
        if (!pair) continue;
        const name = getString(doc, volume, 'name') ?? 'unnamed';
        const path = getString(doc, getMap(doc, volume, 'hostPath'), 'path') ?? '';
        const mounts = mountsOf(podSpec, name, model.source);
        const writers = mounts.filter((mount) => mount.writable).map((mount) => mount.label);
        const exposure = hostPathExposure(path);
        const what = exposure ? `, ${exposure}` : '';
        const access = writers.length > 0 ? ` It is writable by ${writers.join(', ')}.` : '';
        report({
          range: settingRange(model.source, pair),
          message: `Volume "${name}" mounts the host path "${path}"${what}.${access} Pod Security baseline rejects hostPath volumes.`,
          related: mounts.map((mount) => mount.related),
        });
      }
    }
  },
});
