// Read one candidate file: size cap checked on the open descriptor before reading, NUL-byte
// sniff for binaries. Synchronous on purpose: for files in the page cache a sync read is a
// memcpy, and the thread-pool round trips of async reads cost more than they overlap (see
// bench/scan/README.md for the figures).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type ReadOutcome =
  | { kind: 'text'; buf: Buffer }
  | { kind: 'too-large'; size: number }
  | { kind: 'binary' }
  | { kind: 'unreadable'; code: string };

const SNIFF_BYTES = 8000;

export function readCandidate(abs: string, maxSize: number): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (e) {
    return { kind: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'error' };
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxSize) return { kind: 'too-large', size };
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    const text = off === size ? buf : buf.subarray(0, off);
    if (text.subarray(0, SNIFF_BYTES).indexOf(0) !== -1) return { kind: 'binary' };
    return { kind: 'text', buf: text };
  } catch (e) {
    return { kind: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    closeSync(fd);
  }
}

/** Decode as UTF-8 without a byte-order mark (it would shift every column of line 1). */
export function decode(buf: Buffer): string {
  const s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
