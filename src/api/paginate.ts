// Async iterators over every list style of the three API versions. Each follows pages until the
// server says there are no more, and fails with a PaginationError (instead of looping forever)
// when a server repeats a cursor or a page, or exceeds the client's page limit.
import { z } from 'zod';
import type { ApiClient } from './client.js';
import { PaginationError, endpointText, type EndpointLabel } from './errors.js';
import { v2Envelope } from './schemas/v2.js';
import { v3Page } from './schemas/v3.js';

type Query = Readonly<Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>>;

export interface ListSpec<T extends z.ZodType> {
  endpoint: EndpointLabel;
  params?: Readonly<Record<string, string>>;
  /** Extra query parameters (filters); the paging ones are added here. */
  query?: Query;
  item: T;
  pageSize?: number;
}

function tooMany(endpoint: EndpointLabel, max: number): PaginationError {
  return new PaginationError(endpoint, `${endpointText(endpoint)} returned more than ${max} pages; stopped`);
}

/** Stable fingerprint of a page, to notice a server that ignores the paging parameters. */
function pageKey(items: readonly unknown[]): string {
  return items.length === 0 ? '' : JSON.stringify([items.length, items[0], items[items.length - 1]]);
}

/** v3: `first`/`after`, envelope `{ items, end_cursor, has_next_page }`. */
export async function* paginateV3<T extends z.ZodType>(client: ApiClient, spec: ListSpec<T>): AsyncGenerator<z.infer<T>> {
  const schema = v3Page(spec.item);
  const first = spec.pageSize ?? 200;
  const seen = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < client.maxPages; page++) {
    const body = await client.request({ endpoint: spec.endpoint, params: spec.params, query: { ...spec.query, first, after }, schema });
    yield* body.items as z.infer<T>[];
    const cursor = body.end_cursor ?? null;
    if (!body.has_next_page || !cursor) return;
    if (seen.has(cursor)) {
      throw new PaginationError(spec.endpoint, `${endpointText(spec.endpoint)} returned the same cursor twice; stopped`);
    }
    seen.add(cursor);
    after = cursor;
  }
  throw tooMany(spec.endpoint, client.maxPages);
}

async function* paginateV2<T extends z.ZodType>(
  client: ApiClient,
  spec: ListSpec<T>,
  style: 'skip' | 'page',
): AsyncGenerator<z.infer<T>> {
  const schema = v2Envelope(spec.item);
  const size = spec.pageSize ?? (style === 'page' ? 100 : 200);
  let skip = 0;
  let pageNo = 1;
  let previous = '';
  for (let page = 0; page < client.maxPages; page++) {
    const paging = style === 'page' ? { page: pageNo, per_page: size } : { skip, limit: size };
    const body = await client.request({ endpoint: spec.endpoint, params: spec.params, query: { ...spec.query, ...paging }, schema });
    const items = body.items as z.infer<T>[];
    const key = pageKey(items);
    if (page > 0 && key !== '' && key === previous) {
      throw new PaginationError(spec.endpoint, `${endpointText(spec.endpoint)} returned the same page twice; stopped`);
    }
    previous = key;
    yield* items;
    if (!body.has_more) return;
    if (items.length === 0) {
      throw new PaginationError(spec.endpoint, `${endpointText(spec.endpoint)} said there is more but returned an empty page; stopped`);
    }
    skip += items.length;
    pageNo += 1;
  }
  throw tooMany(spec.endpoint, client.maxPages);
}

/** v2 `skip`/`limit`, envelope `{ items, total, skip, limit, has_more, next_cursor }`. */
export function paginateV2Skip<T extends z.ZodType>(client: ApiClient, spec: ListSpec<T>): AsyncGenerator<z.infer<T>> {
  return paginateV2(client, spec, 'skip');
}

/** v2 `page`/`per_page` (the api-keys list), same envelope. */
export function paginateV2Page<T extends z.ZodType>(client: ApiClient, spec: ListSpec<T>): AsyncGenerator<z.infer<T>> {
  return paginateV2(client, spec, 'page');
}

export interface AuditSpec<T extends z.ZodType> extends ListSpec<T> {
  /** The `before` value that asks for the page after this (oldest so far) item. */
  cursorOf: (item: z.infer<T>) => string;
  /** Identity of an item: pages may overlap at the boundary and are de-duplicated by it. */
  idOf: (item: z.infer<T>) => string;
}

/**
 * v2 audit logs: `before`/`after`/`limit`, envelope `{ audit_logs: [...] }`, newest first. The
 * next page is asked for with `before` just past the oldest item seen (so that entries sharing
 * its timestamp are not skipped); repeats are dropped; a short page is the last.
 */
export async function* paginateV2Audit<T extends z.ZodType>(client: ApiClient, spec: AuditSpec<T>): AsyncGenerator<z.infer<T>> {
  const schema = z.object({ audit_logs: z.array(spec.item) });
  const limit = spec.pageSize ?? 100;
  const cursors = new Set<string>();
  const ids = new Set<string>();
  const start = spec.query?.before;
  let before: string | undefined = typeof start === 'string' ? start : undefined;
  for (let page = 0; page < client.maxPages; page++) {
    const body = await client.request({ endpoint: spec.endpoint, params: spec.params, query: { ...spec.query, limit, before }, schema });
    const items = body.audit_logs as z.infer<T>[];
    for (const item of items) {
      const id = spec.idOf(item);
      if (ids.has(id)) continue;
      ids.add(id);
      yield item;
    }
    if (items.length < limit) return;
    const cursor = spec.cursorOf(items[items.length - 1]!);
    if (cursors.has(cursor)) {
      throw new PaginationError(spec.endpoint, `${endpointText(spec.endpoint)} returned the same page twice; stopped`);
    }
    cursors.add(cursor);
    before = cursor;
  }
  throw tooMany(spec.endpoint, client.maxPages);
}

/** v1 `limit`/`offset`, envelope `{ <name>: [...] }` or a bare array; a short page is the last. */
export async function* paginateV1<T extends z.ZodType>(
  client: ApiClient,
  spec: ListSpec<T> & { envelope: string },
): AsyncGenerator<z.infer<T>> {
  const schema = z.union([z.array(spec.item), z.object({ [spec.envelope]: z.array(spec.item) })]);
  const limit = spec.pageSize ?? 100;
  let offset = 0;
  let previous = '';
  for (let page = 0; page < client.maxPages; page++) {
    const body = (await client.request({ endpoint: spec.endpoint, params: spec.params, query: { ...spec.query, limit, offset }, schema })) as
      | z.infer<T>[]
      | Record<string, z.infer<T>[]>;
    const items = Array.isArray(body) ? body : body[spec.envelope]!;
    const key = pageKey(items);
    if (page > 0 && key !== '' && key === previous) {
      throw new PaginationError(spec.endpoint, `${endpointText(spec.endpoint)} returned the same page twice; stopped`);
    }
    previous = key;
    yield* items;
    if (items.length < limit) return;
    offset += items.length;
  }
  throw tooMany(spec.endpoint, client.maxPages);
}

/** Drain an async iterator into an array. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
