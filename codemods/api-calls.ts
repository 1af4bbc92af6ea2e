// Finds the HTTP calls of one file that reach a Devin endpoint of the catalogue, in the shapes
// integrations use: fetch(url, init), fetch(new Request(url, init)), axios.post(url, data, config), axios({ url, ... }),
// got/ky (`json`, `searchParams`), wrappers such as devinFetch(path, init) or
// request('POST', path, body). A call is recognised in its legacy form (`/v1/sessions`) and in
// the v3 form the endpoints transform writes (`/v3/organizations/${org}/sessions`); both are
// reduced to the same v3 endpoint ids and the legacy rows that map to them, so the
// attribution, pagination and fields transforms behave the same before and after it.
import { ts } from './ts.cjs';
import {
  LEGACY_ENDPOINTS,
  hostMayBeDevinApi,
  isDevinApiHost,
  matchEndpoint,
  matchPath,
  matchV3,
  splitUrl,
  type HttpMethod,
  type LegacyEndpoint,
} from '../src/catalog/index.js';
import { Bindings, enclosingClass, initializerOf, localFunctionOf, unwrap } from './bindings.js';
import { exportedKeys, importOf, passedOn, relayedCall, relayedQuery, type FactsOf, type RelayFact, type RelayFacts } from './relayed-calls.js';
import { returnedBy } from './response-flow.js';
import { isInlineFunction, isRouteOptions, isRouteRegistration, type RouteContext } from './server-routes.js';
import { parse } from './transform-text.js';
import type { CallSpans, LegacyCall, MayApplyContext, ProjectIndex, Span } from './types.js';
import { HOLE, hostOf, isAbsoluteUrl, isUrlJoinCall, pathnameSet, propertyNameText, urlShapes, type ShapeContext } from './url-shapes.js';
import { BASE_PROPS, DEVIN_IN_STRING_RE, defaultsHolder, defaultsOf, isObjectAssign } from './url/analyze.js';
import { memberAssignments } from './url/evaluate.js';
import { wrapperParams, type WrapperParams } from './wrapper-params.js';
import { isMockSetup, mockOf, type Mock } from './mock-bodies.js';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const VERB_NAMES = new Set(['get', 'post', 'put', 'patch', 'delete', 'del']);
/** Clients whose second argument is an options object (`json`, `searchParams`), not the data. */
const OPTIONS_STYLE_CLIENTS = new Set(['got', 'ky', 'ofetch', '$fetch', 'wretch']);
/** Prefixes tried, in order, for a path whose base URL is not known (`devinFetch('/sessions')`). */
const RELATIVE_PREFIXES = ['/v1', '/v2/enterprise', `/v3/organizations/${HOLE}`, '/v3/enterprise', '/v3', '/v3beta1/enterprise'];

/**
 * The v3 prefix a relative path under a base nobody can see was guessed to go under to reach this
 * v3 path (RELATIVE_PREFIXES), as the path writes it: `/v3/organizations/{org_id}` for an org
 * endpoint, `/v3/enterprise` for an enterprise one. What such a base must end in for v3.
 */
export function guessedV3Prefix(v3Path: string): string | undefined {
  const segments = v3Path.split('/');
  for (const prefix of RELATIVE_PREFIXES) {
    const wanted = prefix.split('/');
    if (!wanted.every((w, i) => w === segments[i] || (w === HOLE && /^\{\w+\}$/.test(segments[i] ?? '')))) continue;
    return segments.slice(0, wanted.length).join('/');
  }
  return undefined;
}

/** Cheap pre-filter: the text names a Devin API path segment or Devin at all (nothing to recognise otherwise). */
const API_PATH_HINT = /\/(?:v[123]\b|v3beta1|sessions|secrets|knowledge|playbooks|attachments|enterprise|organizations)|devin/i;

let lastHinted: { text: string; yes: boolean } = { text: '', yes: false };
/** The file imports a Devin base, instance or wrapper, or a module that names Devin (its calls may return Devin responses). */
export function importsDevinCode(context: MayApplyContext | undefined): boolean {
  if (!context) return false;
  return (context.project.importsDevin?.(context.fileName) ?? false) || (context.project.importsDevinModule?.(context.fileName) ?? false);
}

/** `API_PATH_HINT.test(text)`, remembered for the last text: pagination and fields ask in turn. */
export function mayCallDevinApi(text: string): boolean {
  if (lastHinted.text !== text) lastHinted = { text, yes: API_PATH_HINT.test(text) };
  return lastHinted.yes;
}

export interface ApiCall {
  node: ts.CallExpression;
  /** The method as written or inferred (no body: GET; a body: the path's write method). */
  method: HttpMethod | undefined;
  urlExpr: ts.Expression;
  /** The request payload as written: an object literal, `JSON.stringify(...)`, an identifier… */
  body?: ts.Expression;
  /** The options/config object literal (fetch init, axios config), when it is one. */
  options?: ts.ObjectLiteralExpression;
  /** Query parameters object: axios `params`, got/ky `searchParams`. */
  query?: ts.Expression;
  /**
   * What the call evaluates to: a fetch Response, an axios-style `{ data }`, a got response (its
   * `body`, or the body from `.json()`), an undici `{ statusCode, body }` (`body.json()`), the parsed body (a function of another module that
   * returns it), or not known (a wrapper: decided where read).
   */
  returns: 'response' | 'axios' | 'got' | 'undici' | 'result' | 'body' | 'unknown';
  /** The v3 endpoints the call reaches (legacy form translated through the catalogue). */
  v3Ids: Set<string>;
  /** Legacy rows that map to those v3 endpoints (the field renames, envelopes and query renames to apply). */
  rows: LegacyEndpoint[];
  /** Legacy rows the call matched literally (only for legacy-form calls). */
  legacyMatched: LegacyEndpoint[];
  /**
   * The URL names a legacy path as written (`/v1/sessions`, a base ending in `/v1`), not only by
   * the guess a relative path under an unknown base gets: it reaches v3 only if it is moved.
   */
  legacyForm: boolean;
  /** The URL may also go to this other host (`cond ? devinBase : acmeBase`): not rewritten, marked. */
  otherHost?: string;
  /** A relayed call (relayed-calls.ts): the calls in legacy form, in other modules, whose response it returns. */
  origins?: LegacyCall[];
  /**
   * An object handed to a function devin-migrate cannot follow (`devinGet('/sessions', { limit,
   * offset })` with `devinGet` imported), with no request option in it: it may be the query, so
   * its query names get a marker, never a rename.
   */
  looseQuery?: ts.ObjectLiteralExpression;
  /**
   * Arguments of a call through a function of the code's own that no role of its parameters
   * accounts for (wrapper-params.ts), or every argument but the path and a written method when the
   * function cannot be followed: a relaying function's parameter among them may be its query
   * (RelayFact.looseQuery).
   */
  unfollowed?: ts.Expression[];
  /** A relayed call whose function (or one it relays) held the body before returning it (RelayFact.held). */
  bodyHeldBefore?: boolean;
  /**
   * Where the URL is built apart from its own expression, for a call whose URL is read through the
   * function it calls (`call('sessions')` of `fetch(ROOT + routes[route])`): that request and what its URL is read from.
   */
  builtAt?: ts.Expression[];
}

export interface CallScanContext {
  fileName: string;
  text: string;
  sourceFile: ts.SourceFile;
  project: ProjectIndex;
  /** Legacy-form calls to leave out (TransformInput.leaveCall). */
  leaveCall?: (call: LegacyCall) => boolean;
  /** TransformInput.afterEndpoints. */
  afterEndpoints?: boolean;
}

