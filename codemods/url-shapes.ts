// What URL or path an expression can evaluate to, as text with `{_}` holes for the parts that
// are not known (an id, the org id, an unresolved base URL). Follows constants in the file,
// imported constants through the project index, `this.x` class fields and getters, route maps,
// what a function of the module that takes no arguments returns (`sessionsUrl()`), `a ??
// 'literal'`, and both arms of a ternary. Used only to recognise calls through the catalogue matchers.
import { ts } from './ts.cjs';
import { Bindings, enclosingClass, initializerOf, localFunctionOf, unwrap } from './bindings.js';
import type { ProjectIndex } from './types.js';
import { memberAssignments } from './url/evaluate.js';

export const HOLE = '{_}';
const MAX_ALTERNATIVES = 8;
const MAX_DEPTH = 6;

export interface ShapeContext {
  fileName: string;
  bindings: Bindings;
  project: ProjectIndex;
  /** Parameters read as what a call gives them (by their declaring name): a wrapper's URL seen from one of its calls. */
  bound?: ReadonlyMap<ts.Identifier, readonly string[]>;
  /** TransformInput.afterEndpoints: imported constants are read as this run leaves them. */
  afterEndpoints?: boolean;
}

/**
 * Every text the expression may evaluate to, or null when nothing about it is known. `trail`, when
 * given, receives the expressions written elsewhere that the text was read from (a constant's
 * initializer, a route map's entries): where else the URL is built.
 */
export function urlShapes(expr: ts.Expression, ctx: ShapeContext, trail?: ts.Expression[]): string[] | null {
  return shapesOf(expr, ctx, 0, trail);
}

function shapesOf(expr: ts.Expression, ctx: ShapeContext, depth: number, trail: ts.Expression[] | undefined): string[] | null {
  if (depth > MAX_DEPTH) return null;
  const e = unwrap(expr);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e)) {
    let acc = [e.head.text];
    for (const span of e.templateSpans) {
      const inner = shapesOf(span.expression, ctx, depth + 1, trail) ?? [HOLE];
      acc = cross(acc, inner).map((s) => s + span.literal.text);
    }
    return acc;
  }
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    if (k === ts.SyntaxKind.PlusToken) {
      const l = shapesOf(e.left, ctx, depth + 1, trail);
      const r = shapesOf(e.right, ctx, depth + 1, trail);
      if (!l && !r) return null;
      return cross(l ?? [HOLE], r ?? [HOLE]);
    }
    if (k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.BarBarToken) {
      // `process.env.DEVIN_API_URL ?? 'https://api.devin.ai'`: the fallback is what we know.
      const l = shapesOf(e.left, ctx, depth + 1, trail);
      const r = shapesOf(e.right, ctx, depth + 1, trail);
      if (!l) return r;
      if (!r) return l;
      return limit([...l, ...r]);
    }
    return null;
  }
  if (ts.isConditionalExpression(e)) {
    const a = shapesOf(e.whenTrue, ctx, depth + 1, trail);
    const b = shapesOf(e.whenFalse, ctx, depth + 1, trail);
    if (!a && !b) return null;
    return limit([...(a ?? [HOLE]), ...(b ?? [HOLE])]);
  }
  if (ts.isIdentifier(e)) {
    const given = boundShapes(e, ctx);
    if (given) return [...given];
    const init = initializerOf(ctx.bindings, e);
    if (init) {
      trail?.push(init);
      const shapes = shapesOf(init, ctx, depth + 1, trail);
      // `const url = new URL(host); url.pathname = '/v1/sessions'`: the path set once replaces the base's.
      const pathname = shapes && ts.isNewExpression(unwrap(init)) ? pathnameSet(e, ctx.bindings) : undefined;
      if (pathname) trail?.push(pathname);
      const paths = pathname && shapesOf(pathname, ctx, depth + 1, trail);
      return paths ? limit(shapes!.flatMap((b) => paths.map((p) => joinUrl(b, p.startsWith('/') ? p : `/${p}`)))) : shapes;
    }
    const imported = (ctx.afterEndpoints ? ctx.project.importedStringAfterRun?.(ctx.fileName, e.text) : undefined) ?? ctx.project.resolveImportedString(ctx.fileName, e.text);
    return imported !== undefined ? [imported] : null;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const name = e.name.text;
    if (name === 'href' || name === 'pathname') return shapesOf(e.expression, ctx, depth + 1, trail);
    const init = propertyInitializer(e, ctx);
    if (init) {
      trail?.push(init);
      return shapesOf(init, ctx, depth + 1, trail);
    }
    // `this.sessionsUrl` read through a getter of the class: what it returns.
    const getter = e.expression.kind === ts.SyntaxKind.ThisKeyword ? enclosingClass(e)?.members.find((m): m is ts.GetAccessorDeclaration => ts.isGetAccessor(m) && ts.isIdentifier(m.name) && m.name.text === name) : undefined;
    return getter ? returnedShapes(getter, ctx, depth, trail) : null;
  }
  if (ts.isCallExpression(e)) {
    // `url.toString()`, `String(url)`
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString' && e.arguments.length === 0) {
      return shapesOf(callee.expression, ctx, depth + 1, trail);
    }
    if (ts.isIdentifier(callee) && callee.text === 'String' && e.arguments.length === 1) {
      return shapesOf(e.arguments[0]!, ctx, depth + 1, trail);
    }
    // `sessionsUrl()`, `this.sessionsUrl()`: a function of the module that takes nothing, and
    // returns the URL (a helper, a method).
    const helper = e.arguments.length === 0 ? localFunctionOf(e.expression, ctx.bindings) : undefined;
    if (helper && helper.parameters.length === 0) return returnedShapes(helper, ctx, depth, trail);
    if (isUrlJoinCall(e)) {
      const args = e.arguments.map((a) => shapesOf(a, ctx, depth + 1, trail) ?? [HOLE]);
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
    // A key written out, or given by the call a wrapper's URL is read for (`call('sessions')`).
    const given = ts.isIdentifier(key) ? boundShapes(key, ctx) : undefined;
    const keys = ts.isStringLiteralLike(key) ? [key.text] : given?.every((k) => !k.includes(HOLE)) ? given : undefined;
    const values = obj.properties.filter((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && (!keys || keys.includes(entryKey(p.name) ?? '')));
    for (const p of values) trail?.push(p.initializer);
    const out = values.flatMap((p) => shapesOf(p.initializer, ctx, depth + 1, trail) ?? [HOLE]);
    return out.length > 0 ? limit(out) : null;
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL' && e.arguments?.length) {
    const path = shapesOf(e.arguments[0]!, ctx, depth + 1, trail);
    if (e.arguments.length === 1) return path;
    const base = shapesOf(e.arguments[1]!, ctx, depth + 1, trail) ?? [HOLE];
    if (!path) return null;
    return limit(base.flatMap((b) => path.map((p) => joinUrl(b, p))));
  }
  return null;
}

