// The fake Devin API on a loopback socket: node:http turns each IncomingMessage into a Fetch
// Request, msw's getResponse runs the catalogue-registered handlers over the in-memory
// enterprise, and the Response is written back. Faults are applied before the handlers run.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import { InputError } from '../errors.js';
import { FakeEnterprise } from './enterprise.js';
import { FaultInjector, type FakeFaults } from './faults.js';
import { generateEnterprise, type GenerateOptions } from './generate.js';
import { createRouter } from './handlers.js';
import { demoSeedPath, parseSeed, readSeedFile } from './load-seed.js';
import type { EnterpriseSeed, ParsedSeed } from './seed-schema.js';

export type { FakeFaults } from './faults.js';
export type { FakeEnterprise } from './enterprise.js';

export interface FakeApiOptions {
  /** `demo`, the path of a seed JSON, or a seed object. Default `demo` unless `scale` is given. */
  seed?: 'demo' | string | EnterpriseSeed;
  /** A generated enterprise instead of a seed file. */
  scale?: GenerateOptions;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  faults?: FakeFaults;
  /** Clock of the enterprise (epoch ms); tests may fix it. */
  now?: () => number;
}

export interface FakeCredentials {
  enterpriseAdminKey: string;
  serviceKey: string;
  serviceUserToken: string;
  orgId: string;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: string;
  /** 0 when the connection was reset by fault injection. */
  status: number;
  version: 'v1' | 'v2' | 'v3' | 'other';
  at: number;
}

export interface FakeApi {
  url: string;
  credentials: FakeCredentials;
  state: FakeEnterprise;
  calls: RecordedCall[];
  setFaults(f: FakeFaults): void;
  close(): Promise<void>;
}

/** Resolve the seed option to a checked seed. */
export function resolveSeed(opts: Pick<FakeApiOptions, 'seed' | 'scale'>): ParsedSeed {
  if (opts.scale) {
    if (opts.seed !== undefined) throw new InputError('give either a seed or a scale for the fake enterprise, not both');
    return parseSeed(generateEnterprise(opts.scale), 'the generated enterprise');
  }
  const seed = opts.seed ?? 'demo';
  if (seed === 'demo') return readSeedFile(demoSeedPath());
  if (typeof seed === 'string') return readSeedFile(seed);
  return parseSeed(seed);
}

export function versionOf(path: string): RecordedCall['version'] {
  const m = /^\/(?:beta\/|api\/)?(v1|v2|v3)(?:beta1)?(?:\/|$)/.exec(path);
  return (m?.[1] as 'v1' | 'v2' | 'v3' | undefined) ?? 'other';
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function toRequest(req: IncomingMessage, base: string, body: Buffer): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.set(k, v);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.length > 0;
  return new Request(new URL(req.url ?? '/', base), { method, headers, ...(hasBody ? { body } : {}) });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  const body = Buffer.from(await response.arrayBuffer());
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

function plainJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...extra });
  res.end(text);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeApi(opts: FakeApiOptions = {}): Promise<FakeApi> {
  const seed = resolveSeed(opts);
  const state = new FakeEnterprise(seed, opts.now ? { now: opts.now } : {});
  const router = createRouter(state);
  const faults = new FaultInjector(opts.faults ?? {});
  const calls: RecordedCall[] = [];
  const host = opts.host ?? '127.0.0.1';
  let base = '';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const call: RecordedCall = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.search,
      status: 0,
      version: versionOf(url.pathname),
      at: Date.now(),
    };
    calls.push(call);
    void (async () => {
      const decision = faults.decide();
      if (decision.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      const body = await readAll(req);
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.kind === 'rate-limited') {
        call.status = 429;
        plainJson(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': String(decision.retryAfterSeconds) });
        return;
      }
      if (decision.kind === 'error') {
        call.status = decision.status;
        plainJson(res, decision.status, { detail: 'Injected upstream error' });
        return;
      }
      const candidates = router.candidates(call.method, call.path);
      const response = candidates.length > 0 ? await getResponse(candidates, toRequest(req, base, body)) : undefined;
      if (!response) {
        call.status = 404;
        plainJson(res, 404, { detail: 'Not Found' });
        return;
      }
      call.status = response.status;
      await writeResponse(res, response);
    })().catch((e: unknown) => {
      call.status = 500;
      if (!res.headersSent) plainJson(res, 500, { detail: `internal error in the fake API: ${e instanceof Error ? e.message : String(e)}` });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new InputError(`port ${opts.port} on ${host} is already in use`, { hint: 'pick another --port, or --port 0 for a free one' })
          : e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND'
            ? new InputError(`cannot listen on ${host}: ${e.code}`, { hint: 'pass a local address with --host, e.g. 127.0.0.1' })
            : e,
      );
    };
    server.once('error', onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  base = `http://${shownHost}:${port}`;

  return {
    url: base,
    credentials: state.credentials(),
    state,
    calls,
    setFaults: (f) => faults.set(f),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
