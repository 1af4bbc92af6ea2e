// A server's own routes: `app.get('/v1/sessions', handler)`, `router.post(path, json(), create)`,
// NestJS's `@Get('/v1/sessions')`, fastify's `route({ url, handler })`, and a supertest request
// against the app (`request(app).get('/v1/sessions')`). Their paths look like Devin's but are
// the app's own: never requests to Devin, never rewritten.
import { ts } from './ts.cjs';
import { unwrap } from './bindings.js';

/** How a module's names are looked up (the URL analysis and the call recogniser each have one). */
export interface RouteContext {
  /** The value a constant is initialised with. */
  initializerOf(id: ts.Identifier): ts.Expression | undefined;
  /** The package an imported name comes from. */
  importedFrom(id: ts.Identifier): string | undefined;
}

/** Functions and classes that make a server or router. */
const SERVER_FACTORIES = new Set(['express', 'Router', 'fastify', 'Fastify', 'Hono', 'Koa', 'KoaRouter', 'Elysia', 'polka', 'restify', 'createServer']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'route', 'head', 'options']);
const TEST_CLIENTS = new Set(['supertest', 'light-my-request']);

/** A function written in place (`(req, res) => …`, `function () {…}`): a handler, not a request's argument. */
export function isInlineFunction(e: ts.Expression): boolean {
  const u = unwrap(e);
  return ts.isArrowFunction(u) || ts.isFunctionExpression(u);
}

/** The call registers a route of this app (its first argument is the route's path). */
export function isRouteRegistration(call: ts.CallExpression, ctx: RouteContext): boolean {
  if (ts.isDecorator(call.parent)) return true;
  for (let i = 1; i < call.arguments.length; i++) if (isInlineFunction(call.arguments[i]!)) return true;
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && ROUTE_METHODS.has(callee.name.text) && isServer(unwrap(callee.expression), ctx);
}

/** `{ method, url, handler }` given to a server's `route(…)`: the `url` is a route's path. */
export function isRouteOptions(obj: ts.ObjectLiteralExpression): boolean {
  return obj.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'handler');
}

function isServer(e: ts.Expression, ctx: RouteContext): boolean {
  if (ts.isIdentifier(e)) {
    const init = ctx.initializerOf(e);
    return init !== undefined && isFactoryCall(unwrap(init));
  }
  if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return false;
  const callee = unwrap(e.expression);
  if (ts.isIdentifier(callee) && TEST_CLIENTS.has(ctx.importedFrom(callee) ?? '')) return true;
  // `router.route('/x').get(handler)`, `app.get(…).post(…)`
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(callee) && ROUTE_METHODS.has(callee.name.text)) return isServer(unwrap(callee.expression), ctx);
  return isFactoryCall(e);
}

function isFactoryCall(e: ts.Expression): boolean {
  if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return false;
  const callee = unwrap(e.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && SERVER_FACTORIES.has(name);
}
