// pagination: v1 limit/offset and v2 skip/limit become v3 first/after (the catalogue's query
// `fields` with `to: first|after`), list envelopes (`.sessions`, `.knowledge`, `.audit_logs`,
// bare arrays) become `.items`, v2 `has_more` becomes `has_next_page`. An offset of 0 (the first
// page) is dropped; an offset loop is rewritten to a cursor loop only in the shape
// offset-loops.ts proves; any other offset arithmetic gets a marker.
import { ts } from './ts.cjs';
import { LEGACY_ENDPOINTS, v3Endpoint, type PaginationStyle } from '../src/catalog/index.js';
import { asObjectLiteral, importsDevinCode, legacyCallSpans, mayCallDevinApi, propertyValue, scanApiCalls, type ApiCall, type CallScan } from './api-calls.js';
import { initializerOf, unwrap, type Bindings } from './bindings.js';
import { EditSet } from './edit-set.js';
import { typeMemberMarker } from './fields.js';
import { removePropertyEdit } from './object-edits.js';
import { argumentsFor } from './request-bodies.js';
import { readWholeBodyAs } from './whole-body.js';
import { relaysOnlyAsQuery } from './relayed-calls.js';
import { enclosingLoop, translateOffsetLoop } from './offset-loops.js';
import { isZero, querySites, type QuerySite } from './query-params.js';
import { bindingKey, isCallback, propertyReads, responseFlow, returnedFrom, type Flow } from './response-flow.js';
import { queryNamesRe, standaloneUrls } from './standalone-urls.js';
import type { Edit, Transform, TransformInput, TransformOutput } from './types.js';
import { propertyNameText } from './url-shapes.js';
import { markUnseenBase, rewritesIn } from './unseen-base.js';

export const V3_PAGE_SIZE_MAX = 200;
export const CURSOR_MARKER =
  'v3 pages by cursor, not offset: pass `after: <previous response>.end_cursor` (`first` is the page size, at most 200) and stop when `has_next_page` is false';
export const untracedEnvelopeMarker = (env: string): string =>
  `v3 answers this list as { items, end_cursor, has_next_page } (v1: \`.${env}\`), and devin-migrate could not follow the response to where it is read: read \`.items\` there`;
export const PAGE_SIZE_MARKER = `v3 \`first\` is at most ${V3_PAGE_SIZE_MAX}: read further pages with \`after: <previous response>.end_cursor\``;
export const BARE_ARRAY_MARKER = 'this list is a bare array on v1; v3 returns { items, end_cursor, has_next_page }: read `.items`';
export const BARE_ARRAY_TYPE_MARKER = typeMemberMarker('the type declared for this response is the v1 bare array; v3 returns { items, end_cursor, has_next_page }, read `.items` where it is used');
export const looseQueryMarker = (names: readonly string[], fn: string): string =>
  `${names.map((n) => `\`${n}\``).join(', ')} ${names.length === 1 ? 'is' : 'are'} handed to \`${fn}\`, which devin-migrate could not follow into the URL: if ${names.length === 1 ? 'it goes' : 'they go'} into the query, v3 ignores ${names.length === 1 ? 'it' : 'them'}: send \`first\` (the page size, at most 200) and \`after: <previous response>.end_cursor\`, and stop when \`has_next_page\` is false (an offset loop would never end)`;
export const NEXT_CURSOR_MARKER = 'v2 `next_cursor` was a number to pass as `skip`; v3 `end_cursor` is an opaque string to pass as `after`, and `has_next_page` says whether there is one';

interface Paging {
  /** Legacy query name -> v3 name (`limit` -> `first`, `offset`/`skip` -> `after`). */
  renames: Map<string, string>;
  /** Legacy envelope keys (`sessions`, `knowledge`, `audit_logs`, `[]`). */
  envelopes: string[];
  /** A v2 skip/page list: its envelope had `has_more` / `next_cursor`. */
  v2: boolean;
}

