// Translates the one offset loop shape that can be rewritten without guessing:
//
//   let offset = 0;                         let cursor = '';
//   do {                                    do {
//     …fetch(`…?limit=${n}&offset=${offset}`)   …fetch(`…?first=${n}${cursor ? `&after=${…}` : ''}`)
//     page = await res.json();                  page = await res.json();
//     offset += n;                              cursor = page.end_cursor ?? '';
//   } while (page.sessions.length === n);   } while (page.has_next_page);
//
// (also `while (true) { … if (page.sessions.length < n) break; … }` and v2 `skip = page.next_cursor`).
// Every condition must hold: the offset is a `let … = 0` declared outside the loop and used only
// in the request and one update inside it; the loop ends on the page's length (or v2 has_more),
// read from a variable that is in scope where the update is. Otherwise: null, and the caller marks.
import { ts } from './ts.cjs';
import { Bindings, unwrap } from './bindings.js';
import type { ApiCall } from './api-calls.js';
import type { Edit } from './types.js';
import type { QuerySite } from './query-params.js';
import { propertyReads } from './response-flow.js';

const CURSOR_NAMES = ['cursor', 'afterCursor', 'nextCursor', 'pageCursor'];

export interface LoopContext {
  text: string;
  fileName: string;
  sourceFile: ts.SourceFile;
  bindings: Bindings;
}

export function enclosingLoop(node: ts.Node): ts.IterationStatement | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) return undefined;
    if (ts.isIterationStatement(n, false)) return n;
  }
  return undefined;
}

function functionOf(node: ts.Node): ts.Node {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (ts.isFunctionLike(n) || ts.isSourceFile(n)) return n;
  return node.getSourceFile();
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return outer.pos <= inner.pos && inner.end <= outer.end;
}

/** Nodes of `root` outside nested functions. */
function walkOwn(root: ts.Node, f: (n: ts.Node) => void): void {
  const visit = (n: ts.Node): void => {
    f(n);
    if (ts.isFunctionLike(n)) return;
    n.forEachChild(visit);
  };
  root.forEachChild(visit);
}

interface Termination {
  node: ts.Expression;
  /** true: the expression is true while there are more pages. */
  more: boolean;
  page: ts.Identifier;
}

export function translateOffsetLoop(
  call: ApiCall,
  site: QuerySite,
  values: readonly ts.Expression[],
  envelopes: readonly string[],
  ctx: LoopContext,
): Edit[] | null {
  const { bindings, sourceFile: sf, text } = ctx;
  if (site.kind === 'call' || !site.valueExpr) return null;
  const o = unwrap(site.valueExpr);
  if (!ts.isIdentifier(o)) return null;
  const decl = bindings.resolve(o);
  const d = decl?.parent;
  if (!decl || !d || !ts.isVariableDeclaration(d) || d.name !== decl || !d.initializer) return null;
  const list = d.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Let) === 0) return null;
  const init = unwrap(d.initializer);
  if (!ts.isNumericLiteral(init) || init.text !== '0') return null;
  const loop = enclosingLoop(call.node);
  if (!loop || contains(loop, d) || functionOf(d) !== functionOf(loop)) return null;
  if (ts.isForStatement(loop) && loop.initializer && contains(loop.initializer, d)) return null;

  // The offset: read in the request and updated once in the loop, nothing else.
  const refs = bindings.references(decl).filter((r) => r !== o);
  const updates = new Set<ts.ExpressionStatement>();
  for (const r of refs) {
    const stmt = updateStatementOf(r, decl);
    if (!stmt || !contains(loop, stmt)) return null;
    updates.add(stmt);
  }
  if (updates.size !== 1) return null;
  const update = [...updates][0]!;

  // How the loop ends.
  const arrays = arrayExprs(values, envelopes, bindings);
  const terms: Termination[] = [];
  walkOwn(loop, (n) => {
    const t = termination(n, arrays, values);
    if (t) terms.push(t);
  });
  if (terms.length === 0) return null;
  const page = terms.find((t) => inScopeAt(bindings, t.page, update) && assignedBefore(bindings, t.page, loop, update))?.page;
  if (!page) return null;

  const fn = functionOf(loop);
  const fnText = text.slice(fn.pos, fn.end);
  const cursor = CURSOR_NAMES.find((n) => !new RegExp(`\\b${n}\\b`).test(fnText));
  if (!cursor) return null;

  // '' stands for "no cursor yet": a plain string keeps TypeScript's flow analysis out of a
  // circular loop through the page's type (a `string | undefined` would be narrowed per iteration).
  const edits: Edit[] = [];
  edits.push({ start: d.getStart(sf), end: d.end, text: `${cursor} = ''` });
  const siteEdit = cursorSiteEdit(site, cursor, text, sf);
  if (!siteEdit) return null;
  edits.push(siteEdit);
  edits.push({ start: update.expression.getStart(sf), end: update.expression.end, text: `${cursor} = ${page.text}.end_cursor ?? ''` });
  for (const t of terms) {
    const pageText = t.page.text;
    edits.push({ start: t.node.getStart(sf), end: t.node.end, text: t.more ? `${pageText}.has_next_page` : `!${pageText}.has_next_page` });
  }
  return edits;
}

