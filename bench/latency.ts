/**
 * Edit → diagnostics latency through the real language server over stdio (issue 10, item 2).
 *
 * One Bulkhead server gets a generated 2,000-line Dockerfile, a 3,000-line multi-document manifest
 * and a 10-line Dockerfile (the in-run baseline); each is then typed into: 200 single-character
 * incremental didChange notifications, one every 30 ms. For every version we measure the time from
 * sending its didChange to the publishDiagnostics carrying that version; versions superseded before
 * being published are "coalesced". `dockerfile-language-server-nodejs` (a devDependency), whose
 * diagnostics carry no version, is measured on the same Dockerfile edits from each didChange to the
 * next publish, and also by order (k-th publish ↔ k-th edit), which shows a queue if it builds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient, TempDir, withTimeout } from '../test/lsp/client';

const repoRoot = join(__dirname, '..', '..');
const editCount = Number(process.env.BENCH_LATENCY_EDITS ?? 200);
const intervalMs = Number(process.env.BENCH_LATENCY_INTERVAL ?? 30);

export interface LatencyStats {
  edits: number;
  /** Versions whose own publish arrived. */
  published: number;
  /** Versions never published because a newer one superseded them. */
  coalesced: number;
  /** Publishes of a version older than one already published (must be 0). */
  stale: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Median latency until diagnostics of this version or newer arrived, first / last 50 edits. */
  first50Median: number;
  last50Median: number;
  /** last50Median / first50Median > 2 and the difference exceeds 10 ms. */
  queueGrows: boolean;
}

