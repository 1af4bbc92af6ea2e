import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KEY_PATTERN } from '../../src/catalog/index.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { callId } from './call.js';

let api: FakeApi;
let token: string;
let clock = Date.parse('2026-03-02T12:00:00Z');
beforeAll(async () => {
  api = await startFakeApi({ seed: 'demo', now: () => clock });
  token = api.credentials.serviceUserToken;
});
afterAll(() => api.close());

const isKey = (v: string) => new RegExp(KEY_PATTERN.source).test(v);

describe('provisioning service users', () => {
  test('returns the token once; later reads never show it', async () => {
    const r = await callId(api.url, 'enterprise.serviceUsers.provision', token, { body: { name: 'migrated-tomasz-kowalski-payments', role_id: 'account_member', ttl_seconds: 86400 } });
    expect(r.status).toBe(200);
    expect(r.body.token.startsWith('cog_')).toBe(true);
    expect(isKey(r.body.token)).toBe(true);
    expect(r.body.service_user).toMatchObject({ name: 'migrated-tomasz-kowalski-payments', expires_at: Math.floor(clock / 1000) + 86400 });
    const id = r.body.service_user.service_user_id as string;
    const got = await callId(api.url, 'enterprise.serviceUsers.get', token, { params: { service_user_id: id } });
    const list = await callId(api.url, 'enterprise.serviceUsers.list', token, { query: 'first=200' });
    const keys = await callId(api.url, 'enterprise.serviceUserKeys.list', token, { params: { service_user_id: id } });
    for (const read of [got, list, keys]) {
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(r.body.token);
      expect(JSON.stringify(read.body)).not.toMatch(/cog_/);
    }
    expect(got.body).not.toHaveProperty('token');
  });

  test('an organization service user gets an org-level role in the organization of the path', async () => {
    const org = api.credentials.orgId;
    const r = await callId(api.url, 'org.serviceUsers.provision', token, { params: { org_id: org }, body: { name: 'migrated-lena-fischer-payments', role_id: 'org_member' } });
    expect(r.status).toBe(200);
    expect(r.body.service_user.role_assignments).toEqual([{ role: { role_id: 'org_member', role_name: 'Member', role_type: 'org' }, org_id: org }]);
    const self = await callId(api.url, 'self', r.body.token);
    expect(self.body).toMatchObject({ principal_type: 'service_user', org_id: org, service_user_name: 'migrated-lena-fischer-payments' });
  });

  test('bad bodies get 422 naming the field and the reason', async () => {
    const cases: [unknown, (string | number)[], string][] = [
      [{ role_id: 'account_member' }, ['body', 'name'], 'missing'],
      [{ name: '', role_id: 'account_member' }, ['body', 'name'], 'too_small'],
      [{ name: 'x', role_id: 'no-such-role' }, ['body', 'role_id'], 'value_error'],
      [{ name: 'x', role_id: 'org_admin' }, ['body', 'role_id'], 'value_error'],
      [{ name: 'x', role_id: 'account_member', ttl_seconds: 31_536_001 }, ['body', 'ttl_seconds'], 'too_big'],
    ];
    for (const [body, loc, type] of cases) {
      const r = await callId(api.url, 'enterprise.serviceUsers.provision', token, { body });
      expect(r.status).toBe(422);
      expect(r.body.detail[0]).toMatchObject({ loc, type });
    }
    const unknownRole = await callId(api.url, 'enterprise.serviceUsers.provision', token, { body: { name: 'x', role_id: 'no-such-role' } });
    expect(unknownRole.body.detail[0].msg).toBe('Role no-such-role not found');
  });

  test('refuses to grant a role wider than the caller holds', async () => {
    const admin = api.state.createServiceUser({ name: 'org-admin', roleId: 'org_admin', orgId: api.credentials.orgId });
    const runner = [...api.state.roles.values()].find((r) => r.roleName === 'Session Runner')!;
    const member = api.state.createServiceUser({ name: 'limited-provisioner', roleId: runner.roleId, orgId: api.credentials.orgId });
    // A member-level role with ManageOrgServiceUsers added, so the only check left is the subset rule.
    api.state.roles.set('role-provisioner', { roleId: 'role-provisioner', roleName: 'Provisioner', roleType: 'org', builtin: false, permissions: [...runner.permissions, 'ManageOrgServiceUsers'] });
    member.serviceUser.roleId = 'role-provisioner';
    const ok = await callId(api.url, 'org.serviceUsers.provision', admin.token, { params: { org_id: api.credentials.orgId }, body: { name: 'y', role_id: 'org_member' } });
    expect(ok.status).toBe(200);
    const r = await callId(api.url, 'org.serviceUsers.provision', member.token, { params: { org_id: api.credentials.orgId }, body: { name: 'z', role_id: 'org_admin' } });
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatch(/^Role org_admin grants permissions the caller does not hold: .*ImpersonateOrgSessions/);
  });
});

