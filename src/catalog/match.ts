// From a method and a concrete URL or path (any host, with or without scheme) to the catalogue
// row it calls and the v3 request that replaces it.

import { LEGACY_ENDPOINTS, type LegacyEndpoint } from './legacy-endpoints.js';
import { V3_ENDPOINTS, v3Endpoint, type HttpMethod, type V3Endpoint } from './v3-endpoints.js';

export interface CompiledTemplate {
  template: string;
  regex: RegExp;
  params: string[];
  /** Literal segments count: the more, the more specific (`/sessions/insights` beats `/sessions/{id}`). */
  literals: number;
}

const cache = new Map<string, CompiledTemplate>();

export function compileTemplate(template: string): CompiledTemplate {
  const hit = cache.get(template);
  if (hit) return hit;
  const params: string[] = [];
  let literals = 0;
  const body = template
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (m) {
        params.push(m[1]!);
        return '([^/?#]+)';
      }
      if (seg) literals++;
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const compiled = { template, regex: new RegExp(`^${body}/?$`), params, literals };
  cache.set(template, compiled);
  return compiled;
}

/** Template parameters in order: `/a/{x}/b/{y}` -> ['x', 'y']. */
export function templateParams(template: string): string[] {
  return compileTemplate(template).params;
}

/** `{name}` -> `:name`, the form msw and most routers take. */
export function toRouterPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * Fill a template. Values are inserted as given unless `encode` is set: the codemod passes
 * source expressions (`${id}`) through untouched; the HTTP client encodes.
 */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  opts: { encode?: boolean; keepMissing?: boolean } = {},
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) {
      if (opts.keepMissing) return whole;
      throw new Error(`catalog: no value for {${name}} in ${template}`);
    }
    return opts.encode ? encodeURIComponent(v) : v;
  });
}

export interface SplitUrl {
  /** `https://api.devin.ai` or '' when the input was a bare path. */
  origin: string;
  path: string;
  /** Including the leading `?`, or ''. */
  search: string;
}

/** Split a URL or path; accepts `https://host/p`, `//host/p`, `host/p` only with a scheme. */
export function splitUrl(urlOrPath: string): SplitUrl {
  const m = /^((?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#]*)?([^?#]*)(\?[^#]*)?/i.exec(urlOrPath.trim());
  return { origin: m?.[1] ?? '', path: m?.[2] || '/', search: m?.[3] ?? '' };
}

/** The path as the catalogue spells it: gen-0 `/api/v2/...` loses its `/api`, no trailing slash. */
export function normalizeLegacyPath(path: string): string {
  let p = path.startsWith('/') ? path : `/${path}`;
  p = p.replace(/^\/api(?=\/(?:beta\/)?v[12]\/)/, '');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  return p;
}

/** True when a path is on the v1 or v2 API, matched or not. */
export function isLegacyPath(path: string): boolean {
  return /^\/(?:beta\/)?v[12](?:\/|$)/.test(normalizeLegacyPath(path));
}

export interface V3Translation {
  endpoint: V3Endpoint;
  method: HttpMethod;
  /** Concrete where values were known; `{org_id}` (or others) left in place when not. */
  path: string;
  /** v3 parameters that the legacy call did not carry (usually `org_id`). */
  missing: string[];
}

export interface EndpointMatch {
  entry: LegacyEndpoint;
  /** The template of `entry.paths` that matched. */
  template: string;
  params: Record<string, string>;
  origin: string;
  search: string;
  v3: V3Translation | null;
}

interface Candidate {
  entry: LegacyEndpoint;
  compiled: CompiledTemplate;
}

const CANDIDATES: Candidate[] = LEGACY_ENDPOINTS.flatMap((entry) =>
  entry.paths.map((p) => ({ entry, compiled: compileTemplate(p) })),
).sort((a, b) => b.compiled.literals - a.compiled.literals);

export interface TranslateOptions {
  /** Fills `{org_id}` where the legacy call had none. */
  orgId?: string;
  /** Values for other missing v3 parameters. */
  values?: Readonly<Record<string, string>>;
}

/** The v3 request that replaces a matched legacy call. */
export function translate(
  entry: LegacyEndpoint,
  params: Readonly<Record<string, string>>,
  opts: TranslateOptions = {},
): V3Translation | null {
  if (entry.v3 === null) return null;
  const endpoint = v3Endpoint(entry.v3);
  const values: Record<string, string> = { ...opts.values };
  for (const [k, v] of Object.entries(params)) values[entry.paramRenames?.[k] ?? k] = v;
  if (opts.orgId !== undefined && values.org_id === undefined) values.org_id = opts.orgId;
  const missing = templateParams(endpoint.path).filter((p) => values[p] === undefined);
  return {
    endpoint,
    method: endpoint.method,
    path: fillTemplate(endpoint.path, values, { keepMissing: true }),
    missing,
  };
}

function matchWith(candidates: Candidate[], urlOrPath: string, opts: TranslateOptions): EndpointMatch[] {
  const { origin, path, search } = splitUrl(urlOrPath);
  const p = normalizeLegacyPath(path);
  const out: EndpointMatch[] = [];
  for (const c of candidates) {
    const m = c.compiled.regex.exec(p);
    if (!m) continue;
    const params: Record<string, string> = {};
    c.compiled.params.forEach((name, i) => (params[name] = m[i + 1]!));
    out.push({ entry: c.entry, template: c.compiled.template, params, origin, search, v3: translate(c.entry, params, opts) });
  }
  return out;
}

/** The catalogue row a request calls, or null when it is not a known v1/v2 endpoint. */
export function matchEndpoint(method: string, urlOrPath: string, opts: TranslateOptions = {}): EndpointMatch | null {
  const m = method.toUpperCase();
  return matchWith(CANDIDATES.filter((c) => c.entry.method === m), urlOrPath, opts)[0] ?? null;
}

/**
 * Every row whose path matches, whatever the method, most specific first. For code where the
 * method is not known (a URL constant, a path passed to a wrapper).
 */
export function matchPath(urlOrPath: string, opts: TranslateOptions = {}): EndpointMatch[] {
  const all = matchWith(CANDIDATES, urlOrPath, opts);
  if (all.length === 0) return all;
  // Keep only the most specific template's rows: `/sessions/insights` must not also be a session id.
  const best = Math.max(...all.map((m) => compileTemplate(m.template).literals));
  return all.filter((m) => compileTemplate(m.template).literals === best);
}

const V3_CANDIDATES = V3_ENDPOINTS.map((e) => ({ e, c: compileTemplate(e.path) })).sort(
  (a, b) => b.c.literals - a.c.literals,
);

/** The v3 endpoint a request calls (for the fake API and the client's dry-run log). */
export function matchV3(method: string, urlOrPath: string): { endpoint: V3Endpoint; params: Record<string, string> } | null {
  const { path } = splitUrl(urlOrPath);
  const m = method.toUpperCase();
  for (const { e, c } of V3_CANDIDATES) {
    if (e.method !== m) continue;
    const r = c.regex.exec(path);
    if (!r) continue;
    const params: Record<string, string> = {};
    c.params.forEach((name, i) => (params[name] = decodeURIComponent(r[i + 1]!)));
    return { endpoint: e, params };
  }
  return null;
}
