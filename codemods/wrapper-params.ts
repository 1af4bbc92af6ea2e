// What a function of this module that makes a request does with its parameters, so that a call
// of it (`get('/sessions', { limit, offset })`, `devinPost('/sessions', { prompt })`) is read as
// the request it makes: the parameter the URL's query is built from (`url.searchParams.set(k, v)`
// over `Object.entries(params)`, `new URLSearchParams(params)` put after a `?`, a client's
// `params`/`searchParams`), the one sent as the body, the ones handed on as the request's options,
// and the method written inside. Only what the function's text shows: a parameter used any other
// way has no role here.
import { ts } from './ts.cjs';
import type { HttpMethod } from '../src/catalog/index.js';
import { initializerOf, outermost, unwrap, type Bindings } from './bindings.js';
import { isJsonStringify } from './request-bodies.js';

/** A request made inside the function, as api-calls reads it. */
export interface InnerRequest {
  method: HttpMethod | undefined;
  /** The method is only a default the caller's options may replace (`fetch(url, { ...init })`). */
  methodOpen?: boolean;
  urlExpr: ts.Expression;
  body?: ts.Expression;
  query?: ts.Expression;
  /** The options object, and the base of the instance the request is made on (what joins the URL to a base). */
  options?: ts.ObjectLiteralExpression;
  viaInstance?: boolean;
  instanceBase?: ts.Expression;
}

export type ReadRequest = (call: ts.CallExpression) => InnerRequest | undefined;

export interface WrapperParams {
  /** The method of the request made inside, when written there (`method: 'POST'`, `axios.post`). */
  method?: HttpMethod;
  /** The parameter the URL's query is built from. */
  query?: number;
  /** The parameter sent as the body (`body: JSON.stringify(body)`, `json: body`, `axios.post(url, body)`). */
  body?: number;
  /** Parameters handed to the request as its options (fetch's init, axios's config), or spread into them. */
  options: number[];
  /** The URLs of the requests made inside with the path parameter (`this.baseUrl + path`): where the path goes. */
  urls: ts.Expression[];
  /** The path parameter, and the requests made with it (a call's URL is theirs with its argument put in: `call('sessions')` of `fetch(ROOT + routes[route])`). */
  param: ts.Identifier;
  requests: { call: ts.CallExpression; request: InnerRequest }[];
}

// Per file (the transforms that share a tree ask in turn), each function's roles by the index of
// its path parameter; null while being worked out (a function that calls itself) or when none.
let known: { sourceFile: ts.SourceFile; roles: Map<ts.SignatureDeclaration, Map<number, WrapperParams | null>> } | undefined;

/**
 * What the function `fn` does with its parameters, `pathIndex` being the one its request's URL is
 * built from: undefined when no request inside is made with that parameter.
 */
export function wrapperParams(fn: ts.SignatureDeclaration, pathIndex: number, bindings: Bindings, read: ReadRequest): WrapperParams | undefined {
  if (known?.sourceFile !== bindings.sourceFile) known = { sourceFile: bindings.sourceFile, roles: new Map() };
  let byPath = known.roles.get(fn);
  if (!byPath) known.roles.set(fn, (byPath = new Map()));
  if (byPath.has(pathIndex)) return byPath.get(pathIndex) ?? undefined;
  byPath.set(pathIndex, null);
  const roles = rolesOf(fn, pathIndex, bindings, read);
  byPath.set(pathIndex, roles ?? null);
  return roles;
}

