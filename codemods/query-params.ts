// The query parameters a recognised call sends, where they are written: `?limit=${n}` inside
// the URL's string and template parts (following constants), an axios `params` / got
// `searchParams` object, a `new URLSearchParams({...})` or its `.set('limit', …)` calls.
import { ts } from './ts.cjs';
import { Bindings, initializerOf, unwrap } from './bindings.js';
import type { ApiCall } from './api-calls.js';
import { asObjectLiteral } from './api-calls.js';
import { propertyNameText } from './url-shapes.js';

type LiteralPart = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail;

interface SiteBase {
  name: string;
  /** The value: a literal's text, or the expression. */
  valueText?: string;
  valueExpr?: ts.Expression;
}

/** `name=value` inside a URL string or template. */
export interface TextSite extends SiteBase {
  kind: 'text';
  part: LiteralPart;
  /** Position of the `?` or `&` before the name. */
  sepPos: number;
  nameStart: number;
  /** Just after the value (after the `}` closing `${value}` when the value is an expression). */
  valueEnd: number;
}

/** `{ limit: 50 }` in a params object, or `new URLSearchParams({ limit: '50' })`. */
export interface PropSite extends SiteBase {
  kind: 'prop';
  object: ts.ObjectLiteralExpression;
  prop: ts.ObjectLiteralElementLike;
  /** Whether undefined values are dropped by the client (axios params) — not for URLSearchParams/ky. */
  dropsUndefined: boolean;
}

/** `params.set('limit', …)` / `url.searchParams.append('offset', …)`. */
export interface CallSite extends SiteBase {
  kind: 'call';
  nameLiteral: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;
}

export type QuerySite = TextSite | PropSite | CallSite;

export function querySites(call: Pick<ApiCall, 'urlExpr' | 'query' | 'returns'>, names: ReadonlySet<string>, text: string, sf: ts.SourceFile, bindings: Bindings): QuerySite[] {
  const sites: QuerySite[] = [];
  const parts = new Set<LiteralPart>();
  const idents: ts.Identifier[] = [];
  collectParts(call.urlExpr, bindings, parts, idents, 0);
  for (const part of parts) sites.push(...textSites(part, names, text, sf));
  const q = asObjectLiteral(call.query, bindings);
  if (q) sites.push(...propSites(q, names, call.returns === 'axios'));
  // `{ searchParams }` / `{ params }` holding a URLSearchParams, made here or in a variable.
  const qe = call.query && unwrap(call.query);
  if (qe && ts.isIdentifier(qe)) idents.push(qe);
  else if (qe && ts.isNewExpression(qe) && ts.isIdentifier(qe.expression) && qe.expression.text === 'URLSearchParams') {
    const obj = asObjectLiteral(qe.arguments?.[0], bindings);
    if (obj) sites.push(...propSites(obj, names, false));
  }
  for (const id of idents) {
    const init = initializerOf(bindings, id);
    const decl = bindings.resolve(id);
    const u = init && unwrap(init);
    if (u && ts.isNewExpression(u) && ts.isIdentifier(u.expression)) {
      if (u.expression.text === 'URLSearchParams') {
        const obj = asObjectLiteral(u.arguments?.[0], bindings);
        if (obj) sites.push(...propSites(obj, names, false));
        if (decl) sites.push(...setterSites(bindings.references(decl), names, false));
      }
      if (u.expression.text === 'URL' && decl) sites.push(...setterSites(bindings.references(decl), names, true));
    }
  }
  return sites;
}

function collectParts(expr: ts.Expression, bindings: Bindings, parts: Set<LiteralPart>, idents: ts.Identifier[], depth: number): void {
  if (depth > 6) return;
  const e = unwrap(expr);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) parts.add(e);
  else if (ts.isTemplateExpression(e)) {
    parts.add(e.head);
    for (const s of e.templateSpans) {
      parts.add(s.literal);
      collectParts(s.expression, bindings, parts, idents, depth + 1);
    }
  } else if (ts.isBinaryExpression(e)) {
    collectParts(e.left, bindings, parts, idents, depth + 1);
    collectParts(e.right, bindings, parts, idents, depth + 1);
  } else if (ts.isConditionalExpression(e)) {
    collectParts(e.whenTrue, bindings, parts, idents, depth + 1);
    collectParts(e.whenFalse, bindings, parts, idents, depth + 1);
  } else if (ts.isIdentifier(e)) {
    idents.push(e);
    const init = initializerOf(bindings, e);
    if (init) collectParts(init, bindings, parts, idents, depth + 1);
  } else if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL' && e.arguments?.[0]) {
    collectParts(e.arguments[0], bindings, parts, idents, depth + 1);
  } else if (ts.isCallExpression(e)) {
    const c = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(c) && c.name.text === 'toString') collectParts(c.expression, bindings, parts, idents, depth + 1);
  } else if (ts.isPropertyAccessExpression(e) && e.name.text === 'href') {
    collectParts(e.expression, bindings, parts, idents, depth + 1);
  }
}

