// A response an exported function returns whole, when no module of the run imports that function:
// its callers are elsewhere (another package, a library's users, the browser calling a route
// handler), where no transform follows the response. The shape they receive changes when the
// endpoints transform moves the call's URL, so endpoints says so at the call instead of changing
// it silently. Decided on the text as read, where the call is still in legacy form: the pre-pass
// computes it on the tree it parses (`IndexOptions.outsideCalls`).
import type { FieldChange, LegacyEndpoint } from '../src/catalog/index.js';
import { isLegacy, legacyCallsOf, scanApiCalls, type ApiCall, type CallScan, type CallScanContext } from './api-calls.js';
import { statementOf } from './edit-set.js';
import { exportedKeys } from './relayed-calls.js';
import { moduleScope } from './url/scope.js';
import { isCallback, returnedBy } from './response-flow.js';
import type { LegacyCall } from './types.js';
import { localFunctionOf } from './bindings.js';

/** A call in legacy form whose response goes to callers outside the run, and what they must change. */
export interface OutsideCall {
  call: LegacyCall;
  /** Where its marker goes: the start of the statement that holds the call. */
  at: number;
  message: string;
}

/** Only modules that export anything can hand a response to other modules. */
export function mayExport(text: string): boolean {
  return /\bexports?\b/.test(text);
}

/** The legacy-form calls of a module whose changed response goes to callers outside the run. */
export function outsideCalls(ctx: CallScanContext): OutsideCall[] {
  const callsExport = ctx.project.callsExport;
  if (!callsExport || !mayExport(ctx.text)) return [];
  // Most modules that export something are imported by another of the run: no scan for those.
  const exported = [...moduleScope(ctx.sourceFile).exports.keys()];
  if (exported.every((name) => callsExport(ctx.fileName, name))) return [];
  const scan = scanApiCalls({ ...ctx, leaveCall: undefined });
  const out: OutsideCall[] = [];
  for (const call of scan.calls) {
    if (!isLegacy(call)) continue;
    const message = outsideMessage(call.legacyMatched.length > 0 ? call.legacyMatched : call.rows, call, scan, relayedByCalls(call, scan));
    if (!message) continue;
    const [legacy] = legacyCallsOf(call, ctx.sourceFile, scan.shapes);
    if (legacy) out.push({ call: legacy, at: statementOf(call.node).getStart(ctx.sourceFile), message });
  }
  return out;
}

/**
 * The exported names that return this call's response and that no module of the run imports, and
 * whether each held the body before (a bare list is then read as `.items` there: see whole-body.ts).
 */
function returnedToOutsideCallers(call: ApiCall, scan: CallScan, skip: ReadonlySet<string> = new Set()): { name: string; held: boolean }[] {
  const callsExport = scan.shapes.project.callsExport!;
  const out: { name: string; held: boolean }[] = [];
  for (const { fn, held } of returnedBy(call, scan.bindings)) {
    if (isCallback(fn)) continue;
    const keys = exportedKeys(fn, scan.bindings.sourceFile);
    // `Class.method`, `instance.method`: what callers import is the class or the instance.
    if (keys.length > 0 && !skip.has(keys[0]!) && !keys.some((k) => callsExport(scan.shapes.fileName, k.split('.')[0]!))) out.push({ name: keys[0]!, held });
  }
  return out;
}

/**
 * The exported names that get this call's response through a recognised call of a function of
 * the module that returns it (`makeSession` returning `call('sessions', { method: 'POST' })` of
 * `call` returning a fetch's response): that call says what they get (a create, not the list the
 * fetch alone would be read as).
 */
function relayedByCalls(call: ApiCall, scan: CallScan): Set<string> {
  const relaying = new Set(returnedBy(call, scan.bindings).map((r) => r.fn));
  const out = new Set<string>();
  for (const other of scan.calls) {
    const fn = other !== call ? localFunctionOf(other.node.expression, scan.bindings) : undefined;
    if (fn && relaying.has(fn)) for (const r of returnedToOutsideCallers(other, scan)) out.add(r.name);
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

function outsideMessage(legacyRows: readonly LegacyEndpoint[], call: ApiCall, scan: CallScan, relayed: ReadonlySet<string>): string | undefined {
  const rows = call.method === undefined ? legacyRows : legacyRows.filter((r) => r.method === call.method);
  const envelopes = new Set<string>();
  let v2 = false;
  const fields = new Map<string, FieldChange>();
  for (const r of rows) {
    if (r.method === 'GET' && r.envelope) envelopes.add(r.envelope);
    if (r.method === 'GET' && (r.pagination === 'v2-skip' || r.pagination === 'v2-page')) v2 = true;
    for (const f of r.fields ?? []) if (f.in === 'response' && f.from !== r.envelope && FIELD_PATH.test(f.from)) fields.set(f.from, f);
  }
  // Only what breaks reads (a list's envelope, a renamed field) is worth a marker on its own;
  // a field gone or changed in type is listed with those, not alone (`is_new_session` on create).
  const renamed = [...fields.values()].some((f) => f.to && f.to !== f.from);
  if (envelopes.size === 0 && !v2 && !renamed) return undefined;
  const returned = returnedToOutsideCallers(call, scan, relayed);
  if (returned.length === 0) return undefined;
  const names = returned.map((r) => r.name);
  const parts: string[] = [];
  const list = envelopes.size > 0 || v2;
  if (envelopes.size === 1 && envelopes.has('[]') && returned.every((r) => r.held)) {
    // Read as `.items` where the function holds it: callers still get an array, of one page.
    parts.push('v3 pages this list (v1: a bare array), so it now returns the first page of items only: read the rest with `after: <response>.end_cursor`');
  } else if (envelopes.size > 0) {
    // Not `.sessions` or `{ sessions }`: pagination takes those in the text as v1 reads.
    const was = [...envelopes].map((e) => (e === '[]' ? 'a bare array' : `the list under \`${e}\``)).join(' or ');
    parts.push(`v3 answers { items, end_cursor, has_next_page } (${versionOf(rows)}: ${was}): read \`.items\` and page with \`after\``);
  } else if (v2) {
    parts.push('v3 pages with `end_cursor`/`has_next_page` and `after` (v2: `skip`, `has_more`, `next_cursor`)');
  }
  if (fields.size > 0) parts.push(`${list ? 'on each item, ' : ''}${[...fields.values()].map(describe).join(', ')}`);
  const who = names.map((n) => `\`${n}\``).join(' and ');
  return `${who} returns this response and no module here imports it, so its callers elsewhere must change with it: ${parts.join('; ')} (see MIGRATION.md)`;
}
