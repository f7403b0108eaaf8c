import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TempDir } from '../lsp/client';

const repoRoot = join(__dirname, '..', '..', '..');
const script = join(repoRoot, 'test', 'neovim', 'lsp-check.lua');

function nvimVersion(): string | undefined {
  try {
    return execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

interface FileReport {
  path: string;
  filetype: string;
  diagnostics: Diagnostic[];
  hover?: Hover;
  actions?: CodeAction[];
  after_suppression?: { text: string; diagnostics: Diagnostic[] };
}

const version = nvimVersion();

describe('bulkhead-language-server in a real Neovim', () => {
  it('diagnostics, hover and code actions reach Neovim, and a suppression action applies', {
    skip: version ? false : 'nvim is not installed (apt-get install neovim)',
    timeout: 60_000,
  }, () => {
    const dir = new TempDir();
    try {
      const dockerfile = join(dir.path, 'Dockerfile');
      const manifest = join(dir.path, 'pod.yaml');
      dir.write('Dockerfile', 'FROM python:3.12-slim\nCOPY app /app\nCMD ["python", "/app/main.py"]\n');
      dir.write(
        'pod.yaml',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n  containers:\n    - name: web\n      image: nginx:1.27\n',
      );
      const out = join(dir.path, 'report.json');
      const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${script}`], {
        cwd: dir.path,
        encoding: 'utf8',
        timeout: 50_000,
        env: {
          ...process.env,
          BULKHEAD_NODE: process.execPath,
          BULKHEAD_SERVER: join(repoRoot, 'bin', 'bulkhead-language-server.js'),
          BULKHEAD_ROOT: dir.path,
          BULKHEAD_FILES: `${dockerfile};${manifest}`,
          BULKHEAD_OUT: out,
        },
      });
      assert.ok(existsSync(out), `nvim wrote no report (status ${run.status}): ${run.stderr}${run.stdout}`);
      const report = JSON.parse(readFileSync(out, 'utf8')) as { nvim: string; error?: string; files: FileReport[] };
      console.log(`[neovim] ${version}: ${JSON.stringify(report).slice(0, 400)}…`);
      assert.equal(report.error, undefined, report.error);
      const [docker, pod] = report.files;
      assert.ok(docker && pod, 'both files were checked');

      assert.equal(docker.filetype, 'dockerfile');
      const root = docker.diagnostics.find((diagnostic) => diagnostic.code === 'BH-D001');
      assert.ok(root, JSON.stringify(docker.diagnostics));
      assert.deepEqual(root.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 21 } });
      assert.equal(root.source, 'bulkhead');
      const hover = docker.hover?.contents as { kind: string; value: string } | undefined;
      assert.ok(hover?.value.includes('What an attacker gains'), JSON.stringify(docker.hover));
      const titles = (docker.actions ?? []).map((action) => action.title);
      assert.ok(titles.includes('Run as non-root: add "USER 10001:10001" to the final stage'), JSON.stringify(titles));
      assert.ok(titles.includes('Suppress BH-D001 for this line'), JSON.stringify(titles));
      assert.ok(titles.includes('Show documentation for BH-D001'), JSON.stringify(titles));
      assert.ok(docker.after_suppression, 'the suppression action was applied');
      assert.ok(docker.after_suppression.text.startsWith('# bulkhead-ignore BH-D001 -- \nFROM python'));
      assert.deepEqual(
        docker.after_suppression.diagnostics.filter((diagnostic) => diagnostic.code === 'BH-D001'),
        [],
      );

      assert.equal(pod.filetype, 'yaml');
      const host = pod.diagnostics.find((diagnostic) => diagnostic.range.start.line === 5);
      assert.ok(host, `the hostNetwork finding: ${JSON.stringify(pod.diagnostics)}`);
      assert.ok(pod.diagnostics.some((diagnostic) => diagnostic.code === 'BH-K001'));
      const podHover = pod.hover?.contents as { value: string } | undefined;
      assert.ok(podHover?.value.includes(String(pod.diagnostics[0]?.code)), JSON.stringify(pod.hover));
      assert.ok((pod.actions ?? []).some((action) => action.title.startsWith('Suppress ')));
    } finally {
      dir.remove();
    }
  });
});
