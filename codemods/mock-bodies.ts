// Test mocks of the Devin API (msw `http.get(url, resolver)`, or any `x.<verb>(url, handler)` on
// an absolute Devin URL): the endpoints transform moves their path with the code, but the body
// they answer with is still v1-shaped, so the code (now reading `items`, `status_detail`) fails
// against them. The body's shape is the test author's call: it gets a marker naming the v1 keys.
import { ts } from './ts.cjs';
import type { LegacyEndpoint } from '../src/catalog/index.js';
import { REGISTRATION_VERBS, standaloneGet } from './api-calls.js';
import { unwrap } from './bindings.js';
import { propertyNameText, type ShapeContext } from './url-shapes.js';

export function mockBodyMarker(keys: readonly string[]): string {
  return `this mock answers the v3 path with a v1-shaped body (${keys.map((k) => `\`${k}\``).join(', ')}): give it the v3 shape the code now reads (see the endpoint map in MIGRATION.md)`;
}

/** The top-level names a v1 response of these rows has and its v3 twin does not. */
function v1Keys(rows: readonly LegacyEndpoint[]): Set<string> {
  const keys = new Set<string>();
  for (const r of rows) {
    if (r.envelope && r.envelope !== '[]') keys.add(r.envelope);
    for (const f of r.fields ?? []) {
      if (f.in !== 'response' || !f.to || f.to === f.from) continue;
      const from = /^[A-Za-z_]\w*/.exec(f.from)?.[0];
      const to = /^[A-Za-z_]\w*/.exec(f.to)?.[0];
      if (from && from !== to) keys.add(from);
    }
  }
  return keys;
}

/** Property names of every object literal inside `fn`'s body that are v1-only. */
function keysIn(fn: ts.Node, v1: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isObjectLiteralExpression(n)) {
      for (const p of n.properties) {
        const name = p.name && propertyNameText(p.name as ts.PropertyName);
        if (name !== undefined && v1.has(name)) found.add(name);
      }
    }
    n.forEachChild(visit);
  };
  visit(fn);
  return [...found];
}

/**
 * nock's interceptors: `nock('https://api.devin.ai').get('/v1/sessions/devin-1').reply(200, { … })`,
 * chains of several included. Each reply whose body has v1 keys, with those keys.
 */
export function v1NockReplies(sf: ts.SourceFile, shapes: ShapeContext): { at: ts.CallExpression; keys: string[] }[] {
  const out: { at: ts.CallExpression; keys: string[] }[] = [];
  if (!sf.text.includes('nock(')) return out;
  const visit = (n: ts.Node): void => {
    n.forEachChild(visit);
    if (!ts.isCallExpression(n)) return;
    const reply = unwrap(n.expression);
    if (!ts.isPropertyAccessExpression(reply) || !reply.name.text.startsWith('reply')) return;
    const intercept = unwrap(reply.expression);
    if (!ts.isCallExpression(intercept) || !intercept.arguments[0]) return;
    const verb = unwrap(intercept.expression);
    const method = ts.isPropertyAccessExpression(verb) ? REGISTRATION_VERBS[verb.name.text] : undefined;
    const host = method && nockHost(verb as ts.PropertyAccessExpression);
    const url = host && standaloneGet(intercept.arguments[0], shapes, method, host);
    const v1 = url && v1Keys(url.rows.filter((r) => r.method === method));
    if (!v1 || v1.size === 0) return;
    const keys = n.arguments.flatMap((a) => keysIn(a, v1));
    if (keys.length > 0) out.push({ at: n, keys: [...new Set(keys)] });
  };
  visit(sf);
  return out;
}

/** The host of the `nock(host)` an interceptor chain starts with. */
function nockHost(verb: ts.PropertyAccessExpression): ts.Expression | undefined {
  let e: ts.Expression = unwrap(verb.expression);
  for (;;) {
    if (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression);
      if (ts.isIdentifier(callee) && callee.text === 'nock') return e.arguments[0];
      e = unwrap(callee);
    } else if (ts.isPropertyAccessExpression(e)) e = unwrap(e.expression);
    else return undefined;
  }
}

/** Of the registrations the call scan collected (`x.<verb>(url, handler)`), the mocks of Devin endpoints whose bodies still carry v1 keys, with those keys. */
export function v1MockBodies(registrations: readonly ts.CallExpression[], shapes: ShapeContext): { at: ts.CallExpression; keys: string[] }[] {
  const out: { at: ts.CallExpression; keys: string[] }[] = [];
  for (const n of registrations) {
    const method = REGISTRATION_VERBS[(unwrap(n.expression) as ts.PropertyAccessExpression).name.text]!;
    const url = standaloneGet(n.arguments[0]!, shapes, method);
    const v1 = url && v1Keys(url.rows.filter((r) => r.method === method));
    if (!v1 || v1.size === 0) continue;
    const keys = n.arguments.slice(1).filter((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)).flatMap((h) => keysIn(h, v1));
    if (keys.length > 0) out.push({ at: n, keys: [...new Set(keys)] });
  }
  return out;
}
