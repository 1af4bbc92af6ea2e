import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PaginationError,
  collect,
  createApiClient,
  paginateV1,
  paginateV2Skip,
  paginateV3,
  v1Sessions,
  v2ApiKeys,
  v2AuditLogs,
  v2MemberOrganizations,
  v2Members,
  v2OrganizationMembers,
  v2Organizations,
  v3Members,
  v3Ref,
  legacyRef,
  v3ServiceUsers,
  type ApiClient,
} from '../../src/api/index.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { z } from 'zod';
import { fastClient, rejection, sendJson, tinyServer } from './support.js';

let fake: FakeApi;
let legacy: ApiClient;
let v3: ApiClient;

const pathCalls = (path: string, from: number) => fake.calls.slice(from).filter((c) => c.path === path);

beforeAll(async () => {
  fake = await startFakeApi({ scale: { orgs: 5, users: 60, keys: 130, seed: 7 } });
  legacy = fastClient(fake.url, fake.credentials.enterpriseAdminKey);
  v3 = legacy.withKey(fake.credentials.serviceUserToken);
  // A few more service users so v3 paging crosses pages.
  for (let i = 0; i < 6; i++) fake.state.createServiceUser({ name: `paging-${i}`, roleId: 'org_member', orgId: fake.credentials.orgId });
});
afterAll(async () => {
  await legacy.close();
  await fake.close();
});

