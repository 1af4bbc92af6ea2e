import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../src/api/index.js';
import { InventoryDocument } from '../../src/documents/inventory.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { collectInventory, migratedKeyIds, renderSummary, summarizeInventory } from '../../src/inventory/index.js';
import { serviceUserNames } from '../../src/plan/naming.js';
import { allKeyValues, expectedInventory } from './expected.js';

let fake: FakeApi;
let legacy: ApiClient;
let v3: ApiClient;
const NOW = Date.parse('2026-03-01T00:00:00Z');

beforeAll(async () => {
  fake = await startFakeApi({ scale: { orgs: 12, users: 260, keys: 640, seed: 11 } });
  legacy = createApiClient({ baseUrl: fake.url, key: fake.credentials.enterpriseAdminKey, readOnly: true, retry: { baseDelayS: 0.01, maxDelayS: 0.05 } });
  v3 = legacy.withKey(fake.credentials.serviceUserToken);
});
afterAll(async () => {
  await legacy.close();
  await fake.close();
});

describe('the remote inventory', () => {
  it('of a generated enterprise matches the seed exactly, following every page', async () => {
    const from = fake.calls.length;
    const doc = await collectInventory({ legacy, v3, auditDays: 200, now: () => NOW });
    expect(InventoryDocument.safeParse(doc).success).toBe(true);
    const want = expectedInventory(fake.state, NOW - 200 * 86_400_000);
    expect(doc.keys).toHaveLength(want.keys.length);
    expect(doc.keys).toEqual(want.keys);
    expect(doc.organizations).toEqual(want.organizations);
    expect(doc.members).toEqual(want.members);
    expect(doc.roles).toEqual(want.roles);
    expect(doc.auditEvidence).toEqual(want.auditEvidence);
    expect(doc.serviceUsers).toEqual(want.serviceUsers);
    expect(doc.collectedBy.userId).toBe(fake.state.legacyKeys.get(fake.state.credentialIds.enterpriseAdminKeyId)!.userId);
    expect(doc.apiBase).toBe(fake.url);
    // Hundreds of keys, members and audit entries: several pages each.
    const calls = fake.calls.slice(from);
    expect(calls.filter((c) => c.path === '/v2/enterprise/api-keys').length).toBeGreaterThanOrEqual(Math.ceil(want.keys.length / 100));
    expect(calls.filter((c) => c.path === '/v2/enterprise/members').length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c.path === '/v2/enterprise/audit-logs').length).toBeGreaterThanOrEqual(2);
    // Only reads, and never the enterprise-wide revoke.
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
    // The seed exposes some key values: they arrive redacted, and no value is anywhere.
    expect(doc.keys.some((k) => k.redacted !== null)).toBe(true);
    const text = JSON.stringify(doc);
    expect(text).not.toContain('api_key_value');
    for (const v of allKeyValues(fake.state)) expect(text.includes(v)).toBe(false);
  });

  it('is deterministic: the same enterprise gives the same document apart from time', async () => {
    const a = await collectInventory({ legacy, v3, auditDays: 200, now: () => NOW });
    const b = await collectInventory({ legacy, v3, auditDays: 200, concurrency: 1, now: () => NOW });
    expect({ ...a, durationMs: 0 }).toEqual({ ...b, durationMs: 0 });
  });

  it('counts keys whose planned service user already exists as migrated', async () => {
    const before = await collectInventory({ legacy, v3, auditDays: 0, now: () => NOW });
    expect(summarizeInventory(before).alreadyMigrated).toBe(0);
    const names = serviceUserNames(before.keys);
    const done = before.keys.slice(0, 5);
    for (const k of done) fake.state.createServiceUser({ name: names.get(k.id)!, roleId: 'org_member', orgId: k.orgId });
    const after = await collectInventory({ legacy, v3, auditDays: 0, now: () => NOW });
    expect([...migratedKeyIds(after)].sort()).toEqual(done.map((k) => k.id).sort());
    const s = summarizeInventory(after);
    expect(s.alreadyMigrated).toBe(5);
    expect(s.keys).toBe(before.keys.length);
    expect(s.personal + s.service).toBe(s.keys);
    expect(after.auditEvidence).toEqual([]);
    const text = renderSummary(s);
    expect(text).toContain(`5 of ${s.keys} keys already have their service user`);
    expect(text).toMatch(/keys by organization:\n/);
  });
});
