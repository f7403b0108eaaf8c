import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import { describeContainer, evaluates, podSecurityScopes, settingRange } from '../model/pod-security';
import { getMap, getPair, getString } from '../model/yaml';

const handlers = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
] as const;

export const hostProbes = defineRule({
  id: 'BH-K017',
  title: 'Probe or lifecycle handler targets another host',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: { pss: ['hostProbesAndHostLifecycle'] },
  docs: {
    why: 'An `httpGet` or `tcpSocket` probe or lifecycle handler with a `host` makes the kubelet connect to that address from the node. Pod authors can use it to have the node reach addresses the pod itself cannot. Pod Security baseline forbids the field from v1.34.',
    attacker:
      "A `host` pointing at a cloud metadata endpoint or an internal service turns the kubelet into a request forwarder with the node's network position.",
    fix: "Remove `host`: the kubelet then probes the pod's own IP, which is what a health check should do.",
    example: {
      language: 'yaml',
      bad: 'livenessProbe:\n  httpGet:\n    host: 169.254.169.254\n    port: 80',
      good: 'livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'hostProbesAndHostLifecycle')) continue;
      for (const container of podSpec.containers) {
        const doc = container.podSpec.owner.document.document;
        for (const path of handlers) {
          let handler = container.node;
          for (const key of path) handler = getMap(doc, handler, key) as typeof handler;
          for (const action of ['httpGet', 'tcpSocket']) {
            const target = getMap(doc, handler, action);
            const pair = getPair(target, 'host');
            const host = getString(doc, target, 'host');
            if (!pair || !target || !host) continue;
            report({
              range: settingRange(model.source, pair),
              message: `${describeContainer(container)} ${path.join('.')} ${action} targets host ${host}: the kubelet would connect there from the node. Pod Security baseline (v1.34+) rejects it.`,
              fixes: [{ title: 'Remove host', edits: [removeEntry(model.source, target, pair)], isPreferred: true }],
            });
          }
        }
      }
    }
  },
});