/**
 * The paging parameters each legacy style sends (reference §2.2, §2.3), for rows whose `fields`
 * do not list them one by one: every v2 skip list takes skip/limit, v1 lists limit/offset.
 */
const STYLE_PARAMS: Partial<Record<PaginationStyle, Readonly<Record<string, 'first' | 'after'>>>> = {
  'v1-offset': { limit: 'first', offset: 'after' },
  'v2-skip': { skip: 'after', limit: 'first' },
  'v2-audit': { limit: 'first' },
};

function pagingOf(call: Pick<ApiCall, 'v3Ids' | 'rows'>): Paging | undefined {
  if (![...call.v3Ids].some((id) => v3Endpoint(id).pagination === 'v3-cursor')) return undefined;
  const renames = new Map<string, string>();
  const envelopes = new Set<string>();
  let v2 = false;
  for (const row of call.rows) {
    if (row.method !== 'GET') continue;
    for (const [from, to] of Object.entries(STYLE_PARAMS[row.pagination] ?? {})) renames.set(from, to);
    for (const f of row.fields ?? []) {
      if (f.in === 'query' && (f.to === 'first' || f.to === 'after')) renames.set(f.from, f.to);
    }
    if (row.envelope) envelopes.add(row.envelope);
    if (row.pagination === 'v2-skip' || row.pagination === 'v2-page') v2 = true;
  }
  if (renames.size === 0 && envelopes.size === 0 && !v2) return undefined;
  return { renames, envelopes: [...envelopes], v2 };
}

function apply(input: TransformInput): TransformOutput {
  const out = new EditSet(input.text, input.sourceFile);
  const scan = scanApiCalls(input);
  const loopCtx = { text: input.text, fileName: input.fileName, sourceFile: input.sourceFile, bindings: scan.bindings };
  /** Where the query names the calls dealt with start (a URL built apart from its call is met twice). */
  const handled = new Set<number>();
  // A list read through another module's function that relays the caller's query (RelayFact.query): paged here too.
  const relayedQueries = scan.relayed.filter((c) => c.query !== undefined || c.looseQuery !== undefined);
  for (const call of [...scan.calls, ...relayedQueries]) {
    if (call.method !== 'GET') continue;
    const paging = pagingOf(call);
    if (!paging) continue;
    const before = rewritesIn(out);
    const flow = responseFlow(call, scan.bindings);
    const sites = querySites(call, new Set(paging.renames.keys()), input.text, input.sourceFile, scan.bindings);
    const translated = new Set<QuerySite>();
    // Offsets first: a translated loop owns its update and its ending condition.
    for (const site of sites) {
      if (paging.renames.get(site.name) !== 'after' || isZero(site)) continue;
      const edits = translateOffsetLoop(call, site, flow.values, paging.envelopes, loopCtx);
      if (edits && out.addAll(edits)) translated.add(site);
    }
    for (const site of sites) {
      if (site.kind === 'text') handled.add(site.nameStart);
      if (!translated.has(site)) pageSite(out, site, paging, call.node, input, scan.bindings);
    }
    envelopeEdits(out, paging, flow, input, scan.bindings, call);
    markLooseQuery(out, call, paging, input.sourceFile);
    relayedQueryType(out, call, paging, input.sourceFile, scan.bindings);
    markUnseenBase(out, call, scan, input, before);
  }
  // A request that may go to another host, or whose URL stays v1/v2, keeps its query: not a standalone URL either.
  for (const call of [...scan.sharedWithOtherHosts, ...(scan.left ?? [])]) for (const site of querySites(call, PAGING_QUERY_NAMES, input.text, input.sourceFile, scan.bindings)) if (site.kind === 'text') handled.add(site.nameStart);
  pageMockQueries(out, input, scan, handled);
  pageStandaloneUrls(out, input, scan, handled);
  // A list read through another module's function: its query is rewritten there, the envelope here.
  for (const call of scan.relayed) {
    if (relayedQueries.includes(call)) continue;
    const paging = call.method === 'GET' ? pagingOf(call) : undefined;
    if (paging) envelopeEdits(out, paging, responseFlow(call, scan.bindings), input, scan.bindings, call);
  }
  return { ...out.result(), legacyCalls: legacyCallSpans(scan, input.sourceFile) };
}

