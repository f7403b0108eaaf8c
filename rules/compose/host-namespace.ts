import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Severity } from '../engine/types';
import { removeEntry } from '../fixes/yaml-edit';
import { inheritedNote, serviceSetting, settingLocation } from '../model/compose';

interface SharedNamespace {
  key: string;
  severity: Severity;
  effect: string;
}

const namespaces: readonly SharedNamespace[] = [
  {
    key: 'pid',
    severity: 'error',
    effect:
      'sees every host process and, with SYS_PTRACE or as root, can signal them and read their memory and environment',
  },
  {
    key: 'network_mode',
    severity: 'error',
    effect:
      "shares the host's network stack: it reaches services bound to the host's localhost and can listen on any host port",
  },
  {
    key: 'ipc',
    severity: 'error',
    effect: "shares the host's shared memory and message queues with every host process",
  },
  {
    key: 'userns_mode',
    severity: 'warning',
    effect: "opts out of the daemon's user-namespace remapping, so root in the container is root on the host again",
  },
  { key: 'uts', severity: 'warning', effect: "shares the host's hostname and can change it for the whole host" },
  { key: 'cgroup', severity: 'warning', effect: "sees the host's cgroup hierarchy instead of its own" },
];

export const composeHostNamespace = defineRule({
  id: 'BH-C006',
  title: 'Service shares a host namespace',
  severity: 'error',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "Namespaces are what make a container a separate machine: its own processes (pid), network stack (network_mode), shared memory (ipc), hostname (uts), cgroups and user ids (userns_mode). Setting one of them to `host` removes that wall, and the service sees and touches the host's side of it.",
    attacker:
      "With `pid: host` a compromised service lists and inspects every host process (and their secrets in /proc/<pid>/environ); with `network_mode: host` it reaches databases and admin endpoints bound to the host's 127.0.0.1 and can sniff or hijack host ports; with `ipc: host` it reads other processes' shared memory.",
    fix: 'Remove the setting. Publish ports with `ports:` instead of using the host network, and share a namespace with one specific container (`pid: "service:app"`, `network_mode: "service:proxy"`) when a sidecar needs it.',
    example: {
      language: 'yaml',
      bad: 'services:\n  app:\n    image: registry.example/app:1.4\n    network_mode: host',
      good: 'services:\n  app:\n    image: registry.example/app:1.4\n    ports: ["127.0.0.1:8080:8080"]',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      for (const namespace of namespaces) {
        const setting = serviceSetting(source, service, namespace.key);
        const value = setting?.value;
        if (!setting || !isScalar(value) || String(value.value).toLowerCase() !== 'host') continue;
        const edit = setting.inherited ? undefined : removeEntry(source, service.node, setting.pair);
        report({
          ...settingLocation(source, setting),
          severity: namespace.severity,
          message: `Service "${service.name}" sets ${namespace.key}: host${inheritedNote(setting)}, so it ${namespace.effect}. Remove it unless the service is a host agent that needs it.`,
          fixes: edit ? [{ title: `Remove ${namespace.key}: host`, edits: [edit] }] : [],
        });
      }
    }
  },
});
