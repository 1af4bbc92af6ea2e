// The fake's msw request handlers, registered from the endpoint catalogue: every v1/v2 path
// spelling of LEGACY_ENDPOINTS and every V3_ENDPOINTS row gets a handler. The implementation
// is looked up by catalogue id; rows without one answer 501 (after auth, so key checks still
// hold everywhere). No API path is written here.
import { http, type HttpHandler } from 'msw';
import {
  LEGACY_ENDPOINTS,
  V3_ENDPOINTS,
  compileTemplate,
  toRouterPath,
  type HttpMethod,
  type LegacyEndpoint,
  type V3Endpoint,
} from '../catalog/index.js';
import { authenticateLegacy, authenticateV3, authorizeV3 } from './auth.js';
import type { FakeEnterprise } from './enterprise.js';
import { FakeHttpError, detail, json, problem } from './respond.js';
import type { LegacyRoute, V3Route } from './route.js';
import { V1_ROUTES } from './routes/v1.js';
import { V2_ROUTES } from './routes/v2.js';
import { V3_ENTERPRISE_ROUTES } from './routes/v3-enterprise.js';
import { V3_SERVICE_USER_ROUTES } from './routes/v3-service-users.js';
import { V3_SESSION_ROUTES } from './routes/v3-sessions.js';

export const LEGACY_ROUTES: Readonly<Record<string, LegacyRoute>> = { ...V1_ROUTES, ...V2_ROUTES };
export const V3_ROUTES: Readonly<Record<string, V3Route>> = { ...V3_ENTERPRISE_ROUTES, ...V3_SERVICE_USER_ROUTES, ...V3_SESSION_ROUTES };

/** Catalogue ids the fake implements; the rest answer 501. */
export function implementedIds(): string[] {
  return [...Object.keys(LEGACY_ROUTES), ...Object.keys(V3_ROUTES)].sort();
}

const METHODS: Record<HttpMethod, typeof http.get> = {
  GET: http.get,
  POST: http.post,
  PUT: http.put,
  PATCH: http.patch,
  DELETE: http.delete,
};

type Resolver = (info: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => Promise<Response>;

function stringParams(params: Record<string, string | readonly string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') out[k] = decodeURIComponent(v);
  return out;
}

async function guarded(run: () => Response | Promise<Response>, version: 'v1' | 'v2' | 'v3'): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof FakeHttpError) return e.response;
    const message = `internal error in the fake API: ${e instanceof Error ? e.message : String(e)}`;
    return version === 'v3' ? problem(500, message).response : detail(500, message).response;
  }
}

function legacyResolver(state: FakeEnterprise, entry: LegacyEndpoint): Resolver {
  const impl = LEGACY_ROUTES[entry.id];
  return ({ request, params }) =>
    guarded(() => {
      const principal = authenticateLegacy(state, entry.version, request);
      if (!impl) return json({ detail: `The fake Devin API does not implement ${entry.method} ${entry.paths[0]} (${entry.id})` }, 501);
      return impl({ state, request, params: stringParams(params), query: new URL(request.url).searchParams, principal });
    }, entry.version);
}

function v3Resolver(state: FakeEnterprise, endpoint: V3Endpoint): Resolver {
  const impl = V3_ROUTES[endpoint.id];
  return ({ request, params }) =>
    guarded(() => {
      const p = stringParams(params);
      const principal = authenticateV3(state, request);
      authorizeV3(state, principal, endpoint, p);
      if (!impl) throw problem(501, `The fake Devin API does not implement ${endpoint.method} ${endpoint.path} (${endpoint.id})`);
      return impl({ state, request, params: p, query: new URL(request.url).searchParams, principal });
    }, 'v3');
}

interface Registration {
  method: HttpMethod;
  template: string;
  resolver: Resolver;
}

export interface FakeRouter {
  /** Every handler, most specific path first. */
  handlers: HttpHandler[];
  /**
   * The handlers whose catalogue template matches a method and path, most specific first.
   * getResponse over these few instead of all ~150 is about ten times faster (msw tries
   * each handler in turn); msw still does the routing and parameter parsing.
   */
  candidates(method: string, pathname: string): HttpHandler[];
}

/** msw handlers over `state`, most specific path first (`/sessions/insights` before `/sessions/{id}`). */
export function createRouter(state: FakeEnterprise): FakeRouter {
  const regs: Registration[] = [
    ...LEGACY_ENDPOINTS.flatMap((entry) => entry.paths.map((template) => ({ method: entry.method, template, resolver: legacyResolver(state, entry) }))),
    ...V3_ENDPOINTS.map((e) => ({ method: e.method, template: e.path, resolver: v3Resolver(state, e) })),
  ];
  regs.sort((a, b) => compileTemplate(b.template).literals - compileTemplate(a.template).literals);
  // `*` matches any origin: the same handlers serve the loopback server and in-process use.
  const entries = regs.map((r) => ({
    method: r.method as string,
    regex: compileTemplate(r.template).regex,
    handler: METHODS[r.method](`*${toRouterPath(r.template)}`, r.resolver as never),
  }));
  return {
    handlers: entries.map((e) => e.handler),
    candidates: (method, pathname) => entries.filter((e) => e.method === method && e.regex.test(pathname)).map((e) => e.handler),
  };
}

export function createHandlers(state: FakeEnterprise): HttpHandler[] {
  return createRouter(state).handlers;
}
