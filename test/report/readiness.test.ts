import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/index.js';
import { caseInputs, reportCases } from './cases.js';

const byName = (name: string) => reportCases().find((c) => c.name === name)!;

describe('cut-over readiness', () => {
  it('marks safe exactly the keys that `revoke` then revoked (demo run, then the same run after revoke)', () => {
    const before = buildReport(caseInputs(byName('demo')));
    const after = buildReport(caseInputs(byName('full')));
    if (!before.readiness.available || !after.readiness.available) throw new Error('readiness missing');
    const safe = before.readiness.rows.filter((r) => r.safeToRevoke).map((r) => r.legacyKeyId).sort();
    const revoked = after.readiness.rows.filter((r) => r.revoked).map((r) => r.legacyKeyId).sort();
    expect(safe.length).toBeGreaterThan(0);
    expect(safe).toEqual(revoked);
    // Once revoked, nothing is left marked safe, and the work list is what remains.
    expect(after.readiness.safe).toBe(0);
    expect(after.readiness.rows.at(-1)!.revoked).toBe(true);
  });

  it('puts the keys safe to revoke first, and a replacement is safe only when created, verified and used', () => {
    const m = buildReport(caseInputs(byName('demo')));
    if (!m.readiness.available) throw new Error('readiness missing');
    const rows = m.readiness.rows;
    const firstUnsafe = rows.findIndex((r) => !r.safeToRevoke);
    expect(rows.slice(firstUnsafe).some((r) => r.safeToRevoke)).toBe(false);
    for (const r of rows.filter((x) => x.safeToRevoke && x.serviceUser)) {
      expect([r.created, r.verified, r.usedSince]).toEqual(['done', 'done', 'done']);
    }
    for (const r of rows.filter((x) => x.serviceUser && x.usedSince !== 'done')) expect(r.safeToRevoke).toBe(false);
  });

  it('needs a plan: without one it says which documents to pass', () => {
    const m = buildReport(caseInputs(byName('inventory-only')));
    expect(m.readiness.available).toBe(false);
    if (!m.readiness.available) expect(m.readiness.missing).toContain('--plan');
  });
});
