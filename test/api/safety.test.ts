import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/api/index.js';
import {
  DryRunViolation,
  ForbiddenEndpointError,
  collect,
  legacyRef,
  v2RevokeApiKey,
  v2Self,
  v3CreateSession,
  v3ProvisionEnterpriseServiceUser,
  v3Roles,
} from '../../src/api/index.js';
import { z } from 'zod';
import { sanitizeCause } from '../../src/api/sanitize.js';
import { demoFakeForFile, expectNoSecret, recordEvents, rejection, sendJson, tinyServer } from './support.js';

const demo = demoFakeForFile();
const client = demo.client;

describe('read-only (dry-run) clients', () => {
  it('refuse every write before anything reaches the API, and still read', async () => {
    const { events, onEvent } = recordEvents();
    const v3 = client(demo.fake.credentials.serviceUserToken, { readOnly: true, onEvent });
    const legacy = v3.withKey(demo.fake.credentials.enterpriseAdminKey);
    const before = demo.fake.calls.length;
    const keysBefore = demo.fake.state.liveLegacyKeys().length;
    for (const write of [
      () => v3ProvisionEnterpriseServiceUser(v3, { name: 'dry', roleId: 'account_member' }),
      () => v3CreateSession(v3, demo.fake.credentials.orgId, { prompt: 'hi' }),
      () => v2RevokeApiKey(legacy, demo.fake.state.liveLegacyKeys()[0]!.id),
    ]) {
      const e = await rejection(write());
      expect(e).toBeInstanceOf(DryRunViolation);
      expect((e as DryRunViolation).kind).toBe('safety');
      expect((e as Error).message).toMatch(/^dry run: refused to send (POST|DELETE) /);
    }
    expect(demo.fake.calls.length).toBe(before);
    expect(demo.fake.state.liveLegacyKeys().length).toBe(keysBefore);
    expect(events.map((e) => [e.type, e.error])).toEqual([
      ['refused', 'read-only'],
      ['refused', 'read-only'],
      ['refused', 'read-only'],
    ]);
    await collect(v3Roles(v3));
    expect(demo.fake.calls.length).toBe(before + 1);
  });
});

describe('the enterprise-wide revoke is unreachable', () => {
  it('has no function in the client', () => {
    const names = Object.keys(api);
    expect(names.filter((n) => /revokeall|revoke_all|RevokeAll/i.test(n))).toEqual([]);
    expect(names).toContain('v2RevokeApiKey');
  });

  it('is refused by the low-level request by catalogue id, by path, and by path spelling', async () => {
    const c = client(demo.fake.credentials.enterpriseAdminKey);
    const anySchema = z.unknown();
    const attempts: api.EndpointLabel[] = [
      legacyRef('v2.apiKeys.revokeAll'),
      { id: 'made-up', version: 'v2', method: 'DELETE', template: '/v2/enterprise/api-keys' },
      { id: 'made-up', version: 'v2', method: 'DELETE', template: '/v2/enterprise/api-keys/' },
      { id: 'made-up', version: 'v2', method: 'DELETE', template: '/api/v2/enterprise/api-keys' },
    ];
    for (const endpoint of attempts) {
      const e = await rejection(c.request({ endpoint, schema: anySchema }));
      expect(e).toBeInstanceOf(ForbiddenEndpointError);
      expect((e as Error).message).toContain('DELETE /v2/enterprise/api-keys (v2.apiKeys.revokeAll): devin-migrate never calls it');
    }
    expect(demo.fake.calls.filter((x) => x.method === 'DELETE')).toEqual([]);
    expect(demo.fake.state.liveLegacyKeys().length).toBeGreaterThan(0);
  });

  it('is refused even by a client that may write', async () => {
    const c = client(demo.fake.credentials.enterpriseAdminKey, { readOnly: false });
    const e = await rejection(c.request({ endpoint: legacyRef('v2.apiKeys.revokeAll'), schema: z.unknown() }));
    expect(e).toBeInstanceOf(ForbiddenEndpointError);
    expect((e as ForbiddenEndpointError).kind).toBe('safety');
  });
});

