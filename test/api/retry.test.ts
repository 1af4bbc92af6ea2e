import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiTimeoutError,
  NetworkError,
  RateLimitedError,
  ServerError,
  backoffMs,
  collect,
  createApiClient,
  parseRetryAfter,
  v2Self,
  v3ProvisionEnterpriseServiceUser,
  v3Roles,
  type ApiClient,
} from '../../src/api/index.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { FAST_RETRY, fastClient, recordEvents, rejection, sendJson, tinyServer, type TinyServer } from './support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function fakeWith(faults: Parameters<typeof startFakeApi>[0] = {}): Promise<FakeApi> {
  const f = await startFakeApi({ seed: 'demo', ...faults });
  cleanups.push(() => f.close());
  return f;
}
function track<T extends ApiClient | TinyServer>(x: T): T {
  cleanups.push(() => x.close());
  return x;
}
const V3_TOKEN_SHAPE = 'cog_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6';

describe('retries', () => {
  it('waits out a 429 with Retry-After (seconds) and then succeeds', async () => {
    let first = 0;
    const srv = track(
      await tinyServer((_req, res, n) => {
        if (n === 1) {
          first = Date.now();
          sendJson(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '1' });
        } else sendJson(res, 200, { items: [], end_cursor: null, has_next_page: false });
      }),
    );
    const { events, onEvent } = recordEvents();
    const c = track(fastClient(srv.url, V3_TOKEN_SHAPE, { onEvent }));
    await collect(v3Roles(c));
    expect(srv.requests).toHaveLength(2);
    expect(srv.requests[1]!.at - first).toBeGreaterThanOrEqual(950);
    expect(events.map((e) => [e.status, e.attempt])).toEqual([[429, 1], [200, 2]]);
    expect(events[0]!.retryInMs).toBe(1000);
  });

  it("gets through a rate-limited fake by waiting out each 429's Retry-After", async () => {
    const fake = await fakeWith({ faults: { rateLimitRps: 8 } });
    const c = track(fastClient(fake.url, fake.credentials.enterpriseAdminKey, { concurrency: 4, retry: { ...FAST_RETRY, maxRetries: 6 } }));
    const results = await Promise.all(Array.from({ length: 16 }, () => v2Self(c)));
    expect(results).toHaveLength(16);
    const limited = fake.calls.filter((x) => x.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(fake.calls.filter((x) => x.status === 200)).toHaveLength(16);
    // Once the first 429 is back, nothing new goes out until its Retry-After (>= 1 s) has
    // passed; requests already in flight when it arrived land within a few milliseconds.
    const firstLimited = limited[0]!.at;
    const inPause = fake.calls.filter((x) => x.at > firstLimited + 100 && x.at < firstLimited + 900);
    expect(inPause).toEqual([]);
  });

  it('reads Retry-After as an HTTP-date too', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.25', now)).toBe(250);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });

  it('backs off with full jitter under a ceiling that doubles up to the maximum', () => {
    const opts = { maxRetries: 5, baseDelayS: 0.5, maxDelayS: 4, maxRetryAfterS: 60 };
    expect(backoffMs(0, opts, () => 0.999)).toBe(499);
    expect(backoffMs(2, opts, () => 0.999)).toBe(1998);
    expect(backoffMs(10, opts, () => 0.999)).toBe(3996);
    expect(backoffMs(3, opts, () => 0)).toBe(0);
  });

  it('a 429 pauses every caller of the same base URL until Retry-After has passed', async () => {
    let limitedAt = 0;
    const srv = track(
      await tinyServer((_req, res, n) => {
        if (n === 1) {
          limitedAt = Date.now();
          sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': '1' });
        } else setTimeout(() => sendJson(res, 200, { items: [], end_cursor: null, has_next_page: false }), 5);
      }),
    );
    const c = track(fastClient(srv.url, V3_TOKEN_SHAPE, { concurrency: 1 }));
    const other = c.withKey('cog_' + 'Q1w2E3r4T5y6U7i8O9p0A1s2D3f4');
    // The first call is limited; the others queue behind it and must not go out during the pause.
    await Promise.all([collect(v3Roles(c)), collect(v3Roles(other)), collect(v3Roles(c)), collect(v3Roles(other))]);
    expect(srv.requests).toHaveLength(5);
    for (const r of srv.requests.slice(1)) expect(r.at - limitedAt).toBeGreaterThanOrEqual(950);
  });

  it('retries 502/503/504 on GET until it succeeds (fake with an error rate)', async () => {
    const fake = await fakeWith({ faults: { errorRate: 0.5, seed: 3 } });
    const c = track(fastClient(fake.url, fake.credentials.enterpriseAdminKey, { retry: { ...FAST_RETRY, maxRetries: 8 } }));
    for (let i = 0; i < 6; i++) await v2Self(c);
    const statuses = fake.calls.map((x) => x.status);
    expect(statuses.filter((s) => s >= 502 && s <= 504).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
  });

  it('retries a GET whose connection is reset', async () => {
    const fake = await fakeWith({ faults: { resetRate: 0.5, seed: 5 } });
    const c = track(fastClient(fake.url, fake.credentials.enterpriseAdminKey, { retry: { ...FAST_RETRY, maxRetries: 8 } }));
    for (let i = 0; i < 5; i++) await v2Self(c);
    expect(fake.calls.filter((x) => x.status === 0).length).toBeGreaterThan(0);
    expect(fake.calls.filter((x) => x.status === 200)).toHaveLength(5);
  });

  it('gives up after maxRetries with a typed error carrying the attempts', async () => {
    const fake = await fakeWith({ faults: { errorRate: 1 } });
    const c = track(fastClient(fake.url, fake.credentials.enterpriseAdminKey, { retry: { ...FAST_RETRY, maxRetries: 2 } }));
    const e = await rejection(v2Self(c));
    expect(e).toBeInstanceOf(ServerError);
    expect((e as ServerError).attempts).toBe(3);
    expect((e as ServerError).kind).toBe('api');
    expect((e as ServerError).maybeApplied).toBe(false);
    expect((e as Error).message).toMatch(/^GET \/v2\/enterprise\/self failed: 50[234] .*after 3 attempts$/);
    expect(fake.calls).toHaveLength(3);
  });

  it('never retries a POST: one 5xx is one call, flagged maybeApplied', async () => {
    const fake = await fakeWith({ faults: { errorRate: 1 } });
    const c = track(fastClient(fake.url, fake.credentials.serviceUserToken));
    const e = await rejection(v3ProvisionEnterpriseServiceUser(c, { name: 'ci', roleId: 'account_member' }));
    expect(e).toBeInstanceOf(ServerError);
    expect((e as ServerError).maybeApplied).toBe(true);
    expect((e as ServerError).hint).toMatch(/look it up before trying again/);
    expect(fake.calls.filter((x) => x.method === 'POST')).toHaveLength(1);
  });

  it('never retries a POST whose connection is reset: a NetworkError flagged maybeApplied', async () => {
    const fake = await fakeWith({ faults: { resetRate: 1 } });
    const c = track(fastClient(fake.url, fake.credentials.serviceUserToken));
    const e = await rejection(v3ProvisionEnterpriseServiceUser(c, { name: 'ci', roleId: 'account_member' }));
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).kind).toBe('network');
    expect((e as NetworkError).maybeApplied).toBe(true);
    expect(fake.calls).toHaveLength(1);
  });

  it('never retries a POST on 429 either, but reports how long to wait', async () => {
    const srv = track(await tinyServer((_req, res) => sendJson(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '2' })));
    const c = track(fastClient(srv.url, V3_TOKEN_SHAPE));
    const e = await rejection(v3ProvisionEnterpriseServiceUser(c, { name: 'x', roleId: 'account_member' }));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).retryAfterMs).toBe(2000);
    expect((e as RateLimitedError).maybeApplied).toBe(false);
    expect(srv.requests).toHaveLength(1);
  });
});

