import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCatalogPage, renderRulePage } from '../rules/engine/catalog';
import { defaultRuleSet } from '../rules/index';

export const rulesDocsDir = join(__dirname, '..', '..', 'docs', 'rules');

/** Every generated documentation file, by name inside docs/rules/. */
export function renderRuleDocs(): Map<string, string> {
  const rules = [...defaultRuleSet.byId.values()];
  const pages = new Map<string, string>([['README.md', renderCatalogPage(rules)]]);
  for (const rule of rules) pages.set(`${rule.id}.md`, renderRulePage(rule));
  return pages;
}

if (require.main === module) {
  mkdirSync(rulesDocsDir, { recursive: true });
  const pages = renderRuleDocs();
  for (const stale of readdirSync(rulesDocsDir).filter((name) => !pages.has(name))) rmSync(join(rulesDocsDir, stale));
  for (const [name, text] of pages) writeFileSync(join(rulesDocsDir, name), text);
  console.log(`Wrote ${pages.size} files to docs/rules/`);
}
