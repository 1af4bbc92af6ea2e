// A response an exported function returns whole, when no module of the run imports that function:
// its callers are elsewhere (another package, a library's users, the browser calling a route
// handler), where no transform follows the response. The shape they receive changes when the
// endpoints transform moves the call's URL, so endpoints says so at the call instead of changing
// it silently. The candidates are found on the text as read, where the call is still in legacy
// form, by the pre-pass on the tree it parses (`IndexOptions.outsideCalls`); whether anything of
// the run imports the function is asked only then, once every module is known (`outsideMarker`).
import type { FieldChange, LegacyEndpoint } from '../src/catalog/index.js';
import { isLegacy, legacyCallsOf, scanApiCalls, type ApiCall, type CallScan, type CallScanContext } from './api-calls.js';
import { statementOf } from './edit-set.js';
import { exportedKeys } from './relayed-calls.js';
import { isCallback, responseFlow, returnedBy } from './response-flow.js';
import { ts } from './ts.cjs';
import type { LegacyCall, ProjectIndex } from './types.js';
import { localFunctionOf } from './bindings.js';

/** A call in legacy form whose response exported functions return whole, and what changes in it. */
export interface OutsideCall {
  call: LegacyCall;
  /** Where its marker goes: the start of the statement that holds the call. */
  at: number;
  /** The exported functions that return it: their name, the names importers may import them by, whether they held the body first. */
  returned: { name: string; imported: string[]; held: boolean }[];
  change: ResponseChange;
}

/** What callers of a function returning this response must read differently. */
interface ResponseChange {
  /** `v1`, `v2` or `v1/v2`. */
  version: string;
  /** Legacy list envelopes (`sessions`, `[]` for a bare array). */
  envelopes: string[];
  /** A v2 skip/page list. */
  v2Paging: boolean;
  /** The response fields that change, described. */
  fields: string[];
}

/** Only modules that export anything, or answer HTTP requests, can hand a response on. */
export function mayHandOn(text: string): boolean {
  return /\bexports?\b|\.(?:json|send)\(/.test(text);
}

/** The legacy-form calls of a module whose changed response exported functions return. */
export function outsideCalls(ctx: CallScanContext): OutsideCall[] {
  if (!ctx.project.callsExport || !mayHandOn(ctx.text)) return [];
  const scan = scanApiCalls({ ...ctx, leaveCall: undefined });
  const answersRequests = SENDS_RE.test(ctx.text);
  const out: OutsideCall[] = [];
  let local: LocalCall[] | undefined;
  for (const call of scan.calls) {
    if (!isLegacy(call)) continue;
    const change = responseChange(call.legacyMatched.length > 0 ? call.legacyMatched : call.rows, call);
    if (!change) continue;
    const returned: OutsideCall['returned'] = [];
    const returners = returnedBy(call, scan.bindings);
    // Functions whose callers get this response through a recognised call of another function of
    // the module: that call says what they get.
    let relayed: Set<string> | undefined;
    for (const { keys, held } of exported(returners, scan)) {
      if ((relayed ??= relayedByCalls(call, returners, (local ??= localCalls(scan)), scan)).has(keys[0]!)) continue;
      // `Class.method`, `instance.method`: what callers import is the class or the instance.
      returned.push({ name: keys[0]!, imported: [...new Set(keys.map((k) => k.split('.')[0]!))], held });
    }
    // `return NextResponse.json(session)`, `res.json(session)`: a handler sends it to its HTTP clients.
    if (answersRequests && responseFlow(call, scan.bindings).values.some(isSentToClients)) returned.push({ name: CLIENTS, imported: [], held: false });
    if (returned.length === 0) continue;
    const [legacy] = legacyCallsOf(call, ctx.sourceFile, scan.shapes);
    if (legacy) out.push({ call: legacy, at: statementOf(call.node).getStart(ctx.sourceFile), returned, change });
  }
  return out;
}

/** What express/fastify/Hono handlers call the object they answer through. */
const ANSWER_OBJECTS = ['res', 'response', 'reply', 'c', 'ctx'];
/** What `isSentToClients` looks for, as text: most modules have none. */
const SENDS_RE = new RegExp(`\\b(?:NextResponse|Response)\\.json\\(|\\b(?:${ANSWER_OBJECTS.join('|')})\\.(?:json|send)\\((?!\\s*\\))`);

/** Stands for a route handler's HTTP clients among the functions a response is handed to. */
const CLIENTS = '';

/**
 * The body handed whole to what answers an HTTP request: `NextResponse.json(x)`, `Response.json(x)`,
 * `res.json(x)` / `res.send(x)` (express), `reply.send(x)` (fastify), `c.json(x)` (Hono).
 */
function isSentToClients(v: ts.Expression): boolean {
  let n: ts.Node = v;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAwaitExpression(n.parent)) n = n.parent;
  const call = n.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== n) return false;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  const on = ts.isIdentifier(callee.expression) ? callee.expression.text : '';
  if (method === 'json' && (on === 'NextResponse' || on === 'Response')) return true;
  return (method === 'json' || method === 'send') && ANSWER_OBJECTS.includes(on);
}

/** The exported functions among those that return a response (not callbacks), with their exported keys. */
function exported(returners: ReturnType<typeof returnedBy>, scan: CallScan): { keys: string[]; held: boolean }[] {
  const out: { keys: string[]; held: boolean }[] = [];
  for (const { fn, held } of returners) {
    if (isCallback(fn)) continue;
    const keys = exportedKeys(fn, scan.bindings.sourceFile);
    if (keys.length > 0) out.push({ keys, held });
  }
  return out;
}

