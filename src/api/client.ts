// The HTTP client every remote step uses. One undici Pool and one limiter per base URL (shared
// by clients made with `withKey`), explicit timeouts, retries on idempotent methods only,
// key-type checks before anything is sent, a read-only mode that refuses writes, and zod
// validation of every response. Nothing here prints or reads the environment.
import { Pool } from 'undici';
import type { z } from 'zod';
import {
  DEFAULT_API_URL,
  fillTemplate,
  keyRuleFor,
  keyWorksWith,
  matchEndpoint,
  requiredKeyFor,
  KEY_RULES,
  type KeyKind,
} from '../catalog/index.js';
import { InputError } from '../errors.js';
import { legacyRow } from './endpoints.js';
import {
  ApiHttpError,
  ApiTimeoutError,
  BadRequestError,
  ConflictError,
  DryRunViolation,
  ForbiddenEndpointError,
  ForbiddenError,
  KeyTypeError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ResponseShapeError,
  ServerError,
  UnauthorizedError,
  UnprocessableError,
  endpointText,
  type EndpointLabel,
} from './errors.js';
import { Limiter } from './limiter.js';
import { readProblem } from './problem.js';
import { DEFAULT_RETRY, RESET_CODES, RETRY_STATUSES, backoffMs, isIdempotent, parseRetryAfter, sleep, type RetryOptions } from './retry.js';
import { errorCode, sanitizeCause } from './sanitize.js';

export interface Timeouts {
  /** TCP/TLS connect, seconds. */
  connectS: number;
  /** Until the response headers arrive, seconds. */
  headersS: number;
  /** Between body chunks, seconds. */
  bodyS: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectS: 10, headersS: 30, bodyS: 30 };
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_MAX_PAGES = 1000;

/** One attempt of one request, for progress and dry-run logs. Never holds headers, bodies or keys. */
export interface ApiEvent {
  type: 'attempt' | 'refused';
  method: string;
  endpointId: string;
  /** The concrete path without query string. */
  path: string;
  /** HTTP status, or null when no response arrived (or the request was refused locally). */
  status: number | null;
  /** 1 for the first try. */
  attempt: number;
  durationMs: number;
  /** Network error code when no response arrived, or why the request was refused. */
  error?: string;
  /** Set when another attempt follows after this many milliseconds. */
  retryInMs?: number;
}

export interface ClientOptions {
  /** Origin (and optional path prefix) of the API; default https://api.devin.ai. */
  baseUrl?: string;
  /** The credential; its type decides which API versions this client may call. */
  key: string;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryOptions>;
  /** Requests in flight at once to this base URL (shared with `withKey` clients). */
  concurrency?: number;
  /** Dry run: every non-GET request is refused before anything is sent. */
  readOnly?: boolean;
  onEvent?: (e: ApiEvent) => void;
  /** Upper bound on pages of one list, against servers that never end. */
  maxPages?: number;
  userAgent?: string;
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestSpec<S extends z.ZodType> {
  endpoint: EndpointLabel;
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
  /** Schema of the success body. */
  schema: S;
}

/** Shared per base URL: the connection pool and the limiter. */
class Transport {
  readonly pool: Pool;
  readonly limiter: Limiter;
  /** Aborted on close: waits (backoff, rate-limit pauses) end and no further attempt starts. */
  readonly lifetime = new AbortController();
  closed = false;
  constructor(
    readonly origin: string,
    readonly prefix: string,
    readonly timeouts: Timeouts,
    concurrency: number,
  ) {
    this.pool = new Pool(origin, {
      connections: concurrency,
      connectTimeout: Math.round(timeouts.connectS * 1000),
      headersTimeout: Math.round(timeouts.headersS * 1000),
      bodyTimeout: Math.round(timeouts.bodyS * 1000),
      keepAliveTimeout: 10_000,
    });
    this.limiter = new Limiter(concurrency);
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort();
    await this.pool.close();
  }
}

function parseBaseUrl(baseUrl: string): { origin: string; prefix: string } {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    throw new InputError(`the API URL ${JSON.stringify(baseUrl.slice(0, 100))} is not a URL`, { hint: `use e.g. ${DEFAULT_API_URL}` });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new InputError(`the API URL must be http(s), not ${u.protocol}`, { hint: `use e.g. ${DEFAULT_API_URL}` });
  }
  if (u.username || u.password || u.search || u.hash) {
    throw new InputError('the API URL must not carry credentials, a query or a fragment', { hint: `use e.g. ${DEFAULT_API_URL}` });
  }
  return { origin: u.origin, prefix: u.pathname.replace(/\/+$/, '') };
}

