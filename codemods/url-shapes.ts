// What URL or path an expression can evaluate to, as text with `{_}` holes for the parts that
// are not known (an id, the org id, an unresolved base URL). Follows constants in the file,
// imported constants through the project index, `this.x` class fields, `a ?? 'literal'`, and
// both arms of a ternary. Used only to recognise calls through the catalogue matchers.
import { ts } from './ts.cjs';
import { Bindings, initializerOf, unwrap } from './bindings.js';
import type { ProjectIndex } from './types.js';
import { memberAssignments } from './url/evaluate.js';

export const HOLE = '{_}';
const MAX_ALTERNATIVES = 8;
const MAX_DEPTH = 6;

export interface ShapeContext {
  fileName: string;
  bindings: Bindings;
  project: ProjectIndex;
}

/** Every text the expression may evaluate to, or null when nothing about it is known. */
export function urlShapes(expr: ts.Expression, ctx: ShapeContext, depth = 0): string[] | null {
  if (depth > MAX_DEPTH) return null;
  const e = unwrap(expr);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e)) {
    let acc = [e.head.text];
    for (const span of e.templateSpans) {
      const inner = urlShapes(span.expression, ctx, depth + 1) ?? [HOLE];
      acc = cross(acc, inner).map((s) => s + span.literal.text);
    }
    return acc;
  }
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    if (k === ts.SyntaxKind.PlusToken) {
      const l = urlShapes(e.left, ctx, depth + 1);
      const r = urlShapes(e.right, ctx, depth + 1);
      if (!l && !r) return null;
      return cross(l ?? [HOLE], r ?? [HOLE]);
    }
    if (k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.BarBarToken) {
      // `process.env.DEVIN_API_URL ?? 'https://api.devin.ai'`: the fallback is what we know.
      const l = urlShapes(e.left, ctx, depth + 1);
      const r = urlShapes(e.right, ctx, depth + 1);
      if (!l) return r;
      if (!r) return l;
      return limit([...l, ...r]);
    }
    return null;
  }
  if (ts.isConditionalExpression(e)) {
    const a = urlShapes(e.whenTrue, ctx, depth + 1);
    const b = urlShapes(e.whenFalse, ctx, depth + 1);
    if (!a && !b) return null;
    return limit([...(a ?? [HOLE]), ...(b ?? [HOLE])]);
  }
  if (ts.isIdentifier(e)) {
    const init = initializerOf(ctx.bindings, e);
    if (init) {
      const shapes = urlShapes(init, ctx, depth + 1);
      // `const url = new URL(host); url.pathname = '/v1/sessions'`: the path set once replaces the base's.
      const pathname = shapes && ts.isNewExpression(unwrap(init)) ? pathnameSet(e, ctx.bindings) : undefined;
      const paths = pathname && urlShapes(pathname, ctx, depth + 1);
      return paths ? limit(shapes!.flatMap((b) => paths.map((p) => joinUrl(b, p.startsWith('/') ? p : `/${p}`)))) : shapes;
    }
    const imported = ctx.project.resolveImportedString(ctx.fileName, e.text);
    return imported !== undefined ? [imported] : null;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const name = e.name.text;
    if (name === 'href' || name === 'pathname') return urlShapes(e.expression, ctx, depth + 1);
    const init = propertyInitializer(e, ctx);
    return init ? urlShapes(init, ctx, depth + 1) : null;
  }
  if (ts.isCallExpression(e)) {
    // `url.toString()`, `String(url)`
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString' && e.arguments.length === 0) {
      return urlShapes(callee.expression, ctx, depth + 1);
    }
    if (ts.isIdentifier(callee) && callee.text === 'String' && e.arguments.length === 1) {
      return urlShapes(e.arguments[0]!, ctx, depth + 1);
    }
    if (isUrlJoinCall(e)) {
      const args = e.arguments.map((a) => urlShapes(a, ctx, depth + 1) ?? [HOLE]);
      // `url.resolve(base, path)` is `new URL(path, base)`; `path.join` puts one slash between pieces.
      if ((callee as ts.PropertyAccessExpression).name.text === 'resolve') return limit(args[0]!.flatMap((b) => args[1]!.map((p) => joinUrl(b, p))));
      return args.reduce((acc, next) => limit(acc.flatMap((a) => next.map((b) => (a.endsWith('/') || b.startsWith('/') ? a + b : `${a}/${b}`)))));
    }
    return null;
  }
  // `BASES[svc]` of `const BASES = { devin: '…', acme: '…' }`: any of its values.
  if (ts.isElementAccessExpression(e) && ts.isIdentifier(unwrap(e.expression))) {
    const init = initializerOf(ctx.bindings, unwrap(e.expression) as ts.Identifier);
    const obj = init && unwrap(init);
    if (!obj || !ts.isObjectLiteralExpression(obj)) return null;
    const key = unwrap(e.argumentExpression);
    const values = obj.properties.filter((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && (!ts.isStringLiteralLike(key) || propertyNameText(p.name) === key.text));
    const out = values.flatMap((p) => urlShapes(p.initializer, ctx, depth + 1) ?? [HOLE]);
    return out.length > 0 ? limit(out) : null;
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL' && e.arguments?.length) {
    const path = urlShapes(e.arguments[0]!, ctx, depth + 1);
    if (e.arguments.length === 1) return path;
    const base = urlShapes(e.arguments[1]!, ctx, depth + 1) ?? [HOLE];
    if (!path) return null;
    return limit(base.flatMap((b) => path.map((p) => joinUrl(b, p))));
  }
  return null;
}

