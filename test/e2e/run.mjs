#!/usr/bin/env node
// `npm run test:e2e`: runs the compiled end-to-end suite (out/test/e2e/suite) in a real VS Code.
//
//   default                   code-server's VS Code server + headless Chromium (test/e2e/launcher.mjs),
//                             offline; the tools come from `bash test/e2e/setup.sh` ($E2E_TOOLS)
//   VSCODE_TEST_HOST=electron desktop VS Code downloaded by @vscode/test-electron (needs internet;
//                             VSCODE_TEST_VERSION picks the version, default stable)
//
// Options (both hosts): --extension <dir | file.vsix> (default: the repository; a .vsix is
// unpacked to a temporary folder first, to test the packaged extension), --tests <index.js>,
// --workspace <dir>. Launcher-only options pass through: --verbose, --timeout-s N, --tools <dir>,
// --screenshot <file.png> (or E2E_SCREENSHOT), --logs <dir>.
// Exit code: 0 passed, 1 failed, 2 could not run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const launcher = fileURLToPath(new URL('launcher.mjs', import.meta.url));

const { values: options } = parseArgs({
  options: {
    extension: { type: 'string', default: repoRoot },
    tests: { type: 'string', default: path.join(repoRoot, 'out/test/e2e/suite/index.js') },
    workspace: { type: 'string', default: path.join(repoRoot, 'test/e2e/workspace') },
    verbose: { type: 'boolean' },
    'timeout-s': { type: 'string' },
    tools: { type: 'string' },
    screenshot: { type: 'string' },
    logs: { type: 'string' },
  },
});
const tests = path.resolve(options.tests);
const workspace = path.resolve(options.workspace);

/** Unpacks the `extension/` folder of a .vsix (a zip) into a temporary folder. */
async function unpackVsix(vsix) {
  const { default: yauzl } = await import('yauzl');
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-vsix-'));
  const zip = await new Promise((resolve, reject) =>
    yauzl.open(vsix, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  await new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry) => {
      const relative = entry.fileName.startsWith('extension/') ? entry.fileName.slice('extension/'.length) : '';
      const file = path.join(target, relative);
      if (!relative || entry.fileName.endsWith('/') || !file.startsWith(target + path.sep)) return zip.readEntry();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        stream
          .pipe(fs.createWriteStream(file))
          .on('finish', () => zip.readEntry())
          .on('error', reject);
      });
    });
    zip.readEntry();
  });
  console.log(`[e2e] unpacked ${vsix} into ${target}`);
  return target;
}

let extension = path.resolve(options.extension);
let unpacked;
if (extension.endsWith('.vsix')) extension = unpacked = await unpackVsix(extension);

try {
  if (process.env.VSCODE_TEST_HOST === 'electron') {
    const { runTests, TestRunFailedError } = await import('@vscode/test-electron');
    const tools = path.resolve(options.tools ?? process.env.E2E_TOOLS ?? path.join(repoRoot, '.e2e-tools'));
    process.exitCode = await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      cachePath: path.join(tools, 'vscode-electron'), // not .vscode-test in the repository
      extensionDevelopmentPath: extension,
      extensionTestsPath: tests,
      launchArgs: [workspace, '--disable-extensions'], // other installed extensions stay out of the way
    }).catch((error) => {
      console.error(error);
      return error instanceof TestRunFailedError ? 1 : 2; // the launcher's exit codes
    });
  } else {
    const passThrough = [];
    if (options.verbose) passThrough.push('--verbose');
    for (const name of ['timeout-s', 'tools', 'screenshot', 'logs']) {
      if (options[name] !== undefined) passThrough.push(`--${name}`, options[name]);
    }
    const child = spawn(
      process.execPath,
      [launcher, '--extension', extension, '--tests', tests, '--workspace', workspace, ...passThrough],
      { stdio: 'inherit' },
    );
    // Ctrl-C reaches the launcher too; it cleans up and exits 2. Wait for it instead of dying first.
    const forward = (signal) => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
    process.exitCode = await new Promise((resolve) => {
      child.on('error', () => resolve(2));
      child.on('exit', (code) => resolve(code ?? 2));
    });
  }
} finally {
  if (unpacked) fs.rmSync(unpacked, { recursive: true, force: true });
}
