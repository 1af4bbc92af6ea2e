import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FaultInjector } from '../../src/fake/faults.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { callId } from './call.js';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({ seed: 'demo' });
});
afterAll(() => api.close());

const self = () => callId(api.url, 'self', api.credentials.serviceUserToken);

describe('fault injection', () => {
  test('the rate limit answers 429 with Retry-After in seconds once the bucket is empty', async () => {
    api.setFaults({ rateLimitRps: 1 });
    const statuses: number[] = [];
    let retryAfter: unknown;
    for (let i = 0; i < 4; i++) {
      const r = await self();
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers['retry-after'];
    }
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1)).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    api.setFaults({});
    expect((await self()).status).toBe(200);
  });

  test('a reset destroys the connection without an answer and is recorded with status 0', async () => {
    api.setFaults({ resetRate: 1 });
    const before = api.calls.length;
    await expect(self()).rejects.toMatchObject({ code: expect.stringMatching(/^UND_ERR_SOCKET|ECONNRESET$/) });
    expect(api.calls[before]).toMatchObject({ status: 0, version: 'v3' });
    api.setFaults({});
    expect((await self()).status).toBe(200);
  });

  test('the error rate answers 502, 503 or 504', async () => {
    api.setFaults({ errorRate: 1, seed: 9 });
    const got = new Set<number>();
    for (let i = 0; i < 12; i++) got.add((await self()).status);
    api.setFaults({});
    expect([...got].every((s) => [502, 503, 504].includes(s))).toBe(true);
    expect(got.size).toBeGreaterThan(1);
  });

  test('latency delays the answer', async () => {
    api.setFaults({ latencyMs: 120 });
    const t0 = performance.now();
    await self();
    api.setFaults({});
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
  });

  test('the same seed makes the same decisions, a different seed different ones', () => {
    const run = (seed: number) => {
      const f = new FaultInjector({ errorRate: 0.3, resetRate: 0.1, seed }, () => 0);
      return Array.from({ length: 200 }, () => {
        const d = f.decide();
        return d.kind === 'error' ? d.status : d.kind;
      }).join(',');
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
    const kinds = run(42).split(',');
    const errors = kinds.filter((k) => /^50/.test(k)).length;
    expect(errors).toBeGreaterThan(30);
    expect(errors).toBeLessThan(90);
  });

  test('bad fault settings are refused', () => {
    expect(() => new FaultInjector({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => new FaultInjector({ rateLimitRps: 0 })).toThrow(/rateLimitRps/);
  });
});