describe('pagination follows every page of each style', () => {
  it('v2 page/per_page: every live legacy key, 10 per page', async () => {
    const from = fake.calls.length;
    const keys = await collect(v2ApiKeys(legacy, { perPage: 10 }));
    const expected = fake.state.liveLegacyKeys().map((k) => k.id).sort();
    expect(keys.map((k) => k.id).sort()).toEqual(expected);
    expect(new Set(keys.map((k) => k.id)).size).toBe(keys.length);
    expect(pathCalls('/v2/enterprise/api-keys', from)).toHaveLength(Math.ceil(expected.length / 10));
  });

  it('v2 skip/limit: every live member, 7 per page', async () => {
    const from = fake.calls.length;
    const members = await collect(v2Members(legacy, { limit: 7 }));
    const expected = fake.state.liveUsers().map((u) => u.userId).sort();
    expect(members.map((m) => m.user_id).sort()).toEqual(expected);
    expect(pathCalls('/v2/enterprise/members', from)).toHaveLength(Math.ceil(expected.length / 7));
  });

  it('v2 skip/limit on nested lists: organizations, their members, a member\'s organizations', async () => {
    const orgs = await collect(v2Organizations(legacy, { limit: 2 }));
    expect(orgs.map((o) => o.org_id).sort()).toEqual(fake.state.liveOrgs().map((o) => o.orgId).sort());
    const org = orgs[0]!;
    const members = await collect(v2OrganizationMembers(legacy, org.org_id, { limit: 4 }));
    expect(members.map((m) => m.user_id).sort()).toEqual(fake.state.orgMembers(org.org_id).map((m) => m.user.userId).sort());
    const user = fake.state.liveUsers().find((u) => u.orgRoles.length > 1)!;
    const mine = await collect(v2MemberOrganizations(legacy, user.userId, { limit: 1 }));
    expect(mine.map((m) => `${m.org_id}:${m.org_role}`).sort()).toEqual(user.orgRoles.map((r) => `${r.orgId}:${r.roleId}`).sort());
  });

  it('v2 audit logs: before/after cursors, newest first, nothing skipped or repeated', async () => {
    const from = fake.calls.length;
    const entries = await collect(v2AuditLogs(legacy, { limit: 9 }));
    const expected = fake.state.auditLogs.map((a) => a.auditLogId).sort();
    expect(entries.map((e) => e.audit_log_id).sort()).toEqual(expected);
    const times = entries.map((e) => Date.parse(e.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(pathCalls('/v2/enterprise/audit-logs', from).length).toBeGreaterThanOrEqual(Math.ceil(expected.length / 9));
  });

  it('v2 audit logs: an `after` bound keeps only newer entries', async () => {
    const sorted = [...fake.state.auditLogs].sort((a, b) => a.createdAt - b.createdAt);
    const cut = sorted[Math.floor(sorted.length / 2)]!.createdAt;
    const entries = await collect(v2AuditLogs(legacy, { limit: 5, after: new Date(cut).toISOString() }));
    expect(entries.map((e) => e.audit_log_id).sort()).toEqual(sorted.filter((a) => a.createdAt > cut).map((a) => a.auditLogId).sort());
  });

  it('v3 first/after: every live service user and member, across pages', async () => {
    const from = fake.calls.length;
    const sus = await collect(v3ServiceUsers(v3, { first: 2 }));
    const live = [...fake.state.serviceUsers.values()].filter((s) => fake.state.serviceUserIsLive(s));
    expect(sus.map((s) => s.service_user_id).sort()).toEqual(live.map((s) => s.serviceUserId).sort());
    expect(pathCalls('/v3/enterprise/members/service-users', from)).toHaveLength(Math.ceil(live.length / 2));
    const users = await collect(v3Members(v3, { first: 11 }));
    expect(users.map((u) => u.user_id).sort()).toEqual(fake.state.liveUsers().map((u) => u.userId).sort());
  });

  it('v1 limit/offset: every session of the key\'s org, stopping on a short page', async () => {
    const demo = await startFakeApi({ seed: 'demo' });
    const c = fastClient(demo.url, demo.credentials.serviceKey);
    try {
      const orgOfKey = demo.state.legacyKeys.get(demo.state.credentialIds.serviceKeyId)!.orgId;
      const expected = [...demo.state.sessions.values()].filter((s) => s.orgId === orgOfKey).map((s) => s.sessionId).sort();
      expect(expected.length).toBeGreaterThan(1);
      const sessions = await collect(v1Sessions(c, { limit: 1 }));
      expect(sessions.map((s) => s.session_id).sort()).toEqual(expected);
      // One page per session, then the empty (short) page that ends it.
      expect(demo.calls.filter((x) => x.path === '/v1/sessions')).toHaveLength(expected.length + 1);
    } finally {
      await c.close();
      await demo.close();
    }
  });
});

describe('pagination stops a server that never ends', () => {
  const Item = z.object({ id: z.string() });

  it('v3: the same end_cursor twice is a PaginationError', async () => {
    const srv = await tinyServer((_req, res) => sendJson(res, 200, { items: [{ id: 'a' }], end_cursor: 'same', has_next_page: true }));
    const c = fastClient(srv.url, 'cog_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4');
    try {
      const e = await rejection(collect(paginateV3(c, { endpoint: v3Ref('enterprise.roles.list'), item: Item })));
      expect(e).toBeInstanceOf(PaginationError);
      expect((e as Error).message).toContain('GET /v3/enterprise/roles returned the same cursor twice');
      expect(srv.requests).toHaveLength(2);
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('v3: fresh cursors forever hit the page limit', async () => {
    const srv = await tinyServer((_req, res, n) => sendJson(res, 200, { items: [{ id: String(n) }], end_cursor: `c${n}`, has_next_page: true }));
    const c = createApiClient({ baseUrl: srv.url, key: 'cog_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4', maxPages: 5 });
    try {
      const e = await rejection(collect(paginateV3(c, { endpoint: v3Ref('enterprise.roles.list'), item: Item })));
      expect(e).toBeInstanceOf(PaginationError);
      expect((e as Error).message).toContain('more than 5 pages');
      expect(srv.requests).toHaveLength(5);
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('v2: a server that ignores skip (same page, has_more forever) is a PaginationError', async () => {
    const srv = await tinyServer((_req, res) => sendJson(res, 200, { items: [{ id: 'a' }, { id: 'b' }], total: 99, skip: 0, limit: 2, has_more: true, next_cursor: 2 }));
    const c = fastClient(srv.url, 'apk_user_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4');
    try {
      const e = await rejection(collect(paginateV2Skip(c, { endpoint: legacyRef('v2.members.list'), item: Item, pageSize: 2 })));
      expect(e).toBeInstanceOf(PaginationError);
      expect((e as Error).message).toContain('same page twice');
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('v1: a server that ignores offset (full pages forever) is a PaginationError', async () => {
    const srv = await tinyServer((_req, res) => sendJson(res, 200, [{ id: 'x' }, { id: 'y' }]));
    const c = fastClient(srv.url, 'apk_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4');
    try {
      const e = await rejection(collect(paginateV1(c, { endpoint: legacyRef('v1.sessions.list'), envelope: 'sessions', item: Item, pageSize: 2 })));
      expect(e).toBeInstanceOf(PaginationError);
    } finally {
      await c.close();
      await srv.close();
    }
  });
});