/** `o += n`, `o = o + n`, `o = page.next_cursor` as a statement: the statement. */
function updateStatementOf(r: ts.Identifier, decl: ts.Identifier): ts.ExpressionStatement | undefined {
  let n: ts.Node = r;
  while (n.parent && !ts.isExpressionStatement(n.parent)) {
    n = n.parent;
    if (ts.isFunctionLike(n) || ts.isStatement(n)) return undefined;
  }
  const stmt = n.parent;
  if (!stmt || !ts.isExpressionStatement(stmt)) return undefined;
  const e = unwrap(stmt.expression);
  if (!ts.isBinaryExpression(e)) return undefined;
  const left = unwrap(e.left);
  if (!ts.isIdentifier(left) || left.text !== decl.text) return undefined;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.PlusEqualsToken) return stmt;
  if (op === ts.SyntaxKind.EqualsToken) {
    const right = unwrap(e.right);
    if (ts.isBinaryExpression(right) && right.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const a = unwrap(right.left);
      const b = unwrap(right.right);
      if ((ts.isIdentifier(a) && a.text === decl.text) || (ts.isIdentifier(b) && b.text === decl.text)) return stmt;
    }
    if (ts.isPropertyAccessExpression(right) && right.name.text === 'next_cursor') return stmt;
  }
  return undefined;
}

/** The list arrays: `page.sessions` (or `.items`, or the page itself for a bare array) and constants holding them. */
function arrayExprs(values: readonly ts.Expression[], envelopes: readonly string[], bindings: Bindings): Map<ts.Node, ts.Identifier> {
  const out = new Map<ts.Node, ts.Identifier>();
  const keys = [...envelopes.filter((e) => e !== '[]'), 'items'];
  for (const v of values) {
    const root = unwrap(v);
    if (!ts.isIdentifier(root)) continue;
    const reads: ts.Expression[] = keys.flatMap((k) => propertyReads([v], k));
    if (envelopes.includes('[]')) reads.push(v);
    for (const a of reads) {
      out.set(a, root);
      const parent = a.parent;
      if (ts.isVariableDeclaration(parent) && parent.initializer === a && ts.isIdentifier(parent.name)) {
        for (const r of bindings.references(parent.name)) out.set(r, root);
      }
    }
  }
  return out;
}

function lengthOf(e: ts.Expression, arrays: Map<ts.Node, ts.Identifier>): ts.Identifier | undefined {
  const u = unwrap(e);
  if (ts.isPropertyAccessExpression(u) && u.name.text === 'length') return arrays.get(u.expression);
  return undefined;
}

const FLIP: Partial<Record<ts.SyntaxKind, ts.SyntaxKind>> = {
  [ts.SyntaxKind.LessThanToken]: ts.SyntaxKind.GreaterThanToken,
  [ts.SyntaxKind.GreaterThanToken]: ts.SyntaxKind.LessThanToken,
  [ts.SyntaxKind.LessThanEqualsToken]: ts.SyntaxKind.GreaterThanEqualsToken,
  [ts.SyntaxKind.GreaterThanEqualsToken]: ts.SyntaxKind.LessThanEqualsToken,
};

