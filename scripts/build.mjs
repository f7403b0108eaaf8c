// Bundles the extension client, the language server and the CLI into one file each.
// `--production` minifies for the .vsix; the default keeps source maps for tests and debugging.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const entryPoints = {
  client: 'client/extension.ts',
  server: 'server/main.ts',
  cli: 'server/cli/main.ts',
};

await esbuild.build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: false,
  define: { BULKHEAD_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
});
