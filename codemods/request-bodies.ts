// From a request's payload expression to the object literal that is sent: the literal itself,
// `JSON.stringify(literal)`, a constant initialised with either, or a parameter of a function
// of this file whose every call passes one. Anything else is "not traced".
import { ts } from './ts.cjs';
import { Bindings, initializerOf, unwrap } from './bindings.js';

export type TracedBody =
  | { kind: 'objects'; objects: ts.ObjectLiteralExpression[] }
  | { kind: 'untraced'; at: ts.Node; why: string };

const MAX_DEPTH = 5;

export function traceBody(expr: ts.Expression, bindings: Bindings, depth = 0): TracedBody {
  const e = unwrap(expr);
  if (depth > MAX_DEPTH) return { kind: 'untraced', at: e, why: 'traced too far' };
  if (ts.isObjectLiteralExpression(e)) return { kind: 'objects', objects: [e] };
  if (ts.isCallExpression(e) && isJsonStringify(e.expression) && e.arguments[0]) {
    return traceBody(e.arguments[0], bindings, depth + 1);
  }
  if (ts.isIdentifier(e)) {
    const init = initializerOf(bindings, e);
    if (init) return traceBody(init, bindings, depth + 1);
    const decl = bindings.resolve(e);
    if (decl && ts.isParameter(decl.parent) && decl.parent.name === decl) {
      return traceParameter(decl.parent, bindings, depth);
    }
    return { kind: 'untraced', at: e, why: `\`${e.text}\` is not a constant object in this file` };
  }
  return { kind: 'untraced', at: e, why: 'the body is computed' };
}

/** `JSON.stringify` as a callee. */
export function isJsonStringify(callee: ts.Expression): boolean {
  const c = unwrap(callee);
  return ts.isPropertyAccessExpression(c) && c.name.text === 'stringify' && ts.isIdentifier(c.expression) && c.expression.text === 'JSON';
}

/** A parameter: the object literals passed at every call of its function in this file. */
function traceParameter(param: ts.ParameterDeclaration, bindings: Bindings, depth: number): TracedBody {
  const untraced: TracedBody = { kind: 'untraced', at: param, why: `the body arrives as the parameter \`${param.name.getText()}\`` };
  const args = argumentsFor(param, bindings);
  if (!args || args.length === 0) return untraced;
  const objects: ts.ObjectLiteralExpression[] = [];
  for (const arg of args) {
    if (!arg) return untraced;
    const t = traceBody(arg, bindings, depth + 1);
    if (t.kind !== 'objects') return untraced;
    objects.push(...t.objects);
  }
  return { kind: 'objects', objects };
}

/**
 * What each call of the parameter's function in this file passes for it (undefined where a call
 * passes nothing); undefined for a rest parameter or a function with no name to find calls by.
 */
export function argumentsFor(param: ts.ParameterDeclaration, bindings: Bindings): (ts.Expression | undefined)[] | undefined {
  const fn = param.parent;
  const name = functionName(fn);
  if (!name || param.dotDotDotToken) return undefined;
  const index = fn.parameters.indexOf(param);
  return callsTo(bindings, name, ts.isMethodDeclaration(fn)).map((c) => c.arguments[index]);
}

function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return fn.parent.name.text;
  }
  return undefined;
}

/** Calls `name(...)` (a function) or `this.name(...)`/`x.name(...)` (a method) in the file. */
function callsTo(bindings: Bindings, name: string, method: boolean): ts.CallExpression[] {
  return bindings.callsNamed(name).filter((n) => {
    const c = unwrap(n.expression);
    return method ? ts.isPropertyAccessExpression(c) : ts.isIdentifier(c);
  });
}
