// fields: the catalogue's body, response and query field changes (`fields` on each legacy row),
// applied only where the value is traced to a call of that endpoint:
// - body: renames in the request body (`sensitive` -> `is_sensitive`), v1-only create fields
//   removed with a marker quoting the catalogue's note;
// - response: pure renames (`id` -> `secret_id` on secrets) on the response, or on the
//   elements of a list response; `status_enum` comparisons rewritten through
//   SESSION_STATUS_MAP (status-enum.ts; marker where a value has no clean v3 twin); `pull_request.url`
//   -> `pull_requests[0]?.pr_url`; reads of `messages` get a marker naming the v3 messages
//   endpoint; other changes (type or unit changes, gone fields) get a marker with the note;
// - query: non-paging renames (`start_date` -> `time_after`, Unix seconds) get a marker.
import { ts } from './ts.cjs';
import { LEGACY_ENDPOINTS, v3Endpoint, type FieldChange, type LegacyEndpoint } from '../src/catalog/index.js';
import { importsDevinCode, legacyCallSpans, mayCallDevinApi, scanApiCalls, v3FormCalls, type ApiCall, type CallScan } from './api-calls.js';
import { EditSet } from './edit-set.js';
import { enclosingLoop } from './offset-loops.js';
import { findProperty, removePropertyEdit, renameKeyEdit } from './object-edits.js';
import { querySites } from './query-params.js';
import { isJsonStringify, traceBody } from './request-bodies.js';
import { typeMembers, type ImportedType } from './response-types.js';
import { unwrap } from './bindings.js';
import { readWholeBodyAs } from './whole-body.js';
import { accessNameEdit, bindingKey, elementsOf, propertyReads, responseFlow, type Access, type Flow } from './response-flow.js';
import { mockBodyMarker, v1MockKeys } from './mock-bodies.js';
import { queryNamesRe, standaloneUrls } from './standalone-urls.js';
import { propertyNameText } from './url-shapes.js';
import { STATUS_UNTRACED_MARKER, STATUS_VALUE_MARKER, statusChanges } from './status-enum.js';
import { isEqualityComparison } from './url/scope.js';
import { sharedHostMarker } from './url/plan.js';
import type { Edit, ForeignTypeMarker, Transform, TransformInput, TransformOutput } from './types.js';
import { markUnseenBase, rewritesIn } from './unseen-base.js';

const IDENT = /^[A-Za-z_$][\w$]*$/;
const V3_PAGING_PARAMS = new Set(['first', 'after']);

export function removedBodyFieldMarker(f: FieldChange): string {
  return `\`${f.from}\` was removed from this request body (v3 does not take it): ${f.note}`;
}
export function untracedBodyMarker(changes: readonly FieldChange[]): string {
  const list = changes.map((f) => (f.to ? `\`${f.from}\` -> \`${f.to}\`` : `drop \`${f.from}\``)).join(', ');
  return `this request body could not be traced to an object literal: where it carries these v1 fields, apply the v3 changes by hand: ${list}`;
}
export function responseFieldMarker(f: FieldChange): string {
  if (!f.to) return `\`${f.from}\` is gone on v3: ${f.note}`;
  return f.to !== f.from ? `\`${f.from}\` is \`${f.to}\` on v3: ${f.note}` : `\`${f.from}\` changed on v3: ${f.note}`;
}
export function queryFieldMarker(f: FieldChange): string {
  return f.to ? `query parameter \`${f.from}\` is \`${f.to}\` on v3: ${f.note}` : `query parameter \`${f.from}\` is gone on v3: ${f.note}`;
}
export function messagesMarker(): string {
  return `v3 sessions carry no \`messages\`: read them with GET ${v3Endpoint('org.sessions.messages.list').path} (paginated with first/after; items are { created_at, event_id, message, source })`;
}
/** What a type marked for v3 describes: a response, or a request body the codemod rewrote. */
type Described = 'response' | 'request body';
export function typeMemberMarker(message: string, what: Described = 'response'): string {
  return `update this type for v3 (the ${what} it describes changed): ${message}`;
}
export function importedTypeMarker(type: string, specifier: string, message: string, what: Described = 'response'): string {
  return `update \`${type}\` (imported from '${specifier}') for v3 (the ${what} it describes changed): ${message}`;
}
export const PULL_REQUEST_MARKER = 'v3 returns `pull_requests[]` (each { pr_url, pr_state }) instead of one `pull_request`: this reads the first; a session can open several';
export const PULL_REQUEST_UNTRACED_MARKER =
  'if this is a v1 session\'s `pull_request.url` (devin-migrate could not trace the value to a session response): v3 has `pull_requests[]`, each { pr_url, pr_state }';