describe('timeouts', () => {
  // undici's request timers tick about once a second, so timeouts are whole seconds in practice.
  it('a slow API is a typed timeout error after the configured seconds, not 300 s', async () => {
    const fake = await fakeWith({ faults: { latencyMs: 8000 } });
    const c = track(createApiClient({ baseUrl: fake.url, key: fake.credentials.enterpriseAdminKey, timeouts: { headersS: 1 }, retry: { ...FAST_RETRY, maxRetries: 1 } }));
    const started = Date.now();
    const e = await rejection(v2Self(c));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(e).toBeInstanceOf(ApiTimeoutError);
    expect((e as ApiTimeoutError).phase).toBe('headers');
    expect((e as ApiTimeoutError).kind).toBe('network');
    expect((e as Error).message).toMatch(/GET \/v2\/enterprise\/self timed out: .* did not answer within 1 s after 2 attempts/);
    expect(fake.calls).toHaveLength(2);
  });

  it('a POST that times out is not retried and may have been applied', async () => {
    const fake = await fakeWith({ faults: { latencyMs: 6000 } });
    const c = track(createApiClient({ baseUrl: fake.url, key: fake.credentials.serviceUserToken, timeouts: { headersS: 1 }, retry: FAST_RETRY }));
    const e = await rejection(v3ProvisionEnterpriseServiceUser(c, { name: 'slow', roleId: 'account_member' }));
    expect(e).toBeInstanceOf(ApiTimeoutError);
    expect((e as ApiTimeoutError).maybeApplied).toBe(true);
    expect(fake.calls).toHaveLength(1);
  });

  it('a refused connection is a NetworkError naming the code', async () => {
    const srv = await tinyServer((_req, res) => sendJson(res, 200, {}));
    const url = srv.url;
    await srv.close();
    const c = track(fastClient(url, V3_TOKEN_SHAPE, { retry: { ...FAST_RETRY, maxRetries: 1 } }));
    const e = await rejection(collect(v3Roles(c)));
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).code).toBe('ECONNREFUSED');
    expect((e as Error).message).toMatch(/could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\) after 2 attempts/);
  });
});

describe('concurrency', () => {
  it('keeps at most `concurrency` requests in flight per base URL, across withKey clients', async () => {
    let active = 0;
    let peak = 0;
    const srv = track(
      await tinyServer((_req, res) => {
        active++;
        peak = Math.max(peak, active);
        setTimeout(() => {
          active--;
          sendJson(res, 200, { items: [], end_cursor: null, has_next_page: false });
        }, 40);
      }),
    );
    const a = track(fastClient(srv.url, V3_TOKEN_SHAPE, { concurrency: 3 }));
    const b = a.withKey('cog_' + 'Q1w2E3r4T5y6U7i8O9p0A1s2D3f4');
    await Promise.all(Array.from({ length: 12 }, (_, i) => collect(v3Roles(i % 2 ? a : b))));
    expect(srv.requests).toHaveLength(12);
    expect(peak).toBe(3);
  });
});
