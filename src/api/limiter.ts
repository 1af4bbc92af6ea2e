// One limiter per base URL: at most N requests in flight, and a shared pause after a 429 with
// `Retry-After`, so that many concurrent callers back off together instead of each hammering
// a rate-limited API on its own schedule.
import { sleep } from './retry.js';

export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
  }

  /** Milliseconds left of a shared pause (0 when none). */
  pauseLeftMs(now: number = Date.now()): number {
    return Math.max(0, this.pausedUntil - now);
  }

  /** Every caller waits until at least `until` (epoch ms) before its next attempt. */
  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** Wait for a slot and for any shared pause; returns the release function. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      const left = this.pauseLeftMs();
      if (left > 0 && !signal?.aborted) {
        await sleep(left, signal);
        continue;
      }
      if (this.active < this.concurrency) break;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }

  get inFlight(): number {
    return this.active;
  }
}

/** Run `fn` over items with at most `limit` at once; results in input order. Stops at the first error. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
