import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findKeys } from '../../src/catalog/index.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { callId, methodOf, pathOf } from './call.js';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({ scale: { orgs: 5, users: 60, keys: 130, seed: 3 } });
});
afterAll(() => api.close());

const admin = () => api.credentials.enterpriseAdminKey;

async function pages(id: string, query: (n: number) => string, key: string, next: (body: any) => boolean) {
  const all: any[] = [];
  for (let n = 0; n < 100; n++) {
    const r = await callId(api.url, id, key, { query: query(n) });
    expect(r.status).toBe(200);
    all.push(...r.body.items);
    if (!next(r.body)) return all;
  }
  throw new Error('pagination did not end');
}

describe('pagination shapes', () => {
  test('v2 api keys page by page/per_page with the skip/limit envelope', async () => {
    const r = await callId(api.url, 'v2.apiKeys.list', admin(), { query: 'page=2&per_page=50' });
    expect(Object.keys(r.body).sort()).toEqual(['has_more', 'items', 'limit', 'next_cursor', 'skip', 'total']);
    expect(r.body).toMatchObject({ total: 130, skip: 50, limit: 50, has_more: true });
    const all = await pages('v2.apiKeys.list', (n) => `page=${n + 1}&per_page=100`, admin(), (b) => b.has_more);
    expect(new Set(all.map((k) => k.id)).size).toBe(130);
    expect(all.filter((k) => k.is_service_key).every((k) => k.user_id === null && k.user_email === null)).toBe(true);
  });

  test('some v2 key items disclose api_key_value, a real-shaped key', async () => {
    const r = await callId(api.url, 'v2.apiKeys.list', admin(), { query: 'per_page=100' });
    const shown = r.body.items.filter((k: any) => 'api_key_value' in k);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(r.body.items.length);
    for (const k of shown) expect(findKeys(k.api_key_value).map((f) => f.value)).toEqual([k.api_key_value]);
  });

  test('v2 members page by skip/limit', async () => {
    const first = await callId(api.url, 'v2.members.list', admin(), { query: 'skip=0&limit=25' });
    expect(first.body).toMatchObject({ skip: 0, limit: 25, has_more: true });
    const all = await pages('v2.members.list', (n) => `skip=${n * 25}&limit=25`, admin(), (b) => b.has_more);
    expect(all.length).toBe(first.body.total);
    expect(all.length).toBe(api.state.liveUsers().length);
  });

  test('v3 lists page by first/after with end_cursor and has_next_page', async () => {
    const t = api.credentials.serviceUserToken;
    let after = '';
    const seen: string[] = [];
    for (;;) {
      const r = await callId(api.url, 'enterprise.members.list', t, { query: `first=7${after ? `&after=${after}` : ''}` });
      expect(Object.keys(r.body).sort()).toEqual(['end_cursor', 'has_next_page', 'items', 'total']);
      seen.push(...r.body.items.map((u: any) => u.user_id));
      if (!r.body.has_next_page) break;
      after = r.body.end_cursor;
    }
    expect(seen.length).toBe(api.state.liveUsers().length);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('out-of-range page sizes and bad cursors get 422 naming the query parameter', async () => {
    const t = api.credentials.serviceUserToken;
    const cases: [string, string, string, string][] = [
      ['enterprise.roles.list', t, 'first=0', 'first'],
      ['enterprise.roles.list', t, 'first=201', 'first'],
      ['enterprise.roles.list', t, 'first=abc', 'first'],
      ['enterprise.roles.list', t, 'after=not-a-cursor', 'after'],
      ['v2.apiKeys.list', admin(), 'per_page=101', 'per_page'],
      ['v2.apiKeys.list', admin(), 'page=0', 'page'],
      ['v2.members.list', admin(), 'limit=201', 'limit'],
    ];
    for (const [id, key, query, name] of cases) {
      const r = await callId(api.url, id, key, { query });
      expect(r.status, `${id}?${query}`).toBe(422);
      expect(r.body.detail[0].loc).toEqual(['query', name]);
    }
    expect((await callId(api.url, 'enterprise.roles.list', t, { query: 'first=200' })).status).toBe(200);
  });
});

describe('v2 reads', () => {
  test('roles are a bare array with account/org role types', async () => {
    const r = await callId(api.url, 'v2.roles', admin());
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body).toContainEqual({ role_id: 'account_admin', role_name: 'Admin', role_type: 'account' });
    expect(r.body).toContainEqual({ role_id: 'org_member', role_name: 'Member', role_type: 'org' });
  });

  test('organizations, their members and a member organizations agree', async () => {
    const orgs = await callId(api.url, 'v2.organizations.list', admin());
    const org = orgs.body.items[0];
    const one = await callId(api.url, 'v2.organizations.get', admin(), { params: { org_id: org.org_id } });
    expect(one.body).toEqual(org);
    const members = await callId(api.url, 'v2.organizations.members', admin(), { params: { org_id: org.org_id }, query: 'limit=200' });
    expect(members.body.total).toBe(org.org_user_count);
    const m = members.body.items[0];
    const theirs = await callId(api.url, 'v2.members.organizations', admin(), { params: { user_id: m.user_id } });
    expect(theirs.body.items).toContainEqual(m);
    expect((await callId(api.url, 'v2.members.get', admin(), { params: { user_id: m.user_id } })).body.email).toBe(m.email);
  });

  test('audit logs come as {audit_logs} newest first, bounded by before/after and limit', async () => {
    const r = await callId(api.url, 'v2.auditLogs', admin(), { query: 'limit=10' });
    expect(Object.keys(r.body)).toEqual(['audit_logs']);
    expect(r.body.audit_logs).toHaveLength(10);
    const times = r.body.audit_logs.map((a: any) => Date.parse(a.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const older = await callId(api.url, 'v2.auditLogs', admin(), { query: `limit=5&before=${encodeURIComponent(r.body.audit_logs[9].created_at)}` });
    expect(older.body.audit_logs.every((a: any) => Date.parse(a.created_at) < times[9])).toBe(true);
    expect((await callId(api.url, 'v2.auditLogs', admin(), { query: 'before=yesterday-ish' })).status).toBe(422);
  });

  test('revoking one key removes it from the list and is audited; again is 404', async () => {
    const list = await callId(api.url, 'v2.apiKeys.list', admin(), { query: 'per_page=5' });
    const victim = list.body.items.find((k: any) => k.id !== api.state.credentialIds.enterpriseAdminKeyId);
    const r = await callId(api.url, 'v2.apiKeys.revoke', admin(), { params: { api_key_id: victim.id } });
    expect(r.body).toEqual({ status: 'success' });
    expect(api.state.legacyKeys.get(victim.id)!.revokedAt).not.toBeNull();
    expect((await callId(api.url, 'v2.apiKeys.list', admin(), { query: 'per_page=1' })).body.total).toBe(list.body.total - 1);
    expect((await callId(api.url, 'v2.apiKeys.revoke', admin(), { params: { api_key_id: victim.id } })).status).toBe(404);
    const audit = await callId(api.url, 'v2.auditLogs', admin(), { query: 'limit=1' });
    expect(audit.body.audit_logs[0]).toMatchObject({ action: 'revoke_enterprise_api_key', data: { api_key_id: victim.id } });
  });

  test('revoke-all exists and is recorded, so tests can prove it was never called', async () => {
    const revokeAll = (c: { method: string; path: string }) => c.method === methodOf('v2.apiKeys.revokeAll') && c.path === pathOf('v2.apiKeys.revokeAll');
    expect(api.calls.some(revokeAll)).toBe(false);
    const other = await startFakeApi({ seed: 'demo' });
    try {
      const r = await callId(other.url, 'v2.apiKeys.revokeAll', other.credentials.enterpriseAdminKey);
      expect(r.body).toEqual({ status: 'success' });
      expect(other.calls.filter(revokeAll)).toMatchObject([{ version: 'v2', status: 200 }]);
      expect(other.state.liveLegacyKeys()).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