/**
 * The query is a parameter its callers in other modules give (RelayFact.query), typed inline:
 * the paging names its callers' objects get are its members' names too (`limit?` -> `first?`),
 * and an offset it still takes gets the cursor marker (v3 ignores it).
 */
function relayedQueryType(out: EditSet, call: ApiCall, paging: Paging, sf: ts.SourceFile, bindings: Bindings): void {
  const q = call.query && unwrap(call.query);
  const param = q && ts.isIdentifier(q) ? parameterOf(bindings, q) : undefined;
  if (!param?.type || !ts.isTypeLiteralNode(param.type) || !relaysOnlyAsQuery(param, bindings)) return;
  for (const m of param.type.members) {
    const name = m.name && propertyNameText(m.name);
    const to = name !== undefined ? paging.renames.get(name) : undefined;
    if (to === 'first') out.add({ start: m.name!.getStart(sf), end: m.name!.end, text: to });
    else if (to === 'after') out.marker(call.node, CURSOR_MARKER);
  }
}

/** Paging names in an object handed to a function not followed (`ApiCall.looseQuery`): marked, since it may not be the query. */
function markLooseQuery(out: EditSet, call: ApiCall, paging: Paging, sf: ts.SourceFile): void {
  const names = (call.looseQuery?.properties ?? []).map((p) => p.name && propertyNameText(p.name as ts.PropertyName)).filter((n): n is string => n !== undefined && paging.renames.has(n));
  if (names.length > 0) out.marker(call.node, looseQueryMarker(names, call.node.expression.getText(sf)));
}

/** `limit` becomes `first`, `offset=0` goes, any other offset gets the cursor marker at `at`. */
function pageSite(out: EditSet, site: QuerySite, paging: Paging, at: ts.Node, input: TransformInput, bindings: Bindings): void {
  const to = paging.renames.get(site.name)!;
  if (to === 'first') {
    renameSite(out, site, 'first', input);
    if (pageSizeOf(site, bindings) > V3_PAGE_SIZE_MAX) out.marker(at, PAGE_SIZE_MARKER);
  } else if (isZero(site)) {
    const e = removeSiteEdit(site, input);
    if (e) out.add(e);
  } else {
    out.marker(enclosingLoop(at) ?? at, CURSOR_MARKER);
  }
}

/**
 * The largest page size asked for, when the code says it: a literal, a constant, a parameter's
 * default (`limit = 1000`), or what the calls of the parameter's function in this module pass
 * for it (`listSessions(1000)`, `auditLogs({ limit: 500 })` to `{ limit }` or `opts.limit`);
 * NaN when none is known.
 */
function pageSizeOf(site: QuerySite, bindings: Bindings): number {
  if (site.valueText !== undefined) return Number(site.valueText);
  const sizes = site.valueExpr ? pageSizes(site.valueExpr, bindings, 0).filter((n) => !Number.isNaN(n)) : [];
  return sizes.length > 0 ? Math.max(...sizes) : NaN;
}

