import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { defineRule } from '../engine/rule';
import { inheritedNote, serviceSettings, settingLocation } from '../model/compose';
import { type Node, resolveNode, type YAMLMap } from '../model/yaml';

/** Namespaced sysctls that only affect the container itself: Kubernetes' "safe" set. */
const safeSysctls = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

export const composeUnsafeSysctl = defineRule({
  id: 'BH-C016',
  title: 'Service sets a sysctl outside the safe set',
  severity: 'warning',
  appliesTo: ['compose'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "Kernel parameters set with `sysctls:` are applied inside the container's namespaces, but only a small set is known to stay there and to be harmless: the ones Kubernetes calls safe (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, the TCP keepalive, fin-timeout and buffer settings). Others change routing and filtering (net.ipv4.ip_forward, conf.all.*), raise resource ceilings (kernel.msgmax, kernel.shmmax) or weaken protections.",
    attacker:
      "Enabling IP forwarding or disabling reverse-path filtering turns a compromised service into a router for traffic between networks it should keep apart; large IPC limits let it exhaust the host's kernel memory.",
    fix: "Remove the sysctl. If the service really needs it, document why next to it, and prefer doing the change on the host for the one network that needs it rather than in an application's container.",
    example: {
      language: 'yaml',
      bad: 'services:\n  vpn:\n    image: registry.example/vpn:1.2\n    sysctls:\n      net.ipv4.ip_forward: 1',
      good: 'services:\n  vpn:\n    image: registry.example/vpn:1.2\n    sysctls:\n      net.ipv4.tcp_keepalive_time: 600',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      for (const setting of serviceSettings(source, service, 'sysctls')) {
        const entries: { name: string; node: Node }[] = [];
        if (isMap(setting.value)) {
          for (const pair of (setting.value as YAMLMap).items) {
            if (isPair(pair) && isScalar(pair.key))
              entries.push({ name: String(pair.key.value), node: pair.key as Node });
          }
        } else if (isSeq(setting.value)) {
          for (const item of setting.value.items) {
            const node = resolveNode(document, item);
            if (isScalar(node) && typeof node.value === 'string')
              entries.push({ name: node.value.split('=')[0]?.trim() ?? '', node: node as Node });
          }
        }
        for (const entry of entries) {
          if (safeSysctls.has(entry.name.replace(/\//g, '.'))) continue;
          report({
            ...settingLocation(source, setting, entry.node),
            message: `Service "${service.name}" sets the sysctl ${entry.name}${inheritedNote(setting)}, which is not in the safe, container-local set. Remove it unless the service needs it, and then say why in a comment.`,
          });
        }
      }
    }
  },
});