describe('service-user API keys', () => {
  test('records last_used_at whenever a token is used', async () => {
    const made = api.state.createServiceUser({ name: 'verify-me', roleId: 'account_member' });
    const list = () => callId(api.url, 'enterprise.serviceUserKeys.list', token, { params: { service_user_id: made.serviceUserId } });
    expect((await list()).body.items[0].last_used_at).toBeNull();
    clock += 60_000;
    await callId(api.url, 'self', made.token);
    expect((await list()).body.items[0].last_used_at).toBe(Math.floor(clock / 1000));
  });

  test('create shows the new token once; revoking twice answers 409', async () => {
    const su = api.state.createServiceUser({ name: 'keys', roleId: 'account_member' });
    const params = { service_user_id: su.serviceUserId };
    const created = await callId(api.url, 'enterprise.serviceUserKeys.create', token, { params, body: { name: 'second' } });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body).sort()).toEqual(['api_key_id', 'api_key_name', 'token']);
    expect((await callId(api.url, 'self', created.body.token)).status).toBe(200);
    const keyParams = { ...params, api_key_id: created.body.api_key_id };
    const first = await callId(api.url, 'enterprise.serviceUserKeys.revoke', token, { params: keyParams });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ is_active: false, revoked_at: Math.floor(clock / 1000) });
    const second = await callId(api.url, 'enterprise.serviceUserKeys.revoke', token, { params: keyParams });
    expect(second.status).toBe(409);
    expect((await callId(api.url, 'self', created.body.token)).status).toBe(401);
    // The first key still works.
    expect((await callId(api.url, 'self', su.token)).status).toBe(200);
    const active = await callId(api.url, 'enterprise.serviceUserKeys.list', token, { params, query: 'status=active' });
    expect(active.body.items.map((k: { api_key_id: string }) => k.api_key_id)).toEqual([su.apiKeyId]);
  });

  test('rotate mints a new token and revokes the old; a revoked key cannot be rotated', async () => {
    const su = api.state.createServiceUser({ name: 'rotate', roleId: 'account_member' });
    const keyParams = { service_user_id: su.serviceUserId, api_key_id: su.apiKeyId };
    const r = await callId(api.url, 'enterprise.serviceUserKeys.rotate', token, { params: keyParams, body: {} });
    expect(r.status).toBe(200);
    expect(r.body.token).not.toBe(su.token);
    expect((await callId(api.url, 'self', r.body.token)).status).toBe(200);
    expect((await callId(api.url, 'self', su.token)).status).toBe(401);
    const again = await callId(api.url, 'enterprise.serviceUserKeys.rotate', token, { params: keyParams, body: {} });
    expect(again.status).toBe(400);
    expect(again.body.detail).toContain('not active');
  });

  test('rotate with revoke_current false keeps both keys working', async () => {
    const su = api.state.createServiceUser({ name: 'rotate-keep', roleId: 'account_member' });
    const r = await callId(api.url, 'enterprise.serviceUserKeys.rotate', token, {
      params: { service_user_id: su.serviceUserId, api_key_id: su.apiKeyId },
      body: { revoke_current: false },
    });
    expect((await callId(api.url, 'self', r.body.token)).status).toBe(200);
    expect((await callId(api.url, 'self', su.token)).status).toBe(200);
  });
});