/** The numbers `expr` is known to be (see pageSizeOf), following parameters to their callers. */
function pageSizes(expr: ts.Expression, bindings: Bindings, depth: number): number[] {
  if (depth > 3) return [];
  let e = unwrap(expr);
  // `String(n)`, `n.toString()`: the number is n.
  if (ts.isCallExpression(e) && e.arguments.length === 1 && ts.isIdentifier(e.expression) && e.expression.text === 'String') e = unwrap(e.arguments[0]!);
  if (ts.isCallExpression(e) && e.arguments.length === 0 && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'toString') e = unwrap(e.expression.expression);
  if (ts.isNumericLiteral(e) || ts.isStringLiteral(e)) return [Number(e.text)];
  const sizesOf = (v: ts.Expression | undefined): number[] => (v ? pageSizes(v, bindings, depth + 1) : []);
  // `opts.limit`, `opts` a parameter: the `limit` of what its callers pass.
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
    const param = parameterOf(bindings, e.expression);
    return param ? passedFor(param, bindings).flatMap((a) => sizesOf(argumentProperty(a, e.name.text, bindings))) : [];
  }
  if (!ts.isIdentifier(e)) return [];
  const param = parameterOf(bindings, e);
  if (param) return [...sizesOf(param.initializer), ...passedFor(param, bindings).flatMap(sizesOf)];
  // `{ limit = 50 }` destructured from a parameter: its default, and the `limit` its callers pass.
  const el = bindings.resolve(e)?.parent;
  if (el && ts.isBindingElement(el) && ts.isObjectBindingPattern(el.parent) && ts.isParameter(el.parent.parent) && el.parent.parent.name === el.parent) {
    const key = bindingKey(el);
    return [...sizesOf(el.initializer), ...(key ? passedFor(el.parent.parent, bindings).flatMap((a) => sizesOf(argumentProperty(a, key, bindings))) : [])];
  }
  return sizesOf(initializerOf(bindings, e));
}

/** The parameter `id` names (`limit` of `function list(limit = 100)`). */
function parameterOf(bindings: Bindings, id: ts.Identifier): ts.ParameterDeclaration | undefined {
  const decl = bindings.resolve(id);
  return decl && ts.isParameter(decl.parent) && decl.parent.name === decl ? decl.parent : undefined;
}

/** What the calls of the parameter's function in this module pass for it. */
function passedFor(param: ts.ParameterDeclaration, bindings: Bindings): ts.Expression[] {
  return (argumentsFor(param, bindings) ?? []).filter((a): a is ts.Expression => a !== undefined);
}

/** The value of property `key` of an object literal (or a constant holding one) passed as an argument. */
function argumentProperty(arg: ts.Expression, key: string, bindings: Bindings): ts.Expression | undefined {
  const obj = asObjectLiteral(arg, bindings);
  return obj && propertyValue(obj, key);
}

/** Every query name a legacy list takes for paging. */
const PAGING_QUERY_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(STYLE_PARAMS).flatMap((p) => Object.keys(p ?? {})),
  ...LEGACY_ENDPOINTS.flatMap((r) => (r.fields ?? []).filter((f) => f.in === 'query' && (f.to === 'first' || f.to === 'after')).map((f) => f.from)),
]);
const PAGING_QUERY_RE = queryNamesRe([...PAGING_QUERY_NAMES]);

/** A mock's query matcher (`nock(…).get(path).query({ limit })`) moves with the query of the requests it answers; a mock reads no list. */
function pageMockQueries(out: EditSet, input: TransformInput, scan: CallScan, handled: Set<number>): void {
  for (const mock of scan.mocks) {
    const paging = mock.method === 'GET' ? pagingOf(mock) : undefined;
    if (!paging) continue;
    for (const site of querySites(mock, new Set(paging.renames.keys()), input.text, input.sourceFile, scan.bindings)) {
      if (site.kind === 'text') handled.add(site.nameStart);
      pageSite(out, site, paging, mock.node, input, scan.bindings);
    }
  }
}

/**
 * List URLs built apart from any recognised call: their path moves to v3 with the endpoints
 * transform, so their paging parameters must move too, or v3 would page by its defaults and an
 * offset loop would never end.
 */