/** Every text a function of the module may return (each `return` of its own, or its expression body). */
function returnedShapes(fn: ts.SignatureDeclaration, ctx: ShapeContext, depth: number, trail: ts.Expression[] | undefined): string[] | null {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  const values: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return; // their returns are not this function's
    if (ts.isReturnStatement(n) && n.expression) values.push(n.expression);
    n.forEachChild(visit);
  };
  if (body && ts.isBlock(body)) body.forEachChild(visit);
  else if (body) values.push(body);
  trail?.push(...values);
  const alts = values.map((v) => shapesOf(v, ctx, depth + 1, trail));
  return alts.some((a) => a !== null) ? limit(alts.flatMap((a) => a ?? [HOLE])) : null;
}

/** What the call a wrapper's URL is read for gives the parameter `id` names (ShapeContext.bound). */
function boundShapes(id: ts.Identifier, ctx: ShapeContext): readonly string[] | undefined {
  if (!ctx.bound) return undefined;
  const decl = ctx.bindings.resolve(id);
  return decl && ctx.bound.get(decl);
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
        if (ts.isPropertyAssignment(p) && entryKey(p.name) === name) return p.initializer;
      }
    }
  }
  return undefined;
}

export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/**
 * The key of an object literal's entry, also when computed from a literal (`['sessions']: …`):
 * a route map written either way holds the same entries, read by the same keys.
 */
export function entryKey(name: ts.PropertyName): string | undefined {
  if (ts.isComputedPropertyName(name)) {
    const e = unwrap(name.expression);
    return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) ? e.text : undefined;
  }
  return propertyNameText(name);
}

function cross(a: string[], b: string[]): string[] {
  if (a.length === 1 && b.length === 1) return [a[0]! + b[0]!]; // most pieces have one shape
  return limit(a.flatMap((x) => b.map((y) => x + y)));
}

/** At most MAX_ALTERNATIVES of `xs` (a new array of the caller's), each once. */
function limit(xs: string[]): string[] {
  if (xs.length <= 1) return xs;
  return [...new Set(xs)].slice(0, MAX_ALTERNATIVES);
}
