import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { configSchemaPath, renderConfigSchema } from '../../scripts/generate-docs';

const repoRoot = join(__dirname, '..', '..', '..');

/** The `.bulkhead.yaml` example of the README's Configuration section. */
function readmeExample(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration: `.bulkhead.yaml`'));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(example, 'the README has an example configuration');
  return example;
}

describe('schemas/bulkhead.schema.json', () => {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(renderConfigSchema()));

  it('is up to date with the rules and config.ts (npm run docs regenerates it)', () => {
    assert.equal(readFileSync(configSchemaPath, 'utf8'), renderConfigSchema(), 'schemas/bulkhead.schema.json is stale');
  });

  it("accepts the README's example configuration", () => {
    assert.equal(validate(parse(readmeExample())), true, JSON.stringify(validate.errors));
  });

  it('rejects unknown settings, unknown rule ids and bad values', () => {
    const bad = {
      profile: 'paranoid',
      rules: { 'BH-D001': 'loud', 'BH-X999': 'off' },
      podSecurity: { level: 'privileged', version: '1.30' },
      maxFileSize: 0,
      requireReasons: true,
    };
    assert.equal(validate(bad), false);
    const problems = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`).sort();
    assert.deepEqual(problems, [
      ' must NOT have additional properties',
      '/maxFileSize must be > 0',
      '/podSecurity/level must be equal to one of the allowed values',
      '/podSecurity/version must match pattern "^(latest|v1\\.\\d+)$"',
      '/profile must be equal to one of the allowed values',
      '/rules must NOT have additional properties',
      '/rules/BH-D001 must be equal to one of the allowed values',
    ]);
  });

  it('is contributed to the YAML extension for .bulkhead.yaml and .bulkhead.yml', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.yamlValidation, [
      { fileMatch: ['.bulkhead.yaml', '.bulkhead.yml'], url: './schemas/bulkhead.schema.json' },
    ]);
  });
});