/** A recognised call of a function of the module (`call('sessions')`), and the exported names that return its response (computed when first asked). */
interface LocalCall {
  call: ApiCall;
  fn: ts.SignatureDeclaration;
  names?: string[];
}

/**
 * The module's recognised calls of its own functions. relayedByCalls asks about every one for
 * each call with an exported returner: found once per module, not once per pair of calls.
 */
function localCalls(scan: CallScan): LocalCall[] {
  const out: LocalCall[] = [];
  for (const call of scan.calls) {
    const fn = localFunctionOf(call.node.expression, scan.bindings);
    if (fn) out.push({ call, fn });
  }
  return out;
}

/**
 * The exported names that get this call's response through a recognised call of a function of
 * the module that returns it (`makeSession` returning `call('sessions', { method: 'POST' })` of
 * `call` returning a fetch's response): that call says what they get (a create, not the list the
 * fetch alone would be read as). `returners`: the functions that return this call's response.
 */
function relayedByCalls(call: ApiCall, returners: ReturnType<typeof returnedBy>, local: readonly LocalCall[], scan: CallScan): Set<string> {
  const relaying = new Set(returners.map((r) => r.fn));
  const out = new Set<string>();
  for (const other of local) {
    if (other.call === call || !relaying.has(other.fn)) continue;
    for (const name of (other.names ??= exported(returnedBy(other.call, scan.bindings), scan).map(({ keys }) => keys[0]!))) out.add(name);
  }
  return out;
}

/** A field, or a path to one (`pull_request.url`, `pull_requests[].url`); not a shape like `(url string)`. */
const FIELD_PATH = /^[A-Za-z_$][\w$]*(?:\[\])?(?:\.[A-Za-z_$][\w$]*)*$/;

function describe(f: FieldChange): string {
  if (!f.to) return `\`${f.from}\` is gone`;
  return f.to === f.from ? `\`${f.from}\` changed` : `\`${f.from}\` -> \`${f.to}\``;
}

/** `v1`, `v2`, or `v1/v2` for the rows a call matched. */
function versionOf(rows: readonly LegacyEndpoint[]): string {
  return [...new Set(rows.map((r) => r.id.slice(0, r.id.indexOf('.'))))].sort().join('/');
}

function responseChange(legacyRows: readonly LegacyEndpoint[], call: ApiCall): ResponseChange | undefined {
  const rows = call.method === undefined ? legacyRows : legacyRows.filter((r) => r.method === call.method);
  const envelopes = new Set<string>();
  let v2Paging = false;
  const fields = new Map<string, FieldChange>();
  for (const r of rows) {
    if (r.method === 'GET' && r.envelope) envelopes.add(r.envelope);
    if (r.method === 'GET' && (r.pagination === 'v2-skip' || r.pagination === 'v2-page')) v2Paging = true;
    for (const f of r.fields ?? []) if (f.in === 'response' && f.from !== r.envelope && FIELD_PATH.test(f.from)) fields.set(f.from, f);
  }
  // Only what breaks reads (a list's envelope, a renamed field) is worth a marker on its own;
  // a field gone or changed in type is listed with those, not alone (`is_new_session` on create).
  const renamed = [...fields.values()].some((f) => f.to && f.to !== f.from);
  if (envelopes.size === 0 && !v2Paging && !renamed) return undefined;
  return { version: versionOf(rows), envelopes: [...envelopes], v2Paging, fields: [...fields.values()].map(describe) };
}

/** The marker for a call whose changed response goes to callers outside the run, if no module of the run imports the functions that return it. */
export function outsideMarker(o: OutsideCall, fileName: string, project: ProjectIndex): string | undefined {
  const returned = o.returned.filter((r) => !r.imported.some((name) => project.callsExport?.(fileName, name) ?? true));
  if (returned.length === 0) return undefined;
  const { version, envelopes, v2Paging, fields } = o.change;
  const parts: string[] = [];
  const list = envelopes.length > 0 || v2Paging;
  if (envelopes.length === 1 && envelopes[0] === '[]' && returned.every((r) => r.held)) {
    // Read as `.items` where the function holds it: callers still get an array, of one page.
    parts.push('v3 pages this list (v1: a bare array), so it now returns the first page of items only: read the rest with `after: <response>.end_cursor`');
  } else if (envelopes.length > 0) {
    // Not `.sessions` or `{ sessions }`: pagination takes those in the text as v1 reads.
    const was = envelopes.map((e) => (e === '[]' ? 'a bare array' : `the list under \`${e}\``)).join(' or ');
    parts.push(`v3 answers { items, end_cursor, has_next_page } (${version}: ${was}): read \`.items\` and page with \`after\``);
  } else if (v2Paging) {
    parts.push('v3 pages with `end_cursor`/`has_next_page` and `after` (v2: `skip`, `has_more`, `next_cursor`)');
  }
  if (fields.length > 0) parts.push(`${list ? 'on each item, ' : ''}${fields.join(', ')}`);
  const named = returned.filter((r) => r.name !== CLIENTS);
  if (named.length === 0) return `this handler sends this response to its HTTP clients, so they must change with it: ${parts.join('; ')} (see MIGRATION.md)`;
  const who = named.map((r) => `\`${r.name}\``).join(' and ');
  return `${who} returns this response and no module here imports it, so its callers elsewhere must change with it: ${parts.join('; ')} (see MIGRATION.md)`;
}