export interface CallScan {
  calls: ApiCall[];
  /**
   * Calls of functions and methods of other modules that return a recognised call's response
   * (`client.getSession(id)`): only their responses are traced (relayed-calls.ts).
   */
  relayed: ApiCall[];
  /** Test mocks of Devin endpoints (msw handlers, nock interceptors, fetch-mock routes): never requests (mock-bodies.ts). */
  mocks: Mock[];
  /** Calls that may go to Devin or to another host: their body, query and response are left, with a marker (fields). */
  sharedWithOtherHosts: ApiCall[];
  /** Calls left in legacy form because their URL does not move (TransformInput.leaveCall): not standalone URLs either. */
  left?: ApiCall[];
  bindings: Bindings;
  shapes: ShapeContext;
  /** The module names Devin in code (an identifier or a string, not a comment) or imports a Devin base, instance or wrapper. */
  aboutDevin: boolean;
}

// The transforms that share a tree run one after the other on it, so the last scan is the only
// one worth keeping. Not a WeakMap keyed by trees: a long-lived table pointing into young trees
// kept them all alive through young-generation collections.
let lastScan: { sourceFile: ts.SourceFile; scan: CallScan } | undefined;

/** Every recognised Devin API call of the file (the last file's scan is reused). */
export function scanApiCalls(ctx: CallScanContext): CallScan {
  let scan: CallScan;
  if (lastScan?.sourceFile === ctx.sourceFile) scan = lastScan.scan;
  else {
    scan = scanCalls(ctx, relayFactsOf(ctx.project));
    lastScan = { sourceFile: ctx.sourceFile, scan };
  }
  const leave = ctx.leaveCall;
  if (!leave) return scan;
  const kept = (c: ApiCall): boolean => !legacyCallsOf(c, ctx.sourceFile, scan.shapes).some(leave);
  const keptMock = (m: Mock): boolean => !(isLegacy(m) && leave(mockLegacyCall(m, ctx.sourceFile, scan.shapes)));
  return { ...scan, calls: scan.calls.filter(kept), relayed: scan.relayed.filter(kept), mocks: scan.mocks.filter(keptMock), left: scan.calls.filter((c) => !kept(c)) };
}

export const isLegacy = (c: Pick<ApiCall, 'legacyForm' | 'legacyMatched'>): boolean => c.legacyForm || c.legacyMatched.length > 0;

/** Where a call is in legacy form: itself, or for a relayed call the calls of other modules it answers with. */
export function legacyCallsOf(c: ApiCall, sourceFile: ts.SourceFile, shapes: ShapeContext): LegacyCall[] {
  if (c.origins) return c.origins;
  if (!isLegacy(c)) return [];
  // Asked for each call by the scan's leaveCall filter, outside-callers and every transform that
  // rewrites it; the spans follow the URL through its constants (urlShapes), so they are kept for
  // the calls of the last tree asked about (a call's spans depend on nothing else).
  if (legacyOf.sourceFile !== sourceFile) legacyOf = { sourceFile, byCall: new Map() };
  let legacy = legacyOf.byCall.get(c);
  if (!legacy) legacyOf.byCall.set(c, (legacy = [legacyCallOf(c, sourceFile, shapes)]));
  return legacy;
}
let legacyOf: { sourceFile: ts.SourceFile | undefined; byCall: Map<ApiCall, LegacyCall[]> } = { sourceFile: undefined, byCall: new Map() };

function legacyCallOf(c: Pick<ApiCall, 'node' | 'urlExpr' | 'legacyForm' | 'builtAt'>, sourceFile: ts.SourceFile, shapes: ShapeContext): LegacyCall {
  const baseFrom = c.legacyForm ? undefined : clientModule(c.node, shapes);
  // The fields set on the spans' own new object, not spread into another: a conditional spread
  // is copied key by key at run time.
  const legacy = callSpansOf(c, sourceFile, shapes) as LegacyCall;
  legacy.guessed = !c.legacyForm;
  if (baseFrom) legacy.baseFrom = baseFrom;
  return legacy;
}

/**
 * Where a call is, and where its URL is built: the constants, route-map entries and the like its
 * URL is read from (urlShapes' trail). Endpoints may move a URL there, where the analysis could
 * not follow it to the call (a route map read by a key known at run time): the call moves with it.
 */
function callSpansOf(c: Pick<ApiCall, 'node' | 'urlExpr' | 'builtAt'>, sourceFile: ts.SourceFile, shapes: ShapeContext): CallSpans {
  const span = (e: ts.Node): Span => [e.getStart(sourceFile), e.end];
  const { bindings } = shapes;
  const u = unwrap(c.urlExpr);
  const from: ts.Expression[] = ts.isIdentifier(u) ? [initializerOf(bindings, u), pathnameSet(u, bindings)].filter((e): e is ts.Expression => e !== undefined) : [];
  urlShapes(c.urlExpr, shapes, from);
  from.push(...(c.builtAt ?? []));
  const built = [...new Set(from)].filter((e) => e.getSourceFile() === sourceFile).map(span);
  const spans: CallSpans = { call: span(c.node), url: span(c.urlExpr) };
  if (built.length > 0) spans.built = built;
  return spans;
}

/**
 * The calls of a scan in v3 form, made in this module, with where they are: what
 * `TransformInput.writtenForV3` is asked about (a relayed call's request is another module's).
 */
export function v3FormCalls(scan: CallScan, sourceFile: ts.SourceFile): Map<ApiCall, CallSpans> {
  return new Map(scan.calls.filter((c) => !isLegacy(c)).map((c) => [c, callSpansOf(c, sourceFile, scan.shapes)]));
}

/**
 * Where a mock in legacy form is: its URL alone, the call that sets it up may hold other URLs (a
 * chain of nock interceptors, a handler that makes requests).
 */
function mockLegacyCall(m: Mock, sourceFile: ts.SourceFile, shapes: ShapeContext): LegacyCall {
  const c = legacyCallOf(m, sourceFile, shapes);
  return { ...c, call: c.url };
}

/** The module a call's function or client is imported from (`apiGet(…)`, `devin.get(…)`), if another of the run. */
function clientModule(call: ts.CallExpression, shapes: ShapeContext): string | undefined {
  let callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee)) callee = unwrap(callee.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const imp = importOf(shapes.bindings.resolve(callee));
  const file = imp && shapes.project.resolveModule?.(shapes.fileName, imp.specifier);
  return file !== shapes.fileName ? file : undefined;
}

const legacySpans = new WeakMap<readonly ApiCall[], LegacyCall[]>();

/** The calls of a scan whose URL is, or may be, in legacy form (TransformOutput.legacyCalls); once per scan. */
export function legacyCallSpans(scan: CallScan, sourceFile: ts.SourceFile): LegacyCall[] {
  let spans = legacySpans.get(scan.calls);
  if (!spans) {
    spans = [...scan.calls, ...scan.relayed].flatMap((c) => legacyCallsOf(c, sourceFile, scan.shapes));
    for (const m of scan.mocks) if (isLegacy(m)) spans.push(mockLegacyCall(m, sourceFile, scan.shapes));
    legacySpans.set(scan.calls, spans);
  }
  return spans;
}

/**
 * What says a file is about Devin: `mentions`, the name anywhere (a wrapper's relative paths,
 * `devinFetch('/sessions')`, are taken as Devin's); `bare`, a Devin name in code (an identifier
 * or a string, not a comment) or an import of a Devin base, instance or wrapper, the endpoints
 * transform's rule for taking a bare `/v1/sessions` as Devin's.
 */
interface DevinEvidence {
  mentions: boolean;
  bare: boolean;
}

/** Absolute URLs need none (standalone URLs are only taken with a Devin host). */
const NO_EVIDENCE: DevinEvidence = { mentions: false, bare: false };

function bareIsDevin(ctx: CallScanContext): boolean {
  if (ctx.project.importsDevin?.(ctx.fileName)) return true;
  if (!/devin/i.test(ctx.text)) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    const named = ts.isIdentifier(n) ? /devin/i.test(n.text) : (ts.isStringLiteralLike(n) || ts.isTemplateLiteralToken(n)) && DEVIN_IN_STRING_RE.test(n.text);
    if (named) {
      found = true;
      return;
    }
    n.forEachChild(visit);
  };
  visit(ctx.sourceFile);
  return found;
}

