import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalogEntry } from '../../rules/engine/catalog';
import { type Peer, peers } from '../../rules/engine/rule';
import { allRules, defaultRuleSet } from '../../rules/index';
import { renderRuleDocs, rulesDocsDir } from '../../scripts/generate-docs';

/** The shape of each peer's own ids, from their docs and fixtures; a guessed id rarely fits. */
const aliasFormats: Record<Peer, RegExp> = {
  hadolint: /^DL\d{4}$/,
  trivy: /^(DS|KSV|KCV)-\d{4}$/,
  checkov: /^CKV2?_(DOCKER|K8S)_\d+$/,
  kubeLinter: /^[a-z0-9]+(-[a-z0-9]+)*$/,
  kubescape: /^C-\d{4}$/,
  pss: /^[a-z][A-Za-z]*(_[a-z]+)?$/,
  buildkit: /^[A-Z][A-Za-z]+$/,
};

const sourceRoot = join(__dirname, '..', '..', '..');

describe('rule catalog', () => {
  it('has unique, stable-looking ids', () => {
    for (const rule of allRules) assert.match(rule.id, /^BH-[DKC]\d{3}$/, rule.id);
  });

  it("uses each peer's real id format in aliases", () => {
    for (const rule of allRules) {
      for (const peer of peers) {
        for (const id of rule.aliases[peer] ?? [])
          assert.match(id, aliasFormats[peer], `${rule.id} alias ${peer}:${id}`);
      }
    }
  });

  it('registers every rule file', () => {
    const ruleFiles = ['dockerfile', 'kubernetes', 'compose'].flatMap((dir) => {
      try {
        return readdirSync(join(sourceRoot, 'rules', dir)).filter((name) => name.endsWith('.ts'));
      } catch {
        return [];
      }
    });
    assert.equal(
      allRules.length,
      ruleFiles.length,
      `rules/index.ts lists ${allRules.length} rules, rules/*/ has ${ruleFiles.length} files`,
    );
  });

  it('gives every entry the full alias shape and a help URI', () => {
    for (const rule of defaultRuleSet.byId.values()) {
      const entry = catalogEntry(rule);
      assert.deepEqual(Object.keys(entry.aliases).sort(), [...peers].sort());
      assert.match(entry.helpUri, new RegExp(`/${rule.id}\\.md$`));
    }
  });

  it('has every rule documented: why, attacker gain, fix', () => {
    for (const rule of defaultRuleSet.byId.values()) {
      for (const part of ['why', 'attacker', 'fix'] as const)
        assert.ok(rule.docs[part].length > 40, `${rule.id} docs.${part}`);
    }
  });

  it('docs/rules matches the metadata (run `npm run docs` after changing a rule)', () => {
    const expected = renderRuleDocs();
    assert.deepEqual(readdirSync(rulesDocsDir).sort(), [...expected.keys()].sort());
    for (const [name, text] of expected)
      assert.equal(readFileSync(join(rulesDocsDir, name), 'utf8'), text, `docs/rules/${name} is stale`);
  });
});