function pageStandaloneUrls(out: EditSet, input: TransformInput, scan: CallScan, handled: Set<number>): void {
  for (const call of standaloneUrls(input.sourceFile, scan.shapes, PAGING_QUERY_RE)) {
    const paging = pagingOf(call);
    if (!paging) continue;
    for (const site of querySites(call, new Set(paging.renames.keys()), input.text, input.sourceFile, scan.bindings)) {
      if (site.kind !== 'text' || handled.has(site.nameStart)) continue;
      handled.add(site.nameStart);
      pageSite(out, site, paging, call.urlExpr, input, scan.bindings);
    }
  }
}

function renameSite(out: EditSet, site: QuerySite, to: string, input: TransformInput): void {
  const sf = input.sourceFile;
  if (site.kind === 'text') {
    out.add({ start: site.nameStart, end: site.nameStart + site.name.length, text: to });
  } else if (site.kind === 'call') {
    const start = site.nameLiteral.getStart(sf) + 1;
    out.add({ start, end: start + site.name.length, text: to });
  } else {
    const p = site.prop;
    if (ts.isShorthandPropertyAssignment(p)) out.add({ start: p.name.getStart(sf), end: p.name.end, text: `${to}: ${p.name.text}` });
    else if (p.name) {
      const start = p.name.getStart(sf);
      const quoted = ts.isStringLiteral(p.name);
      out.add(quoted ? { start: start + 1, end: p.name.end - 1, text: to } : { start, end: p.name.end, text: to });
    }
  }
}

/** Drop `offset=0` / `offset: 0` (v3's first page needs no cursor). */
function removeSiteEdit(site: QuerySite, input: TransformInput): Edit | undefined {
  const text = input.text;
  if (site.kind === 'text') {
    // `url + '&offset=0'`: the whole operand goes, not just its text (no `+ ''` left behind).
    const part = site.part;
    const whole = (ts.isStringLiteral(part) || ts.isNoSubstitutionTemplateLiteral(part)) && site.sepPos === part.getStart(input.sourceFile) + 1 && site.valueEnd === part.end - 1;
    const sum = part.parent;
    if (whole && text[site.sepPos] === '&' && ts.isBinaryExpression(sum) && sum.right === part && sum.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      return { start: sum.left.end, end: part.end, text: '' };
    }
    if (text[site.sepPos] === '&') return { start: site.sepPos, end: site.valueEnd, text: '' };
    if (text[site.valueEnd] === '&') return { start: site.sepPos + 1, end: site.valueEnd + 1, text: '' };
    return { start: site.sepPos, end: site.valueEnd, text: '' };
  }
  if (site.kind === 'prop') {
    // Reuse the formatting-aware property removal.
    return removeProp(site, input);
  }
  return undefined;
}

function removeProp(site: Extract<QuerySite, { kind: 'prop' }>, input: TransformInput): Edit {
  return removePropertyEdit(input.text, input.sourceFile, site.object, site.prop);
}

