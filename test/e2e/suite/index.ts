// The mocha entry point that runs inside VS Code's extension host: test/e2e/launcher.mjs and
// @vscode/test-electron both load it as extensionTestsPath and call run().
// The suite's files end in .e2e.ts (never .test.ts), so the unit tests' `node --test` skips them.
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function run(): Promise<void> {
  // mocha 12 is an ES module: import() loads it in any extension host (code-server's Node 24, or
  // Electron's Node with or without require(esm)).
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  // E2E_GREP="hover" npm run test:e2e runs only the matching tests.
  const grep = process.env.E2E_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.e2e.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} end-to-end test${failures === 1 ? '' : 's'} failed`);
}