/** `factsOf` null: no project to relay through (a file on its own). */
function scanCalls(ctx: CallScanContext, factsOf: FactsOf | null): CallScan {
  const bindings = new Bindings(ctx.sourceFile);
  const shapes: ShapeContext = { fileName: ctx.fileName, bindings, project: ctx.project, ...(ctx.afterEndpoints ? { afterEndpoints: true } : {}) };
  const evidence: DevinEvidence = { mentions: /devin/i.test(ctx.text), bare: bareIsDevin(ctx) };
  const calls: ApiCall[] = [];
  const relayed: ApiCall[] = [];
  const mocks: Mock[] = [];
  const sharedWithOtherHosts: ApiCall[] = [];
  // The calls in the order a walk meets them, from the walk that also indexes the names.
  for (const n of bindings.allCalls()) {
    const mock = mockOf(n, shapes);
    if (mock) mocks.push(mock);
    const c = mock ? undefined : recognise(n, shapes, evidence);
    if (c?.otherHost) sharedWithOtherHosts.push(c);
    else if (c) calls.push(c);
    else if (factsOf && !mock) {
      const r = relayedCall(n, ctx, bindings, factsOf);
      if (r?.unfollowed) r.looseQuery = looseQueryIn(r.unfollowed, bindings);
      if (r) relayed.push(r);
    }
  }
  // In the order their paths are written: a chain of nock interceptors is met from its last one.
  mocks.sort((a, b) => a.urlExpr.pos - b.urlExpr.pos);
  return { calls, relayed, mocks, sharedWithOtherHosts, bindings, shapes, aboutDevin: evidence.bare };
}

// Per project (one per run), the facts of each module asked about. They hold catalogue rows and
// names, no syntax nodes.
const relayFacts = new WeakMap<ProjectIndex, Map<string, RelayFacts>>();

function relayFactsOf(project: ProjectIndex): FactsOf | null {
  const textOf = project.moduleText;
  if (!project.resolveModule || !textOf) return null;
  let cache = relayFacts.get(project);
  if (!cache) relayFacts.set(project, (cache = new Map()));
  const known = cache;
  const factsOf: FactsOf = (file) => {
    let facts = known.get(file);
    if (facts) return facts;
    known.set(file, new Map()); // modules that import each other: the inner question gets nothing
    const text = textOf(file);
    facts = text !== undefined ? moduleRelayFacts(file, text, project, factsOf) : new Map();
    known.set(file, facts);
    return facts;
  };
  return factsOf;
}

/** A module's own facts, and those it passes on (re-exports, exported instances of imported classes). */
function moduleRelayFacts(fileName: string, text: string, project: ProjectIndex, factsOf: FactsOf): RelayFacts {
  if (!/\bexports?\b/.test(text)) return new Map(); // ES exports, or CommonJS (`module.exports`)
  const sourceFile = parse(fileName, text);
  const facts = new Map<string, RelayFact>();
  for (const [key, fact] of passedOn(fileName, sourceFile, project.resolveModule!, factsOf)) facts.set(key, fact);
  // Its own calls, and calls it relays from further modules (`getSession(id) { return fetchSession(id) }`).
  const scan = scanCalls({ fileName, text, sourceFile, project }, factsOf);
  for (const call of [...scan.calls, ...scan.relayed]) {
    // Worked out for the first exported key that needs them (the spans follow the URL through
    // its constants), then shared: facts only read them.
    let origins: LegacyCall[] | undefined;
    for (const { fn, returns, typed, held } of returnedBy(call, scan.bindings)) {
      // Callers of a typed function read a declared type: the type changes first (its members
      // are marked), then the compiler shows each read; renaming reads alone would not compile.
      if (typed) continue;
      let query: ReturnType<typeof relayedQuery> | undefined;
      for (const key of exportedKeys(fn, sourceFile)) {
        const had = facts.get(key);
        origins ??= call.origins ?? (isLegacy(call) ? [{ ...legacyCallOf(call, sourceFile, scan.shapes), file: fileName }] : []);
        query ??= relayedQuery(fn, call, scan.bindings);
        if (!had) {
          facts.set(key, { method: call.method, returns, v3Ids: new Set(call.v3Ids), rows: [...call.rows], origins, held, ...query });
          continue;
        }
        // Several calls returned by one function: a parameter is their query only if it is each one's.
        if (had.query !== query.query) delete had.query;
        if (had.looseQuery !== query.looseQuery) delete had.looseQuery;
        had.origins = [...had.origins, ...origins];
        // Several calls returned by one function (`cond ? a() : b()`): any of their endpoints.
        for (const id of call.v3Ids) had.v3Ids.add(id);
        for (const r of call.rows) if (!had.rows.includes(r)) had.rows.push(r);
        if (had.method !== call.method) had.method = undefined;
        if (had.returns !== returns) had.returns = 'unknown';
        had.held &&= held;
      }
    }
  }
  return facts;
}

interface RawCall {
  method: HttpMethod | undefined;
  /** The method is only a default the caller's options may replace (`fetch(url, { ...init })`). */
  methodOpen?: boolean;
  urlExpr: ts.Expression;
  body?: ts.Expression;
  options?: ts.ObjectLiteralExpression;
  query?: ts.Expression;
  returns: ApiCall['returns'];
  /** Made through an instance with a base (`axios.create({ baseURL })`): the client puts a slash before a bare path. */
  viaInstance?: boolean;
  /** That instance's base, when it is written where it was made. */
  instanceBase?: ts.Expression;
  /** ApiCall.looseQuery. */
  looseQuery?: ts.ObjectLiteralExpression;
  /** ApiCall.unfollowed. */
  unfollowed?: ts.Expression[];
  /** Through a wrapper of this module: the URLs of the requests it makes with the path (WrapperParams.urls). */
  wrapperUrls?: ts.Expression[];
  /** A call of a function of this module that makes the request (wrapper-params.ts): what it does with the path. */
  wrapper?: Pick<WrapperParams, 'param' | 'requests'>;
}

export function literalMethod(e: ts.Expression | undefined): HttpMethod | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) {
    const m = u.text.toUpperCase();
    return (METHODS as readonly string[]).includes(m) ? (m as HttpMethod) : undefined;
  }
  return undefined;
}

function prop(obj: ts.ObjectLiteralExpression, ...names: string[]): ts.ObjectLiteralElementLike | undefined {
  return obj.properties.find((p) => {
    const n = p.name && propertyNameText(p.name as ts.PropertyName);
    return n !== undefined && names.includes(n);
  });
}

function propValue(p: ts.ObjectLiteralElementLike | undefined): ts.Expression | undefined {
  if (!p) return undefined;
  if (ts.isPropertyAssignment(p)) return p.initializer;
  if (ts.isShorthandPropertyAssignment(p)) return p.name;
  return undefined;
}

/** The value of the first of these properties an object literal has. */
export function propertyValue(obj: ts.ObjectLiteralExpression, ...names: string[]): ts.Expression | undefined {
  return propValue(prop(obj, ...names));
}

/** An object literal given directly or through a constant in scope. */
export function asObjectLiteral(e: ts.Expression | undefined, bindings: Bindings): ts.ObjectLiteralExpression | undefined {
  const u = e && writtenValue(e, bindings);
  return u && ts.isObjectLiteralExpression(u) ? u : undefined;
}

/** The expression itself, or what the constant it names is initialised with. */
function writtenValue(e: ts.Expression, bindings: Bindings): ts.Expression | undefined {
  const u = unwrap(e);
  if (!ts.isIdentifier(u)) return u;
  const init = initializerOf(bindings, u);
  return init && unwrap(init);
}


/**
 * The HTTP client a call goes through: `object` is the client's own name (`axios`, `got`), or for
 * an instance (`const devin = got.extend({ … })`) the name of the client it was made from.
 */
function calleeName(callee: ts.Expression, bindings: Bindings): { name?: string; object?: string; instance?: ClientInstance } {
  const c = unwrap(callee);
  if (ts.isIdentifier(c)) {
    const inst = instanceOf(c, bindings);
    return { name: c.text, object: inst?.client, instance: inst };
  }
  if (ts.isPropertyAccessExpression(c)) {
    const o = unwrap(c.expression);
    const inst = ts.isIdentifier(o) ? instanceOf(o, bindings) : isThisMember(o) ? memberInstanceOf(o, bindings) : undefined;
    return { name: c.name.text, object: inst?.client ?? (ts.isIdentifier(o) ? o.text : undefined), instance: inst };
  }
  return {};
}