export interface LatencyResults {
  edits: number;
  intervalMs: number;
  dockerfile: LatencyStats & { lines: number };
  manifest: LatencyStats & { lines: number; documents: number };
  tiny: LatencyStats & { lines: number };
  /** big p50 / tiny p50 and big p99 / tiny p99. */
  ratio: { dockerfileP50: number; dockerfileP99: number; manifestP50: number; manifestP99: number };
  peer: (LatencyStats & { name: string; version: string; byOrder: LatencyStats | undefined }) | { skipped: string };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

// ---------------------------------------------------------------------------------------------
// Realistic generated documents.

const baseImages = ['debian:12-slim', 'node:20-bookworm', 'python:3.12-slim', 'golang:1.22', 'alpine:3.20'];
const packages = ['curl', 'ca-certificates', 'git', 'openssl', 'tzdata', 'jq', 'unzip', 'gnupg'];

/** A multi-stage Dockerfile of about `lines` lines: stages with ARG/ENV/RUN chains/COPY/USER/HEALTHCHECK. */
export function generateDockerfile(lines: number): string {
  const out: string[] = [
    '# syntax=docker/dockerfile:1.7',
    `# Generated ${lines}-line Dockerfile for latency benchmarks`,
  ];
  let stage = 0;
  while (out.length < lines - 8) {
    const image = baseImages[stage % baseImages.length] ?? 'debian:12-slim';
    const pkgs = [0, 1, 2, 3].map((i) => packages[(stage + i) % packages.length] ?? 'curl');
    out.push(
      '',
      `# ---- stage ${stage} ----`,
      `FROM ${image} AS stage${stage}`,
      `ARG VERSION_${stage}=1.${stage}.0`,
      `ENV APP_HOME=/opt/app${stage} \\`,
      `    PATH=/opt/app${stage}/bin:$PATH`,
      `LABEL org.opencontainers.image.title="component-${stage}" org.opencontainers.image.version="$VERSION_${stage}"`,
      `WORKDIR /opt/app${stage}`,
      'RUN apt-get update \\',
      `    && apt-get install -y --no-install-recommends ${pkgs.join(' ')} \\`,
      '    && rm -rf /var/lib/apt/lists/*',
      `RUN curl -fsSL https://example.com/releases/v$VERSION_${stage}/tool.tar.gz -o /tmp/tool.tar.gz \\`,
      `    && tar -xzf /tmp/tool.tar.gz -C /opt/app${stage} \\`,
      '    && rm /tmp/tool.tar.gz',
      `COPY --chown=1000:1000 src/component${stage}/ /opt/app${stage}/src/`,
      stage > 0
        ? `COPY --from=stage${stage - 1} /opt/app${stage - 1}/bin/ /opt/app${stage}/bin/`
        : 'COPY go.mod go.sum ./',
      // Some stages have findings, as real files do: a piped installer, a root user, an ADD from a URL.
      stage % 5 === 0 ? 'RUN curl -fsSL https://example.com/install.sh | sh' : '# installer verified by checksum',
      stage % 7 === 0 ? `ADD https://example.com/config-${stage}.tar.gz /etc/app/` : `# config for stage ${stage}`,
      `RUN groupadd -r app${stage} && useradd -r -g app${stage} -u ${1000 + stage} app${stage}`,
      `USER app${stage}`,
      `EXPOSE ${8000 + (stage % 1000)}`,
    );
    stage++;
  }
  out.push(
    '',
    '# ---- runtime ----',
    'FROM debian:12-slim',
    `COPY --from=stage${stage - 1} /opt/app${stage - 1}/bin/ /usr/local/bin/`,
    'USER 65532:65532',
    'HEALTHCHECK --interval=30s CMD ["/usr/local/bin/tool", "health"]',
    'ENTRYPOINT ["/usr/local/bin/tool"]',
    'CMD ["serve"]',
  );
  return `${out.join('\n')}\n`;
}

function deployment(i: number): string[] {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: service-${i}`,
    '  namespace: production',
    '  labels:',
    `    app.kubernetes.io/name: service-${i}`,
    '    app.kubernetes.io/part-of: shop',
    'spec:',
    `  replicas: ${1 + (i % 4)}`,
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: service-${i}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: service-${i}`,
    '    spec:',
    '      serviceAccountName: shop',
    '      automountServiceAccountToken: false',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        seccompProfile:',
    '          type: RuntimeDefault',
    '      containers:',
    `        - name: service-${i}`,
    `          image: registry.example.com/shop/service-${i}:1.${i}.0`,
    '          imagePullPolicy: IfNotPresent',
    '          ports:',
    `            - containerPort: ${8080 + (i % 10)}`,
    '              name: http',
    '          env:',
    '            - name: LOG_LEVEL',
    '              value: info',
    '            - name: DATABASE_URL',
    '              valueFrom:',
    '                secretKeyRef:',
    '                  name: shop-db',
    '                  key: url',
    '          resources:',
    '            requests:',
    '              cpu: 100m',
    '              memory: 128Mi',
    '            limits:',
    '              memory: 256Mi',
    '          securityContext:',
    `            allowPrivilegeEscalation: ${i % 6 === 0}`,
    ...(i % 9 === 0 ? ['            privileged: true'] : []),
    '            readOnlyRootFilesystem: true',
    '            capabilities:',
    `              drop: [${i % 4 === 0 ? '"NET_RAW"' : '"ALL"'}]`,
    '          readinessProbe:',
    '            httpGet:',
    '              path: /healthz',
    '              port: http',
  ];
}

function service(i: number): string[] {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: service-${i}`,
    '  namespace: production',
    'spec:',
    '  selector:',
    `    app.kubernetes.io/name: service-${i}`,
    '  ports:',
    '    - name: http',
    '      port: 80',
    '      targetPort: http',
  ];
}

function configMap(i: number): string[] {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: service-${i}-config`,
    '  namespace: production',
    'data:',
    `  FEATURE_FLAGS: "search,checkout-v${i % 3}"`,
    '  CACHE_TTL: "300"',
  ];
}

/** A multi-document manifest of about `lines` lines: Deployments, Services and ConfigMaps. */
export function generateManifest(lines: number): { text: string; documents: number } {
  const documents: string[][] = [];
  let total = 0;
  for (let i = 0; total < lines; i++) {
    for (const document of [deployment(i), service(i), configMap(i)]) {
      documents.push(document);
      total += document.length + 1;
    }
  }
  return { text: `${documents.map((document) => document.join('\n')).join('\n---\n')}\n`, documents: documents.length };
}

export const tinyDockerfile = [
  'FROM debian:12-slim',
  'ARG VERSION=1.0.0',
  'WORKDIR /app',
  'RUN apt-get update \\',
  '    && apt-get install -y --no-install-recommends curl \\',
  '    && rm -rf /var/lib/apt/lists/*',
  'COPY --chown=1000:1000 . /app',
  'USER 1000',
  'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]',
  'CMD ["./start"]',
].join('\n');

