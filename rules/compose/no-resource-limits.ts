import { isMap } from 'yaml';
import { defineRule } from '../engine/rule';
import { type ComposeService, serviceSetting } from '../model/compose';
import type { SourceText } from '../model/source';
import { getMap, getPair, type YAMLMap } from '../model/yaml';

interface Limit {
  name: string;
  /** The service-level key (Compose file format 2 style, still supported). */
  key: string;
  /** The key under `deploy.resources.limits`. */
  deployKey: string;
}

const limits: readonly Limit[] = [
  { name: 'memory', key: 'mem_limit', deployKey: 'memory' },
  { name: 'CPU', key: 'cpus', deployKey: 'cpus' },
  { name: 'process (pids)', key: 'pids_limit', deployKey: 'pids' },
];

function hasLimit(source: SourceText, service: ComposeService, limit: Limit): boolean {
  if (serviceSetting(source, service, limit.key)) return true;
  const document = service.document.document;
  const deploy = serviceSetting(source, service, 'deploy')?.value;
  if (!isMap(deploy)) return false;
  const resourceLimits = getMap(document, getMap(document, deploy as YAMLMap, 'resources'), 'limits');
  return getPair(resourceLimits, limit.deployKey) !== undefined;
}

export const composeNoResourceLimits = defineRule({
  id: 'BH-C012',
  title: 'Service has no resource limits',
  severity: 'warning',
  appliesTo: ['compose'],
  fixable: false,
  profile: 'strict',
  aliases: {},
  docs: {
    why: "Without limits one container can take all the memory, CPU time and process ids of the host. A memory leak, a runaway query or a fork bomb then degrades or kills every other service on the machine, and the kernel's out-of-memory killer may pick a different victim than the culprit.",
    attacker:
      'An attacker who can make the service allocate memory, spin the CPU or fork (a crafted request, a compromised process) takes down the whole host: a denial of service that outlasts the one container.',
    fix: 'Set a memory, CPU and pids limit for each service, either `deploy.resources.limits` (memory, cpus, pids) or the service-level `mem_limit`, `cpus` and `pids_limit`. Size them from what the service uses under load, with headroom.',
    example: {
      language: 'yaml',
      bad: 'services:\n  worker:\n    image: registry.example/worker:5.0',
      good: 'services:\n  worker:\n    image: registry.example/worker:5.0\n    deploy:\n      resources:\n        limits: {memory: 512M, cpus: "1.0", pids: 200}',
    },
  },
  check(model, { report }) {
    for (const service of model.services) {
      const missing = limits.filter((limit) => !hasLimit(model.source, service, limit));
      if (missing.length === 0) continue;
      const names = missing.map((limit) => limit.name);
      const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
      const keys = missing.map((limit) => `${limit.key} or deploy.resources.limits.${limit.deployKey}`).join('; ');
      report({
        range: service.nameRange,
        message: `Service "${service.name}" has no ${list} limit, so it can starve the host and every other service. Set ${keys}.`,
      });
    }
  },
});