const INSTANCE_FACTORIES = /^(?:create|extend)$/;

/** `get` -> `GET`…: the method a mock or route registration (`x.get(url, handler)`) answers. */
export const REGISTRATION_VERBS: Readonly<Record<string, HttpMethod>> = Object.fromEntries(METHODS.map((m) => [m.toLowerCase(), m]));

/**
 * The instance an identifier holds (`const devin = got.extend({ … })`, also `ky.create`,
 * `axios.create`): its client, and the base it was given (`baseURL`, `prefixUrl`).
 */
function instanceOf(id: ts.Identifier, bindings: Bindings): ClientInstance | undefined {
  const decl = bindings.resolve(id);
  if (!decl) return undefined;
  const known = instancesIn(bindings.sourceFile).byDeclaration;
  let inst = known.get(decl);
  if (inst === undefined) known.set(decl, (inst = instanceOfUncached(id, bindings) ?? null));
  return inst ?? undefined;
}

/** instanceOf, read afresh: all it reads of `id` is its declaration (the references of it, its initializer). */
function instanceOfUncached(id: ts.Identifier, bindings: Bindings): ClientInstance | undefined {
  const defaults = defaultsBase(id, bindings);
  const init = initializerOf(bindings, id);
  const u = init && unwrap(init);
  if (!u || !ts.isCallExpression(u)) return defaults ? { client: 'axios', base: defaults } : undefined;
  const made = madeInstance(u, bindings);
  return made && defaults ? { ...made, base: defaults } : made;
}

interface ClientInstance {
  client: string;
  base?: ts.Expression;
}

const isThisMember = (e: ts.Expression): e is ts.PropertyAccessExpression => ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword;

/**
 * The instance a class member holds (`private http = got.extend({ … })`, or `this.http =
 * ky.create({ prefixUrl })` in the constructor): the same client as a module's constant, the
 * member being given that one value in its class.
 */
function memberInstanceOf(member: ts.PropertyAccessExpression, bindings: Bindings): ClientInstance | undefined {
  // What memberAssignments reads: the member's class, and its name there.
  const cls = enclosingClass(member);
  if (!cls) return undefined;
  const byClass = instancesIn(bindings.sourceFile).byMember;
  let known = byClass.get(cls);
  if (!known) byClass.set(cls, (known = new Map()));
  let inst = known.get(member.name.text);
  if (inst === undefined) {
    const assigned = memberAssignments(member);
    inst = (assigned.length === 1 ? madeInstance(assigned[0]!.value, bindings) : undefined) ?? null;
    known.set(member.name.text, inst);
  }
  return inst ?? undefined;
}

// The last tree's instances (null: none), by the declaration or the class member holding them:
// every call made on one asks (`devin.get(…)`, `this.http.post(…)`). Keyed on the tree, which
// never changes; nobody changes the instances handed out.
let lastInstances: { sourceFile: ts.SourceFile; byDeclaration: Map<ts.Identifier, ClientInstance | null>; byMember: Map<ts.ClassLikeDeclaration, Map<string, ClientInstance | null>> } | undefined;

function instancesIn(sourceFile: ts.SourceFile): NonNullable<typeof lastInstances> {
  if (lastInstances?.sourceFile !== sourceFile) lastInstances = { sourceFile, byDeclaration: new Map(), byMember: new Map() };
  return lastInstances;
}

/** `got.extend({ … })`, `ky.create({ … })`, `axios.create({ … })`: the client, and the base in its config. */
function madeInstance(init: ts.Expression, bindings: Bindings): ClientInstance | undefined {
  const u = unwrap(init);
  if (!ts.isCallExpression(u)) return undefined;
  const f = unwrap(u.expression);
  if (!ts.isPropertyAccessExpression(f) || !INSTANCE_FACTORIES.test(f.name.text)) return undefined;
  const client = unwrap(f.expression);
  if (!ts.isIdentifier(client) || !['got', 'ky', 'axios'].includes(client.text)) return undefined;
  const config = asObjectLiteral(u.arguments[0], bindings);
  return { client: client.text, base: config && propValue(prop(config, ...BASE_PROPS)) };
}

/**
 * What a module's text says it may hold, each tested once per module when first asked: every call
 * asks, and most modules hold none of it (nor make a call that asks about Node's http).
 */
const TEXT_FACTS = {
  defaults: (t: string) => t.includes('.defaults'),
  fetchPackages: (t: string) => /['"](?:undici|node-fetch|cross-fetch|isomorphic-fetch)['"]/.test(t),
  nodeHttp: (t: string) => /['"](?:node:)?https?['"]/.test(t),
};
let lastFacts: { sourceFile: ts.SourceFile; facts: { [K in keyof typeof TEXT_FACTS]?: boolean } } | undefined;
function textFact(sf: ts.SourceFile, fact: keyof typeof TEXT_FACTS): boolean {
  if (lastFacts?.sourceFile !== sf) lastFacts = { sourceFile: sf, facts: {} };
  return (lastFacts.facts[fact] ??= TEXT_FACTS[fact](sf.text));
}

/**
 * `x.defaults.baseURL = …` or `Object.assign(x.defaults, { baseURL })` in the module: the base of
 * the calls made on `x` (axios or an instance).
 */
function defaultsBase(id: ts.Identifier, bindings: Bindings): ts.Expression | undefined {
  if (!textFact(bindings.sourceFile, 'defaults')) return undefined;
  const decl = bindings.resolve(id);
  if (!decl) return undefined;
  for (const r of bindings.references(decl)) {
    const access = r.parent?.parent;
    const assign = access?.parent;
    if (access && assign && ts.isBinaryExpression(assign) && assign.left === access && assign.operatorToken.kind === ts.SyntaxKind.EqualsToken && defaultsHolder(access as ts.Expression) === r) return assign.right;
    const assigned = defaultsAssigned(r, bindings);
    if (assigned) return assigned;
  }
  return undefined;
}

/** `Object.assign(x.defaults, …sources)` for the reference `x`: the base the last source giving one gives. */
function defaultsAssigned(r: ts.Identifier, bindings: Bindings): ts.Expression | undefined {
  const defaults = r.parent;
  const call = defaults?.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== defaults || !isObjectAssign(call) || defaultsOf(defaults as ts.Expression) !== r) return undefined;
  let base: ts.Expression | undefined;
  for (const source of call.arguments.slice(1)) {
    const obj = asObjectLiteral(source, bindings);
    base = (obj && propValue(prop(obj, ...BASE_PROPS))) ?? base;
  }
  return base;
}

function fromInit(urlExpr: ts.Expression, init: ts.Expression | undefined, bindings: Bindings, returns: ApiCall['returns']): RawCall {
  const options = asObjectLiteral(init, bindings);
  if (!init) return { method: 'GET', urlExpr, returns };
  if (!options) return { method: undefined, urlExpr, returns };
  const methodProp = prop(options, 'method');
  const method = methodProp ? literalMethod(propValue(methodProp)) : 'GET';
  return {
    method,
    methodOpen: spreadAfter(options, methodProp) || undefined, // not spread in: rawCallOf writes every field
    urlExpr,
    body: propValue(prop(options, 'body', 'json', 'data')),
    options,
    query: propValue(prop(options, 'params', 'searchParams', 'query')),
    returns,
  };
}

/** An object spread into the options after their `method` (or with none): it may set another. */
function spreadAfter(options: ts.ObjectLiteralExpression, methodProp: ts.ObjectLiteralElementLike | undefined): boolean {
  return options.properties.some((p) => ts.isSpreadAssignment(p) && (!methodProp || p.pos > methodProp.pos));
}

function routeContext(bindings: Bindings): RouteContext {
  return { initializerOf: (id) => initializerOf(bindings, id), importedFrom: (id) => importOf(bindings.resolve(id))?.specifier };
}

/** Node's `https.get({ hostname, path, method }, callback)` / `https.request(…)`: the path is the URL. */
function nodeHttpCall(call: ts.CallExpression, bindings: Bindings): RawCall | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !['get', 'request'].includes(callee.name.text) || !textFact(bindings.sourceFile, 'nodeHttp')) return undefined;
  const holder = unwrap(callee.expression);
  const spec = ts.isIdentifier(holder) ? importOf(bindings.resolve(holder))?.specifier : undefined;
  if (spec === undefined || !/^(?:node:)?https?$/.test(spec)) return undefined;
  const options = asObjectLiteral(call.arguments[0], bindings);
  const path = options && propValue(prop(options, 'path'));
  if (!options || !path) return undefined;
  const m = prop(options, 'method');
  return { method: m ? literalMethod(propValue(m)) : callee.name.text === 'get' ? 'GET' : undefined, urlExpr: path, options, returns: 'unknown' };
}