/** Where typing happens: the end of the line containing `marker` nearest the middle of `text`. */
export function typingPoint(text: string, marker: string): { line: number; character: number } {
  const lines = text.split('\n');
  let best = -1;
  for (let line = 0; line < lines.length; line++) {
    if (!lines[line]?.includes(marker)) continue;
    if (best < 0 || Math.abs(line - lines.length / 2) < Math.abs(best - lines.length / 2)) best = line;
  }
  if (best < 0) throw new Error(`no line with ${marker}`);
  return { line: best, character: lines[best]?.length ?? 0 };
}

/** The characters typed: words a user might type into a RUN line or a label value. */
const typed = ' && echo benchmark-typing-check done';

// ---------------------------------------------------------------------------------------------
// Measuring.

interface Arrival {
  version: number | null | undefined;
  at: number;
}

/** Something a typing session can be run against. */
interface Target {
  change(uri: string, changes: TextDocumentContentChangeEvent[], version: number): Promise<unknown>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Types `editCount` characters at `at`, one didChange every `intervalMs` (scheduled against the
 * start time, so slow sends do not stretch the pace), then waits for the last version to settle.
 * Returns the send time of every version.
 */
async function type(
  target: Target,
  uri: string,
  at: { line: number; character: number },
  firstVersion: number,
  lastPublished: () => number | null | undefined,
): Promise<Map<number, number>> {
  const sent = new Map<number, number>();
  const started = performance.now();
  for (let i = 0; i < editCount; i++) {
    const wait = started + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    const character = at.character + i;
    const version = firstVersion + i;
    const text = typed[i % typed.length] ?? 'x';
    sent.set(version, performance.now());
    await target.change(uri, [{ range: { start: { ...at, character }, end: { ...at, character } }, text }], version);
  }
  const last = firstVersion + editCount - 1;
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline && (lastPublished() ?? -1) < last) await sleep(5);
  await sleep(200);
  return sent;
}

/** Latency statistics of versioned publishes (Bulkhead). */
function versionedStats(sent: Map<number, number>, arrivals: Arrival[]): LatencyStats {
  const own: number[] = [];
  const upTo: number[] = [];
  let stale = 0;
  let newest = -Infinity;
  const firstArrival = new Map<number, number>();
  for (const arrival of arrivals) {
    const version = arrival.version ?? -1;
    if (version < newest) stale++;
    newest = Math.max(newest, version);
    if (!firstArrival.has(version)) firstArrival.set(version, arrival.at);
  }
  let coalesced = 0;
  for (const [version, at] of sent) {
    const own_ = firstArrival.get(version);
    if (own_ === undefined) coalesced++;
    else own.push(own_ - at);
    // What the user sees: the first publish at or after this version.
    const covering = arrivals.find((arrival) => (arrival.version ?? -1) >= version && arrival.at >= at);
    upTo.push(covering ? covering.at - at : Number.POSITIVE_INFINITY);
  }
  return summarize(sent.size, own, coalesced, stale, upTo);
}

/** Latency of unversioned publishes (the peer): to the next publish after each didChange. */
function nextPublishStats(sent: Map<number, number>, arrivals: Arrival[]): LatencyStats {
  const latencies = [...sent.values()].map((at) => {
    const next = arrivals.find((arrival) => arrival.at >= at);
    return next ? next.at - at : Number.POSITIVE_INFINITY;
  });
  return summarize(sent.size, latencies, 0, 0, latencies);
}

/** k-th publish after the edits began ↔ k-th edit: valid for a server that publishes once per change. */
function byOrderStats(sent: Map<number, number>, arrivals: Arrival[]): LatencyStats | undefined {
  const times = [...sent.values()];
  const first = times[0] ?? 0;
  const after = arrivals.filter((arrival) => arrival.at >= first);
  if (after.length !== times.length) return undefined;
  const latencies = times.map((at, i) => (after[i]?.at ?? Number.POSITIVE_INFINITY) - at);
  return summarize(times.length, latencies, 0, 0, latencies);
}

