import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ResponseShapeError,
  UnauthorizedError,
  UnprocessableError,
  collect,
  v2ApiKeys,
  v2Member,
  v2Self,
  v3CreateServiceUserKey,
  v3ProvisionEnterpriseServiceUser,
  v3RevokeServiceUserKey,
  v3Roles,
  v3ServiceUsers,
} from '../../src/api/index.js';
import { demoFakeForFile, expectNoSecret, fastClient, rejection, sendJson, tinyServer } from './support.js';

const demo = demoFakeForFile();
const client = demo.client;

describe('API errors are typed and readable', () => {
  it('a 403 names the missing permission and is an auth error', async () => {
    const weak = demo.fake.state.createServiceUser({ name: 'weak', roleId: 'account_member' });
    const e = await rejection(v3ProvisionEnterpriseServiceUser(client(weak.token), { name: 'x', roleId: 'account_member' }));
    expect(e).toBeInstanceOf(ForbiddenError);
    const f = e as ForbiddenError;
    expect(f.status).toBe(403);
    expect(f.kind).toBe('auth');
    expect(f.missingPermission).toBe('ManageAccountServiceUsers');
    expect(f.endpoint).toBe('POST /v3beta1/enterprise/service-users');
    expect(f.message).toBe('POST /v3beta1/enterprise/service-users failed: 403 Forbidden: Missing required permission ManageAccountServiceUsers');
    expect(f.hint).toMatch(/lacks the ManageAccountServiceUsers permission/);
    expectNoSecret(e, [weak.token]);
  });

  it("a 403 on v2 for a non-admin's personal key says v2 needs an Enterprise Admin", async () => {
    const member = demo.fake.state.liveUsers().find((u) => u.enterpriseRole !== 'account_admin' && u.orgRoles.length > 0)!;
    const key = demo.fake.state.personalKeyFor(member.userId, member.orgRoles[0]!.orgId);
    const e = await rejection(v2Self(client(key)));
    expect(e).toBeInstanceOf(ForbiddenError);
    expect((e as ForbiddenError).kind).toBe('auth');
    expect((e as Error).message).toContain('The v2 API requires the personal API key of an Enterprise Admin');
    expect((e as ForbiddenError).hint).toMatch(/Enterprise Admin's personal API key/);
    expectNoSecret(e, [key]);
  });

  it('a 401 for an unknown key is an auth error saying which key the call needs', async () => {
    const unknown = 'cog_' + 'Unknown0Token1Of2The3Right4Shape';
    const e = await rejection(collect(v3Roles(client(unknown))));
    expect(e).toBeInstanceOf(UnauthorizedError);
    expect((e as UnauthorizedError).kind).toBe('auth');
    expect((e as UnauthorizedError).hint).toMatch(/service-user token \(cog_…\)/);
    expectNoSecret(e, [unknown]);
  });

  it('a 422 lists the invalid fields readably', async () => {
    const e = await rejection(v3ProvisionEnterpriseServiceUser(client(demo.fake.credentials.serviceUserToken), { name: '', roleId: 'account_member' }));
    expect(e).toBeInstanceOf(UnprocessableError);
    const u = e as UnprocessableError;
    expect(u.kind).toBe('api');
    expect(u.problems.length).toBeGreaterThan(0);
    expect(u.problems[0]).toMatch(/^body\.name: /);
    expect(u.message).toContain('body.name: ');
  });

  it('a 404 and a 409 carry status, endpoint template and detail', async () => {
    const nf = await rejection(v2Member(client(demo.fake.credentials.enterpriseAdminKey), 'user-doesnotexist'));
    expect(nf).toBeInstanceOf(NotFoundError);
    expect((nf as NotFoundError).endpoint).toBe('GET /v2/enterprise/members/{user_id}');
    expect((nf as NotFoundError).detail).toContain('user-doesnotexist');
    const admin = client(demo.fake.credentials.serviceUserToken);
    const [su] = await collect(v3ServiceUsers(admin));
    const created = await v3CreateServiceUserKey(admin, su!.service_user_id, { name: 'to-revoke' });
    await v3RevokeServiceUserKey(admin, su!.service_user_id, created.api_key_id);
    const again = await rejection(v3RevokeServiceUserKey(admin, su!.service_user_id, created.api_key_id));
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).status).toBe(409);
    expectNoSecret(again, [created.token]);
  });
});

describe('response bodies are validated', () => {
  it('a malformed body is a ResponseShapeError naming the endpoint and the field', async () => {
    const srv = await tinyServer((_req, res) =>
      sendJson(res, 200, {
        items: [
          { id: 'apk-1', org_id: 'org-1', org_name: 'A', user_id: null, user_email: null, is_service_key: true, created_at: '2026-01-01T00:00:00Z' },
          { id: 'apk-2', org_id: 42, org_name: 'B', user_id: null, user_email: null, is_service_key: true, created_at: '2026-01-01T00:00:00Z' },
        ],
        total: 2,
        skip: 0,
        limit: 100,
        has_more: false,
        next_cursor: null,
      }),
    );
    const c = fastClient(srv.url, 'apk_user_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4');
    try {
      const e = await rejection(collect(v2ApiKeys(c)));
      expect(e).toBeInstanceOf(ResponseShapeError);
      const r = e as ResponseShapeError;
      expect(r.kind).toBe('api');
      expect(r.fieldPath).toBe('items.1.org_id');
      expect(r.endpoint).toBe('GET /v2/enterprise/api-keys');
      expect(r.message).toMatch(/^GET \/v2\/enterprise\/api-keys answered with an unexpected body: items\.1\.org_id: .*expected string/);
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('a body that is not JSON is a ResponseShapeError at the root', async () => {
    const srv = await tinyServer((_req, res) => sendJson(res, 200, '<html>gateway</html>'));
    const c = fastClient(srv.url, 'apk_user_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4');
    try {
      const e = await rejection(v2Self(c));
      expect(e).toBeInstanceOf(ResponseShapeError);
      expect((e as ResponseShapeError).fieldPath).toBe('(root)');
      expect((e as Error).message).toBe('GET /v2/enterprise/self answered 200 with a body that is not JSON');
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('extra fields are tolerated and dropped', async () => {
    const self = await v2Self(client(demo.fake.credentials.enterpriseAdminKey));
    expect(Object.keys(self).sort()).toEqual(['api_key_id', 'org_id', 'user_email', 'user_id']);
  });
});
