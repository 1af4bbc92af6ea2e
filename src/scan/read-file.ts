// Reading candidate files fast: one shared buffer (no allocation per file), no fstat (a read
// that fills the buffer past the size cap means "too large"), a short read taken as the end of
// a regular file, a NUL byte in the first 8000 bytes meaning binary. Synchronous on purpose:
// for files in the page cache a sync read is a memcpy, and the thread-pool round trips of async
// reads cost far more than they overlap (bench/scan/README.md has the figures).
import { closeSync, openSync, readSync } from 'node:fs';

export type ReadOutcome =
  | { kind: 'text'; view: Buffer }
  | { kind: 'too-large' }
  | { kind: 'binary' }
  | { kind: 'unreadable'; code: string };

const SNIFF_BYTES = 8000;
const INITIAL = 1 << 20;

export class FileReader {
  private buf: Buffer;
  private readonly limit: number;

  constructor(maxSize: number) {
    this.limit = maxSize + 1;
    this.buf = Buffer.allocUnsafe(Math.min(this.limit, INITIAL));
  }

  /** Read a file into the shared buffer; a `text` view is valid until the next read. */
  read(abs: string): ReadOutcome {
    let fd: number;
    try {
      fd = openSync(abs, 'r');
    } catch (e) {
      return { kind: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'error' };
    }
    let total = 0;
    try {
      for (;;) {
        if (total === this.buf.length) {
          if (this.buf.length >= this.limit) return { kind: 'too-large' };
          const bigger = Buffer.allocUnsafe(Math.min(this.limit, this.buf.length * 4));
          this.buf.copy(bigger, 0, 0, total);
          this.buf = bigger;
        }
        const want = this.buf.length - total;
        const n = readSync(fd, this.buf, total, want, null);
        total += n;
        if (n < want) break; // end of file
      }
    } catch (e) {
      return { kind: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'error' };
    } finally {
      closeSync(fd);
    }
    if (total >= this.limit) return { kind: 'too-large' };
    const view = this.buf.subarray(0, total);
    if (view.subarray(0, SNIFF_BYTES).indexOf(0) !== -1) return { kind: 'binary' };
    return { kind: 'text', view };
  }
}

/** Decode as UTF-8 without a byte-order mark (it would shift every column of line 1). */
export function decode(buf: Buffer): string {
  const s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
