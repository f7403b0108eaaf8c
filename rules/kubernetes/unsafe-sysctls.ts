import { isMap } from 'yaml';
import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import { evaluates, podSecurityScopes } from '../model/pod-security';
import { getPair, getSeq, getString, type Node, nodeRange, resolveNode, type YAMLMap } from '../model/yaml';

/** The namespaced, pod-isolated sysctls Pod Security baseline allows, by the version that added them. */
const safeSysctlsSince: Record<string, number> = {
  'kernel.shm_rmid_forced': 0,
  'net.ipv4.ip_local_port_range': 0,
  'net.ipv4.tcp_syncookies': 0,
  'net.ipv4.ping_group_range': 0,
  'net.ipv4.ip_unprivileged_port_start': 0,
  'net.ipv4.ip_local_reserved_ports': 27,
  'net.ipv4.tcp_keepalive_time': 29,
  'net.ipv4.tcp_fin_timeout': 29,
  'net.ipv4.tcp_keepalive_intvl': 29,
  'net.ipv4.tcp_keepalive_probes': 29,
  'net.ipv4.tcp_rmem': 32,
  'net.ipv4.tcp_wmem': 32,
  'net.ipv4.tcp_slow_start_after_idle': 37,
  'net.ipv4.tcp_notsent_lowat': 37,
};

export const unsafeSysctls = defineRule({
  id: 'BH-K011',
  title: 'Unsafe sysctl',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: { trivy: ['KSV-0026'], kubeLinter: ['unsafe-sysctls'], pss: ['sysctls'] },
  docs: {
    why: 'Most kernel parameters are not namespaced: a pod that sets them changes the whole node. Pod Security baseline allows only a short list of sysctls that are isolated per pod, and the list grows with the Kubernetes version (v1.27, v1.29, v1.32 and v1.37 added some).',
    attacker:
      'An unsafe sysctl lets a pod weaken kernel protections or starve the node for every other tenant, for example by changing memory or networking limits shared by all pods.',
    fix: 'Remove the sysctl, or set it on the node (through node configuration) if the node really needs it. Check the allowed list for your cluster version.',
    example: {
      language: 'yaml',
      bad: 'securityContext:\n  sysctls:\n    - name: kernel.msgmax\n      value: "65536"',
      good: 'securityContext:\n  sysctls:\n    - name: net.ipv4.ip_unprivileged_port_start\n      value: "80"',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'sysctls')) continue;
      const doc = podSpec.owner.document.document;
      const sysctls = getSeq(doc, podSpec.securityContext, 'sysctls');
      for (const item of sysctls?.items ?? []) {
        const sysctl = resolveNode(doc, item);
        if (!sysctls || !isMap(sysctl)) continue;
        const name = getString(doc, sysctl as YAMLMap, 'name') ?? '';
        const since = safeSysctlsSince[name];
        if (since !== undefined && since <= policy.minor) continue;
        const nameNode = getPair(sysctl as YAMLMap, 'name')?.value;
        const later =
          since === undefined ? '' : ` It is allowed from v1.${since}; the policy in force is v1.${policy.minor}.`;
        report({
          range: nodeRange(model.source, nameNode ?? (item as Node)) ?? podSpec.anchorRange,
          message: `Sysctl ${name || '(unnamed)'} is not in Pod Security baseline's safe set.${later}`,
          fixes: [
            {
              title: `Remove sysctl ${name}`,
              edits: [removeEntry(model.source, sysctls, item as Node)],
              isPreferred: true,
            },
          ],
        });
      }
    }
  },
});