/** `path.join(…)`, `path.posix.join(…)`, `url.resolve(base, path)`: calls that build a URL out of their arguments (evaluate.ts reads them). */
export function isUrlJoinCall(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const holder = unwrap(callee.expression);
  const on = ts.isIdentifier(holder) ? holder.text : ts.isPropertyAccessExpression(holder) && ts.isIdentifier(holder.expression) ? `${holder.expression.text}.${holder.name.text}` : '';
  return (callee.name.text === 'join' && ['path', 'posix', 'path.posix'].includes(on) && call.arguments.length > 0) || (callee.name.text === 'resolve' && on === 'url' && call.arguments.length === 2);
}

/** The one value a URL object's `pathname` is set to (`url.pathname = …`), if it is set once. */
export function pathnameSet(id: ts.Identifier, bindings: Bindings): ts.Expression | undefined {
  const decl = bindings.resolve(id);
  if (!decl) return undefined;
  const values: ts.Expression[] = [];
  for (const r of bindings.references(decl)) {
    const access = r.parent;
    const assign = access?.parent;
    if (access && ts.isPropertyAccessExpression(access) && access.expression === r && access.name.text === 'pathname' && assign && ts.isBinaryExpression(assign) && assign.left === access && assign.operatorToken.kind === ts.SyntaxKind.EqualsToken) values.push(assign.right);
  }
  return values.length === 1 ? values[0] : undefined;
}

/** The host (with its port) of an absolute URL, `api.devin.ai` of `https://api.devin.ai/v1`. */
export function hostOf(url: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url)?.[1];
}

/** `https://…` and the like: a URL that no base changes. */
export function isAbsoluteUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

/** `new URL(p, base)` for the shapes we see: absolute p wins, `/p` keeps base's origin. */
function joinUrl(base: string, p: string): string {
  if (isAbsoluteUrl(p)) return p;
  if (p.startsWith('/')) {
    const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(base);
    return (m ? m[1] : base.startsWith(HOLE) ? HOLE : '') + p;
  }
  return base.replace(/[^/]*$/, '') + p;
}

/** `this.base` (a value its class gives it once) or `CONFIG.base` (a const object literal's property). */
function propertyInitializer(e: ts.PropertyAccessExpression, ctx: ShapeContext): ts.Expression | undefined {
  const name = e.name.text;
  const target = unwrap(e.expression);
  if (target.kind === ts.SyntaxKind.ThisKeyword) {
    // A field initialiser, a parameter property's default or one constructor assignment, given once.
    const assigned = memberAssignments(e);
    return assigned.length === 1 ? assigned[0]!.value : undefined;
  }
  if (ts.isIdentifier(target)) {
    const init = initializerOf(ctx.bindings, target);
    const obj = init && unwrap(init);
    if (obj && ts.isObjectLiteralExpression(obj)) {
      for (const p of obj.properties) {
        if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) return p.initializer;
      }
    }
  }
  return undefined;
}

export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function cross(a: string[], b: string[]): string[] {
  return limit(a.flatMap((x) => b.map((y) => x + y)));
}

function limit(xs: string[]): string[] {
  return [...new Set(xs)].slice(0, MAX_ALTERNATIVES);
}