export const PULL_REQUEST_BARE_MARKER = 'v3 returns `pull_requests[]` (each { pr_url, pr_state }) instead of one nullable `pull_request { url }`';

function apply(input: TransformInput): TransformOutput {
  const out = new EditSet(input.text, input.sourceFile);
  const scan = scanApiCalls(input);
  const handled = new Set<number>();
  const v3Form = v3FormCalls(scan, input.sourceFile);
  const foreign: ForeignTypeMarker[] = [];
  const types: TypeMarkers = { out, input, foreign };
  for (const call of scan.calls) {
    const before = rewritesIn(out);
    bodyChanges(out, call, scan, input, types);
    queryChanges(out, call, scan, input, handled);
    const spans = v3Form.get(call);
    responseChanges(out, call, scan, types, spans !== undefined && (input.writtenForV3?.(spans) ?? false));
    markUnseenBase(out, call, scan, input, before);
  }
  // A mock's query matcher moves with the requests' query; its body is the test author's to reshape.
  for (const mock of scan.mocks) {
    queryChanges(out, mock, scan, input, handled);
    const keys = v1MockKeys(mock);
    if (keys.length > 0) out.marker(mock.node, mockBodyMarker(keys));
  }
  // A request whose URL stays v1/v2, or that may go to another host, keeps its query: not a standalone URL.
  for (const call of [...scan.sharedWithOtherHosts, ...(scan.left ?? [])]) {
    for (const site of querySites(call, new Set(queryFieldChanges(call).keys()), input.text, input.sourceFile, scan.bindings)) if (site.kind === 'text') handled.add(site.nameStart);
  }
  standaloneQueryChanges(out, scan, input, handled);
  for (const call of scan.sharedWithOtherHosts) {
    out.marker(call.node, sharedHostMarker(call.otherHost!, [...call.v3Ids].map((id) => v3Endpoint(id).path)));
  }
  // Its request is another module's, but the query it relays from here is marked here (RelayFact.query).
  for (const call of scan.relayed) {
    if (call.query) queryChanges(out, call, scan, input, handled);
    responseChanges(out, call, scan, types, false);
  }
  // Only in code about Devin: `status_enum` and `pull_request.url` are other APIs' names too
  // (GitHub's issues have a `pull_request.url`).
  if (/status_enum|pull_request\b/.test(input.text) && (scan.aboutDevin || importsDevinCode(input))) untracedV1Reads(out, input.sourceFile);
  return {
    ...out.result(),
    legacyCalls: legacyCallSpans(scan, input.sourceFile),
    ...(v3Form.size > 0 ? { v3Calls: [...v3Form.values()] } : {}),
    ...(foreign.length > 0 ? { foreignTypeMarkers: foreign } : {}),
  };
}

/** Where type markers go: this module's edits, or the markers asked of the modules that declare imported types. */
interface TypeMarkers {
  out: EditSet;
  input: TransformInput;
  foreign: ForeignTypeMarker[];
}

function memberName(m: ts.TypeElement): string | undefined {
  return m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : undefined;
}

/**
 * `status_enum` and `pull_request.url` are v1-only names: where one is read on a value this
 * transform could not trace (a parameter, a value behind two imports), mark it
 * rather than rename it. A type with a `status_enum` member gets its changing members marked.
 */