/** Every field of T written out, undefined where it has no value. */
type Written<T> = { [K in keyof Required<T>]: T[K] | undefined };

/**
 * The reading with every field written, in one order. The readings are made in a dozen shapes;
 * V8 copies an object of many shapes (`{ ...raw, method }`) into a slow dictionary object, and
 * each later read of it is slow too: of one shape, the copies and reads are some 20 times cheaper.
 */
function rawCallOf(r: RawCall): RawCall {
  const all: Written<RawCall> = {
    method: r.method,
    methodOpen: r.methodOpen,
    urlExpr: r.urlExpr,
    body: r.body,
    options: r.options,
    query: r.query,
    returns: r.returns,
    viaInstance: r.viaInstance,
    instanceBase: r.instanceBase,
    looseQuery: r.looseQuery,
    unfollowed: r.unfollowed,
    wrapperUrls: r.wrapperUrls,
    wrapper: r.wrapper,
  };
  return all as RawCall;
}

function rawCall(call: ts.CallExpression, bindings: Bindings): RawCall | undefined {
  const node = nodeHttpCall(call, bindings);
  if (node) return rawCallOf(node);
  if (call.arguments.length === 0 || call.arguments.some(isInlineFunction)) return undefined; // route handlers, not requests
  if (isUrlJoinCall(call)) return undefined; // builds a URL, the request is made with it
  if (isAssertionOrLog(call)) return undefined; // `expect(url).toBe('…/v1/secrets')`, `console.log(url)`
  if (isMockSetup(call, bindings)) return undefined; // `nock(host).get(path)`, `fetchMock.get(url, body)`
  const callee = calleeName(call.expression, bindings);
  const shape = rawCallShape(call, bindings, callee);
  if (!shape) return undefined;
  const raw = rawCallOf(shape);
  if (callee.instance) {
    raw.viaInstance = true;
    raw.instanceBase = callee.instance.base;
  }
  return isWrapperCallee(call, bindings, callee) ? throughWrapper(raw, call, bindings) : raw;
}

/** Not fetch, nor a client or one of its instances: a function of the code's own (a wrapper) or one not known. */
function isWrapperCallee(call: ts.CallExpression, bindings: Bindings, callee: ReturnType<typeof calleeName>): boolean {
  if (callee.instance || callee.name === 'fetch' || importedFetch(call.expression, bindings) || fromUndici(call.expression, bindings)) return false;
  const client = callee.object ?? callee.name;
  return client === undefined || !(OPTIONS_STYLE_CLIENTS.has(client) || client === 'axios');
}

/**
 * A request a wrapper makes: through a client, or through another function of this module that
 * makes one. A function not known (`addQuery(url, params)`) makes none as far as the wrapper's
 * parameters go: what it does with them is not seen.
 */
function requestIn(call: ts.CallExpression, bindings: Bindings): RawCall | undefined {
  const raw = rawCall(call, bindings);
  if (!raw || !isWrapperCallee(call, bindings, calleeName(call.expression, bindings))) return raw;
  const fn = localFunctionOf(call.expression, bindings);
  const urlIndex = call.arguments.indexOf(raw.urlExpr);
  return fn && urlIndex >= 0 && wrapperParams(fn, urlIndex, bindings, (inner) => requestIn(inner, bindings)) ? raw : undefined;
}

/**
 * A wrapper's call read as the request the wrapper makes (wrapper-params.ts): its method, and the
 * arguments it sends as the query and the body, in place of the fetch-shaped reading (the second
 * argument as init) or the method-first one (`request('GET', path, x)`: x as the body). The
 * arguments no role accounts for are `unfollowed`, and an object among them holding no request
 * option is kept as `looseQuery`.
 */
function throughWrapper(raw: RawCall, call: ts.CallExpression, bindings: Bindings): RawCall {
  const urlIndex = call.arguments.indexOf(raw.urlExpr);
  const fn = urlIndex >= 0 ? localFunctionOf(call.expression, bindings) : undefined;
  const w = fn && wrapperParams(fn, urlIndex, bindings, (inner) => requestIn(inner, bindings));
  const optionsAt = raw.options ? call.arguments.findIndex((a) => asObjectLiteral(a, bindings) === raw.options) : -1;
  // Every argument but the path and a method written out (`'GET'`) may carry the query.
  const handed = call.arguments.map((_, i) => i).filter((i) => i !== urlIndex && !literalMethod(call.arguments[i]));
  if (!w) {
    const { unfollowed, looseQuery } = unfollowedOf(handed, call, bindings);
    return { ...raw, unfollowed, looseQuery };
  }
  // The object read as the options is the query or the body: nothing the fetch-shaped reading took from it holds
  // (`devinPost('/sessions', { prompt })` posts, though `{ prompt }` names no method).
  const misread = optionsAt >= 0 && (optionsAt === w.query || optionsAt === w.body);
  const kept: Partial<RawCall> = misread ? {} : raw;
  // `request('GET', '/sessions', query)`: the argument read as the body is the wrapper's query or options.
  const bodyAt = raw.body ? call.arguments.indexOf(raw.body) : -1;
  const bodyMisread = bodyAt >= 0 && (bodyAt === w.query || w.options.includes(bodyAt));
  const { unfollowed, looseQuery } = unfollowedOf(
    handed.filter((i) => i !== w.body && i !== w.query && !w.options.includes(i)),
    call,
    bindings,
  );
  return {
    ...raw,
    method: w.method ?? kept.method,
    methodOpen: w.method ? undefined : kept.methodOpen,
    body: w.body !== undefined ? call.arguments[w.body] : bodyMisread ? undefined : kept.body,
    query: w.query !== undefined ? call.arguments[w.query] : kept.query,
    options: kept.options,
    unfollowed,
    looseQuery,
    wrapperUrls: w.urls,
    wrapper: w,
  };
}

/** The arguments at `indices`, handed to a function that does not show what it does with them: ApiCall.unfollowed and looseQuery. */
function unfollowedOf(indices: readonly number[], call: ts.CallExpression, bindings: Bindings): Pick<RawCall, 'unfollowed' | 'looseQuery'> {
  if (indices.length === 0) return { unfollowed: undefined, looseQuery: undefined };
  const unfollowed = indices.map((i) => call.arguments[i]!);
  return { unfollowed, looseQuery: looseQueryIn(unfollowed, bindings) };
}

/** The first of these arguments that is an object (or a constant holding one) with no request option: it may be the query. */
export function looseQueryIn(args: readonly ts.Expression[], bindings: Bindings): ts.ObjectLiteralExpression | undefined {
  for (const a of args) {
    const q = looseQueryOf(asObjectLiteral(a, bindings));
    if (q) return q;
  }
  return undefined;
}

