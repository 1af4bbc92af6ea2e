// Every scanner rule against its own examples, with the same matching the scanner uses.
import { describe, expect, it } from 'vitest';
import { findKeys } from '../../src/catalog/index.js';
import { KEY_RULE_IDS, ruleMatches, SCAN_RULES, scanRule } from '../../src/scan/rules.js';

describe('scan rules', () => {
  it('have unique ids, a description, help and examples on both sides', () => {
    expect(new Set(SCAN_RULES.map((r) => r.id)).size).toBe(SCAN_RULES.length);
    for (const r of SCAN_RULES) {
      expect(r.description.length, r.id).toBeGreaterThan(10);
      expect(r.help.length, r.id).toBeGreaterThan(10);
      expect(r.mustMatch.length, r.id).toBeGreaterThan(0);
      expect(r.mustNotMatch.length, r.id).toBeGreaterThan(0);
    }
  });

  for (const rule of SCAN_RULES) {
    it(`${rule.id} matches each mustMatch example and none of the mustNotMatch ones`, () => {
      for (const ex of rule.mustMatch) expect(ruleMatches(rule, ex).length, `${rule.id} should match: ${ex}`).toBeGreaterThan(0);
      for (const ex of rule.mustNotMatch) expect(ruleMatches(rule, ex), `${rule.id} should not match: ${ex}`).toEqual([]);
    });
  }

  it('find exactly the keys the catalogue finds (one definition of a key)', () => {
    const keyRules = Object.values(KEY_RULE_IDS).map(scanRule);
    const texts = SCAN_RULES.flatMap((r) => [...r.mustMatch, ...r.mustNotMatch]);
    for (const text of texts) {
      const byRules = keyRules.flatMap((r) => ruleMatches(r, text).map((m) => `${m.index}:${m[0]}`)).sort();
      const byCatalogue = findKeys(text).map((k) => `${k.index}:${k.value}`).sort();
      expect(byRules, text).toEqual(byCatalogue);
    }
  });

  it('classify endpoints through the catalogue: the endpoint rules share one generic path pattern', () => {
    const sources = new Set(['devin/legacy-endpoint', 'devin/forbidden-revoke-all', 'devin/unknown-legacy-endpoint'].map((id) => scanRule(id).pattern.source));
    expect(sources.size).toBe(1);
  });
});
