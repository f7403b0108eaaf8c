/**
 * `npm run bench`: Bulkhead's cost against the floor of merely parsing the same files, measured in
 * the same process and run, so machine noise cancels out of the ratios. Results: a table on stdout
 * and bench/results.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { analyze } from '../rules/engine/analyze';
import { defaultConfig } from '../rules/engine/config';
import { defaultRuleSet } from '../rules/index';
import { corpusAvailable, corpusDir, filesUnder } from '../test/helpers/corpus';
import { latencyRows, runLatency } from './latency';
import { memoryRows, runMemory } from './memory';

interface Input {
  path: string;
  text: string;
  languageId: string | undefined;
}

const repetitions = Number(process.env.BENCH_REPETITIONS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Median wall time of `work` over the inputs, after one warm-up pass. */
function time(inputs: Input[], work: (input: Input) => void): number {
  for (const input of inputs) work(input);
  const samples: number[] = [];
  for (let round = 0; round < repetitions; round++) {
    const started = performance.now();
    for (const input of inputs) work(input);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const parseOnly = (input: Input) => {
  if (input.languageId === 'dockerfile') DockerfileParser.parse(input.text);
  else parseAllDocuments(input.text);
};
const fullCheck = (input: Input) => {
  analyze(input, defaultConfig, defaultRuleSet);
};

function corpusInputs(folder: string, languageId: string | undefined): Input[] {
  return filesUnder(join(corpusDir, folder)).map((path) => ({ path, text: readFileSync(path, 'utf8'), languageId }));
}

function syntheticDockerfile(lines: number): string {
  const body = [
    'FROM debian:12 AS build',
    'RUN apt-get update && \\',
    '    apt-get install -y curl | tee /log',
    'COPY . /src',
    'ENV A=1 B=2',
  ];
  const out: string[] = [];
  while (out.length < lines) out.push(...body);
  return `${out.slice(0, lines).join('\n')}\nCMD ["sh"]\n`;
}

function syntheticManifest(documents: number): string {
  const document =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          securityContext:\n            runAsNonRoot: true\n';
  return Array.from({ length: documents }, () => document).join('---\n');
}

/** Least-squares slope of log(time) over log(size): 1 means linear. */
function fittedExponent(points: [number, number][]): number {
  const xs = points.map(([size]) => Math.log(size));
  const ys = points.map(([, ms]) => Math.log(Math.max(ms, 1e-3)));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  const covariance = xs.reduce((sum, x, i) => sum + (x - mx) * ((ys[i] ?? 0) - my), 0);
  const variance = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return covariance / variance;
}

/** BENCH_ONLY=throughput|latency|memory runs one part (throughput includes scaling); unset runs all. */
const only = process.env.BENCH_ONLY;
const parts = ['throughput', 'latency', 'memory'] as const;
if (only !== undefined && !(parts as readonly string[]).includes(only)) {
  throw new Error(`BENCH_ONLY must be one of ${parts.join(', ')}`);
}
const runs = (part: (typeof parts)[number]) => only === undefined || only === part;

const resultsPath = join(__dirname, '..', '..', 'bench', 'results.json');
// A partial run keeps the other parts' last results.
const previous: Record<string, unknown> =
  only !== undefined && existsSync(resultsPath)
    ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>)
    : {};
const results: Record<string, unknown> = {
  ...previous,
  date: new Date().toISOString(),
  node: process.version,
  repetitions,
};
const tables: string[][][] = [];

function throughputAndScaling(): void {
  const rows: string[][] = [['benchmark', 'files', 'floor ms', 'bulkhead ms', 'ratio', 'per file µs']];
  tables.push(rows);
  if (corpusAvailable) {
    const throughput: Record<string, unknown> = {};
    for (const [folder, languageId] of [
      ['dockerfiles', 'dockerfile'],
      ['kubernetes', undefined],
      ['compose', undefined],
    ] as const) {
      const inputs = corpusInputs(folder, languageId);
      const floor = time(inputs, parseOnly);
      const bulkhead = time(inputs, fullCheck);
      throughput[folder] = { files: inputs.length, floorMs: floor, bulkheadMs: bulkhead, ratio: bulkhead / floor };
      rows.push([
        `corpus/${folder}`,
        String(inputs.length),
        floor.toFixed(1),
        bulkhead.toFixed(1),
        (bulkhead / floor).toFixed(2),
        ((bulkhead / inputs.length) * 1000).toFixed(0),
      ]);
    }
    results.throughput = throughput;
  } else {
    console.log(`corpus benchmarks skipped: ${corpusDir} not found`);
  }

  const scaling: Record<string, unknown> = {};
  for (const [name, make, sizes, languageId] of [
    ['dockerfile lines', syntheticDockerfile, [1000, 4000, 16000, 64000], 'dockerfile'],
    ['manifest documents', syntheticManifest, [100, 400, 1600, 6400], undefined],
  ] as const) {
    const points: [number, number][] = sizes.map((size) => {
      const input = { path: languageId ? 'Dockerfile' : 'manifest.yaml', text: make(size), languageId };
      return [size, time([input], fullCheck)];
    });
    const exponent = fittedExponent(points);
    scaling[name] = { points, exponent };
    rows.push([
      `scaling: ${name}`,
      points.map(([size]) => size).join('/'),
      '',
      points.map(([, ms]) => ms.toFixed(1)).join('/'),
      `n^${exponent.toFixed(2)}`,
      '',
    ]);
  }
  results.scaling = scaling;
}

function print(rows: string[][]): void {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows)
    console.log(
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

async function main(): Promise<void> {
  if (runs('throughput')) throughputAndScaling();
  if (runs('latency')) {
    const latency = await runLatency();
    results.latency = latency;
    tables.push(latencyRows(latency));
  }
  if (runs('memory')) {
    const memory = await runMemory();
    results.memory = memory;
    tables.push(memoryRows(memory));
  }
  tables.forEach((rows, index) => {
    if (index > 0) console.log('');
    print(rows);
  });
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log('written: bench/results.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
