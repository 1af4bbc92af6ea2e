import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LEGACY_ENDPOINTS, V3_ENDPOINTS, fillTemplate } from '../../src/catalog/index.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { call, callId } from './call.js';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({ seed: 'demo' });
});
afterAll(() => api.close());

const user = (email: string) => [...api.state.users.values()].find((u) => u.email.startsWith(email))!;
const orgNamed = (name: string) => [...api.state.orgs.values()].find((o) => o.name === name)!;

describe('which key opens which version', () => {
  test('v1 takes personal and service keys; v2 only an Enterprise Admin personal key; v3 only service-user tokens', async () => {
    const c = api.credentials;
    const lena = user('lena.');
    const memberKey = api.state.personalKeyFor(lena.userId, lena.orgRoles[0]!.orgId);
    const matrix: [string, string, number][] = [
      ['v1.sessions.list', c.enterpriseAdminKey, 200],
      ['v1.sessions.list', c.serviceKey, 200],
      ['v1.sessions.list', memberKey, 200],
      ['v1.sessions.list', c.serviceUserToken, 403],
      ['v2.self', c.enterpriseAdminKey, 200],
      ['v2.self', memberKey, 403],
      ['v2.self', c.serviceKey, 403],
      ['v2.self', c.serviceUserToken, 403],
      ['self', c.serviceUserToken, 200],
      ['self', c.enterpriseAdminKey, 403],
      ['self', c.serviceKey, 403],
    ];
    const got = [];
    for (const [id, key] of matrix) got.push((await callId(api.url, id, key)).status);
    expect(got).toEqual(matrix.map((m) => m[2]));
  });

  test('a missing, unknown or revoked key gets 401 on every version', async () => {
    const unknownUser = `apk_user_${'Zz9'.repeat(11)}`;
    const unknownToken = `cog_${'Qq7'.repeat(11)}`;
    for (const id of ['v1.sessions.list', 'v2.apiKeys.list', 'self']) {
      expect((await callId(api.url, id, undefined)).status).toBe(401);
      expect((await callId(api.url, id, unknownUser)).status).toBe(401);
      expect((await callId(api.url, id, unknownToken)).status).toBe(401);
    }
    const marcus = user('marcus.');
    const value = api.state.personalKeyFor(marcus.userId, marcus.orgRoles[0]!.orgId);
    expect((await callId(api.url, 'v2.self', value)).status).toBe(200);
    const id = [...api.state.legacyKeys.values()].find((k) => k.value === value)!.id;
    api.state.revokeKey(id);
    expect((await callId(api.url, 'v2.self', value)).status).toBe(401);
    expect((await callId(api.url, 'v1.sessions.list', value)).status).toBe(401);
  });

  test('v3 401 and 403 answers are problem+json', async () => {
    const r = await callId(api.url, 'self', api.credentials.serviceKey);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.body).toMatchObject({ type: 'about:blank', title: 'Forbidden', status: 403 });
    const r401 = await callId(api.url, 'self', undefined);
    expect(r401.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  test('a service user that was deleted or has expired can no longer call v3', async () => {
    const made = api.state.createServiceUser({ name: 'short-lived', roleId: 'account_member', ttlSeconds: 3600 });
    expect((await callId(api.url, 'self', made.token)).status).toBe(200);
    made.serviceUser.expiresAt = api.state.now() - 1;
    expect((await callId(api.url, 'self', made.token)).status).toBe(401);
    const other = api.state.createServiceUser({ name: 'to-delete', roleId: 'account_member' });
    await callId(api.url, 'enterprise.serviceUsers.delete', api.credentials.serviceUserToken, { params: { service_user_id: other.serviceUserId } });
    expect((await callId(api.url, 'self', other.token)).status).toBe(401);
  });

  test('the key of a member who left still opens v1, the key of a deleted organization does not', async () => {
    const sam = user('sam.');
    expect(sam.removedAt).not.toBeNull();
    const samKey = [...api.state.legacyKeys.values()].find((k) => k.userId === sam.userId)!;
    expect((await callId(api.url, 'v1.sessions.list', samKey.value)).status).toBe(200);
    const deleted = orgNamed('Data Science');
    const orphan = [...api.state.legacyKeys.values()].find((k) => k.orgId === deleted.orgId)!;
    expect((await callId(api.url, 'v1.sessions.list', orphan.value)).status).toBe(401);
  });
});

describe('v3 permissions come from the service user role', () => {
  test('a role without the permission gets 403 naming it', async () => {
    const runner = [...api.state.roles.values()].find((r) => r.roleName === 'Session Runner')!;
    const limited = api.state.createServiceUser({ name: 'runner', roleId: runner.roleId, orgId: api.credentials.orgId });
    const r = await callId(api.url, 'org.members.list', limited.token, { params: { org_id: api.credentials.orgId } });
    expect(r.status).toBe(403);
    expect(r.body.detail).toBe('Missing required permission ViewOrgMembership');
    const ok = await callId(api.url, 'org.sessions.list', limited.token, { params: { org_id: api.credentials.orgId } });
    expect(ok.status).toBe(200);
  });

  test('an organization service user reaches only its own organization and no enterprise endpoint', async () => {
    const own = api.credentials.orgId;
    const other = orgNamed('Mobile').orgId;
    const su = api.state.createServiceUser({ name: 'org-admin-su', roleId: 'org_admin', orgId: own });
    expect((await callId(api.url, 'org.sessions.list', su.token, { params: { org_id: own } })).status).toBe(200);
    const cross = await callId(api.url, 'org.sessions.list', su.token, { params: { org_id: other } });
    expect(cross.status).toBe(403);
    expect(cross.body.detail).toBe(`Missing required permission ViewOrgSessions on organization ${other}`);
    const ent = await callId(api.url, 'enterprise.playbooks.list', su.token);
    expect(ent.status).toBe(403);
    expect(ent.body.detail).toContain('ManageAccountPlaybooks');
  });

  test('an enterprise role applies in every organization', async () => {
    for (const o of api.state.liveOrgs()) {
      expect((await callId(api.url, 'org.sessions.list', api.credentials.serviceUserToken, { params: { org_id: o.orgId } })).status).toBe(200);
    }
  });

  test('an enterprise auditor role may read audit logs but not manage service users', async () => {
    const auditor = [...api.state.roles.values()].find((r) => r.roleName === 'Auditor')!;
    const su = api.state.createServiceUser({ name: 'auditor', roleId: auditor.roleId });
    expect((await callId(api.url, 'enterprise.auditLogs.list', su.token)).status).toBe(200);
    const r = await callId(api.url, 'enterprise.serviceUsers.provision', su.token, { body: { name: 'x', role_id: 'account_member' } });
    expect(r.status).toBe(403);
    expect(r.body.detail).toBe('Missing required permission ManageAccountServiceUsers');
  });
});

describe('routing comes from the catalogue', () => {
  test('every catalogue path spelling is routed: none answers the unrouted 404', async () => {
    const admin = api.credentials.enterpriseAdminKey;
    const token = api.credentials.serviceUserToken;
    const fill = (t: string) => fillTemplate(t, new Proxy({}, { get: (_o, k) => (k === 'org_id' ? api.credentials.orgId : 'x') }) as Record<string, string>);
    const unrouted: string[] = [];
    for (const e of LEGACY_ENDPOINTS) {
      if (e.forbidden) continue; // never call revoke-all, even here
      for (const p of e.paths) {
        const r = await call(api.url, e.method, fill(p), admin, e.method === 'GET' || e.method === 'DELETE' ? undefined : {});
        if (r.status === 404 && r.body?.detail === 'Not Found') unrouted.push(`${e.method} ${p}`);
      }
    }
    for (const e of V3_ENDPOINTS) {
      if (e.method === 'DELETE') continue; // keep the demo enterprise intact
      const r = await call(api.url, e.method, fill(e.path), token, e.method === 'GET' ? undefined : {});
      if (r.status === 404 && r.body?.detail === 'Not Found') unrouted.push(`${e.method} ${e.path}`);
    }
    expect(unrouted).toEqual([]);
  });

  test('both v1 session spellings reach the same session', async () => {
    const created = await callId(api.url, 'v1.sessions.create', api.credentials.serviceKey, { body: { prompt: 'spellings' } });
    const id = created.body.session_id as string;
    const plural = await callId(api.url, 'v1.sessions.get', api.credentials.serviceKey, { params: { session_id: id }, spelling: 0 });
    const singular = await callId(api.url, 'v1.sessions.get', api.credentials.serviceKey, { params: { session_id: id }, spelling: 1 });
    expect(plural.status).toBe(200);
    expect(singular.body).toEqual(plural.body);
  });

  test('every request is recorded with its version and status', async () => {
    const before = api.calls.length;
    await callId(api.url, 'self', api.credentials.serviceUserToken);
    await callId(api.url, 'v2.self', api.credentials.serviceKey);
    expect(api.calls.slice(before).map((c) => [c.method, c.version, c.status])).toEqual([
      ['GET', 'v3', 200],
      ['GET', 'v2', 403],
    ]);
  });
});