function rolesOf(fn: ts.SignatureDeclaration, pathIndex: number, bindings: Bindings, read: ReadRequest): WrapperParams | undefined {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) && !p.dotDotDotToken ? p.name : undefined));
  const path = params[pathIndex];
  if (!body || !path) return undefined;
  const requests: { call: ts.CallExpression; request: InnerRequest }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const request = read(n);
      if (request && mentions(request.urlExpr, path, bindings)) requests.push({ call: n, request });
    }
    n.forEachChild(visit);
  };
  visit(body);
  if (requests.length === 0) return undefined;
  const methods = new Set(requests.map(({ request }) => (request.methodOpen ? undefined : request.method)));
  const indexOf = (e: ts.Expression | undefined): number | undefined => {
    const id = e && unwrap(e);
    if (!id || !ts.isIdentifier(id)) return undefined;
    const i = params.indexOf(bindings.resolve(id));
    return i >= 0 && i !== pathIndex ? i : undefined;
  };
  const out: WrapperParams = { method: methods.size === 1 ? [...methods][0] : undefined, options: [], urls: requests.map(({ request }) => request.urlExpr), param: path, requests };
  for (const { call, request } of requests) {
    out.body ??= indexOf(request.body && sentValue(request.body));
    out.query ??= indexOf(request.query);
    for (const a of call.arguments) {
      if (a === request.urlExpr || a === request.body) continue;
      const handed = indexOf(a) ?? spreadParams(a).map(indexOf).find((i) => i !== undefined);
      if (handed !== undefined && handed !== out.body && !out.options.includes(handed)) out.options.push(handed);
    }
  }
  out.query ??= params.findIndex((p, i) => p !== undefined && i !== pathIndex && i !== out.body && bindings.references(p).some((r) => buildsQuery(r, bindings)));
  if (out.query === -1) delete out.query;
  return out;
}

/** `JSON.stringify(x)` sends x. */
function sentValue(e: ts.Expression): ts.Expression {
  const u = unwrap(e);
  return ts.isCallExpression(u) && u.arguments.length >= 1 && isJsonStringify(u.expression) ? u.arguments[0]! : u;
}

/** The expressions spread into an object literal argument (`{ ...init, headers }`). */
function spreadParams(a: ts.Expression): ts.Expression[] {
  const u = unwrap(a);
  return ts.isObjectLiteralExpression(u) ? u.properties.filter(ts.isSpreadAssignment).map((s) => s.expression) : [];
}

/** The expression is built from the parameter `param` (directly, or through constants holding it). */
function mentions(expr: ts.Node, param: ts.Identifier, bindings: Bindings, depth = 0): boolean {
  if (depth > 4) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n)) {
      if (bindings.resolve(n) === param) found = true;
      else {
        const init = initializerOf(bindings, n);
        if (init && mentions(init, param, bindings, depth + 1)) found = true;
      }
      return;
    }
    n.forEachChild(visit);
  };
  visit(expr);
  return found;
}

/** Modules whose `stringify(object)` makes a query string. */
const QUERY_STRING_MODULES = new Set(['qs', 'querystring', 'queryString']);

/** `params ?? {}`, `params || {}`: the parameter, or nothing when it is not given. */
function withFallback(e: ts.Node): ts.Node {
  const p = e.parent;
  const isDefault = ts.isBinaryExpression(p) && p.left === e && (p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken);
  return isDefault && ts.isObjectLiteralExpression(unwrap(p.right)) ? outermost(p) : e;
}

/** A reference of a parameter that builds the request's query from it. */
function buildsQuery(ref: ts.Identifier, bindings: Bindings): boolean {
  const e = withFallback(outermost(ref));
  const p = e.parent;
  // `for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)`, or `.forEach(…)`
  if (ts.isCallExpression(p) && p.arguments[0] === e && isObjectIteration(p.expression)) return iterationSetsQuery(p, bindings);
  const built = queryStringOf(e);
  return built !== undefined && placedInQuery(built, bindings, 0);
}

function isObjectIteration(callee: ts.Expression): boolean {
  const c = unwrap(callee);
  return ts.isPropertyAccessExpression(c) && ['entries', 'keys'].includes(c.name.text) && ts.isIdentifier(c.expression) && c.expression.text === 'Object';
}

