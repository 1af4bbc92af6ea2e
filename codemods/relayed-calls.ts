// Calls that reach Devin through a function or method of another module: `client.getSession(id)`
// where `DevinClient` (imported from `./client`) has a `getSession` that returns what a recognised
// v1 call answers. Their URL is that module's business (the endpoints transform rewrites it
// there); here only the response is traced, so that `session.status_enum` or `page.sessions` in
// the caller change with the call they come from. Chains are followed (a function that returns
// another module's function's result), each module once; modules that import each other stop
// where the question comes back.
import { ts } from './ts.cjs';
import type { HttpMethod, LegacyEndpoint } from '../src/catalog/index.js';
import type { ApiCall, CallScanContext } from './api-calls.js';
import type { LegacyCall } from './types.js';
import { unwrap, type Bindings } from './bindings.js';
import { moduleScope, requireImports } from './url/scope.js';

/** What a function of another module returns: the response of these endpoints. */
export interface RelayFact {
  method: HttpMethod | undefined;
  returns: ApiCall['returns'];
  v3Ids: Set<string>;
  rows: LegacyEndpoint[];
  /** The calls in legacy form it returns the response of, in their modules (LegacyCall.file). */
  origins: LegacyCall[];
  /**
   * It holds the body in a variable before returning it (`const data = await res.json(); return
   * data;`): a v1 body that is one field of the v3 body is read as that field there
   * (whole-body.ts), so its callers get what v1 returned.
   */
  held: boolean;
  /**
   * The parameter it sends as the query of the call it relays (`listSessions(params) { return
   * this.request('GET', '/sessions', params) }`): its callers' argument there is the query.
   */
  query?: number;
  /** The parameter it hands to that call where no role is known (ApiCall.unfollowed): its callers' argument there may be the query. */
  looseQuery?: number;
}

/** Facts by `function` or `Class.method` / `instance.method` (exported names), per module. */
export type RelayFacts = ReadonlyMap<string, RelayFact>;

/** How to read a module's facts (given by api-calls, which can scan a module). */
export type FactsOf = (file: string) => RelayFacts;

interface ImportRef {
  specifier: string;
  imported: string;
}

/** The import an identifier's declaration is, if it is one: an ES import or a CommonJS `require`. */
export function importOf(decl: ts.Identifier | undefined): ImportRef | undefined {
  const p = decl?.parent;
  if (!p) return undefined;
  // `const https = require('https')`, `const { getSession } = require('./client')`.
  const d = ts.isVariableDeclaration(p) ? p : ts.isBindingElement(p) && ts.isVariableDeclaration(p.parent.parent) ? p.parent.parent : undefined;
  if (d) {
    const r = requireImports(d).find((x) => x.localName === decl.text);
    return r && { specifier: r.specifier, imported: r.imported };
  }
  let imported: string;
  let clause: ts.ImportClause;
  if (ts.isImportSpecifier(p)) {
    imported = (p.propertyName ?? p.name).text;
    clause = p.parent.parent;
  } else if (ts.isImportClause(p)) {
    imported = 'default';
    clause = p;
  } else if (ts.isNamespaceImport(p)) {
    imported = '*';
    clause = p.parent;
  } else {
    return undefined;
  }
  const spec = clause.parent.moduleSpecifier;
  return ts.isStringLiteral(spec) ? { specifier: spec.text, imported } : undefined;
}

/** The class named by `new C(...)` or a `: C` annotation. */
function classNameOf(init: ts.Expression | undefined, type: ts.TypeNode | undefined): ts.Identifier | undefined {
  const u = init && unwrap(init);
  if (u && ts.isNewExpression(u) && ts.isIdentifier(u.expression)) return u.expression;
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return type.typeName;
  return undefined;
}

/** The class of `this.<name>`: a property declared with `new C()` or `: C`, or a constructor parameter property. */
function classOfThisProperty(access: ts.PropertyAccessExpression): ts.Identifier | undefined {
  let cls: ts.Node | undefined = access.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls)) return undefined;
  const name = access.name.text;
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === name) return classNameOf(m.initializer, m.type);
    if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) {
        if (ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length) return classNameOf(undefined, p.type);
      }
    }
  }
  return undefined;
}

