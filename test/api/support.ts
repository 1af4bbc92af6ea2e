// Shared pieces of the client tests: a fast client for the fake, a tiny scripted HTTP server
// for answers the fake never gives (malformed bodies, endless pages), and the secret check.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApiClient, type ApiClient, type ApiEvent, type ClientOptions } from '../../src/api/index.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';

/** Small delays so retry tests stay fast. */
export const FAST_RETRY = { maxRetries: 3, baseDelayS: 0.01, maxDelayS: 0.05, maxRetryAfterS: 5 };

export function fastClient(baseUrl: string, key: string, opts: Partial<ClientOptions> = {}): ApiClient {
  return createApiClient({ baseUrl, key, retry: FAST_RETRY, timeouts: { connectS: 2, headersS: 5, bodyS: 5 }, ...opts });
}

/**
 * The demo-seeded fake API for a whole test file (started in beforeAll), and fast clients on it,
 * all closed after the file.
 */
export function demoFakeForFile(): { readonly fake: FakeApi; client: (key: string, opts?: Partial<ClientOptions>) => ApiClient } {
  let fake: FakeApi | undefined;
  const clients: ApiClient[] = [];
  beforeAll(async () => {
    fake = await startFakeApi({ seed: 'demo' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await fake?.close();
  });
  const started = (): FakeApi => {
    if (!fake) throw new Error('the fake API starts in beforeAll');
    return fake;
  };
  return {
    get fake() {
      return started();
    },
    client: (key, opts = {}) => {
      const c = fastClient(started().url, key, opts);
      clients.push(c);
      return c;
    },
  };
}

export function recordEvents(): { events: ApiEvent[]; onEvent: (e: ApiEvent) => void } {
  const events: ApiEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

export interface TinyServer {
  url: string;
  requests: { method: string; url: string; at: number; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** A loopback server answering with `handle`; records every request. */
export async function tinyServer(handle: (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>): Promise<TinyServer> {
  const requests: TinyServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now(), authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => void handle(req, res, requests.length));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Every rendering of an error and its cause chain: JSON, util.inspect (hidden too), message, stack. */
export function renderings(e: unknown): string[] {
  const out: string[] = [];
  for (let cur: unknown = e, depth = 0; cur && depth < 8; depth++) {
    out.push(JSON.stringify(cur, Object.getOwnPropertyNames(cur as object)) ?? '');
    out.push(JSON.stringify(cur) ?? '');
    out.push(inspect(cur, { depth: 10, showHidden: true, getters: true }));
    out.push(String(cur));
    if (cur instanceof Error) out.push(cur.stack ?? '');
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

export function expectNoSecret(value: unknown, secrets: readonly string[]): void {
  const texts = typeof value === 'string' ? [value] : renderings(value);
  for (const t of texts) {
    for (const s of secrets) expect(t.includes(s), `a key value leaked into: ${t.slice(0, 200)}`).toBe(false);
  }
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