/** Keys of request options (fetch's init, axios's config, got/ky/ofetch options): an object with one of them is options. */
const OPTION_KEYS = new Set([
  'method', 'headers', 'body', 'json', 'data', 'form', 'params', 'searchParams', 'query', 'signal', 'timeout', 'url', 'baseURL', 'baseUrl', 'prefixUrl',
  'responseType', 'cache', 'credentials', 'mode', 'redirect', 'referrer', 'referrerPolicy', 'integrity', 'keepalive', 'next', 'duplex', 'dispatcher',
  'agent', 'auth', 'retry', 'hooks', 'throwHttpErrors', 'validateStatus', 'withCredentials', 'maxRedirects', 'paramsSerializer',
]);

/** Options that hold no request option (and no spread): what a wrapper may build the query from. */
function looseQueryOf(options: ts.ObjectLiteralExpression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!options || options.properties.length === 0) return undefined;
  const names = options.properties.map((p) => (ts.isSpreadAssignment(p) || !p.name ? undefined : propertyNameText(p.name as ts.PropertyName)));
  return names.every((n) => n !== undefined && !OPTION_KEYS.has(n)) ? options : undefined;
}

/** Roots of calls that check or print a value, never request it. */
const NON_REQUEST_ROOTS = new Set(['expect', 'assert', 'console', 'chai', 'should']);

/** A test assertion (`expect(x).not.toBe(url)`, `assert.equal(url, …)`) or a log line. */
function isAssertionOrLog(call: ts.CallExpression): boolean {
  let e: ts.Expression = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(e) && /^to[A-Z]/.test(e.name.text)) return true; // jest/vitest matchers
  while (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e)) e = unwrap(e.expression);
  return ts.isIdentifier(e) && NON_REQUEST_ROOTS.has(e.text);
}

function rawCallShape(call: ts.CallExpression, bindings: Bindings, callee: ReturnType<typeof calleeName>): RawCall | undefined {
  const args = call.arguments;
  const { name, object } = callee;
  const verb = name?.toLowerCase();
  // request('POST', '/sessions', body)
  const first = literalMethod(args[0]);
  if (first && args.length >= 2) {
    const options = asObjectLiteral(args[3], bindings);
    return { method: first, urlExpr: args[1]!, body: args[2], options, query: options && propValue(prop(options, 'params', 'query')), returns: 'unknown' };
  }
  // axios({ method, url, data, params }) / client.request({ ... })
  const cfg = ts.isObjectLiteralExpression(unwrap(args[0]!)) ? (unwrap(args[0]!) as ts.ObjectLiteralExpression) : undefined;
  if (cfg && isRouteOptions(cfg)) return undefined; // fastify's route({ url, handler })
  if (cfg) {
    const url = propValue(prop(cfg, 'url'));
    if (!url) return undefined;
    const m = prop(cfg, 'method');
    return {
      method: m ? literalMethod(propValue(m)) : 'GET',
      methodOpen: spreadAfter(cfg, m) || undefined,
      urlExpr: url,
      body: propValue(prop(cfg, 'data', 'body', 'json')),
      options: cfg,
      query: propValue(prop(cfg, 'params')),
      returns: 'axios',
    };
  }
  const urlExpr = args[0]!;
  // openapi-fetch: `client.GET('/v1/sessions', { params: { query: { limit } } })`, `client.POST(path,
  // { body })`, resolving to `{ data, error }`.
  if (name && (METHODS as readonly string[]).includes(name)) {
    const init = asObjectLiteral(args[1], bindings);
    const params = init && asObjectLiteral(propValue(prop(init, 'params')), bindings);
    return { method: name as HttpMethod, urlExpr, body: init && propValue(prop(init, 'body')), options: init, query: params && propValue(prop(params, 'query')), returns: 'axios' };
  }
  // @actions/http-client: `http.getJson(url)`, `http.postJson(url, body)`, resolving to `{ result }`.
  const json = name?.endsWith('Json') && /^(get|post|put|patch)Json$/.exec(name);
  if (json && ts.isPropertyAccessExpression(unwrap(call.expression))) {
    const method = json[1]!.toUpperCase() as HttpMethod;
    return { method, urlExpr, body: method === 'GET' ? undefined : args[1], returns: 'result' };
  }
  if (verb && VERB_NAMES.has(verb)) {
    const method = (verb === 'del' ? 'DELETE' : verb.toUpperCase()) as HttpMethod;
    if (object && OPTIONS_STYLE_CLIENTS.has(object)) {
      const raw = fromInit(urlExpr, args[1], bindings, object === 'got' ? 'got' : 'unknown');
      return { ...raw, method };
    }
    // axios and its instances resolve to { data }; a wrapper may return either, decided where it is read.
    const returns = object === 'axios' ? 'axios' : 'unknown';
    // superagent: `request.post(url).set(…).query({ limit }).send({ prompt })`.
    if (args.length === 1) {
      const chained = builderChain(call);
      if (chained.body || chained.query) return { method, urlExpr, body: chained.body, query: chained.query, returns };
    }
    if (method === 'GET' || method === 'DELETE') {
      const config = asObjectLiteral(args[1], bindings);
      return { method, urlExpr, options: config, query: config && propValue(prop(config, 'params', 'searchParams')), returns, body: config && propValue(prop(config, 'data')) };
    }
    const config = asObjectLiteral(args[2], bindings);
    return { method, urlExpr, body: args[1], options: config, query: config && propValue(prop(config, 'params', 'searchParams')), returns };
  }
  const isFetch = name === 'fetch' || importedFetch(call.expression, bindings);
  // fetch(new Request(url, init)): the request carries the URL and, unless fetch's own init
  // replaces it, the method and body.
  const request = isFetch ? requestOf(urlExpr, bindings) : undefined;
  if (request) return fromInit(request.url, args[1] ?? request.init, bindings, 'response');
  // fetch(url, init) and fetch-shaped wrappers: devinFetch(path, { method, body })
  const returns = isFetch ? 'response' : object === 'got' ? 'got' : fromUndici(call.expression, bindings) ? 'undici' : 'unknown';
  return fromInit(urlExpr, args[1], bindings, returns);
}

/** `new Request(url, init)`, written in place or held by a constant. */
function requestOf(e: ts.Expression, bindings: Bindings): { url: ts.Expression; init?: ts.Expression } | undefined {
  const u = writtenValue(e, bindings);
  if (!u || !ts.isNewExpression(u) || !ts.isIdentifier(u.expression) || u.expression.text !== 'Request' || !u.arguments?.length) return undefined;
  return { url: u.arguments[0]!, init: u.arguments[1] };
}

/** What a request builder chained on the call sends: `.send(body)`, `.query(params)` (superagent and the like). */
function builderChain(call: ts.CallExpression): { body?: ts.Expression; query?: ts.Expression } {
  const out: { body?: ts.Expression; query?: ts.Expression } = {};
  let n: ts.Node = call;
  while (ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n && ts.isCallExpression(n.parent.parent) && n.parent.parent.expression === n.parent) {
    const next = n.parent.parent;
    const arg = next.arguments[0];
    if (n.parent.name.text === 'send' && arg) out.body ??= arg;
    if (n.parent.name.text === 'query' && arg) out.query ??= arg;
    n = next;
  }
  return out;
}

/** Packages whose `fetch` (or default export) is the fetch API: `import { fetch as f } from 'undici'`, `import f from 'node-fetch'`. */
const FETCH_PACKAGES: Readonly<Record<string, string>> = { undici: 'fetch', 'node-fetch': 'default', 'cross-fetch': 'default', 'isomorphic-fetch': 'default' };

/** A fetch imported under another name. */
function importedFetch(callee: ts.Expression, bindings: Bindings): boolean {
  const c = unwrap(callee);
  if (!ts.isIdentifier(c) || !textFact(bindings.sourceFile, 'fetchPackages')) return false;
  const imp = importOf(bindings.resolve(c));
  const wanted = imp && FETCH_PACKAGES[imp.specifier];
  return wanted !== undefined && (imp!.imported === wanted || imp!.imported === 'fetch');
}