/** The module and exported key a call goes through, when it calls something imported. */
function relayTarget(call: ts.CallExpression, bindings: Bindings): { specifier: string; key: string } | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) {
    const imp = importOf(bindings.resolve(callee));
    return imp && imp.imported !== '*' ? { specifier: imp.specifier, key: imp.imported } : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = unwrap(callee.expression);
  let cls: ts.Identifier | undefined;
  if (ts.isIdentifier(receiver)) {
    const decl = bindings.resolve(receiver);
    const imp = importOf(decl);
    // `api.getSession()` (namespace) or `client.getSession()` (an exported instance).
    if (imp) return { specifier: imp.specifier, key: imp.imported === '*' ? method : `${imp.imported}.${method}` };
    const d = decl?.parent;
    if (d && (ts.isVariableDeclaration(d) || ts.isParameter(d)) && d.name === decl) cls = classNameOf(d.initializer, d.type);
  } else if (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword) {
    cls = classOfThisProperty(receiver);
  }
  const imp = cls && importOf(bindings.resolve(cls));
  return imp && imp.imported !== '*' ? { specifier: imp.specifier, key: `${imp.imported}.${method}` } : undefined;
}

/** A call of the file that goes through another module's function, as an `ApiCall` to trace. */
export function relayedCall(call: ts.CallExpression, ctx: CallScanContext, bindings: Bindings, factsOf: FactsOf): ApiCall | undefined {
  const resolveModule = ctx.project.resolveModule;
  if (!resolveModule || call.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a))) return undefined;
  const target = relayTarget(call, bindings);
  if (!target) return undefined;
  const file = resolveModule(ctx.fileName, target.specifier);
  if (!file || file === ctx.fileName) return undefined;
  const fact = factsOf(file).get(target.key);
  if (!fact) return undefined;
  const query = fact.query !== undefined ? call.arguments[fact.query] : undefined;
  const loose = fact.looseQuery !== undefined ? call.arguments[fact.looseQuery] : undefined;
  return {
    node: call,
    method: fact.method,
    urlExpr: call,
    returns: fact.returns,
    v3Ids: fact.v3Ids,
    rows: fact.rows,
    legacyMatched: [],
    legacyForm: false,
    origins: fact.origins,
    ...(fact.held ? { bodyHeldBefore: true } : {}),
    ...(query ? { query } : {}),
    ...(loose ? { unfollowed: [loose] } : {}),
  };
}

/**
 * The parameter of `fn` a call it relays sends as its query (RelayFact.query), or hands on where no
 * role is known (RelayFact.looseQuery).
 */
export function relayedQuery(fn: ts.SignatureDeclaration, call: Pick<ApiCall, 'query' | 'unfollowed'>, bindings: Bindings): Pick<RelayFact, 'query' | 'looseQuery'> {
  const paramIndex = (e: ts.Expression | undefined): number | undefined => {
    const u = e && unwrap(e);
    const decl = u && ts.isIdentifier(u) ? bindings.resolve(u) : undefined;
    const i = decl ? fn.parameters.findIndex((p) => p.name === decl) : -1;
    return i >= 0 ? i : undefined;
  };
  const query = paramIndex(call.query);
  if (query !== undefined) return relaysOnlyAsQuery(fn.parameters[query]!, bindings) ? { query } : { looseQuery: query };
  const loose = (call.unfollowed ?? []).map(paramIndex).find((i) => i !== undefined);
  return loose !== undefined ? { looseQuery: loose } : {};
}

/** Types that take any keys: `Record<string, …>`, `object`, `any`, `unknown`. */
function isOpenType(t: ts.TypeNode): boolean {
  if (t.kind === ts.SyntaxKind.AnyKeyword || t.kind === ts.SyntaxKind.UnknownKeyword || t.kind === ts.SyntaxKind.ObjectKeyword) return true;
  return ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === 'Record';
}

/**
 * A parameter only handed on, as it is, as the query of the one call it appears in, so that its
 * callers' objects can be renamed (RelayFact.query): no default but `{}`, and a type that takes
 * any keys or is written inline with every member optional (pagination renames its paging names
 * there with the callers' objects, and dropping `offset: 0` from one leaves it valid), the
 * latter only when no caller in its own module would be left unrenamed.
 * Anything else (a named type, a default holding `limit`, a read of `params.limit`) is not proven.
 */
