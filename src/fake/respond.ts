// Response shapes of the fake, as the reference documents them: v1/v2 errors `{detail}`, v3
// 401/403 `application/problem+json`, 422 `{detail: [{loc, msg, type}]}` everywhere.
import { HttpResponse } from 'msw';
import type { z } from 'zod';

/** Thrown inside a route to answer with `response` at once. */
export class FakeHttpError extends Error {
  constructor(readonly response: Response) {
    super(`fake api answered ${response.status}`);
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers });
}

export function detail(status: number, message: string): FakeHttpError {
  return new FakeHttpError(json({ detail: message }, status));
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  501: 'Not Implemented',
};

export function problem(status: number, message: string): FakeHttpError {
  const body = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail: message };
  return new FakeHttpError(
    new HttpResponse(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } }),
  );
}

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export function validation(issues: ValidationIssue[]): FakeHttpError {
  return new FakeHttpError(json({ detail: issues }, 422));
}

export function invalid(loc: (string | number)[], msg: string, type = 'value_error'): FakeHttpError {
  return validation([{ loc, msg, type }]);
}

/** zod issues to FastAPI-style 422 entries. */
export function zodIssues(where: 'body' | 'query', error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => {
    const loc = [where, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (i.code === 'invalid_type' && /received undefined/.test(i.message)) return { loc, msg: 'Field required', type: 'missing' };
    return { loc, msg: i.message, type: i.code };
  });
}

/** The JSON body of a request, validated; 422 when it is not JSON or not the schema. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const text = await request.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw invalid(['body'], 'JSON decode error', 'json_invalid');
    }
  }
  const r = schema.safeParse(value);
  if (!r.success) throw validation(zodIssues('body', r.error));
  return r.data;
}

/** An integer query parameter with bounds; 422 naming it otherwise. */
export function intQuery(query: URLSearchParams, name: string, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return dflt;
  if (!/^-?\d+$/.test(raw.trim())) throw invalid(['query', name], 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing');
  const n = Number(raw);
  if (n < min) throw invalid(['query', name], `Input should be greater than or equal to ${min}`, 'greater_than_equal');
  if (n > max) throw invalid(['query', name], `Input should be less than or equal to ${max}`, 'less_than_equal');
  return n;
}

export function boolQuery(query: URLSearchParams, name: string, dflt: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return dflt;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw invalid(['query', name], 'Input should be a valid boolean, unable to interpret input', 'bool_parsing');
}

/** Epoch ms to the v1/v2 ISO form. */
export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
/** Epoch ms to the v3 Unix-seconds form. */
export const unix = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));
