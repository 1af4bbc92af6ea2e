// The list envelopes of each API generation (reference §3.4, §5, §6): v3 `first`/`after`
// cursors, v2 `skip`/`limit` and `page`/`per_page`, v1 `limit`/`offset`.
import { intQuery, invalid } from './respond.js';

export interface V3Page<T> {
  items: T[];
  end_cursor: string | null;
  has_next_page: boolean;
  total: number;
}

export interface V2Page<T> {
  items: T[];
  total: number;
  skip: number;
  limit: number;
  has_more: boolean;
  next_cursor: string | null;
}

// Cursors are opaque to clients; here they encode the offset after the last item returned.
function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

/** `first` 1..200 (default 100), `after` an end_cursor of an earlier page. */
export function v3Page<T>(query: URLSearchParams, all: readonly T[]): V3Page<T> {
  const first = intQuery(query, 'first', 100, 1, 200);
  const after = query.get('after');
  let start = 0;
  if (after !== null && after !== '') {
    const n = decodeCursor(after);
    if (n === null) throw invalid(['query', 'after'], 'Invalid cursor', 'value_error');
    start = n;
  }
  const items = all.slice(start, start + first);
  const end = start + items.length;
  return { items, end_cursor: items.length > 0 ? encodeCursor(end) : null, has_next_page: end < all.length, total: all.length };
}

/** `skip` >= 0 (default 0), `limit` 1..maxLimit (default 100). */
export function v2Skip<T>(query: URLSearchParams, all: readonly T[], maxLimit = 200): V2Page<T> {
  const skip = intQuery(query, 'skip', 0, 0);
  const limit = intQuery(query, 'limit', Math.min(100, maxLimit), 1, maxLimit);
  const items = all.slice(skip, skip + limit);
  const hasMore = skip + items.length < all.length;
  return { items, total: all.length, skip, limit, has_more: hasMore, next_cursor: null };
}

/** `page` >= 1 (default 1), `per_page` 1..100 (default 25); the same envelope as skip/limit. */
export function v2PageNumber<T>(query: URLSearchParams, all: readonly T[]): V2Page<T> {
  const page = intQuery(query, 'page', 1, 1);
  const perPage = intQuery(query, 'per_page', 25, 1, 100);
  const skip = (page - 1) * perPage;
  const items = all.slice(skip, skip + perPage);
  const hasMore = skip + items.length < all.length;
  return { items, total: all.length, skip, limit: perPage, has_more: hasMore, next_cursor: null };
}

/** v1 `limit` (default 100) and `offset` (default 0). */
export function v1Offset<T>(query: URLSearchParams, all: readonly T[]): T[] {
  const limit = intQuery(query, 'limit', 100, 1, 1000);
  const offset = intQuery(query, 'offset', 0, 0);
  return all.slice(offset, offset + limit);
}
