// Fault injection for one run: added latency, a token-bucket rate limit answering 429 with
// Retry-After, a share of 502/503/504 answers, and dropped connections. Random decisions come
// from a seeded PRNG, drawn the same way for every request, so a run repeats exactly.
import { mulberry32, type Rng } from './prng.js';

export interface FakeFaults {
  /** Added to every response, in milliseconds. */
  latencyMs?: number;
  /** Requests per second before 429s (token bucket, burst = one second's worth). */
  rateLimitRps?: number;
  /** Share (0..1) of requests answered 502, 503 or 504. */
  errorRate?: number;
  /** Share (0..1) of requests whose connection is destroyed without an answer. */
  resetRate?: number;
  /** PRNG seed for fault decisions. */
  seed?: number;
}

export type FaultDecision =
  | { kind: 'reset'; latencyMs: number }
  | { kind: 'rate-limited'; latencyMs: number; retryAfterSeconds: number }
  | { kind: 'error'; latencyMs: number; status: 502 | 503 | 504 }
  | { kind: 'pass'; latencyMs: number };

const ERROR_STATUSES = [502, 503, 504] as const;

export class FaultInjector {
  private faults: FakeFaults = {};
  private rng: Rng = mulberry32(0);
  private tokens = 0;
  private lastRefill = 0;

  constructor(faults: FakeFaults = {}, private readonly clock: () => number = Date.now) {
    this.set(faults);
  }

  set(faults: FakeFaults): void {
    for (const [name, v] of [['errorRate', faults.errorRate], ['resetRate', faults.resetRate]] as const) {
      if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
    }
    if (faults.rateLimitRps !== undefined && !(faults.rateLimitRps > 0)) throw new RangeError('rateLimitRps must be above 0');
    if (faults.latencyMs !== undefined && !(faults.latencyMs >= 0)) throw new RangeError('latencyMs must be 0 or more');
    this.faults = { ...faults };
    this.rng = mulberry32(faults.seed ?? 1);
    this.tokens = faults.rateLimitRps ?? 0;
    this.lastRefill = this.clock();
  }

  get current(): FakeFaults {
    return { ...this.faults };
  }

  /** Decide what happens to the next request. */
  decide(): FaultDecision {
    const f = this.faults;
    // Always draw three numbers so one fault's setting does not shift the others' sequence.
    const rReset = this.rng();
    const rError = this.rng();
    const rStatus = this.rng();
    const latencyMs = f.latencyMs ?? 0;
    if (f.resetRate && rReset < f.resetRate) return { kind: 'reset', latencyMs };
    if (f.rateLimitRps) {
      const now = this.clock();
      const burst = Math.max(1, f.rateLimitRps);
      this.tokens = Math.min(burst, this.tokens + ((now - this.lastRefill) / 1000) * f.rateLimitRps);
      this.lastRefill = now;
      if (this.tokens < 1) {
        const retryAfterSeconds = Math.max(1, Math.ceil((1 - this.tokens) / f.rateLimitRps));
        return { kind: 'rate-limited', latencyMs, retryAfterSeconds };
      }
      this.tokens -= 1;
    }
    if (f.errorRate && rError < f.errorRate) {
      return { kind: 'error', latencyMs, status: ERROR_STATUSES[Math.floor(rStatus * ERROR_STATUSES.length)]! };
    }
    return { kind: 'pass', latencyMs };
  }
}