function untracedV1Reads(out: EditSet, sf: ts.SourceFile): void {
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && !out.handled.has(n) && !out.covers(n)) {
      if (n.name.text === 'status_enum') out.marker(n, STATUS_UNTRACED_MARKER);
      const parent = n.parent;
      if (n.name.text === 'pull_request' && ts.isPropertyAccessExpression(parent) && parent.expression === n && parent.name.text === 'url') {
        out.marker(n, PULL_REQUEST_UNTRACED_MARKER);
      }
    }
    // A type with `status_enum` and another field only a session has describes a v1 session (a
    // table row with a `status_enum` column and timestamps does not): mark its members that change.
    if ((ts.isInterfaceDeclaration(n) || ts.isTypeLiteralNode(n)) && describesV1Session(n.members)) {
      for (const f of V1_SESSION_FIELDS) {
        const name = /^\w+/.exec(f.from)![0];
        for (const m of n.members) if (ts.isPropertySignature(m) && memberName(m) === name) out.marker(m, typeMemberMarker(memberMessage(f)));
      }
    }
    n.forEachChild(visit);
  };
  visit(sf);
}

const SESSION_ONLY_FIELDS = ['session_id', 'pull_request', 'messages', 'structured_output', 'playbook_id', 'snapshot_id'];

function describesV1Session(members: ts.NodeArray<ts.TypeElement>): boolean {
  const names = new Set(members.map(memberName));
  return names.has('status_enum') && SESSION_ONLY_FIELDS.some((f) => names.has(f));
}

// ---- body ------------------------------------------------------------------------------------

function bodyChanges(out: EditSet, call: ApiCall, scan: CallScan, input: TransformInput, types: TypeMarkers): void {
  if (!call.body || call.method === 'GET') return;
  // Several write rows (`method: id ? 'PUT' : 'POST'`) often share a change: once each.
  const changes = uniqueChanges(
    call.rows
      .filter((r) => r.method !== 'GET')
      .flatMap((r) => r.fields ?? [])
      .filter((f) => f.in === 'body' && IDENT.test(f.from) && f.to !== f.from),
  );
  if (changes.length === 0) return;
  const traced = traceBody(call.body, scan.bindings);
  if (traced.kind === 'untraced') {
    out.marker(call.node, untracedBodyMarker(changes));
    return;
  }
  // `JSON.stringify(note)` with `note: NoteInput` (a variable or a parameter): the type it is declared with.
  const sent = unwrap(call.body);
  const declared = ts.isCallExpression(sent) && isJsonStringify(sent.expression) && sent.arguments[0] ? sent.arguments[0] : call.body;
  for (const obj of traced.objects) {
    const removals: { edit: Edit; f: FieldChange; p: ts.ObjectLiteralElementLike }[] = [];
    for (const f of changes) {
      const p = findProperty(obj, f.from);
      if (!p) continue;
      // `const note: NoteInput = { trigger_description }`: NoteInput still has the v1 name.
      const markTypes = (): void => markDeclaredTypes(types, [obj, declared], scan, f.from, responseFieldMarker(f), true, 'request body');
      if (!f.to) {
        markTypes();
        removals.push({ edit: removePropertyEdit(input.text, input.sourceFile, obj, p), f, p });
      } else if (isPureRename(f) && !findProperty(obj, f.to)) {
        markTypes();
        const e = renameKeyEdit(input.text, input.sourceFile, p, f.to);
        if (e) out.add(e);
      } else {
        out.marker(p, responseFieldMarker(f));
      }
    }
    for (const run of removalRuns(obj, removals, input)) {
      if (out.add(run.edit)) for (const f of run.fields) out.marker(obj, removedBodyFieldMarker(f));
    }
  }
}