/** `page.sessions.length === n` (more pages) / `< n`, `=== 0`, `!….length` (done) / `page.has_more`. */
function termination(n: ts.Node, arrays: Map<ts.Node, ts.Identifier>, values: readonly ts.Expression[]): Termination | undefined {
  if (ts.isBinaryExpression(n)) {
    let op: ts.SyntaxKind = n.operatorToken.kind;
    let page = lengthOf(n.left, arrays);
    let other = n.right;
    if (!page) {
      page = lengthOf(n.right, arrays);
      other = n.left;
      op = FLIP[op] ?? op;
    }
    if (!page) return undefined;
    const o = unwrap(other);
    const zero = ts.isNumericLiteral(o) && o.text === '0';
    const K = ts.SyntaxKind;
    const more = zero
      ? op === K.GreaterThanToken || op === K.ExclamationEqualsEqualsToken || op === K.ExclamationEqualsToken
        ? true
        : op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken || op === K.LessThanEqualsToken
          ? false
          : undefined
      : op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken || op === K.GreaterThanEqualsToken
        ? true
        : op === K.LessThanToken || op === K.ExclamationEqualsEqualsToken || op === K.ExclamationEqualsToken
          ? false
          : undefined;
    if (more === undefined) return undefined;
    return { node: n, more, page };
  }
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) {
    const page = lengthOf(n.operand, arrays);
    if (page) return { node: n, more: false, page };
  }
  if (ts.isPropertyAccessExpression(n) && n.name.text === 'has_more' && values.includes(n.expression)) {
    const root = unwrap(n.expression);
    if (ts.isIdentifier(root)) return { node: n, more: true, page: root };
  }
  return undefined;
}

/** The variable `id` names is visible (same declaration) at `where`, declared before it. */
function inScopeAt(bindings: Bindings, id: ts.Identifier, where: ts.Node): boolean {
  const decl = bindings.resolve(id);
  if (!decl || decl.pos > where.pos) return false;
  let scope: ts.Node | undefined = decl.parent;
  while (scope && !(ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isFunctionLike(scope) || ts.isForStatement(scope) || ts.isForOfStatement(scope))) scope = scope.parent;
  return !!scope && contains(scope, where);
}

/** The page variable gets its value for this iteration before the update statement runs. */
function assignedBefore(bindings: Bindings, page: ts.Identifier, loop: ts.Node, update: ts.Node): boolean {
  const decl = bindings.resolve(page)!;
  if (contains(loop, decl)) return decl.pos < update.pos;
  return bindings.references(decl).some((r) => {
    const b = r.parent;
    return ts.isBinaryExpression(b) && b.left === r && b.operatorToken.kind === ts.SyntaxKind.EqualsToken && contains(loop, b) && b.end <= update.pos;
  });
}

function cursorSiteEdit(site: QuerySite, cursor: string, text: string, sf: ts.SourceFile): Edit | null {
  if (site.kind === 'prop') {
    const repl = site.dropsUndefined ? `after: ${cursor} || undefined` : `...(${cursor} ? { after: ${cursor} } : {})`;
    return { start: site.prop.getStart(sf), end: site.prop.end, text: repl };
  }
  if (site.kind !== 'text' || !site.valueExpr) return null;
  const enc = `encodeURIComponent(${cursor})`;
  const sep = text[site.sepPos];
  if (sep === '&') return { start: site.sepPos, end: site.valueEnd, text: `\${${cursor} ? \`&after=\${${enc}}\` : ''}` };
  if (text[site.valueEnd] === '&') return { start: site.sepPos + 1, end: site.valueEnd + 1, text: `\${${cursor} ? \`after=\${${enc}}&\` : ''}` };
  return { start: site.sepPos, end: site.valueEnd, text: `\${${cursor} ? \`?after=\${${enc}}\` : ''}` };
}