describe('keys never leak', () => {
  it('no thrown error, cause chain, event or client rendering holds a key value', async () => {
    const secrets = [demo.fake.credentials.enterpriseAdminKey, demo.fake.credentials.serviceKey, demo.fake.credentials.serviceUserToken];
    const { events, onEvent } = recordEvents();
    const errors: unknown[] = [];
    const legacy = client(demo.fake.credentials.enterpriseAdminKey, { onEvent, retry: { maxRetries: 1, baseDelayS: 0.01, maxDelayS: 0.01, maxRetryAfterS: 1 } });
    const v3 = legacy.withKey(demo.fake.credentials.serviceUserToken);
    // Wrong key type, 403, 404, 422, dry run, forbidden endpoint.
    errors.push(await rejection(v2Self(v3)));
    errors.push(await rejection(v2Self(legacy.withKey(demo.fake.credentials.serviceKey))));
    errors.push(await rejection(api.v2Member(legacy, 'user-nope')));
    errors.push(await rejection(v3ProvisionEnterpriseServiceUser(v3, { name: '', roleId: 'account_member' })));
    errors.push(await rejection(v3ProvisionEnterpriseServiceUser(v3.withKey(demo.fake.credentials.serviceUserToken, { readOnly: true }), { name: 'x', roleId: 'account_member' })));
    errors.push(await rejection(legacy.request({ endpoint: legacyRef('v2.apiKeys.revokeAll'), schema: z.unknown() })));
    // Network failures: reset, 5xx, timeout, refused connection (undici errors carry request data).
    demo.fake.setFaults({ resetRate: 1 });
    errors.push(await rejection(v2Self(legacy)));
    errors.push(await rejection(v3ProvisionEnterpriseServiceUser(v3, { name: 'y', roleId: 'account_member' })));
    demo.fake.setFaults({ errorRate: 1 });
    errors.push(await rejection(v2Self(legacy)));
    demo.fake.setFaults({});
    const srv = await tinyServer((_req, res) => void setTimeout(() => sendJson(res, 200, {}), 3000));
    const slow = api.createApiClient({ baseUrl: srv.url, key: demo.fake.credentials.enterpriseAdminKey, timeouts: { headersS: 1 }, retry: { maxRetries: 0 } });
    errors.push(await rejection(v2Self(slow)));
    await slow.close();
    await srv.close();
    const dead = api.createApiClient({ baseUrl: srv.url, key: demo.fake.credentials.serviceUserToken, retry: { maxRetries: 0 } });
    errors.push(await rejection(collect(v3Roles(dead))));
    await dead.close();

    expect(errors).toHaveLength(11);
    for (const e of errors) expectNoSecret(e, secrets);
    expect(events.length).toBeGreaterThan(5);
    expectNoSecret(JSON.stringify(events), secrets);
    expectNoSecret(inspect(legacy, { showHidden: true, depth: 5 }), secrets);
    expectNoSecret(JSON.stringify(legacy), secrets);
    // The network errors keep only a sanitized cause (name, code, message).
    const reset = errors[6] as api.NetworkError;
    expect(reset).toBeInstanceOf(api.NetworkError);
    expect(Object.keys(reset.cause as object).sort()).toEqual(['code', 'name']);
    expect((reset.cause as Error).constructor).toBe(Error);
  });
});

describe('sanitizeCause', () => {
  it('keeps name, code and a redacted message, and drops every other property', () => {
    const key = 'apk_user_' + 'S3cr3tValue0123456789abcdWXYZ';
    const raw = Object.assign(new TypeError(`socket hang up while sending Authorization: Bearer ${key}`), {
      code: 'UND_ERR_SOCKET',
      headers: { authorization: `Bearer ${key}` },
      request: { headers: [`authorization`, `Bearer ${key}`] },
    });
    const safe = sanitizeCause(raw);
    expect(safe.name).toBe('TypeError');
    expect(safe.code).toBe('UND_ERR_SOCKET');
    expect(safe.message).toContain('apk_user_…WXYZ');
    expectNoSecret(safe, [key]);
    // The check itself catches a leak: the raw error fails it.
    expect(() => expectNoSecret(raw, [key])).toThrow();
  });
});