export function relaysOnlyAsQuery(param: ts.ParameterDeclaration, bindings: Bindings): boolean {
  if (!ts.isIdentifier(param.name) || param.dotDotDotToken) return false;
  const init = param.initializer && unwrap(param.initializer);
  if (init && !(ts.isObjectLiteralExpression(init) && init.properties.length === 0)) return false;
  if (bindings.references(param.name).length !== 1) return false;
  if (!param.type || isOpenType(param.type)) return true;
  if (!ts.isTypeLiteralNode(param.type) || !param.type.members.every((m) => ts.isPropertySignature(m) && m.questionToken)) return false;
  const fn = param.parent;
  const name = fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name)) ? fn.name.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  return name !== undefined && bindings.callsNamed(name).length === 0;
}


// The last module's exported names by the local name they export, in the order it exports them:
// asked for each call whose response a function returns, and moduleScope reads every statement.
// Keyed on the tree, which never changes.
let lastExports: { sourceFile: ts.SourceFile; byLocal: Map<string, string[]> } | undefined;

function exportNames(sf: ts.SourceFile): Map<string, string[]> {
  if (lastExports?.sourceFile === sf) return lastExports.byLocal;
  const byLocal = new Map<string, string[]>();
  for (const [name, e] of moduleScope(sf).exports) {
    if (e.local === undefined) continue;
    const list = byLocal.get(e.local);
    if (list) list.push(name);
    else byLocal.set(e.local, [name]);
  }
  lastExports = { sourceFile: sf, byLocal };
  return byLocal;
}

/**
 * The exported keys a function of a module is called by from elsewhere: its exported name, or for
 * a method `Class.method` under the class's exported names and `instance.method` under the names
 * of exported instances (`export const client = new DevinClient()`).
 */
export function exportedKeys(fn: ts.SignatureDeclaration, sf: ts.SourceFile): string[] {
  const names = exportNames(sf);
  const exportedAs = (local: string): string[] => names.get(local)?.slice() ?? [];
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name) && ts.isClassDeclaration(fn.parent) && fn.parent.name) {
    const cls = fn.parent.name.text;
    const method = fn.name.text;
    const keys = exportedAs(cls).map((e) => `${e}.${method}`);
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && classNameOf(d.initializer, undefined)?.text === cls) keys.push(...exportedAs(d.name.text).map((e) => `${e}.${method}`));
      }
    }
    return keys;
  }
  if (ts.isFunctionDeclaration(fn) && fn.name) return exportedAs(fn.name.text);
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return exportedAs(fn.parent.name.text);
  }
  return [];
}

/**
 * Facts a module passes on from others: `export { DevinClient } from './client'`, `export * from
 * './client'`, and `export const devin = new DevinClient()` with the class imported.
 */
export function passedOn(fileName: string, sf: ts.SourceFile, resolveModule: (from: string, spec: string) => string | undefined, factsOf: FactsOf): Map<string, RelayFact> {
  const out = new Map<string, RelayFact>();
  const scope = moduleScope(sf);
  const from = (spec: string): RelayFacts => {
    const file = resolveModule(fileName, spec);
    return file && file !== fileName ? factsOf(file) : new Map();
  };
  const under = (facts: RelayFacts, name: string, as: string): void => {
    for (const [key, fact] of facts) {
      if (key === name) out.set(as, fact);
      else if (key.startsWith(`${name}.`)) out.set(`${as}${key.slice(name.length)}`, fact);
    }
  };
  for (const spec of scope.starExports) for (const [key, fact] of from(spec)) if (!key.startsWith('default')) out.set(key, fact);
  for (const [exported, e] of scope.exports) {
    if (e.from && e.name && e.name !== '*') under(from(e.from), e.name, exported);
    // `export { client }` of an imported binding, and `export const devin = new DevinClient()`.
    const local = e.local;
    if (!local) continue;
    const imp = scope.imports.get(local);
    if (imp && imp.imported !== '*') under(from(imp.specifier), imp.imported, exported);
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || d.name.text !== local) continue;
        const cls = classNameOf(d.initializer, undefined);
        const clsImport = cls && scope.imports.get(cls.text);
        if (clsImport && clsImport.imported !== '*') under(from(clsImport.specifier), clsImport.imported, exported);
      }
    }
  }
  return out;
}
