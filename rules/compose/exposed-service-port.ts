import { isMap, isScalar, isSeq } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Severity, TextEdit } from '../engine/types';
import { setMapValue } from '../fixes/yaml-edit';
import { inheritedNote, serviceSettings, settingLocation } from '../model/compose';
import type { SourceText } from '../model/source';
import { getPair, getScalar, type Node, nodeRange, resolveNode, type YAMLMap } from '../model/yaml';

interface KnownPort {
  what: string;
  severity: Severity;
}

/** Ports of databases, caches, brokers and control planes that trust whoever can connect, or guard themselves with a password at best. */
const knownPorts: ReadonlyMap<number, KnownPort> = new Map([
  [2375, { what: 'the unencrypted Docker API (root on the host without a password)', severity: 'error' }],
  [2376, { what: 'the Docker API', severity: 'error' }],
  [2379, { what: 'etcd', severity: 'error' }],
  [2380, { what: 'etcd peer traffic', severity: 'error' }],
  [10250, { what: 'the kubelet API', severity: 'error' }],
  [5432, { what: 'PostgreSQL', severity: 'warning' }],
  [3306, { what: 'MySQL/MariaDB', severity: 'warning' }],
  [1433, { what: 'SQL Server', severity: 'warning' }],
  [1521, { what: 'Oracle Database', severity: 'warning' }],
  [6379, { what: 'Redis', severity: 'warning' }],
  [11211, { what: 'Memcached', severity: 'warning' }],
  [27017, { what: 'MongoDB', severity: 'warning' }],
  [9200, { what: 'Elasticsearch/OpenSearch', severity: 'warning' }],
  [9300, { what: 'Elasticsearch transport', severity: 'warning' }],
  [5984, { what: 'CouchDB', severity: 'warning' }],
  [9042, { what: 'Cassandra', severity: 'warning' }],
  [7687, { what: 'Neo4j (Bolt)', severity: 'warning' }],
  [8086, { what: 'InfluxDB', severity: 'warning' }],
  [8500, { what: 'the Consul HTTP API', severity: 'warning' }],
  [5672, { what: 'RabbitMQ (AMQP)', severity: 'warning' }],
  [15672, { what: 'the RabbitMQ management UI', severity: 'warning' }],
  [9092, { what: 'Kafka', severity: 'warning' }],
  [2181, { what: 'ZooKeeper', severity: 'warning' }],
]);

const allInterfaces = new Set(['', '0.0.0.0', '::', '[::]']);

interface Published {
  /** Host address, '' when none is given (all interfaces). */
  hostIp: string;
  containerPorts: number[];
}

/** `[ip:][host[-host]:]container[-container][/protocol]`, the ip possibly a bracketed IPv6 address. */
export function parseShortPort(text: string): Published | undefined {
  const spec = text.trim().replace(/\/[a-z]+$/i, '');
  const match = /^(?:(\[[^\]]*\]|[^:[\]]*):)?(?:([\d-]*):)?([\d]+(?:-[\d]+)?)$/.exec(spec);
  if (!match) return undefined;
  const [, first, second, container = ''] = match;
  const hostIp = second === undefined ? '' : (first ?? '');
  return { hostIp, containerPorts: portRange(container) };
}

function portRange(text: string): number[] {
  const [start = Number.NaN, end = start] = text.split('-').map(Number);
  if (!Number.isInteger(start) || !Number.isInteger(end) || end < start || end - start > 1000) return [];
  return Array.from({ length: end - start + 1 }, (_, index) => start + index);
}

export const composeExposedServicePort = defineRule({
  id: 'BH-C015',
  title: 'Database or admin port published on all interfaces',
  severity: 'warning',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: '`ports: ["5432:5432"]` publishes on every interface of the host, and Docker\'s own firewall rules bypass host firewalls such as ufw. Databases, caches, message brokers and control-plane APIs are meant for the services next to them, and many of them (Redis, Memcached, Elasticsearch, the Docker API) accept anyone who connects by default.',
    attacker:
      'Internet-wide scanners find an open Redis, MongoDB or Elasticsearch within hours; the attacker reads or ransoms the data, or, through the Docker API on 2375, starts a privileged container and owns the host.',
    fix: 'Let other services reach it over the Compose network without publishing the port at all. If you need it from the host (a local client, an SSH tunnel), bind it to the loopback interface: `"127.0.0.1:5432:5432"` or `host_ip: 127.0.0.1`.',
    example: {
      language: 'yaml',
      bad: 'services:\n  db:\n    image: postgres:16.4\n    ports: ["5432:5432"]',
      good: 'services:\n  db:\n    image: postgres:16.4\n    ports: ["127.0.0.1:5432:5432"]',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      for (const setting of serviceSettings(source, service, 'ports')) {
        const items = isSeq(setting.value) ? (setting.value.items as unknown[]) : [];
        for (const item of items) {
          const node = resolveNode(document, item);
          let published: Published | undefined;
          let edit: TextEdit | undefined;
          let at = node as Node;
          if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
            published = parseShortPort(String(node.value));
            if (published && !setting.inherited && item === node) edit = bindShortSyntax(source, node, published);
          } else if (isMap(node)) {
            const map = node as YAMLMap;
            const hostIp = getScalar(document, map, 'host_ip');
            const target = getScalar(document, map, 'target');
            at = (getPair(map, 'target')?.value as Node | null) ?? at;
            published = {
              hostIp: hostIp === undefined ? '' : String(hostIp),
              containerPorts: portRange(String(target)),
            };
            if (!setting.inherited && item === node)
              edit = setMapValue(source, document, map, ['host_ip'], '127.0.0.1');
          }
          if (!published || !allInterfaces.has(published.hostIp)) continue;
          const port = published.containerPorts.find((candidate) => knownPorts.has(candidate));
          const known = port === undefined ? undefined : knownPorts.get(port);
          if (port === undefined || !known) continue;
          report({
            ...settingLocation(source, setting, at),
            severity: known.severity,
            message: `Service "${service.name}" publishes port ${port} (${known.what}) on all host interfaces${inheritedNote(setting)}, reachable from the network past host firewalls. Bind it to 127.0.0.1 or do not publish it.`,
            fixes: edit ? [{ title: 'Publish on 127.0.0.1 only', edits: [edit] }] : [],
          });
        }
      }
    }
  },
});

/** `5432:5432` → `127.0.0.1:5432:5432`, `0.0.0.0:5432:5432` → `127.0.0.1:5432:5432`, `5432` → `127.0.0.1::5432`. */
function bindShortSyntax(source: SourceText, node: Node, published: Published): TextEdit | undefined {
  const range = nodeRange(source, node);
  if (!range || !isScalar(node)) return undefined;
  const text = String(node.value).trim();
  const withoutIp = published.hostIp === '' ? text : text.slice(published.hostIp.length + 1);
  const bound = /^[\d-]+(?:\/[a-z]+)?$/i.test(withoutIp) ? `127.0.0.1::${withoutIp}` : `127.0.0.1:${withoutIp}`;
  const quote = node.type === 'QUOTE_SINGLE' ? "'" : '"';
  return { range, newText: `${quote}${bound}${quote}` };
}