/** The first of the changes with each `from` and `to`. */
function uniqueChanges(changes: readonly FieldChange[]): FieldChange[] {
  const seen = new Set<string>();
  return changes.filter((f) => {
    const key = `${f.from}\u0000${f.to ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The deletions that remove these properties. Each property's own edit takes its comma or its
 * line; neighbours on one line would overlap, so a run of neighbours goes as one deletion, from
 * the end of the property before it (or from the first it removes) to where the next one starts.
 */
function removalRuns(obj: ts.ObjectLiteralExpression, removals: readonly { edit: Edit; f: FieldChange; p: ts.ObjectLiteralElementLike }[], input: TransformInput): { edit: Edit; fields: FieldChange[] }[] {
  const sf = input.sourceFile;
  const line = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  if (line(obj.getStart(sf)) !== line(obj.end)) return removals.map((r) => ({ edit: r.edit, fields: [r.f] })); // own lines: they never meet
  const props = obj.properties;
  const gone = new Map(removals.map((r) => [props.indexOf(r.p), r.f]));
  const runs: { edit: Edit; fields: FieldChange[] }[] = [];
  for (let i = 0; i < props.length; i++) {
    if (!gone.has(i)) continue;
    let j = i;
    while (gone.has(j + 1)) j++;
    const fields = [...Array(j - i + 1).keys()].map((k) => gone.get(i + k)!);
    const start = i > 0 ? props[i - 1]!.end : j === props.length - 1 ? obj.getStart(sf) + 1 : props[i]!.getStart(sf);
    const end = j < props.length - 1 ? (i > 0 ? props[j]!.end : props[j + 1]!.getStart(sf)) : i > 0 ? props[j]!.end : obj.end - 1;
    runs.push({ edit: { start, end, text: '' }, fields });
    i = j;
  }
  return runs;
}

function isPureRename(f: FieldChange): boolean {
  return !!f.to && IDENT.test(f.to) && f.to !== f.from && /^renamed\b/.test(f.note);
}

// ---- query -----------------------------------------------------------------------------------

/** The query parameters whose name or meaning changes, by legacy name. */
function queryFieldChanges(call: Pick<ApiCall, 'rows' | 'legacyMatched'>): Map<string, FieldChange> {
  const changes = new Map<string, FieldChange>();
  for (const r of call.rows) {
    for (const f of r.fields ?? []) {
      if (f.in !== 'query' || f.to === 'first' || f.to === 'after') continue;
      // A legacy name v3 also uses (v2 audit logs' `after` time filter, v3's `after` cursor) is
      // legacy only while the call is: once in v3 form, it is the v3 parameter.
      if (V3_PAGING_PARAMS.has(f.from) && !call.legacyMatched.includes(r)) continue;
      changes.set(f.from, f);
    }
  }
  return changes;
}

function queryChanges(out: EditSet, call: Pick<ApiCall, 'node' | 'urlExpr' | 'query' | 'returns' | 'rows' | 'legacyMatched' | 'looseQuery'>, scan: CallScan, input: TransformInput, handled: Set<number>): void {
  const changes = queryFieldChanges(call);
  if (changes.size === 0) return;
  for (const site of querySites(call, new Set(changes.keys()), input.text, input.sourceFile, scan.bindings)) {
    if (site.kind === 'text') handled.add(site.nameStart);
    out.marker(call.node, queryFieldMarker(changes.get(site.name)!));
  }
  // An object handed to a wrapper that cannot be followed (ApiCall.looseQuery) is likely the
  // query: its names that change get the same markers (pagination marks its paging names).
  for (const p of call.looseQuery?.properties ?? []) {
    const f = p.name && changes.get(propertyNameText(p.name as ts.PropertyName) ?? '');
    if (f) out.marker(call.node, queryFieldMarker(f));
  }
}

/** Every legacy query name whose name or meaning changes on v3 (dates become Unix seconds…). */
const QUERY_FIELD_RE = queryNamesRe(LEGACY_ENDPOINTS.flatMap((r) => (r.fields ?? []).filter((f) => f.in === 'query' && f.to !== 'first' && f.to !== 'after').map((f) => f.from)));

/** The same for URLs built apart from any recognised call (`${ADMIN}/metrics/usage?start_date=…`). */
function standaloneQueryChanges(out: EditSet, scan: CallScan, input: TransformInput, handled: Set<number>): void {
  for (const url of standaloneUrls(input.sourceFile, scan.shapes, QUERY_FIELD_RE)) {
    const changes = queryFieldChanges(url);
    if (changes.size === 0) continue;
    for (const site of querySites(url, new Set(changes.keys()), input.text, input.sourceFile, scan.bindings)) {
      if (site.kind !== 'text' || handled.has(site.nameStart)) continue;
      handled.add(site.nameStart);
      out.marker(url.urlExpr, queryFieldMarker(changes.get(site.name)!));
    }
  }
}

// ---- response --------------------------------------------------------------------------------

function isListRow(r: LegacyEndpoint): boolean {
  return r.envelope !== undefined || r.pagination !== 'none';
}

/** The objects a row's response fields are read on: the body, or the elements of the list. */
/** What a row's response fields are read on: the body, or for a list its elements (and the lists, for their declared types). */
function targetsOf(row: LegacyEndpoint, flow: Flow, scan: CallScan): { targets: Flow; lists: ts.Expression[] } {
  if (!isListRow(row)) return { targets: flow, lists: [] };
  const env = row.envelope;
  const arrays: ts.Expression[] = [];
  for (const key of new Set([env && env !== '[]' ? env : 'items', 'items'])) arrays.push(...propertyReads(flow.values, key));
  if (env === '[]') {
    for (const v of flow.values) {
      const p = v.parent;
      if (!(ts.isPropertyAccessExpression(p) && p.expression === v)) arrays.push(v);
      else if (!['items', 'end_cursor', 'has_next_page', 'total'].includes(p.name.text)) arrays.push(v);
    }
  }
  // `const { sessions } = await res.json()` / `{ items: sessions }`: the bound name is the array.
  for (const pattern of flow.patterns) {
    for (const el of pattern.elements) {
      const key = bindingKey(el);
      if ((key === env || key === 'items') && ts.isIdentifier(el.name)) arrays.push(...scan.bindings.references(el.name));
    }
  }
  return { targets: elementsOf(arrays, scan.bindings), lists: arrays };
}

/**
 * `writtenForV3`: the call's URL was v3 before this run (TransformInput.writtenForV3), so its
 * types and reads describe v3 already: they get no marker saying a field changed.
 */
function responseChanges(out: EditSet, call: ApiCall, scan: CallScan, types: TypeMarkers, writtenForV3: boolean): void {
  const rows = call.rows.filter((r) => (r.fields ?? []).some((f) => f.in === 'response'));
  if (rows.length === 0) return;
  const flow = responseFlow(call, scan.bindings);
  if (flow.values.length === 0 && flow.patterns.length === 0) return;
  for (const row of rows) {
    const { targets, lists } = targetsOf(row, flow, scan);
    // `const notes: Note[] = (await r.json()).knowledge`: Note's members describe the elements.
    const typed = [...flow.values, ...lists, ...targets.values];
    for (const f of row.fields ?? []) {
      if (f.in !== 'response') continue;
      if (!writtenForV3) typeMemberMarkers(types, f, typed, targets, scan);
      if (f.from === row.envelope) continue;
      applyResponseField(out, f, targets, scan, writtenForV3);
    }
  }
}

/** Mark the members of the types that declare the response (`interface V1Session { status_enum: … }`), here or where an imported one is declared. */
function typeMemberMarkers(types: TypeMarkers, f: FieldChange, typed: readonly ts.Expression[], targets: Flow, scan: CallScan): void {
  const name = /^\w+/.exec(f.from)?.[0];
  if (!name || f.from.startsWith('(') || /^\w+\[\]/.test(f.from)) return;
  if (!isPureRename(f) && f.from !== 'status_enum' && f.to !== 'items' && readsV3Fields(targets)) return;
  const read = propertyReads(targets.values, name).length > 0 || targets.patterns.some((p) => p.elements.some((el) => bindingKey(el) === name));
  markDeclaredTypes(types, typed, scan, name, memberMessage(f), read, 'response');
}

/** Mark the members named `member` of the types the values are declared with, local or imported. */
function markDeclaredTypes(types: TypeMarkers, typed: readonly ts.Expression[], scan: CallScan, member: string, message: string, used: boolean, what: Described): void {
  const { members, imported } = typeMembers(typed, scan.bindings, member);
  for (const m of members) types.out.marker(m, typeMemberMarker(message, what));
  for (const t of imported) importedTypeMemberMarker(types, t, member, message, used, what);
}

/**
 * A type imported from another module of the run gets its members marked there (the pipeline
 * puts the markers once every module has run). One the run does not hold (a `.d.ts`, a module
 * left out) is named by a marker here, for the fields this module reads or sends: its members
 * are not in sight. A package's types (`AxiosResponse<…>`) are not the author's to update.
 */
function importedTypeMemberMarker(types: TypeMarkers, t: ImportedType, member: string, message: string, used: boolean, what: Described): void {
  const { input } = types;
  const file = input.project.resolveModule?.(input.fileName, t.specifier);
  const there = file !== undefined ? (input.project.moduleText?.(file) ?? '') : '';
  // Declared or passed on there (`export * from './session'` does not name it).
  if (file !== undefined && (there.includes(t.imported) || /\bexport\s*\*/.test(there))) {
    types.foreign.push({ file, type: t.imported, member, message: typeMemberMarker(message, what) });
  } else if (used && /^\.\.?\//.test(t.specifier)) {
    types.out.marker(t.at, importedTypeMarker(t.imported, t.specifier, message, what));
  }
}

function memberMessage(f: FieldChange): string {
  if (f.from === 'status_enum') return STATUS_VALUE_MARKER;
  if (f.from === 'messages') return messagesMarker();
  if (f.from === 'pull_request.url') return PULL_REQUEST_BARE_MARKER;
  return responseFieldMarker(f);
}

/** The v1 get-session row: its response fields describe a v1 session type. */
const V1_SESSION_FIELDS = (LEGACY_ENDPOINTS.find((e) => e.id === 'v1.sessions.get')?.fields ?? []).filter((f) => f.in === 'response');

function applyResponseField(out: EditSet, f: FieldChange, targets: Flow, scan: CallScan, writtenForV3: boolean): void {
  if (f.from === 'status_enum') {
    statusChanges(out, propertyReads(targets.values, 'status_enum'), scan);
    patternKeys(targets, 'status_enum', (el) => out.marker(el, STATUS_VALUE_MARKER));
    return;
  }
  if (f.from === 'messages') {
    for (const r of propertyReads(targets.values, 'messages')) out.marker(outermostLoop(r) ?? r, messagesMarker());
    patternKeys(targets, 'messages', (el) => out.marker(el, messagesMarker()));
    return;
  }
  if (f.from === 'pull_request.url') {
    pullRequestChanges(out, propertyReads(targets.values, 'pull_request'), scan);
    patternKeys(targets, 'pull_request', (el) => out.marker(el, PULL_REQUEST_BARE_MARKER));
    return;
  }
  // `pull_requests[].url` -> `pull_requests[].pr_url`: a rename on the array's elements.
  const arr = /^(\w+)\[\]\.(\w+)$/.exec(f.from);
  const arrTo = f.to ? /^(\w+)\[\]\.(\w+)$/.exec(f.to) : null;
  if (arr && arrTo && arr[1] === arrTo[1]) {
    const els = elementsOf(propertyReads(targets.values, arr[1]!), scan.bindings);
    renameReads(out, els, { ...f, from: arr[2]!, to: arrTo[2]!, note: 'renamed' }, scan, writtenForV3);
    return;
  }
  // `(url string)` -> `url`: the whole v1 body is one field of the v3 body.
  const whole = /^\((\w+) string\)$/.exec(f.from);
  if (whole && f.to && IDENT.test(f.to)) {
    readWholeBodyAs(out, targets, scan.bindings.sourceFile, scan.bindings, {
      key: f.to,
      v3Keys: [f.to],
      marker: `v1 returned the ${whole[1]} as a string; ${f.note}: read \`.${f.to}\``,
      typeMarker: typeMemberMarker(`the type declared for this response is the v1 ${whole[1]} string; ${f.note}: read \`.${f.to}\` where it is used`),
    });
    return;
  }
  if (!IDENT.test(f.from)) return; // `(null)`: a shape, not a field
  renameReads(out, targets, f, scan, writtenForV3);
}