function summarize(edits: number, own: number[], coalesced: number, stale: number, upTo: number[]): LatencyStats {
  const first50Median = percentile(upTo.slice(0, 50), 50);
  const last50Median = percentile(upTo.slice(-50), 50);
  return {
    edits,
    published: own.length,
    coalesced,
    stale,
    p50: percentile(own, 50),
    p95: percentile(own, 95),
    p99: percentile(own, 99),
    max: own.length ? Math.max(...own) : Number.NaN,
    first50Median,
    last50Median,
    queueGrows: last50Median > 2 * first50Median && last50Median - first50Median > 10,
  };
}

/** Publishes per uri with their arrival time, recorded by waiting on the LspTestClient in a loop. */
function recordArrivals(client: LspTestClient, uri: string, arrivals: Arrival[], active: () => boolean): void {
  let after = client.mark();
  const next = (): void => {
    if (!active()) return;
    client.waitForDiagnostics(uri, { after, timeout: 250 }).then(
      (published) => {
        arrivals.push({ version: published.version, at: performance.now() });
        after = published.seq + 1;
        next();
      },
      () => next(),
    );
  };
  next();
}

async function measureBulkhead(): Promise<Omit<LatencyResults, 'peer' | 'ratio' | 'edits' | 'intervalMs'>> {
  const dir = new TempDir();
  const client = await LspTestClient.start();
  let active = true;
  try {
    const dockerfile = generateDockerfile(2000);
    const manifest = generateManifest(3000);
    const docs = [
      { uri: dir.uri('big/Dockerfile'), languageId: 'dockerfile', text: dockerfile, marker: 'apt-get install' },
      { uri: dir.uri('big/manifest.yaml'), languageId: 'yaml', text: manifest.text, marker: 'FEATURE_FLAGS' },
      { uri: dir.uri('tiny/Dockerfile'), languageId: 'dockerfile', text: tinyDockerfile, marker: 'apt-get install' },
    ];
    const arrivals = new Map<string, Arrival[]>();
    for (const doc of docs) {
      const list: Arrival[] = [];
      arrivals.set(doc.uri, list);
      recordArrivals(client, doc.uri, list, () => active);
      await client.open(doc.uri, doc.languageId, doc.text, 1);
    }
    for (const doc of docs) await client.waitForDiagnostics(doc.uri, { version: 1, timeout: 10_000 });
    const stats: LatencyStats[] = [];
    for (const doc of docs) {
      const list = arrivals.get(doc.uri) ?? [];
      list.length = 0;
      const sent = await type(client, doc.uri, typingPoint(doc.text, doc.marker), 2, () => list.at(-1)?.version);
      stats.push(versionedStats(sent, [...list]));
    }
    const [d, m, t] = stats as [LatencyStats, LatencyStats, LatencyStats];
    return {
      dockerfile: { ...d, lines: dockerfile.split('\n').length - 1 },
      manifest: { ...m, lines: manifest.text.split('\n').length - 1, documents: manifest.documents },
      tiny: { ...t, lines: tinyDockerfile.split('\n').length },
    };
  } finally {
    active = false;
    await client.stop();
    dir.remove();
  }
}

/** A bare stdio client for a peer server (LspTestClient only starts Bulkhead's own server). */
class PeerClient implements Target {
  private readonly published = new Map<string, Arrival[]>();
  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.published.get(params.uri) ?? [];
      list.push({ version: params.version, at: performance.now() });
      this.published.set(params.uri, list);
    });
  }

  static async start(serverJs: string): Promise<PeerClient> {
    const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    if (!child.stdout || !child.stdin) throw new Error('peer stdio not available');
    child.stdin.on('error', () => undefined);
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    connection.onError(() => undefined);
    const client = new PeerClient(child, connection);
    connection.listen();
    await withTimeout(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: null,
        capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      }),
      5000,
      'peer initialize',
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[], version: number): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  arrivals(uri: string): Arrival[] {
    const list = this.published.get(uri) ?? [];
    this.published.set(uri, list);
    return list;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 2000, 'peer shutdown');
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // Killed below.
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

