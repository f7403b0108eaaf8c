import { isMap } from 'yaml';
import { defineRule } from '../engine/rule';
import { getMap, getPair, getSeq, getString, mapItems, nodeRange, resolveNode, type YAMLMap } from '../model/yaml';

const everywhere = new Set(['0.0.0.0/0', '::/0']);

export const networkPolicyAllowsAll = defineRule({
  id: 'BH-K051',
  title: 'NetworkPolicy allows all traffic',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'An empty rule (`ingress: [{}]`, `egress: [{}]`) allows every peer on every port; an empty peer (`from: [{}]`) matches everything too; an `ipBlock` of `0.0.0.0/0` or `::/0` without `except` allows the whole internet, including the cloud metadata address 169.254.169.254 for egress. Such a policy selects pods, which makes them look isolated, while isolating nothing in that direction. Remember that NetworkPolicies only take effect when the CNI plugin enforces them.',
    attacker:
      'An attacker in an "isolated" pod still reaches every service, the node and the metadata endpoint, or can be reached from any compromised pod, while reviews assume the namespace is locked down.',
    fix: 'Name the peers: `podSelector` and `namespaceSelector` for in-cluster traffic, `ipBlock` with the actual ranges (and `except: [169.254.169.254/32]` for broad egress), and `ports`. Remove allow-all rules that were added while debugging.',
    example: {
      language: 'yaml',
      bad: 'spec:\n  podSelector: {}\n  ingress:\n    - {}',
      good: 'spec:\n  podSelector: {}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: frontend}\n      ports: [{port: 8080}]',
    },
  },
  check(model, { report }) {
    for (const object of model.objects) {
      if (object.kind !== 'NetworkPolicy') continue;
      const doc = object.document.document;
      const spec = getMap(doc, object.node, 'spec');
      const name = `NetworkPolicy "${object.name ?? 'unnamed'}"`;
      for (const [direction, peers] of [
        ['ingress', 'from'],
        ['egress', 'to'],
      ] as const) {
        for (const item of getSeq(doc, spec, direction)?.items ?? []) {
          const rule = resolveNode(doc, item);
          if (!isMap(rule)) continue;
          if ((rule as YAMLMap).items.length === 0) {
            report({
              range: nodeRange(model.source, rule) ?? model.source.rangeAt(0, 0),
              message: `${name} has an empty ${direction} rule, which allows ${direction === 'ingress' ? 'every source' : 'every destination'} on every port. Name the peers and ports.`,
            });
            continue;
          }
          for (const peer of getSeq(doc, rule as YAMLMap, peers)?.items ?? []) {
            const peerNode = resolveNode(doc, peer);
            if (isMap(peerNode) && (peerNode as YAMLMap).items.length === 0) {
              report({
                range: nodeRange(model.source, peerNode) ?? model.source.rangeAt(0, 0),
                message: `${name} has an empty peer in ${direction}.${peers}, which matches everything. Use podSelector, namespaceSelector or ipBlock.`,
              });
            }
          }
          for (const peer of mapItems(doc, getSeq(doc, rule as YAMLMap, peers))) {
            const block = getMap(doc, peer, 'ipBlock');
            const cidr = getString(doc, block, 'cidr');
            if (!cidr || !everywhere.has(cidr) || (getSeq(doc, block, 'except')?.items.length ?? 0) > 0) continue;
            report({
              range: nodeRange(model.source, getPair(block, 'cidr')?.value) ?? model.source.rangeAt(0, 0),
              message: `${name} allows ${direction} ${direction === 'ingress' ? 'from' : 'to'} ${cidr}, the whole internet${direction === 'egress' ? ' and the cloud metadata address' : ''}. Narrow the range, or add except entries.`,
            });
          }
        }
      }
    }
  },
});