/** The outermost loop around `node` in its function: the polling loop of a poller. */
function outermostLoop(node: ts.Node): ts.IterationStatement | undefined {
  let loop = enclosingLoop(node);
  for (let next = loop && enclosingLoop(loop); next; next = enclosingLoop(next)) loop = next;
  return loop;
}

/** Fields only a v3 response has: code that reads them was written for v3 (or already migrated). */
const V3_ONLY_FIELDS = ['status_detail', 'pull_requests', 'acus_consumed', 'end_cursor', 'has_next_page', 'secret_id', 'secret_type', 'note_id', 'folder_id', 'service_user_id', 'role_assignments'];

function readsV3Fields(targets: Flow): boolean {
  return V3_ONLY_FIELDS.some((name) => propertyReads(targets.values, name).length > 0);
}

function renameReads(out: EditSet, targets: Flow, f: FieldChange, scan: CallScan, writtenForV3: boolean): void {
  const reads = propertyReads(targets.values, f.from);
  const pure = isPureRename(f);
  // A change that is only a marker (`created_at` is now Unix seconds) is noise on v3-shaped code.
  if (!pure && (writtenForV3 || readsV3Fields(targets))) return;
  for (const r of reads) {
    if (pure) {
      replaceAccessName(out, r, f.to!, scan);
      const member = inlineParameterMember(r, f.from, scan);
      if (member) out.replace(member.name, f.to!);
    } else if (!(f.values && renameComparedValue(out, r, f.values))) out.marker(r, responseFieldMarker(f));
  }
  patternKeys(targets, f.from, (el) => {
    if (!pure) return out.marker(el, responseFieldMarker(f));
    if (el.propertyName) out.replace(el.propertyName, f.to!);
    else out.replace(el.name, `${f.to}: ${(el.name as ts.Identifier).text}`);
  });
}

