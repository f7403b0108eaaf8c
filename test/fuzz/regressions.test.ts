import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixturesDir } from '../helpers/fixtures';
import { assertDocumentProperties, assertPositionsIgnoreNonAscii } from './properties';

/**
 * Inputs the fuzzer once broke, shrunk by fast-check and kept as files. The file name decides the
 * kind the way it does for users (`*.dockerfile`, `compose-*.yaml`, other `*.yaml`).
 */
const fixtures = join(fixturesDir, 'fuzz');

describe('fuzz regressions', () => {
  for (const name of readdirSync(fixtures).sort()) {
    it(name, () => {
      const document = { path: `/fuzz/${name}`, text: readFileSync(join(fixtures, name), 'utf8') };
      assertDocumentProperties(document);
      assertPositionsIgnoreNonAscii(document);
    });
  }
});