function envelopeEdits(out: EditSet, paging: Paging, flow: Flow, input: TransformInput, bindings: Bindings, call: ApiCall): void {
  const sf = input.sourceFile;
  for (const env of paging.envelopes) {
    if (env === '[]') continue;
    const reads = propertyReads(flow.values, env);
    // `{ sessions }`, or `{ items: sessions }` once rewritten (a re-run must not mark it).
    const destructured = flow.patterns.some((p) => p.elements.some((el) => bindingKey(el) === env || bindingKey(el) === 'items'));
    // A response that went where it is not followed (a retry helper's callback, a stream) in a
    // module that reads `.sessions` somewhere: say so at the call rather than leave a v1 read
    // behind silently.
    // Returned from a function its callers read it from (they are followed), not from a callback.
    const returned = flow.values.some((v) => {
      const fn = returnedFrom(v);
      return ts.isAsExpression(v.parent) || (fn !== undefined && !isCallback(fn));
    });
    const untraced =
      reads.length === 0 && !destructured && !returned && propertyReads(flow.values, 'items').length === 0 && inlineTypeMembers(flow, env).length === 0 && inlineTypeMembers(flow, 'items').length === 0;
    // `.sessions`, `{ sessions }`, `{ sessions: z.array(…) }`
    if (untraced && new RegExp(`\\.${env}\\b|[{,]\\s*${env}\\s*[,}:]`).test(input.text)) out.marker(call.node, untracedEnvelopeMarker(env));
    for (const read of reads) {
      if (ts.isPropertyAccessExpression(read)) out.replace(read.name, 'items');
      else {
        const a = read.argumentExpression;
        const start = a.getStart(sf) + 1;
        out.add({ start, end: a.end - 1, text: 'items' });
      }
    }
    // `(await res.json()) as { sessions: S[] }`: an inline type describes only this response.
    for (const member of inlineTypeMembers(flow, env)) out.replace(member.name, 'items');
    for (const pattern of flow.patterns) {
      for (const el of pattern.elements) {
        if (bindingKey(el) !== env) continue;
        if (el.propertyName) out.replace(el.propertyName, 'items');
        else out.replace(el.name, `items: ${(el.name as ts.Identifier).text}`);
      }
    }
  }
  if (paging.envelopes.includes('[]') && !paging.envelopes.some((e) => e !== '[]')) bareArrayEdits(out, flow, input, bindings);
  if (paging.v2) {
    const nextCursors = propertyReads(flow.values, 'next_cursor');
    // Where `next_cursor` is read too it stays v2 (marked): `page.has_next_page ? page.next_cursor
    // : null` would hand an undefined cursor on, and a `!== null` loop would never end; the v2
    // `has_more`, undefined on v3, ends it after one page instead.
    if (nextCursors.length === 0) for (const read of propertyReads(flow.values, 'has_more')) if (ts.isPropertyAccessExpression(read)) out.replace(read.name, 'has_next_page');
    for (const read of nextCursors) if (!out.covers(read)) out.marker(read, NEXT_CURSOR_MARKER);
  }
}

/** A v1 bare-array list: read `.items` where the body is first held or used. */
function bareArrayEdits(out: EditSet, flow: Flow, input: TransformInput, bindings: Bindings): void {
  readWholeBodyAs(out, flow, input.sourceFile, bindings, { key: 'items', v3Keys: ['items', 'end_cursor', 'has_next_page'], marker: BARE_ARRAY_MARKER, typeMarker: BARE_ARRAY_TYPE_MARKER });
}

/** Members named `name` of type literals written inline on a response (`as { … }`, `const x: { … } =`, `.json<{ … }>()`). */
function inlineTypeMembers(flow: Flow, name: string): ts.PropertySignature[] {
  const out: ts.PropertySignature[] = [];
  const fromType = (t: ts.TypeNode | undefined): void => {
    if (!t || !ts.isTypeLiteralNode(t)) return;
    for (const m of t.members) if (ts.isPropertySignature(m) && m.name && ts.isIdentifier(m.name) && m.name.text === name) out.push(m);
  };
  for (const v of flow.values) {
    if (ts.isAsExpression(v) || ts.isSatisfiesExpression(v)) fromType(v.type);
    const parent = v.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === v) fromType(parent.type);
    // `await res.json<{ sessions: S[] }>()`, ky's `.json<…>()`: the type argument of the parse.
    const parse = unwrap(ts.isAwaitExpression(v) ? v.expression : v);
    if (ts.isCallExpression(parse) && parse.typeArguments?.length === 1 && ts.isPropertyAccessExpression(parse.expression) && parse.expression.name.text === 'json') fromType(parse.typeArguments[0]);
  }
  return [...new Set(out)];
}

export const paginationTransform: Transform = {
  name: 'pagination',
  description: 'limit/offset and skip become first/after, list envelopes become items, offset loops are translated or marked',
  mayApply: (text, context) => mayCallDevinApi(text) || importsDevinCode(context),
  sharesTree: true,
  apply,
};
