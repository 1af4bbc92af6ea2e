import { describe, expect, it } from 'vitest';
import {
  KeyTypeError,
  collect,
  v1Sessions,
  v2Self,
  v3Self,
  type ApiClient,
} from '../../src/api/index.js';
import { demoFakeForFile, expectNoSecret, rejection } from './support.js';

const demo = demoFakeForFile();
const client = demo.client;

describe('key types are checked before any request is sent', () => {
  const cases: { name: string; key: () => string; call: (c: ApiClient) => Promise<unknown>; needs: RegExp }[] = [
    { name: 'v2 with a service key (apk_)', key: () => demo.fake.credentials.serviceKey, call: v2Self, needs: /Enterprise Admin's personal API key \(apk_user_…\)/ },
    { name: 'v2 with a service-user token (cog_)', key: () => demo.fake.credentials.serviceUserToken, call: v2Self, needs: /apk_user_/ },
    { name: 'v3 with a personal key (apk_user_)', key: () => demo.fake.credentials.enterpriseAdminKey, call: v3Self, needs: /service-user token \(cog_…\), from Enterprise Settings > Service Users/ },
    { name: 'v3 with a service key (apk_)', key: () => demo.fake.credentials.serviceKey, call: v3Self, needs: /cog_/ },
    { name: 'v1 with a service-user token (cog_)', key: () => demo.fake.credentials.serviceUserToken, call: (c) => collect(v1Sessions(c)), needs: /personal \(apk_user_…\) or service \(apk_…\) API key/ },
    { name: 'v2 with something that is not a key', key: () => 'not-a-devin-key-0123456789abcdefghij', call: v2Self, needs: /not a Devin key/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} with an AuthError naming the key it needs`, async () => {
      const before = demo.fake.calls.length;
      const key = c.key();
      const e = await rejection(c.call(client(key)));
      expect(e).toBeInstanceOf(KeyTypeError);
      expect((e as KeyTypeError).kind).toBe('auth');
      expect((e as Error).message).toMatch(c.needs);
      expect(demo.fake.calls.length).toBe(before);
      expectNoSecret(e, [key]);
    });
  }

  it('accepts the right key for each version', async () => {
    const self = await v2Self(client(demo.fake.credentials.enterpriseAdminKey));
    expect(self.user_id).toMatch(/^user-/);
    const me = await v3Self(client(demo.fake.credentials.serviceUserToken));
    expect(me.service_user_id).toMatch(/^service-user-/);
    const viaService = await collect(v1Sessions(client(demo.fake.credentials.serviceKey)));
    const viaPersonal = await collect(v1Sessions(client(demo.fake.credentials.enterpriseAdminKey)));
    expect(Array.isArray(viaService)).toBe(true);
    expect(Array.isArray(viaPersonal)).toBe(true);
  });

  it('sends the key only as a bearer header, and clients share one pool with withKey', async () => {
    const legacy = client(demo.fake.credentials.enterpriseAdminKey);
    const v3 = legacy.withKey(demo.fake.credentials.serviceUserToken);
    await Promise.all([v2Self(legacy), v3Self(v3)]);
    expect(v3.keyKind).toBe('service-user');
    expect(legacy.keyKind).toBe('personal');
    for (const call of demo.fake.calls) expect(call.query).not.toMatch(/apk_|cog_/);
  });
});
