// Test mocks of the Devin API: msw `http.get(url, resolver)` (any `x.<verb>(url, handler)` on an
// absolute Devin URL), nock interceptors (`nock(host).get(path).query(q).reply(…)`) and fetch-mock
// routes (`fetchMock.get(url, body)`). They are never requests: nothing is sent, so no
// attribution, no list envelope to read, no body fields to rename. The endpoints transform moves
// their path with the code and pagination their query matcher, but the body they answer with is
// still v1-shaped, so the code (now reading `items`, `status_detail`) fails against them. The
// body's shape is the test author's call: it gets a marker naming the v1 keys.
import { ts } from './ts.cjs';
import type { HttpMethod, LegacyEndpoint } from '../src/catalog/index.js';
import { REGISTRATION_VERBS, asObjectLiteral, literalMethod, propertyValue, standaloneGet } from './api-calls.js';
import { initializerOf, unwrap, type Bindings } from './bindings.js';
import { importOf } from './relayed-calls.js';
import { isInlineFunction } from './server-routes.js';
import type { StandaloneUrl } from './standalone-urls.js';
import { propertyNameText, type ShapeContext } from './url-shapes.js';

export function mockBodyMarker(keys: readonly string[]): string {
  return `this mock answers the v3 path with a v1-shaped body (${keys.map((k) => `\`${k}\``).join(', ')}): give it the v3 shape the code now reads (see the endpoint map in MIGRATION.md)`;
}

/** A mock of a Devin endpoint, read as the request it answers. */
export interface Mock extends StandaloneUrl {
  /** The call that names the path (`http.get(url, …)`, nock's `.get(path)`, `fetchMock.get(url, …)`). */
  node: ts.CallExpression;
  method: HttpMethod;
  /** What it answers with: handler functions, nock's reply arguments, fetch-mock's response. */
  answers: ts.Expression[];
}

/** How a mock is written, before its URL is matched against the catalogue. */
interface MockSetup {
  method: HttpMethod;
  urlExpr: ts.Expression;
  /** A host the path is joined to (`nock(host)`). */
  base?: ts.Expression;
  /** The query matcher (nock's `.query(q)`, fetch-mock's `{ query }`). */
  query?: ts.Expression;
  answers: ts.Expression[];
}

/**
 * A nock interceptor or a fetch-mock route, whatever its URL: the call scan never reads one as a
 * request. (`x.<verb>(url, handler)` is left out by its inline handler already.)
 */
export function isMockSetup(call: ts.CallExpression, bindings: Bindings): boolean {
  const names = mockLibraries(bindings.sourceFile);
  return (names.nock && nockInterceptor(call, bindings) !== undefined) || (names.fetchMock && fetchMockRoute(call, bindings) !== undefined);
}

let lastNames: { sourceFile: ts.SourceFile; names: { nock: boolean; fetchMock: boolean } } | undefined;
/** Whether the module names nock or fetch-mock at all (every call asks; most modules name neither). */
function mockLibraries(sf: ts.SourceFile): { nock: boolean; fetchMock: boolean } {
  if (lastNames?.sourceFile !== sf) lastNames = { sourceFile: sf, names: { nock: sf.text.includes('nock('), fetchMock: /fetch-?mock/i.test(sf.text) } };
  return lastNames.names;
}

/** The mock of a Devin endpoint a call sets up, if it sets up one. */
export function mockOf(call: ts.CallExpression, shapes: ShapeContext): Mock | undefined {
  const names = mockLibraries(shapes.bindings.sourceFile);
  const setup = (names.nock ? nockInterceptor(call, shapes.bindings) : undefined) ?? (names.fetchMock ? fetchMockRoute(call, shapes.bindings) : undefined) ?? handlerRegistration(call);
  const url = setup && standaloneGet(setup.urlExpr, shapes, setup.method, setup.base);
  return url && { ...url, query: setup.query, node: call, method: setup.method, answers: setup.answers };
}

/** The v1 keys of what a mock answers with, where its endpoint's v3 answer has none of them. */
export function v1MockKeys(mock: Mock): string[] {
  const v1 = v1Keys(mock.rows.filter((r) => r.method === mock.method));
  return v1.size === 0 ? [] : [...new Set(mock.answers.flatMap((a) => keysIn(a, v1)))];
}

/** The top-level names a v1 response of these rows has and its v3 twin does not. */
function v1Keys(rows: readonly LegacyEndpoint[]): Set<string> {
  const keys = new Set<string>();
  for (const r of rows) {
    if (r.envelope && r.envelope !== '[]') keys.add(r.envelope);
    for (const f of r.fields ?? []) {
      if (f.in !== 'response' || !f.to || f.to === f.from) continue;
      const from = /^[A-Za-z_]\w*/.exec(f.from)?.[0];
      const to = /^[A-Za-z_]\w*/.exec(f.to)?.[0];
      if (from && from !== to) keys.add(from);
    }
  }
  return keys;
}

/**
 * Property names of every object literal inside `answer` that are v1-only, also in a constant of
 * the module it answers with (`HttpResponse.json(fixture)`).
 */
function keysIn(answer: ts.Node, v1: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const seen = new Set<ts.Node>();
  const visit = (n: ts.Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    if (ts.isObjectLiteralExpression(n)) {
      for (const p of n.properties) {
        const name = p.name && propertyNameText(p.name as ts.PropertyName);
        if (name !== undefined && v1.has(name)) found.add(name);
      }
    }
    if (ts.isIdentifier(n) && !ts.isPropertyAccessExpression(n.parent)) {
      const init = moduleConstant(n);
      if (init) visit(init);
    }
    n.forEachChild(visit);
  };
  visit(answer);
  return [...found];
}

/** The object literal a top-level `const` of the module named like `id` holds. */
function moduleConstant(id: ts.Identifier): ts.ObjectLiteralExpression | undefined {
  for (const st of id.getSourceFile().statements) {
    if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of st.declarationList.declarations) {
      if (d.name === id || !ts.isIdentifier(d.name) || d.name.text !== id.text || !d.initializer) continue;
      const init = unwrap(d.initializer);
      if (ts.isObjectLiteralExpression(init)) return init;
    }
  }
  return undefined;
}

/** `x.<verb>(url, handler)`: msw's `http.get(url, resolver)` and the like (a server's route has no Devin URL). */
function handlerRegistration(call: ts.CallExpression): MockSetup | undefined {
  const callee = unwrap(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? REGISTRATION_VERBS[callee.name.text] : undefined;
  if (!method || call.arguments.length < 2) return undefined;
  const handlers = call.arguments.slice(1).filter(isInlineFunction);
  return handlers.length > 0 ? { method, urlExpr: call.arguments[0]!, answers: handlers } : undefined;
}

/**
 * nock's interceptor `nock(host).get(path)`, also further down a chain of them or on a scope held
 * by a constant (`const api = nock(host); api.post(path)`): the host, and what the calls chained
 * on it up to its reply say (`.query(q)`, `.reply(200, body)`).
 */
function nockInterceptor(call: ts.CallExpression, bindings: Bindings): MockSetup | undefined {
  const verb = unwrap(call.expression);
  const method = ts.isPropertyAccessExpression(verb) ? REGISTRATION_VERBS[verb.name.text] : undefined;
  const urlExpr = call.arguments[0];
  const base = method && urlExpr ? nockHost(verb as ts.PropertyAccessExpression, bindings) : undefined;
  if (!method || !urlExpr || !base) return undefined;
  const setup: MockSetup = { method, urlExpr, base, answers: [] };
  for (let n: ts.Expression = call; ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n; ) {
    const next = n.parent.parent;
    if (!ts.isCallExpression(next) || next.expression !== n.parent) break;
    const name = n.parent.name.text;
    if (name === 'query' && next.arguments[0]) setup.query ??= next.arguments[0];
    if (name.startsWith('reply')) {
      setup.answers = [...next.arguments];
      break;
    }
    n = next;
  }
  return setup;
}

/** The host of the `nock(host)` an interceptor chain starts with. */
function nockHost(verb: ts.PropertyAccessExpression, bindings: Bindings, depth = 0): ts.Expression | undefined {
  let e: ts.Expression = unwrap(verb.expression);
  for (;;) {
    if (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression);
      if (ts.isIdentifier(callee) && callee.text === 'nock') return e.arguments[0];
      e = unwrap(callee);
    } else if (ts.isPropertyAccessExpression(e)) e = unwrap(e.expression);
    else if (ts.isIdentifier(e) && depth < 3) {
      const init = initializerOf(bindings, e);
      if (!init) return undefined;
      e = unwrap(init);
      depth++;
    } else return undefined;
  }
}

/** fetch-mock's route methods: `mock`/`route`/`once`/`sticky` (any method), `get`…`delete` and their `…Once`. */
const FETCH_MOCK_ROUTE = /^(?:mock|route|once|sticky|(get|post|put|patch|delete)(?:Once)?)$/;
/** What fetch-mock is imported from. */
const FETCH_MOCK_PACKAGE = /^(?:fetch-mock(?:-jest)?|@fetch-mock\/[\w-]+)$/;

/**
 * `fetchMock.get(url, response, options)`, `fetchMock.mock({ url, method, query }, response)`:
 * the matcher's URL, method (GET when it names none) and query, and the response.
 */
function fetchMockRoute(call: ts.CallExpression, bindings: Bindings): MockSetup | undefined {
  const callee = unwrap(call.expression);
  const named = ts.isPropertyAccessExpression(callee) ? FETCH_MOCK_ROUTE.exec(callee.name.text) : null;
  const [matcher, response, options] = call.arguments;
  if (!named || !matcher || !isFetchMock((callee as ts.PropertyAccessExpression).expression, bindings)) return undefined;
  const matcherObject = asObjectLiteral(matcher, bindings);
  const settings = [matcherObject, asObjectLiteral(options, bindings)];
  const setting = (name: string): ts.Expression | undefined => settings.map((o) => o && propertyValue(o, name)).find((v) => v !== undefined);
  const urlExpr = matcherObject ? setting('url') : matcher;
  if (!urlExpr) return undefined;
  const method = named[1] ? REGISTRATION_VERBS[named[1]]! : (literalMethod(setting('method')) ?? 'GET');
  const query = setting('query');
  return { method, urlExpr, ...(query ? { query } : {}), answers: response ? [response] : [] };
}

/** `fetchMock` itself (imported, required or a global of that name), an instance of it, or a chain of its routes. */
function isFetchMock(e: ts.Expression, bindings: Bindings, depth = 0): boolean {
  let u = unwrap(e);
  while (ts.isCallExpression(u) || ts.isPropertyAccessExpression(u)) u = unwrap(u.expression);
  if (!ts.isIdentifier(u)) return false;
  const imported = importOf(bindings.resolve(u));
  if (imported) return FETCH_MOCK_PACKAGE.test(imported.specifier);
  if (/^fetch-?mock$/i.test(u.text)) return true;
  const init = depth < 3 ? initializerOf(bindings, u) : undefined;
  return init !== undefined && isFetchMock(init, bindings, depth + 1);
}
