// When to try a request again and how long to wait. Only idempotent methods are retried:
// a POST or PATCH that fails after it may have reached the server is reported with
// `maybeApplied`, and the caller looks before it tries again.

export interface RetryOptions {
  /** Attempts after the first one. */
  maxRetries: number;
  /** First backoff ceiling, in seconds; doubles each attempt (full jitter below it). */
  baseDelayS: number;
  /** Highest backoff ceiling, in seconds. */
  maxDelayS: number;
  /** A `Retry-After` longer than this is not waited for: the call fails with the 429. */
  maxRetryAfterS: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 4, baseDelayS: 0.5, maxDelayS: 20, maxRetryAfterS: 120 };

/** GET, PUT and DELETE may be sent twice with the same effect; POST and PATCH may not. */
export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'PUT' || method === 'DELETE' || method === 'HEAD';
}

export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Codes of a broken or refused connection (Node and undici). */
export const RESET_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Full jitter: a random wait between 0 and min(max, base * 2^attempt), in milliseconds. */
export function backoffMs(attempt: number, opts: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxDelayS, opts.baseDelayS * 2 ** attempt) * 1000;
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds from now: delay-seconds (`120`, `0.5`) or an HTTP-date.
 * Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return null;
  const s = v.trim();
  if (s === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** Wait `ms`; ends early (resolving) when `signal` aborts, so closing a client ends its waits. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
