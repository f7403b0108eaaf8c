import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import yauzl from 'yauzl';
import { repoRoot } from '../helpers/cli';

function zipEntries(path: string): Promise<{ name: string; size: number }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: false }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries: { name: string; size: number }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => entries.push({ name: entry.fileName, size: entry.uncompressedSize }));
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
    });
  });
}

describe('npm run package', () => {
  it('produces a small .vsix with only the bundles and the marketplace files', async () => {
    execFileSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'pipe' });
    const entries = await zipEntries(join(repoRoot, 'bulkhead.vsix'));
    assert.deepEqual(entries.map((entry) => entry.name).sort(), [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/changelog.md',
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/images/icon.png',
      'extension/package.json',
      'extension/readme.md',
      'extension/schemas/bulkhead.schema.json',
    ]);
    const total = entries.reduce((sum, entry) => sum + entry.size, 0);
    console.log(`vsix: ${entries.length} files, ${(total / 1024).toFixed(0)} KiB uncompressed`);
    assert.ok(total < 2 * 1024 * 1024, 'under 2 MiB uncompressed');
  });
});