/** `request(…)` imported from undici, or `undici.request(…)`: `{ statusCode, body }` with `body.json()`. */
function fromUndici(callee: ts.Expression, bindings: Bindings): boolean {
  const c = unwrap(callee);
  const id = ts.isIdentifier(c) ? c : ts.isPropertyAccessExpression(c) && c.name.text === 'request' && ts.isIdentifier(unwrap(c.expression)) ? (unwrap(c.expression) as ts.Identifier) : undefined;
  return id !== undefined && importOf(bindings.resolve(id))?.specifier === 'undici';
}

/** The URL shapes of a call, with a base given for this request alone (`{ prefixUrl }`, `{ baseURL }`) joined by one slash. */
function callShapes(raw: Pick<RawCall, 'urlExpr' | 'viaInstance' | 'options' | 'instanceBase'>, shapes: ShapeContext, trail?: ts.Expression[]): string[] | null {
  let paths = urlShapes(raw.urlExpr, shapes, trail);
  // `client.get('sessions')` on an instance with a base: the client adds the slash. Only there:
  // elsewhere a bare word (`cache.get('sessions')`) is no path at all.
  if (paths && raw.viaInstance) paths = paths.map((p) => (/^[a-z]/i.test(p) && !/^[a-z][a-z0-9+.-]*:/i.test(p) ? `/${p}` : p));
  // A base for this request, else the instance's own (`openai.get('sessions')` is not Devin's).
  const baseExpr = (raw.options && propValue(prop(raw.options, ...BASE_PROPS))) ?? raw.instanceBase;
  return paths && baseExpr ? underBase(paths, baseExpr, shapes) : paths;
}

/** Paths joined to a base with one slash, as clients given a base do (an absolute URL stays). */
function underBase(paths: readonly string[], baseExpr: ts.Expression, shapes: ShapeContext): string[] | null {
  const bases = urlShapes(baseExpr, shapes);
  return bases && bases.flatMap((b) => paths.map((p) => (isAbsoluteUrl(p) ? p : `${b.replace(/\/+$/, '')}/${p.replace(/^\/+/, '')}`)));
}

function recognise(call: ts.CallExpression, shapes: ShapeContext, evidence: DevinEvidence): ApiCall | undefined {
  let raw = rawCall(call, shapes.bindings);
  if (!raw) return undefined;
  let alts = callShapes(raw, shapes);
  if (!alts) return undefined;
  const beside = baseBesidePath(call, raw, alts, shapes);
  if (beside) [raw, alts] = beside;
  if (raw.wrapperUrls && madeOnOtherHost(raw.wrapperUrls, shapes)) return undefined;
  // `fetch('/v1/sessions')` with no base is the page's own origin.
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee) && callee.text === 'fetch' && alts.every((a) => a.startsWith('/'))) return undefined;
  const hasBody = raw.body !== undefined;
  let matched = matchAlts(alts, raw.method, hasBody, evidence);
  let builtAt: ts.Expression[] | undefined;
  if (matched.v3Ids.size === 0 && matched.legacyMatched.length === 0) {
    const through = raw.wrapper && wrapperUrl(raw.wrapper, alts, shapes);
    if (!through) return undefined;
    matched = matchAlts(through.alts, raw.method, hasBody, evidence);
    if (matched.v3Ids.size === 0 && matched.legacyMatched.length === 0) return undefined;
    [alts, builtAt] = [through.alts, through.builtAt];
  }
  // The app's own routes (Node's http options object with a callback is a request, not a route).
  if (!ts.isObjectLiteralExpression(unwrap(call.arguments[0]!)) && isRouteRegistration(call, routeContext(shapes.bindings))) return undefined;
  const otherHost = alts.map(otherHostOf).find((h) => h !== undefined);
  // Every field written, as in rawCallOf (the wrapper left out): the transforms read these objects over and over.
  const found: Written<ApiCall & Omit<RawCall, 'wrapper'>> = {
    node: call,
    method: raw.method ?? inferMethod(matched.rows, hasBody),
    methodOpen: raw.methodOpen,
    urlExpr: raw.urlExpr,
    body: raw.body,
    options: raw.options,
    query: raw.query,
    returns: raw.returns,
    viaInstance: raw.viaInstance,
    instanceBase: raw.instanceBase,
    looseQuery: raw.looseQuery,
    unfollowed: raw.unfollowed,
    wrapperUrls: raw.wrapperUrls,
    v3Ids: matched.v3Ids,
    rows: matched.rows,
    legacyMatched: matched.legacyMatched,
    legacyForm: matched.legacyForm,
    otherHost,
    origins: undefined,
    bodyHeldBefore: undefined,
    builtAt,
  };
  return found as ApiCall;
}

/**
 * The URL of a call of a function of this module that makes the request with its path parameter,
 * when the argument is no path of its own (`call('sessions')` of `fetch(ROOT + routes[route])`,
 * `get('sessions')` of `fetch(BASE + path)`): the request's URL with the argument put in, and
 * where it is built.
 */
function wrapperUrl(wrapper: NonNullable<RawCall['wrapper']>, given: readonly string[], shapes: ShapeContext): { alts: string[]; builtAt: ts.Expression[] } | undefined {
  const bound: ShapeContext = { ...shapes, bound: new Map([[wrapper.param, given]]) };
  const alts: string[] = [];
  const builtAt: ts.Expression[] = [];
  for (const { call, request } of wrapper.requests) {
    const trail: ts.Expression[] = [];
    const inner = callShapes(request, bound, trail);
    if (!inner) continue;
    alts.push(...inner);
    builtAt.push(call, ...trail);
  }
  return alts.length > 0 ? { alts, builtAt } : undefined;
}

/**
 * `call('https://api.devin.ai', '/v1/sessions', init)`: a helper given the base beside the path
 * (the URL analysis joins them the same way). The first argument is only a base, the second a path.
 */
function baseBesidePath(call: ts.CallExpression, raw: RawCall, alts: readonly string[], shapes: ShapeContext): [RawCall, string[]] | undefined {
  const [base, path, init] = call.arguments;
  if (raw.returns !== 'unknown' || raw.viaInstance || raw.urlExpr !== base || !path) return undefined;
  if (!alts.every((a) => isAbsoluteUrl(a) && /^[a-z][a-z0-9+.-]*:\/\/[^/]+(?:\/v[123](?:beta\d*)?)?\/?$/i.test(a))) return undefined;
  const paths = urlShapes(path, shapes);
  if (!paths?.length || !paths.every((p) => p.startsWith('/'))) return undefined;
  const next: RawCall = { ...fromInit(path, init, shapes.bindings, 'unknown'), instanceBase: base };
  const joined = callShapes(next, shapes);
  return joined ? [next, joined] : undefined;
}

/**
 * A wrapper that joins the path onto a base written out with another host than Devin's
 * (`fetch(BILLING + path)`, `this.baseUrl + path` with `baseUrl = 'https://billing.acme.dev'`) in
 * every request it makes with it: the path is that host's, whatever it looks like (the URL
 * analysis's rule, analyze.ts `joinsOntoOtherHost`).
 */
function madeOnOtherHost(urls: readonly ts.Expression[], shapes: ShapeContext): boolean {
  const all = urls.map((u) => urlShapes(u, shapes));
  // The base is what comes before the first unknown piece (the path parameter): its host is whole.
  if (all.length === 0 || !all.every((s) => s !== null && s.every((shape) => otherHostOf(shape.split(HOLE)[0]!) !== undefined))) return false;
  return !urls.some((u) => fallsBackForDevinSetting(u, shapes.bindings, 0));
}

/** `process.env.DEVIN_API_URL ?? 'http://localhost:8787'` in the expression or a value it reads: Devin's API on a local fake. */
function fallsBackForDevinSetting(e: ts.Node, bindings: Bindings, depth: number): boolean {
  if (depth > 4) return false;
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken) && /devin/i.test(e.left.getText(bindings.sourceFile))) return true;
  if (ts.isIdentifier(e)) {
    const init = initializerOf(bindings, e);
    return init !== undefined && fallsBackForDevinSetting(init, bindings, depth + 1);
  }
  if (ts.isPropertyAccessExpression(e) && isThisMember(e)) return memberAssignments(e).some((a) => fallsBackForDevinSetting(a.value, bindings, depth + 1));
  return e.forEachChild((c) => (fallsBackForDevinSetting(c, bindings, depth) ? true : undefined)) ?? false;
}