/** Delimiter lengths of a literal part: `'…'`, `` `…${ ``, `}…${`, `}…` ``. */
function delimiters(part: LiteralPart): [open: number, close: number] {
  if (ts.isTemplateHead(part) || ts.isTemplateMiddle(part)) return [1, 2];
  return [1, 1];
}

function textSites(part: LiteralPart, names: ReadonlySet<string>, text: string, sf: ts.SourceFile): TextSite[] {
  const start = part.getStart(sf);
  const [open, close] = delimiters(part);
  const contentStart = start + open;
  const contentEnd = part.end - close;
  const raw = text.slice(contentStart, contentEnd);
  const out: TextSite[] = [];
  const re = /[?&]([A-Za-z_][\w]*)=/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const name = m[1]!;
    if (!names.has(name)) continue;
    const sepPos = contentStart + m.index;
    const nameStart = sepPos + 1;
    const valueStart = nameStart + name.length + 1;
    const rest = text.slice(valueStart, contentEnd);
    const lit = /^[^&#]*/.exec(rest)![0];
    if (lit.length === 0 && valueStart === contentEnd && (ts.isTemplateHead(part) || ts.isTemplateMiddle(part))) {
      const tpl = part.parent as ts.TemplateExpression | ts.TemplateSpan;
      const span = ts.isTemplateHead(part) ? (tpl as ts.TemplateExpression).templateSpans[0] : nextSpan(part);
      if (!span) continue;
      const closing = span.literal.getStart(sf) + 1; // after the `}`
      out.push({ kind: 'text', part, name, sepPos, nameStart, valueExpr: span.expression, valueEnd: closing });
    } else {
      out.push({ kind: 'text', part, name, sepPos, nameStart, valueText: lit, valueEnd: valueStart + lit.length });
    }
  }
  return out;
}

/** For a TemplateMiddle, the span whose expression follows it. */
function nextSpan(part: ts.TemplateMiddle): ts.TemplateSpan | undefined {
  const span = part.parent as ts.TemplateSpan;
  const tpl = span.parent as ts.TemplateExpression;
  const i = tpl.templateSpans.indexOf(span);
  return tpl.templateSpans[i + 1];
}

function propSites(obj: ts.ObjectLiteralExpression, names: ReadonlySet<string>, dropsUndefined: boolean): PropSite[] {
  const out: PropSite[] = [];
  for (const p of obj.properties) {
    const name = p.name && propertyNameText(p.name as ts.PropertyName);
    if (!name || !names.has(name)) continue;
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    if (!value) continue;
    out.push({ kind: 'prop', object: obj, prop: p, name, ...literalValue(value), dropsUndefined });
  }
  return out;
}

function setterSites(refs: ts.Identifier[], names: ReadonlySet<string>, viaSearchParams: boolean): CallSite[] {
  const out: CallSite[] = [];
  for (const r of refs) {
    let target: ts.Node = r;
    if (viaSearchParams) {
      const pa = r.parent;
      if (!ts.isPropertyAccessExpression(pa) || pa.name.text !== 'searchParams') continue;
      target = pa;
    }
    const m = target.parent;
    if (!ts.isPropertyAccessExpression(m) || !['set', 'append'].includes(m.name.text)) continue;
    const call = m.parent;
    if (!ts.isCallExpression(call) || call.expression !== m) continue;
    const a0 = call.arguments[0];
    if (!a0 || !(ts.isStringLiteral(a0) || ts.isNoSubstitutionTemplateLiteral(a0)) || !names.has(a0.text)) continue;
    const v = call.arguments[1];
    out.push({ kind: 'call', name: a0.text, nameLiteral: a0, ...(v ? literalValue(v) : {}) });
  }
  return out;
}

function literalValue(v: ts.Expression): Pick<SiteBase, 'valueText' | 'valueExpr'> {
  const u = unwrap(v);
  if (ts.isNumericLiteral(u) || ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return { valueText: u.text, valueExpr: v };
  return { valueExpr: v };
}

/** The site's value is the number zero (the first page). */
export function isZero(site: QuerySite): boolean {
  if (site.valueText !== undefined) return site.valueText.trim() === '0';
  const u = site.valueExpr && unwrap(site.valueExpr);
  return !!u && ts.isNumericLiteral(u) && u.text === '0';
}
