import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { callId } from './call.js';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({ seed: 'demo' });
});
afterAll(() => api.close());

const user = (email: string) => [...api.state.users.values()].find((u) => u.email.startsWith(email))!;

describe('create_as_user_id', () => {
  test('creates the session as an org member with UseDevinSessions when the caller may impersonate', async () => {
    const org = api.credentials.orgId;
    const lena = user('lena.');
    const r = await callId(api.url, 'org.sessions.create', api.credentials.serviceUserToken, {
      params: { org_id: org },
      body: { prompt: 'Run the nightly job', create_as_user_id: lena.userId, tags: ['nightly'] },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ org_id: org, user_id: lena.userId, tags: ['nightly'], status: 'running', pull_requests: [] });
    expect(r.body.service_user_id).toBe(api.state.serviceUserKeys.get(api.state.credentialIds.serviceUserKeyId)!.serviceUserId);
    expect(typeof r.body.created_at).toBe('number');
  });

  test('a caller without ImpersonateOrgSessions gets 403 naming it', async () => {
    const org = api.credentials.orgId;
    const su = api.state.createServiceUser({ name: 'member-su', roleId: 'org_member', orgId: org });
    const plain = await callId(api.url, 'org.sessions.create', su.token, { params: { org_id: org }, body: { prompt: 'hello' } });
    expect(plain.status).toBe(200);
    expect(plain.body.user_id).toBeNull();
    const r = await callId(api.url, 'org.sessions.create', su.token, { params: { org_id: org }, body: { prompt: 'hello', create_as_user_id: user('lena.').userId } });
    expect(r.status).toBe(403);
    expect(r.body.detail).toBe('Missing required permission ImpersonateOrgSessions');
  });

  test('the target must be a member of the organization', async () => {
    const org = api.credentials.orgId;
    const tomasz = user('tomasz.'); // Payments only
    const r = await callId(api.url, 'org.sessions.create', api.credentials.serviceUserToken, { params: { org_id: org }, body: { prompt: 'x', create_as_user_id: tomasz.userId } });
    expect(r.status).toBe(422);
    expect(r.body.detail[0]).toMatchObject({ loc: ['body', 'create_as_user_id'] });
    expect(r.body.detail[0].msg).toContain('is not a member');
    const gone = user('sam.'); // left the enterprise
    const r2 = await callId(api.url, 'org.sessions.create', api.credentials.serviceUserToken, { params: { org_id: org }, body: { prompt: 'x', create_as_user_id: gone.userId } });
    expect(r2.status).toBe(422);
  });

  test('the target must hold UseDevinSessions there', async () => {
    const org = api.credentials.orgId;
    api.state.roles.set('role-viewer', { roleId: 'role-viewer', roleName: 'Viewer', roleType: 'org', builtin: false, permissions: ['ViewOrgSessions'] });
    const aiko = user('aiko.');
    aiko.orgRoles.find((r) => r.orgId === org)!.roleId = 'role-viewer';
    aiko.enterpriseRole = null;
    const r = await callId(api.url, 'org.sessions.create', api.credentials.serviceUserToken, { params: { org_id: org }, body: { prompt: 'x', create_as_user_id: aiko.userId } });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].msg).toContain('UseDevinSessions');
  });
});

describe('v3 session reads and messages', () => {
  test('lists, gets, sends and lists messages', async () => {
    const org = api.credentials.orgId;
    const t = api.credentials.serviceUserToken;
    const made = await callId(api.url, 'org.sessions.create', t, { params: { org_id: org }, body: { prompt: 'first message', title: 'Messages' } });
    const devin_id = made.body.session_id as string;
    expect(devin_id).toMatch(/^devin-/);
    const got = await callId(api.url, 'org.sessions.get', t, { params: { org_id: org, devin_id } });
    expect(got.body.title).toBe('Messages');
    const sent = await callId(api.url, 'org.sessions.messages.send', t, { params: { org_id: org, devin_id }, body: { message: 'second' } });
    expect(sent.status).toBe(200);
    expect(sent.body.session_id).toBe(devin_id);
    const msgs = await callId(api.url, 'org.sessions.messages.list', t, { params: { org_id: org, devin_id }, query: 'first=1' });
    expect(msgs.body).toMatchObject({ total: 2, has_next_page: true });
    const rest = await callId(api.url, 'org.sessions.messages.list', t, { params: { org_id: org, devin_id }, query: `first=1&after=${msgs.body.end_cursor}` });
    expect(rest.body.items.map((m: { message: string }) => m.message)).toEqual(['second']);
    const other = await callId(api.url, 'org.sessions.get', t, { params: { org_id: [...api.state.orgs.values()].find((o) => o.name === 'Mobile')!.orgId, devin_id } });
    expect(other.status).toBe(404);
  });
});

describe('v1 sessions', () => {
  test('create, list with limit/offset, get with messages, message answers null', async () => {
    const key = api.credentials.serviceKey;
    const made = await callId(api.url, 'v1.sessions.create', key, { body: { prompt: 'v1 prompt', tags: ['v1'] } });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ is_new_session: true });
    expect(made.body.url).toContain(made.body.session_id.replace('devin-', ''));
    const again = await callId(api.url, 'v1.sessions.create', key, { body: { prompt: 'v1 prompt', idempotent: true } });
    expect(again.body).toMatchObject({ session_id: made.body.session_id, is_new_session: false });
    const list = await callId(api.url, 'v1.sessions.list', key, { query: 'limit=1&offset=0' });
    expect(Object.keys(list.body)).toEqual(['sessions']);
    expect(list.body.sessions).toHaveLength(1);
    expect(list.body.sessions[0].session_id).toBe(made.body.session_id); // newest first
    expect(typeof list.body.sessions[0].created_at).toBe('string');
    const msg = await callId(api.url, 'v1.sessions.message', key, { params: { session_id: made.body.session_id }, body: { message: 'more' }, spelling: 1 });
    expect(msg.status).toBe(200);
    expect(msg.body).toBeNull();
    const got = await callId(api.url, 'v1.sessions.get', key, { params: { session_id: made.body.session_id }, spelling: 1 });
    expect(got.body.messages.map((m: { type: string }) => m.type)).toEqual(['initial_user_message', 'user_message']);
    expect(got.body.status_enum).toBe('working');
  });

  test('a v1 key sees only the sessions of its organization', async () => {
    const mobileKey = [...api.state.legacyKeys.values()].find((k) => k.type === 'service' && api.state.orgs.get(k.orgId)!.name === 'Mobile')!;
    const list = await callId(api.url, 'v1.sessions.list', mobileKey.value);
    expect(list.body.sessions.every((s: { session_id: string }) => api.state.sessions.get(s.session_id)!.orgId === mobileKey.orgId)).toBe(true);
    const platformSession = [...api.state.sessions.values()].find((s) => s.orgId === api.credentials.orgId)!;
    expect((await callId(api.url, 'v1.sessions.get', mobileKey.value, { params: { session_id: platformSession.sessionId } })).status).toBe(404);
  });
});
