import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Container } from '../model/kubernetes';
import { describeContainer } from '../model/pod-security';
import { getMap, getPair, keyRange, resolveNode, type YAMLMap } from '../model/yaml';

type Resource = 'memory' | 'cpu';

export const missingResourceLimits = defineRule({
  id: 'BH-K031',
  title: 'Container has no memory or CPU limit',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'strict',
  aliases: {
    trivy: ['KSV-0011', 'KSV-0015', 'KSV-0016', 'KSV-0018'],
    checkov: ['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13'],
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    kubescape: ['C-0004', 'C-0050', 'C-0268', 'C-0269', 'C-0270', 'C-0271'],
  },
  docs: {
    why: "A container without a memory limit can take memory until the node runs short, and then the kubelet evicts pods, other teams' included; one without a CPU limit can starve its neighbours of CPU. Requests tell the scheduler what the pod needs; a container with neither runs as BestEffort and is the first to go under pressure. When only a limit is set, Kubernetes uses it as the request too, so a missing request alone is not reported. A pod-level `resources.limits` (Kubernetes v1.34+) caps all containers and counts. A missing memory limit is a warning; a missing CPU limit only is information, because CPU limits throttle and many teams choose requests alone for CPU. Ephemeral containers cannot have resources and are skipped. A LimitRange in the namespace can supply defaults, which this check cannot see: that is why the rule is in the strict profile.",
    attacker:
      'A compromised or simply buggy container can exhaust the node: a memory leak, a fork bomb or a crypto miner takes the memory and CPU that other workloads on the node need, turning one foothold into a denial of service for everything scheduled there.',
    fix: 'Measure the workload and set `resources.requests` to what it normally uses and `resources.limits.memory` to what it must never exceed; set `limits.cpu` where throttling is acceptable. The values are specific to the workload, so there is no quick fix.',
    example: {
      language: 'yaml',
      bad: 'containers:\n  - name: app\n    image: registry.example/app:1.4.2',
      good: 'containers:\n  - name: app\n    image: registry.example/app:1.4.2\n    resources:\n      requests: {cpu: 250m, memory: 256Mi}\n      limits: {memory: 512Mi}',
    },
  },
  check(model, { report }) {
    for (const container of model.containers) {
      if (container.group === 'ephemeralContainers') continue;
      const doc = container.podSpec.owner.document.document;
      const resources = getMap(doc, container.node, 'resources');
      const limits = getMap(doc, resources, 'limits');
      const requests = getMap(doc, resources, 'requests');
      const podLimits = getMap(doc, getMap(doc, container.podSpec.node, 'resources'), 'limits');
      const missing = (['memory', 'cpu'] as const).filter(
        (resource) => !sets(container, limits, resource) && !sets(container, podLimits, resource),
      );
      if (missing.length === 0) continue;
      const missingRequests = missing.filter((resource) => !sets(container, requests, resource));
      const range =
        keyRange(model.source, getPair(resources, 'limits')) ??
        keyRange(model.source, getPair(container.node, 'resources')) ??
        container.anchorRange;
      report({
        range,
        message: `${describeContainer(container)} has ${describe(missing, missingRequests)}: ${advice(missing)}`,
        ...(missing.includes('memory') ? {} : { severity: 'information' as const }),
      });
    }
  },
});

/** A quantity is set when the key has a non-empty scalar; `memory:` alone sets nothing. */
function sets(container: Container, map: YAMLMap | undefined, resource: Resource): boolean {
  const value = resolveNode(container.podSpec.owner.document.document, getPair(map, resource)?.value);
  return isScalar(value) && value.value !== null && String(value.value).trim() !== '';
}

const names: Record<Resource, string> = { memory: 'memory', cpu: 'CPU' };

/** "no memory limit and no CPU limit (and no requests)", "no CPU limit (nor request)". */
function describe(missing: readonly Resource[], missingRequests: readonly Resource[]): string {
  const limits = missing.map((resource) => `no ${names[resource]} limit`).join(' and ');
  if (missingRequests.length === 0) return limits;
  if (missingRequests.length === missing.length) {
    return `${limits} (and no ${missing.length === 1 ? 'request for it' : 'requests'})`;
  }
  return `${limits} (and no ${names[missingRequests[0] as Resource]} request)`;
}

function advice(missing: readonly Resource[]): string {
  return missing.includes('memory')
    ? 'it can use memory until the node runs short. Set resources.limits.memory (and requests) to what the workload needs.'
    : 'it can take CPU from its neighbours. Set resources.limits.cpu if throttling is acceptable, and a CPU request.';
}