async function measurePeer(): Promise<LatencyResults['peer']> {
  const packageDir = join(repoRoot, 'node_modules', 'dockerfile-language-server-nodejs');
  const serverJs = join(packageDir, 'lib', 'server.js');
  if (!existsSync(serverJs)) return { skipped: 'dockerfile-language-server-nodejs is not installed (npm install)' };
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = new TempDir();
  const peer = await PeerClient.start(serverJs);
  try {
    const text = generateDockerfile(2000);
    const uri = dir.uri('big/Dockerfile');
    await peer.open(uri, 'dockerfile', text);
    const deadline = performance.now() + 10_000;
    while (peer.arrivals(uri).length === 0 && performance.now() < deadline) await sleep(5);
    await sleep(200);
    const list = peer.arrivals(uri);
    list.length = 0;
    // Unversioned: settled when a publish arrived after the last edit was sent.
    let lastSent = Number.POSITIVE_INFINITY;
    const tracking: Target = {
      change: (u, changes, v) => {
        lastSent = performance.now();
        return peer.change(u, changes, v);
      },
    };
    const sent = await type(tracking, uri, typingPoint(text, 'apt-get install'), 2, () => {
      // Settled when as many publishes as edits arrived, or a quiet second after the last send.
      const quiet = performance.now() - Math.max(lastSent, list.at(-1)?.at ?? 0) > 1000;
      return list.length >= editCount || quiet ? Number.POSITIVE_INFINITY : -1;
    });
    const arrivals = [...list];
    return {
      name: 'dockerfile-language-server-nodejs',
      version,
      ...nextPublishStats(sent, arrivals),
      byOrder: byOrderStats(sent, arrivals),
    };
  } finally {
    await peer.stop();
    dir.remove();
  }
}

export async function runLatency(): Promise<LatencyResults> {
  const bulkhead = await measureBulkhead();
  let peer: LatencyResults['peer'];
  try {
    peer = await measurePeer();
  } catch (error) {
    peer = { skipped: `dockerfile-language-server-nodejs failed: ${String(error)}` };
  }
  return {
    edits: editCount,
    intervalMs,
    ...bulkhead,
    ratio: {
      dockerfileP50: bulkhead.dockerfile.p50 / bulkhead.tiny.p50,
      dockerfileP99: bulkhead.dockerfile.p99 / bulkhead.tiny.p99,
      manifestP50: bulkhead.manifest.p50 / bulkhead.tiny.p50,
      manifestP99: bulkhead.manifest.p99 / bulkhead.tiny.p99,
    },
    peer,
  };
}

/** Table rows: benchmark, edits, p50/p95/p99/max, coalesced/stale, first→last 50 median, ratio vs tiny. */
export function latencyRows(results: LatencyResults): string[][] {
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : String(value));
  const row = (name: string, stats: LatencyStats, ratio: string): string[] => [
    name,
    `${stats.published}/${stats.edits}`,
    `${ms(stats.p50)}/${ms(stats.p95)}/${ms(stats.p99)}/${ms(stats.max)}`,
    `${stats.coalesced}/${stats.stale}`,
    `${ms(stats.first50Median)}→${ms(stats.last50Median)}${stats.queueGrows ? ' GROWS' : ''}`,
    ratio,
  ];
  const rows = [
    [
      'latency (ms)',
      'published',
      'p50/p95/p99/max',
      'coalesced/stale',
      'median first→last 50',
      'ratio p50 (p99) vs tiny',
    ],
    row(
      `bulkhead Dockerfile ${results.dockerfile.lines} lines`,
      results.dockerfile,
      `${results.ratio.dockerfileP50.toFixed(2)} (${results.ratio.dockerfileP99.toFixed(2)})`,
    ),
    row(
      `bulkhead manifest ${results.manifest.lines} lines/${results.manifest.documents} docs`,
      results.manifest,
      `${results.ratio.manifestP50.toFixed(2)} (${results.ratio.manifestP99.toFixed(2)})`,
    ),
    row(`bulkhead Dockerfile ${results.tiny.lines} lines (baseline)`, results.tiny, '1.00'),
  ];
  const peer = results.peer;
  if ('skipped' in peer) rows.push([`peer: ${peer.skipped}`, '', '', '', '', '']);
  else {
    rows.push(row(`${peer.name}@${peer.version} (to next publish)`, peer, ''));
    if (peer.byOrder) rows.push(row(`${peer.name}@${peer.version} (k-th publish)`, peer.byOrder, ''));
    else rows.push([`${peer.name} (k-th publish): publish count ≠ edit count`, '', '', '', '', '']);
  }
  return rows;
}