// The same few shapes recur across a codebase: their host is judged once.
const otherHosts = new Map<string, string | undefined>();

/** The host of an absolute URL shape when it is written out and not Devin's. */
function otherHostOf(url: string): string | undefined {
  if (!url.includes('://')) return undefined;
  if (otherHosts.has(url)) return otherHosts.get(url);
  const host = hostOf(url);
  const other = host !== undefined && !host.includes(HOLE) && !isDevinApiHost(host) ? host : undefined;
  if (otherHosts.size >= SHAPE_CACHE_LIMIT) otherHosts.clear();
  otherHosts.set(url, other);
  return other;
}

/** The endpoints a URL's possible shapes reach: v3 ids, the legacy rows that map to them, and the legacy rows matched as written. */
function matchAlts(alts: readonly string[], method: HttpMethod | undefined, hasBody: boolean, evidence: DevinEvidence): Pick<ApiCall, 'v3Ids' | 'rows' | 'legacyMatched' | 'legacyForm'> {
  const v3Ids = new Set<string>();
  const legacyMatched = new Set<LegacyEndpoint>();
  let legacyForm = false;
  for (const alt of alts) {
    for (const m of matchShape(alt, method, hasBody, evidence)) {
      if (m.legacy) legacyMatched.add(m.legacy);
      if (m.legacy && !m.guessed) legacyForm = true;
      if (m.v3) v3Ids.add(m.v3);
    }
  }
  return { v3Ids, rows: rowsOf(v3Ids), legacyMatched: [...legacyMatched], legacyForm };
}

/** The legacy rows of each v3 endpoint, in the catalogue's order. */
const ROWS_BY_V3 = new Map<string, LegacyEndpoint[]>();
for (const e of LEGACY_ENDPOINTS) if (e.v3 !== null) ROWS_BY_V3.set(e.v3, [...(ROWS_BY_V3.get(e.v3) ?? []), e]);

/** The legacy rows that map to these v3 endpoints, in the catalogue's order (a new list: a call's own). */
function rowsOf(v3Ids: ReadonlySet<string>): LegacyEndpoint[] {
  if (v3Ids.size === 1) {
    // Most calls reach one.
    const [id] = v3Ids;
    return ROWS_BY_V3.get(id!)?.slice() ?? [];
  }
  return LEGACY_ENDPOINTS.filter((e) => e.v3 !== null && v3Ids.has(e.v3));
}

/**
 * A URL written outside any recognised call (`return \`${BASE}/sessions?limit=${n}\``, a mock
 * handler's path), read as a request with `method` (GET: what a built URL is most likely for).
 * Only absolute URLs on a Devin host (directly or through a base constant): a relative path alone
 * could be any API's.
 */
export function standaloneGet(
  expr: ts.Expression,
  shapes: ShapeContext,
  method: HttpMethod = 'GET',
  /** A host or base the path is joined to (`nock('https://api.devin.ai').get('/v1/sessions')`). */
  base?: ts.Expression,
): Pick<ApiCall, 'urlExpr' | 'query' | 'returns' | 'v3Ids' | 'rows' | 'legacyMatched' | 'legacyForm'> | undefined {
  const paths = urlShapes(expr, shapes);
  const alts = (paths && base ? underBase(paths, base, shapes) : paths)?.filter((a) => /^https?:\/\//i.test(a));
  if (!alts || alts.length === 0) return undefined;
  const matched = matchAlts(alts, method, method !== 'GET' && method !== 'DELETE', NO_EVIDENCE);
  if (matched.v3Ids.size === 0) return undefined;
  return { urlExpr: expr, query: undefined, returns: 'unknown', ...matched };
}

function inferMethod(rows: LegacyEndpoint[], hasBody: boolean): HttpMethod | undefined {
  const ms = new Set(rows.map((r) => r.method));
  if (!hasBody && ms.has('GET')) return 'GET';
  const writes = [...ms].filter((m) => m !== 'GET' && m !== 'DELETE');
  return writes.length === 1 ? writes[0] : undefined;
}

interface ShapeMatch {
  legacy?: LegacyEndpoint;
  v3?: string;
  /** Matched only with a version prefix put before a relative path (RELATIVE_PREFIXES). */
  guessed?: boolean;
}

function candidateMethods(method: HttpMethod | undefined, hasBody: boolean): HttpMethod[] {
  if (method) return [method];
  return hasBody ? ['POST', 'PUT', 'PATCH'] : ['GET'];
}

function matchOne(url: string, method: HttpMethod | undefined, hasBody: boolean): ShapeMatch[] {
  const out: ShapeMatch[] = [];
  const methods = candidateMethods(method, hasBody);
  for (const m of methods) {
    const legacy = matchEndpoint(m, url);
    if (legacy) out.push({ legacy: legacy.entry, v3: legacy.entry.v3 ?? undefined });
    const v3 = matchV3(m, url);
    if (v3) out.push({ v3: v3.endpoint.id });
  }
  if (out.length === 0 && !method) {
    // The method is not known: any row at this path, filtered by whether a body is sent.
    for (const lm of matchPath(url)) {
      if (hasBody === (lm.entry.method !== 'GET' && lm.entry.method !== 'DELETE')) out.push({ legacy: lm.entry, v3: lm.entry.v3 ?? undefined });
    }
  }
  return out;
}

// The same few URL shapes recur in every file of a codebase: matching one against the catalogue
// once per run (it is pure) removed most of the codemod's allocations.
const shapeMatches = new Map<string, readonly ShapeMatch[]>();
const SHAPE_CACHE_LIMIT = 50_000;

function matchShape(shape: string, method: HttpMethod | undefined, hasBody: boolean, evidence: DevinEvidence): readonly ShapeMatch[] {
  const key = `${method ?? ''}|${hasBody ? 1 : 0}${evidence.mentions ? 1 : 0}${evidence.bare ? 1 : 0}|${shape}`;
  let hit = shapeMatches.get(key);
  if (hit === undefined) {
    if (shapeMatches.size >= SHAPE_CACHE_LIMIT) shapeMatches.clear();
    hit = matchShapeUncached(shape, method, hasBody, evidence);
    shapeMatches.set(key, hit);
  }
  return hit;
}

function matchShapeUncached(shape: string, method: HttpMethod | undefined, hasBody: boolean, evidence: DevinEvidence): ShapeMatch[] {
  let s = shape;
  let baseUnknown = false;
  while (s.startsWith(HOLE)) {
    s = s.slice(HOLE.length);
    baseUnknown = true;
  }
  const { origin, path, search } = splitUrl(s);
  if (origin) {
    const host = origin.replace(/^[a-z][a-z0-9+.-]*:/i, '').replace(/^\/\//, '');
    if (host.includes(HOLE) ? !hostMayBeDevinApi(host, (name) => name.includes(HOLE)) : !isDevinApiHost(host)) return [];
  }
  const direct = matchOne(path + search, method, hasBody);
  // `/v1/sessions` with no host, or under a base we could not read, is any API's path unless
  // the file is about Devin (the endpoints transform's rule: it would leave the path alone).
  if (direct.length > 0) return origin && !baseUnknown ? direct : evidence.bare ? direct : [];
  // A relative path under a base URL we could not read: only in files that are about Devin
  // (that import a Devin wrapper or base count, whatever their own text says).
  if (!(baseUnknown || !origin) || !(evidence.mentions || evidence.bare) || /^\/(?:api\/)?(?:beta\/)?v[123]/.test(path)) return [];
  const out: ShapeMatch[] = [];
  for (const prefix of RELATIVE_PREFIXES) for (const m of matchOne(prefix + path + search, method, hasBody)) out.push({ ...m, guessed: true });
  return out;
}

/** The call reaches one of the given v3 endpoints (by id). */
export function reaches(call: ApiCall, ...v3Ids: string[]): boolean {
  return v3Ids.some((id) => call.v3Ids.has(id));
}