/** `new URLSearchParams(params)`, `new URLSearchParams({ ...params })`, `qs.stringify(params)`: the query text or object made from it. */
function queryStringOf(e: ts.Node): ts.Expression | undefined {
  let arg = e;
  if (ts.isSpreadAssignment(e.parent) && ts.isObjectLiteralExpression(e.parent.parent)) arg = outermost(e.parent.parent);
  const p = arg.parent;
  if (ts.isNewExpression(p) && p.arguments?.[0] === arg && ts.isIdentifier(p.expression) && p.expression.text === 'URLSearchParams') return p;
  if (ts.isCallExpression(p) && p.arguments[0] === arg && arg === e) {
    const c = unwrap(p.expression);
    if (ts.isPropertyAccessExpression(c) && c.name.text === 'stringify' && ts.isIdentifier(c.expression) && QUERY_STRING_MODULES.has(c.expression.text)) return p;
  }
  return undefined;
}

/** The loop over a parameter's entries sets them on a URL's `searchParams`, or on a URLSearchParams put in the query. */
function iterationSetsQuery(iteration: ts.CallExpression, bindings: Bindings): boolean {
  const e = outermost(iteration);
  const p = e.parent;
  let body: ts.Node | undefined;
  if (ts.isForOfStatement(p) && p.expression === e) body = p.statement;
  else if (ts.isPropertyAccessExpression(p) && p.name.text === 'forEach' && ts.isCallExpression(p.parent)) body = p.parent.arguments[0];
  if (!body) return false;
  let sets = false;
  const visit = (n: ts.Node): void => {
    if (sets) return;
    if (ts.isCallExpression(n)) {
      const c = unwrap(n.expression);
      if (ts.isPropertyAccessExpression(c) && ['set', 'append'].includes(c.name.text)) {
        const target = unwrap(c.expression);
        if (ts.isPropertyAccessExpression(target) && target.name.text === 'searchParams') sets = true;
        const init = ts.isIdentifier(target) ? initializerOf(bindings, target) : undefined;
        const made = init && unwrap(init);
        if (made && ts.isNewExpression(made) && ts.isIdentifier(made.expression) && made.expression.text === 'URLSearchParams' && placedInQuery(made, bindings, 0)) sets = true;
      }
    }
    n.forEachChild(visit);
  };
  visit(body);
  return sets;
}

/** The value ends up after a URL's `?`: `` `${path}?${qs}` ``, `path + '?' + qs`, `url.search = qs`, also through a constant and `.toString()`. */
function placedInQuery(value: ts.Expression, bindings: Bindings, depth: number): boolean {
  if (depth > 3) return false;
  let e = outermost(value);
  // `qs.toString()`
  if (ts.isPropertyAccessExpression(e.parent) && e.parent.name.text === 'toString' && ts.isCallExpression(e.parent.parent)) e = outermost(e.parent.parent);
  const p = e.parent;
  if (ts.isTemplateSpan(p) && p.expression === e) {
    const tpl = p.parent;
    const i = tpl.templateSpans.indexOf(p);
    return /[?&]$/.test(i === 0 ? tpl.head.text : tpl.templateSpans[i - 1]!.literal.text);
  }
  if (ts.isBinaryExpression(p) && p.right === e) {
    if (p.operatorToken.kind === ts.SyntaxKind.PlusToken) return endsWithQueryMark(p.left);
    if (p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return ts.isPropertyAccessExpression(p.left) && p.left.name.text === 'search';
  }
  if (ts.isVariableDeclaration(p) && p.initializer === e && ts.isIdentifier(p.name)) return bindings.references(p.name).some((r) => placedInQuery(r, bindings, depth + 1));
  return false;
}

/** A string expression that ends with `?` or `&` (what a query is appended to). */
function endsWithQueryMark(e: ts.Expression): boolean {
  const u = unwrap(e);
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return /[?&]$/.test(u.text);
  if (ts.isTemplateExpression(u)) return /[?&]$/.test(u.templateSpans[u.templateSpans.length - 1]!.literal.text);
  if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken) return endsWithQueryMark(u.right);
  return false;
}