function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) sp.append(k, String(x));
    else sp.append(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Errors where the request provably never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

export class ApiClient {
  readonly baseUrl: string;
  readonly readOnly: boolean;
  readonly maxPages: number;
  /** What kind of key this client holds (never the key). */
  readonly keyKind: KeyKind | null;
  // A private field: util.inspect and JSON.stringify of the client never show it.
  readonly #key: string;
  readonly #transport: Transport;
  readonly #retry: RetryOptions;
  readonly #onEvent: ((e: ApiEvent) => void) | undefined;
  readonly #userAgent: string;
  readonly #opts: ClientOptions;

  constructor(opts: ClientOptions, transport?: Transport) {
    const baseUrl = opts.baseUrl ?? DEFAULT_API_URL;
    const { origin, prefix } = parseBaseUrl(baseUrl);
    this.baseUrl = `${origin}${prefix}`;
    this.readOnly = opts.readOnly ?? false;
    this.maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
    this.keyKind = keyRuleFor(opts.key)?.kind ?? null;
    this.#key = opts.key;
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.#onEvent = opts.onEvent;
    this.#userAgent = opts.userAgent ?? 'devin-migrate';
    this.#transport =
      transport ??
      new Transport(origin, prefix, { ...DEFAULT_TIMEOUTS, ...opts.timeouts }, opts.concurrency ?? DEFAULT_CONCURRENCY);
    this.#opts = { ...opts, key: '' };
  }

  /** A client with another key on the same base URL, sharing its connections and limiter. */
  withKey(key: string, overrides: Pick<ClientOptions, 'readOnly' | 'onEvent' | 'retry' | 'maxPages'> = {}): ApiClient {
    return new ApiClient({ ...this.#opts, ...overrides, key, baseUrl: this.baseUrl }, this.#transport);
  }

  /** Close the shared connections (for every client made with `withKey` too). */
  close(): Promise<void> {
    return this.#transport.close();
  }

  /** Requests in flight right now on this base URL. */
  get inFlight(): number {
    return this.#transport.limiter.inFlight;
  }

  private emit(e: ApiEvent): void {
    try {
      this.#onEvent?.(e);
    } catch {
      // A logging callback must not break a request.
    }
  }

  /** Refuse, before anything is sent, what this client must never send. */
  private preflight(endpoint: EndpointLabel, path: string): void {
    const row = endpoint.version === 'v3' ? undefined : tryLegacyRow(endpoint.id);
    const matched = matchEndpoint(endpoint.method, path);
    const forbidden = row?.forbidden ? row : matched?.entry.forbidden ? matched.entry : undefined;
    if (forbidden) {
      this.emit({ type: 'refused', method: endpoint.method, endpointId: forbidden.id, path, status: null, attempt: 0, durationMs: 0, error: 'forbidden' });
      throw new ForbiddenEndpointError(endpoint.method, forbidden.paths[0]!, forbidden.id);
    }
    if (this.readOnly && endpoint.method !== 'GET') {
      this.emit({ type: 'refused', method: endpoint.method, endpointId: endpoint.id, path, status: null, attempt: 0, durationMs: 0, error: 'read-only' });
      throw new DryRunViolation(endpoint);
    }
    if (!keyWorksWith(this.#key, endpoint.version)) {
      const rule = keyRuleFor(this.#key);
      const held = rule ? `a ${rule.label}` : 'a value that is not a Devin key';
      const where = endpoint.version === 'v1' ? ` (from ${KEY_RULES[0]!.whereToGet})` : '';
      throw new KeyTypeError(
        endpoint,
        `${endpointText(endpoint)} is a ${endpoint.version} endpoint and needs ${requiredKeyFor(endpoint.version)}${where}, but the client holds ${held}`,
        rule?.note ? `use the right key (${rule.label}: ${rule.note})` : 'use the right key for this API version',
      );
    }
  }

  /** Send one request (with retries where safe) and return its validated body. */
  async request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.infer<S>> {
    const { endpoint } = spec;
    const path = fillTemplate(endpoint.template, spec.params ?? {}, { encode: true });
    this.preflight(endpoint, path);
    const url = `${this.#transport.prefix}${path}${queryString(spec.query)}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#key}`,
      accept: 'application/json',
      'user-agent': this.#userAgent,
    };
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json';
    }
    const idempotent = isIdempotent(endpoint.method);
    const retry = this.#retry;
    const limiter = this.#transport.limiter;

    const signal = this.#transport.lifetime.signal;
    for (let attempt = 0; ; attempt++) {
      if (this.#transport.closed) throw closedError(endpoint);
      const release = await limiter.acquire(signal);
      const started = performance.now();
      let status: number;
      let text: string;
      let retryAfterHeader: string | string[] | undefined;
      try {
        const res = await this.#transport.pool.request({
          method: endpoint.method,
          path: url,
          headers,
          body: body ?? null,
          idempotent,
        });
        status = res.statusCode;
        retryAfterHeader = res.headers['retry-after'];
        text = await res.body.text();
      } catch (e) {
        release();
        const code = errorCode(e);
        const durationMs = Math.round(performance.now() - started);
        const retryable = idempotent && RESET_CODES.has(code) && attempt < retry.maxRetries;
        const wait = retryable ? backoffMs(attempt, retry) : undefined;
        this.emit({ type: 'attempt', method: endpoint.method, endpointId: endpoint.id, path, status: null, attempt: attempt + 1, durationMs, error: code, ...(wait === undefined ? {} : { retryInMs: wait }) });
        if (retryable) {
          await sleep(wait!, signal);
          continue;
        }
        throw this.networkError(endpoint, e, code, attempt + 1, !idempotent && !NOT_SENT_CODES.has(code));
      }
      release();
      const durationMs = Math.round(performance.now() - started);

      if (status >= 200 && status < 300) {
        this.emit({ type: 'attempt', method: endpoint.method, endpointId: endpoint.id, path, status, attempt: attempt + 1, durationMs });
        return parseBody(endpoint, status, text, spec.schema);
      }

      const retryAfterMs = parseRetryAfter(retryAfterHeader);
      // Everyone on this base URL waits out a rate limit, retried or not.
      if (status === 429 && retryAfterMs !== null && retryAfterMs <= retry.maxRetryAfterS * 1000) {
        limiter.pauseUntil(Date.now() + retryAfterMs);
      }
      const retryable =
        idempotent &&
        RETRY_STATUSES.has(status) &&
        attempt < retry.maxRetries &&
        (retryAfterMs === null || retryAfterMs <= retry.maxRetryAfterS * 1000);
      const wait = retryable ? (retryAfterMs ?? backoffMs(attempt, retry)) : undefined;
      this.emit({ type: 'attempt', method: endpoint.method, endpointId: endpoint.id, path, status, attempt: attempt + 1, durationMs, ...(wait === undefined ? {} : { retryInMs: wait }) });
      if (retryable) {
        await sleep(wait!, signal);
        continue;
      }
      throw httpError(endpoint, status, text, attempt + 1, retryAfterMs, !idempotent && status >= 500);
    }
  }

  private networkError(endpoint: EndpointLabel, e: unknown, code: string, attempts: number, maybeApplied: boolean): NetworkError {
    const cause = sanitizeCause(e);
    const t = this.#transport.timeouts;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const applied = maybeApplied ? '; the request may have been carried out: look it up before trying again' : '';
    const phase = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connect' : code === 'UND_ERR_HEADERS_TIMEOUT' ? 'headers' : code === 'UND_ERR_BODY_TIMEOUT' ? 'body' : null;
    if (phase) {
      const timeoutS = phase === 'connect' ? t.connectS : phase === 'headers' ? t.headersS : t.bodyS;
      const what = phase === 'connect' ? 'connect' : phase === 'headers' ? 'answer' : 'finish its answer';
      return new ApiTimeoutError(
        { endpoint, code, maybeApplied, attempts, phase, timeoutS, cause },
        `${endpointText(endpoint)} timed out: ${this.baseUrl} did not ${what} within ${timeoutS} s${tries}`,
        `check the network and --api-url, or retry later${applied}`,
      );
    }
    return new NetworkError(
      { endpoint, code, maybeApplied, attempts, cause },
      `${endpointText(endpoint)} failed: could not reach ${this.baseUrl} (${code})${tries}`,
      `check the network and --api-url, or retry later${applied}`,
    );
  }
}

function closedError(endpoint: EndpointLabel): NetworkError {
  return new NetworkError(
    { endpoint, code: 'CLIENT_CLOSED', maybeApplied: false, attempts: 0 },
    `${endpointText(endpoint)} was not sent: the API client was closed`,
    'an earlier error stopped the run; see the message before this one',
  );
}

function tryLegacyRow(id: string) {
  try {
    return legacyRow(id);
  } catch {
    return undefined;
  }
}

function parseBody<S extends z.ZodType>(endpoint: EndpointLabel, status: number, text: string, schema: S): z.infer<S> {
  let json: unknown = null;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ResponseShapeError(
        { endpoint, fieldPath: '(root)', status },
        `${endpointText(endpoint)} answered ${status} with a body that is not JSON`,
      );
    }
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const fieldPath = issue.path.map(String).join('.') || '(root)';
  // Zod messages name the expected type, never the received value.
  throw new ResponseShapeError(
    { endpoint, fieldPath, status },
    `${endpointText(endpoint)} answered with an unexpected body: ${fieldPath}: ${issue.message}`,
  );
}

function httpError(
  endpoint: EndpointLabel,
  status: number,
  text: string,
  attempts: number,
  retryAfterMs: number | null,
  maybeApplied: boolean,
): ApiHttpError {
  const p = readProblem(text);
  const init = { status, endpoint, detail: p.detail, problems: p.problems, missingPermission: p.missingPermission, retryAfterMs, maybeApplied, attempts };
  const head = `${endpointText(endpoint)} failed: ${status} ${STATUS_TEXT[status] ?? ''}`.trimEnd();
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const why = p.detail ? `: ${p.detail}` : '';
  const msg = `${head}${why}${tries}`;
  switch (true) {
    case status === 400:
      return new BadRequestError(init, msg, 'the API rejected the request as invalid');
    case status === 401:
      return new UnauthorizedError(
        init,
        msg,
        `the key is missing, invalid, expired or revoked; this call needs ${requiredKeyFor(endpoint.version)}`,
      );
    case status === 403: {
      const hint = p.missingPermission
        ? `the caller lacks the ${p.missingPermission} permission; use a key whose ${endpoint.version === 'v3' ? "service user's role" : 'user'} has it`
        : endpoint.version === 'v2'
          ? `v2 accepts only the personal key of an Enterprise Admin; this call needs ${requiredKeyFor('v2')}`
          : 'the key is valid but not allowed to do this';
      const withPerm = p.missingPermission && !msg.includes(p.missingPermission) ? `${head}: missing permission ${p.missingPermission}${why}${tries}` : msg;
      return new ForbiddenError(init, withPerm, hint);
    }
    case status === 404:
      return new NotFoundError(init, msg, 'check the ids in the request (organization, user, service user, session)');
    case status === 409:
      return new ConflictError(init, msg, 'the resource is not in the state the request expects (e.g. already revoked)');
    case status === 422:
      return new UnprocessableError(init, msg, 'the API rejected fields of the request');
    case status === 429:
      return new RateLimitedError(
        init,
        `${head}${why}${tries}`,
        retryAfterMs !== null ? `rate limited; retry after ${Math.ceil(retryAfterMs / 1000)} s` : 'rate limited; retry later or lower the concurrency',
      );
    case status >= 500:
      return new ServerError(
        init,
        msg,
        maybeApplied
          ? 'the request may have been carried out anyway: look it up before trying again'
          : 'the API failed; retry later',
      );
    default:
      return new ApiHttpError(init, msg);
  }
}

export function createApiClient(opts: ClientOptions): ApiClient {
  return new ApiClient(opts);
}