/** `r.role_type === 'account'`: a value v3 spells differently, compared as a literal, is rewritten. */
function renameComparedValue(out: EditSet, r: Access, values: Readonly<Record<string, string>>): boolean {
  let n: ts.Node = r;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (!isEqualityComparison(p)) return false;
  const other = unwrap(p.left === n ? p.right : p.left);
  if (!ts.isStringLiteral(other) && !ts.isNoSubstitutionTemplateLiteral(other)) return false;
  const next = values[other.text];
  if (next === undefined) return Object.values(values).includes(other.text); // already the v3 value
  const q = other.getText()[0]!;
  return out.replace(other, `${q}${next}${q}`);
}

/**
 * `(p: { url: string }) => p.url`: the member of a type written inline on the parameter read,
 * which describes only this value and so is renamed with the read.
 */
function inlineParameterMember(r: Access, name: string, scan: CallScan): ts.PropertySignature | undefined {
  const target = unwrap(r.expression);
  const decl = ts.isIdentifier(target) ? scan.bindings.resolve(target) : undefined;
  const param = decl && ts.isParameter(decl.parent) && decl.parent.name === decl ? decl.parent : undefined;
  if (!param?.type || !ts.isTypeLiteralNode(param.type)) return undefined;
  return param.type.members.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && ts.isIdentifier(m.name) && m.name.text === name);
}

