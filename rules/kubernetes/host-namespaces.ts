import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import { evaluates, podSecurityScopes, settingRange, yamlBoolean } from '../model/pod-security';
import { getPair } from '../model/yaml';

const namespaces = {
  hostNetwork:
    "the node's network stack: it can listen on the node's interfaces, reach services bound to localhost and sniff traffic",
  hostPID:
    "the node's process table: it can see every process on the node, read their environment and, with ptrace, enter them",
  hostIPC: "the node's IPC namespace: it can read and write shared memory of processes outside the pod",
} as const;

export const hostNamespaces = defineRule({
  id: 'BH-K003',
  title: 'Pod shares a host namespace',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KSV-0008', 'KSV-0009', 'KSV-0010'],
    checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'],
    kubeLinter: ['host-ipc', 'host-network', 'host-pid'],
    kubescape: ['C-0038', 'C-0041', 'C-0275', 'C-0276'],
    pss: ['hostNamespaces'],
  },
  docs: {
    why: "`hostNetwork`, `hostPID` and `hostIPC` take the pod out of its own Linux namespaces and put it into the node's. Isolation between the pod and the node is then gone for that resource. Pod Security baseline forbids all three.",
    attacker:
      "With the host PID namespace an attacker sees and signals every process on the node; with the host network they reach the kubelet, cloud metadata and every service bound to localhost; with host IPC they read other processes' shared memory.",
    fix: "Remove the setting. Expose network services through a Service or an Ingress; debug other pods with `kubectl debug` instead of sharing the node's process table.",
    example: {
      language: 'yaml',
      bad: 'spec:\n  hostNetwork: true\n  containers: […]',
      good: 'spec:\n  containers: […]',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'hostNamespaces')) continue;
      for (const [field, exposure] of Object.entries(namespaces)) {
        const pair = getPair(podSpec.node, field);
        if (!pair || yamlBoolean(pair.value) !== true) continue;
        report({
          range: settingRange(model.source, pair),
          message: `${field}: true gives the pod ${exposure}. Pod Security baseline rejects it.`,
          fixes: [
            { title: `Remove ${field}`, edits: [removeEntry(model.source, podSpec.node, pair)], isPreferred: true },
          ],
        });
      }
    }
  },
});
