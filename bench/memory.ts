/**
 * Language-server memory (issue 10, item 3): RSS of the real server process (VmRSS from
 * /proc/<pid>/status) after start, after opening every file of ../shared/corpus, and across
 * 10,000 small edits of one document (a leak check: growth is reported, GC is not forced).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { corpusAvailable, corpusDir, filesUnder } from '../test/helpers/corpus';
import { LspTestClient, TempDir } from '../test/lsp/client';
import { tinyDockerfile } from './latency';

const editCount = Number(process.env.BENCH_MEMORY_EDITS ?? 10_000);

export interface MemoryResults {
  /** RSS in MB right after initialize. */
  startMb: number;
  corpus: { files: number; published: number; mb: number; openMs: number } | { skipped: string };
  edits: {
    count: number;
    document: string;
    ms: number;
    /** RSS in MB after every tenth of the edits (first entry: before the first edit). */
    samples: { edits: number; mb: number }[];
    growthMb: number;
    /** Growth from the sample after 10% of the edits (warmed up) to the end. */
    warmGrowthMb: number;
  };
}

/** VmRSS of a process in MB, from /proc (Linux only; NaN elsewhere). */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runMemory(): Promise<MemoryResults> {
  const client = await LspTestClient.start();
  const pid = client.child.pid;
  const dir = new TempDir();
  try {
    await sleep(200);
    const startMb = rssMb(pid);

    let corpus: MemoryResults['corpus'];
    if (!corpusAvailable) {
      corpus = { skipped: `${corpusDir} not found` };
      console.log(`memory: corpus skipped: ${corpusDir} not found`);
    } else {
      const started = performance.now();
      const uris: string[] = [];
      for (const [folder, languageId] of [
        ['dockerfiles', 'dockerfile'],
        ['kubernetes', 'yaml'],
        ['compose', 'yaml'],
      ] as const) {
        for (const path of filesUnder(join(corpusDir, folder))) {
          // Under a temp dir, so no .bulkhead.yaml or sibling files of the corpus change the work done.
          const uri = dir.uri(relative(corpusDir, path));
          uris.push(uri);
          await client.open(uri, languageId, readFileSync(path, 'utf8'));
        }
      }
      let published = 0;
      for (const uri of uris) {
        try {
          await client.waitForDiagnostics(uri, { version: 1, timeout: 30_000 });
          published++;
        } catch {
          // Counted as not published.
        }
      }
      const openMs = performance.now() - started;
      await sleep(500);
      corpus = { files: uris.length, published, mb: rssMb(pid), openMs };
    }

    // One small document (so 10,000 validated round trips stay quick), typed into and back: the text
    // stays the same size, so steady growth is a leak.
    const text = tinyDockerfile;
    const uri = dir.uri('edits/Dockerfile');
    await client.open(uri, 'dockerfile', text, 1);
    await client.waitForDiagnostics(uri, { version: 1, timeout: 10_000 });
    const line = text.split('\n').findIndex((l) => l.includes('apt-get install'));
    const character = text.split('\n')[line]?.length ?? 0;
    const samples: { edits: number; mb: number }[] = [{ edits: 0, mb: rssMb(pid) }];
    const started = performance.now();
    const step = Math.max(1, Math.floor(editCount / 10));
    for (let i = 1; i <= editCount; i++) {
      const at = { line, character };
      const range = i % 2 === 1 ? { start: at, end: at } : { start: at, end: { line, character: character + 1 } };
      const mark = client.mark();
      await client.change(uri, [{ range, text: i % 2 === 1 ? 'x' : '' }], i + 1);
      // Every version is validated: wait for its publish before the next edit.
      await client.waitForDiagnostics(uri, { version: i + 1, after: mark, timeout: 10_000 });
      if (i % step === 0) samples.push({ edits: i, mb: rssMb(pid) });
    }
    const ms = performance.now() - started;
    const first = samples[0]?.mb ?? Number.NaN;
    const warm = samples[1]?.mb ?? Number.NaN;
    const last = samples.at(-1)?.mb ?? Number.NaN;
    return {
      startMb,
      corpus,
      edits: {
        count: editCount,
        document: '10-line Dockerfile',
        ms,
        samples,
        growthMb: last - first,
        warmGrowthMb: last - warm,
      },
    };
  } finally {
    await client.stop();
    dir.remove();
  }
}

/** Table rows for the memory results. */
export function memoryRows(results: MemoryResults): string[][] {
  const mb = (value: number) => value.toFixed(1);
  const rows = [['memory (RSS MB)', 'files/edits', 'before', 'after', 'growth', 'notes']];
  const corpus = results.corpus;
  if ('skipped' in corpus) rows.push(['server after opening corpus', '', '', '', '', `skipped: ${corpus.skipped}`]);
  else
    rows.push([
      'server after opening corpus',
      `${corpus.published}/${corpus.files}`,
      mb(results.startMb),
      mb(corpus.mb),
      mb(corpus.mb - results.startMb),
      `target < 150 MB; all published in ${corpus.openMs.toFixed(0)} ms`,
    ]);
  const edits = results.edits;
  rows.push([
    `server over ${edits.count} edits`,
    String(edits.count),
    mb(edits.samples[0]?.mb ?? Number.NaN),
    mb(edits.samples.at(-1)?.mb ?? Number.NaN),
    mb(edits.growthMb),
    `after 10%: ${mb(edits.warmGrowthMb)}; samples ${edits.samples.map((s) => s.mb.toFixed(0)).join('/')}; ${(edits.ms / 1000).toFixed(1)} s`,
  ]);
  return rows;
}