function patternKeys(targets: Flow, key: string, f: (el: ts.BindingElement) => void): void {
  for (const p of targets.patterns) for (const el of p.elements) if (bindingKey(el) === key && !el.dotDotDotToken) f(el);
}

function replaceAccessName(out: EditSet, r: Access, to: string, scan: CallScan): boolean {
  return out.add(accessNameEdit(r, to, scan.bindings.sourceFile));
}

// ---- pull_request ------------------------------------------------------------------------------

function pullRequestChanges(out: EditSet, reads: Access[], scan: CallScan): void {
  for (const r of reads) {
    out.handled.add(r);
    if (!ts.isPropertyAccessExpression(r)) {
      out.marker(r, PULL_REQUEST_BARE_MARKER);
      continue;
    }
    let p: ts.Node = r;
    while (ts.isParenthesizedExpression(p.parent) || ts.isNonNullExpression(p.parent)) p = p.parent;
    const outer = p.parent;
    if (ts.isPropertyAccessExpression(outer) && outer.expression === p && outer.name.text === 'url') {
      if (out.add({ start: r.name.getStart(scan.bindings.sourceFile), end: outer.end, text: 'pull_requests[0]?.pr_url' })) out.marker(r, PULL_REQUEST_MARKER);
    } else if (isTruthinessTest(p)) {
      // `if (s.pull_request)`: "has a PR" is `pull_requests[0]` being there.
      out.replace(r.name, 'pull_requests[0]');
    } else {
      out.marker(r, PULL_REQUEST_BARE_MARKER);
    }
  }
}

/** The value is only tested for truthiness: `if (x)`, `x ? … : …`, `!x`, `x && …`. */
function isTruthinessTest(p: ts.Node): boolean {
  const parent = p.parent;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === p) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === p) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isBinaryExpression(parent) && parent.left === p && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return true;
  return false;
}

export const fieldsTransform: Transform = {
  name: 'fields',
  description: 'rename body, response and status fields through the catalogue; mark what has no clean v3 equivalent',
  mayApply: (text, context) => mayCallDevinApi(text) || importsDevinCode(context),
  sharesTree: true,
  apply,
};
