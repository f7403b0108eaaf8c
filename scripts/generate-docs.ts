import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCatalogPage, renderRulePage } from '../rules/engine/catalog';
import { configSchema } from '../rules/engine/config-schema';
import { defaultRuleSet } from '../rules/index';

export const rulesDocsDir = join(__dirname, '..', '..', 'docs', 'rules');

/** Every generated documentation file, by name inside docs/rules/. */
export function renderRuleDocs(): Map<string, string> {
  const rules = [...defaultRuleSet.byId.values()];
  const pages = new Map<string, string>([['README.md', renderCatalogPage(rules)]]);
  for (const rule of rules) pages.set(`${rule.id}.md`, renderRulePage(rule));
  return pages;
}

export const configSchemaPath = join(__dirname, '..', '..', 'schemas', 'bulkhead.schema.json');

/** schemas/bulkhead.schema.json, which package.json contributes to the YAML extension. */
export function renderConfigSchema(): string {
  return `${JSON.stringify(configSchema([...defaultRuleSet.byId.values()]), null, 2)}\n`;
}

if (require.main === module) {
  mkdirSync(rulesDocsDir, { recursive: true });
  const pages = renderRuleDocs();
  for (const stale of readdirSync(rulesDocsDir).filter((name) => !pages.has(name))) rmSync(join(rulesDocsDir, stale));
  for (const [name, text] of pages) writeFileSync(join(rulesDocsDir, name), text);
  console.log(`Wrote ${pages.size} files to docs/rules/`);
  mkdirSync(join(configSchemaPath, '..'), { recursive: true });
  writeFileSync(configSchemaPath, renderConfigSchema());
  console.log('Wrote schemas/bulkhead.schema.json');
}
