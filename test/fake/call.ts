// One HTTP call to the fake over its loopback socket with undici (the client the toolkit uses).
import { request } from 'undici';
import { LEGACY_ENDPOINTS, V3_ENDPOINTS, fillTemplate } from '../../src/catalog/index.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export async function call(base: string, method: string, path: string, key?: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`${base}${path}`, {
    method: method as 'GET',
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.statusCode, headers: res.headers, body: parsed };
}

/** The path of a catalogue row (v3 id or legacy id; `spelling` picks a legacy path variant). */
export function pathOf(id: string, params: Record<string, string> = {}, query = '', spelling = 0): string {
  const v3 = V3_ENDPOINTS.find((e) => e.id === id);
  const template = v3 ? v3.path : LEGACY_ENDPOINTS.find((e) => e.id === id)?.paths[spelling];
  if (!template) throw new Error(`no catalogue row ${id}`);
  return fillTemplate(template, params, { encode: true }) + (query ? `?${query}` : '');
}

/** Method of a catalogue row. */
export function methodOf(id: string): string {
  const row = V3_ENDPOINTS.find((e) => e.id === id) ?? LEGACY_ENDPOINTS.find((e) => e.id === id);
  if (!row) throw new Error(`no catalogue row ${id}`);
  return row.method;
}

/** Call a catalogue row by id. */
export function callId(
  base: string,
  id: string,
  key: string | undefined,
  opts: { params?: Record<string, string>; query?: string; body?: unknown; spelling?: number } = {},
): Promise<Reply> {
  return call(base, methodOf(id), pathOf(id, opts.params, opts.query, opts.spelling), key, opts.body);
}
