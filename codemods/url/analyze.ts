// Find every place a file builds a Devin API URL (a "leaf"), following bases through consts,
// class members, config objects, axios instances, thin wrappers (`devinFetch(path, init)`) and
// imports; and describe what the file exports that other modules build URLs with (facts).
// Starts from literals that look like the Devin API and from imported Devin bindings, so a file
// is walked once and only the relevant expressions are evaluated.
import { kindTable } from '../kind-table.js';
import { ts } from '../ts.cjs';
import { Evaluator, envName, isTidying, join, PIECE, propertyInitializer, type ImportResolver } from './evaluate.js';
import { enclosingClass, outermost } from '../bindings.js';
import { methodsOf, renderText, type ClassBaseOption, type Fact, type Leaf, type Part, type Value, type WrapperTemplate } from './model.js';
import { isBasePrefix } from './plan.js';
import { lineStartOf } from '../line-start.js';
import { isDevinApiHost } from '../../src/catalog/index.js';
import { isRouteOptions, isRouteRegistration, type RouteContext } from '../server-routes.js';
import { entryKey, hostOf, isAbsoluteUrl, isUrlJoinCall } from '../url-shapes.js';
import { isEqualityComparison, isModuleExports, moduleScope, Scopes, skipOuter, statementOf, type Decl, type ModuleScope } from './scope.js';

/** Text that may be part of a Devin URL: a Devin host or a legacy/beta version segment. */
export const DEVIN_TEXT_RE = /api\.devin\.ai|devinenterprise\.com|(?:^|\/)(?:v[12]|v3beta1)(?:\/|$)/i;

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);
/** Options that give a client its base URL (axios `baseURL`, ky/got `prefixUrl`). */
export const BASE_PROPS: ReadonlySet<string> = new Set(['baseURL', 'baseUrl', 'prefixUrl', 'prefixURL']);
const LOGGERS = new Set(['console', 'logger', 'log']);
/** Hooks that call the fetcher they are given with their key (`useSWR(key, fetcher)`). */
const SWR_HOOKS = new Set(['useSWR', 'useSWRImmutable', 'useSWRInfinite', 'useSWRSubscription']);

export interface FileAnalysis {
  leaves: Leaf[];
  /** Start of the statement each local leaf's marker goes above. */
  anchors: Map<Leaf, number>;
  /** Start and end of the expression each local leaf was made from (a call's URL, or the call). */
  spans: Map<Leaf, [number, number]>;
  exports: Map<string, Fact>;
  /** The module's imports and exports as written (the analysis read them; the index keeps them). */
  moduleScope: ModuleScope;
  /** Keys of every site of this file that was evaluated. */
  siteKeys: string[];
  /** Where `const DEVIN_ORG_ID = …;` would go, and whether the module already declares it. */
  /**
   * Where `const DEVIN_ORG_ID = …;` would go; whether the module already binds the name, and
   * whether to something else than a value (a function, a class): then the name cannot be used.
   */
  orgDeclaration: { at: number; afterStatement: boolean; declared: boolean; taken: boolean };
}

export const ORG_ID_CONST = 'DEVIN_ORG_ID';

/** Devin's API hosts, as a URL or a host name holds them. */
const DEVIN_HOST_RE = /devin\.ai|devinenterprise\.com/i;

/**
 * A string that names Devin the service: its hosts, a `DEVIN_…` variable, a `devin-…` session id
 * or package. Not the word alone (`new Employee('Devin')`). Identifiers naming devin count as
 * they are (`devinFetch`, `DEVIN_API_KEY`).
 */
export const DEVIN_IN_STRING_RE = /devin\.ai|devinenterprise\.com|\bDEVIN_[A-Z0-9_]|\bdevin-[a-z0-9]/i;

/**
 * A path a server registers (server-routes.ts): the app's own route, not a request, unless it
 * names a host (an msw handler for `https://api.devin.ai/v1/sessions` mocks Devin and moves with
 * the code).
 */
function isRoutePath(n: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression, ctx: RouteContext): boolean {
  const head = ts.isTemplateExpression(n) ? n.head.text : n.text;
  if (isAbsoluteUrl(head)) return false;
  const p = n.parent;
  // fastify's `route({ method, url, handler })`
  if (ts.isPropertyAssignment(p) && p.initializer === n && ts.isIdentifier(p.name) && p.name.text === 'url' && ts.isObjectLiteralExpression(p.parent)) return isRouteOptions(p.parent);
  return ts.isCallExpression(p) && p.arguments[0] === n && isRouteRegistration(p, ctx);
}

/** After the imports (and directives, requires), or before the first statement. */
function orgDeclarationSpot(sf: ts.SourceFile, scopes: Scopes): FileAnalysis['orgDeclaration'] {
  let last: ts.Statement | undefined;
  // Any module-level binding of the name (`const { DEVIN_ORG_ID } = process.env`, an import, a
  // function): a second declaration would not run.
  const decl = scopes.topLevelDecl(sf, ORG_ID_CONST);
  const declared = decl !== undefined;
  const taken = decl !== undefined && decl.kind !== 'var' && decl.kind !== 'import' && !(decl.kind === 'other' && ts.isVariableDeclaration(decl.node));
  for (const st of sf.statements) {
    const isImport = ts.isImportDeclaration(st) || ts.isImportEqualsDeclaration(st);
    const isDirective = ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression) && last === undefined;
    const isRequire =
      ts.isVariableStatement(st) &&
      st.declarationList.declarations.every((d) => {
        const init = d.initializer;
        return init !== undefined && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require';
      });
    if (isImport || isDirective || isRequire) last = st;
    else break;
  }
  if (last) return { at: last.end, afterStatement: true, declared, taken };
  const first = sf.statements[0];
  let at = first ? lineStartOf(sf.text, first.getStart(sf)) : sf.text.length;
  // Markers stay right above the statement they are about: the declaration goes above them.
  while (at > 0) {
    const prev = lineStartOf(sf.text, at - 1);
    if (!/^\s*\/\/ TODO\(devin-migrate\): /.test(sf.text.slice(prev, at))) break;
    at = prev;
  }
  return { at, afterStatement: false, declared, taken };
}

/** DEVIN_TEXT_RE for a whole file, where a version segment may also end at a quote (`${host}/v1`). */
const FILE_TEXT_RE = /api\.devin\.ai|devinenterprise\.com|(?:^|[/'"`])(?:v[12]|v3beta1)(?:[/'"`]|$)/im;

export function mayHaveDevinUrl(text: string): boolean {
  return FILE_TEXT_RE.test(text);
}

function upper(m: string): string {
  const u = m.toUpperCase();
  return u === 'DEL' ? 'DELETE' : u;
}

/**
 * `'POST'` -> POST; `id ? 'PUT' : 'POST'` -> `PUT|POST` (Leaf.method): the call makes one of them,
 * never another, so only their catalogue rows (and notes) apply.
 */
function literalMethod(e: ts.Expression | undefined): string | null {
  if (!e) return null;
  const x = skipOuter(e);
  if ((ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x)) && /^(get|post|put|patch|delete|head|options)$/i.test(x.text)) return x.text.toUpperCase();
  if (ts.isConditionalExpression(x)) {
    const a = literalMethod(x.whenTrue);
    const b = literalMethod(x.whenFalse);
    return a && b ? [...new Set([...methodsOf(a), ...methodsOf(b)])].join('|') : null;
  }
  return null;
}

/** `{ method: 'POST' }` -> POST; an object without `method` or spread -> `absent`; otherwise null. */
function objectMethod(e: ts.Expression | undefined): string | 'absent' | null {
  if (!e) return 'absent';
  const x = skipOuter(e);
  if (!ts.isObjectLiteralExpression(x)) return null;
  if (x.properties.some((p) => ts.isSpreadAssignment(p))) {
    const m = propertyInitializer(x, 'method');
    return m ? literalMethod(m) : null;
  }
  const m = propertyInitializer(x, 'method');
  return m ? literalMethod(m) : 'absent';
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const c = skipOuter(call.expression);
  if (ts.isIdentifier(c)) return c.text;
  if (ts.isPropertyAccessExpression(c)) return c.name.text;
  return '';
}

/** A link or an image the browser fetches (`<a href="…">`, `<img src>`): a GET. */
function linkMethod(m: ts.Node): string | null {
  let n = m.parent;
  if (n && ts.isJsxExpression(n)) n = n.parent;
  return n && ts.isJsxAttribute(n) && ts.isIdentifier(n.name) && ['href', 'src'].includes(n.name.text) ? 'GET' : null;
}

/** The method an argument list names: a method string, or an init object with `method`. */
function methodFromArgs(args: readonly ts.Expression[], skip: number): string | null {
  for (let i = 0; i < args.length; i++) {
    if (i === skip) continue;
    const m = literalMethod(args[i]);
    if (m) return m;
    const o = objectMethod(args[i]);
    if (o && o !== 'absent') return o;
  }
  return null;
}

function methodOfCallArg(call: ts.CallExpression, argIndex: number): string | null {
  const name = calleeName(call);
  if (argIndex === 0 && /fetch$/i.test(name)) {
    const o = objectMethod(call.arguments[1]);
    return o === 'absent' ? 'GET' : o;
  }
  if (argIndex === 0 && HTTP_METHODS.has(name.toLowerCase())) return upper(name);
  return methodFromArgs(call.arguments, argIndex) ?? (HTTP_METHODS.has(name.toLowerCase()) ? upper(name) : null);
}

/** The kinds of parent `climb` may go on to; at any other it stops. */
const CLIMBED = kindTable(
  (p) =>
    ts.isParenthesizedExpression(p) ||
    ts.isAsExpression(p) ||
    ts.isNonNullExpression(p) ||
    ts.isSatisfiesExpression(p) ||
    ts.isTypeAssertionExpression(p) ||
    ts.isTemplateSpan(p) ||
    ts.isBinaryExpression(p) ||
    ts.isConditionalExpression(p) ||
    ts.isNewExpression(p) ||
    ts.isCallExpression(p) ||
    ts.isPropertyAccessExpression(p),
);

/** A value that may be a Devin URL: a Devin-looking piece, or a base picked out of a map holding Devin's. */
function isDevinValue(v: Value): boolean {
  return v.some((p) => (p.kind === 'lit' ? DEVIN_TEXT_RE.test(p.site.text) : p.choice?.devin === true));
}

/** Parents under which an identifier may be no reference (isReferencePosition): under any other it is one. */
const MAY_NAME_NO_REFERENCE = kindTable(
  (p) =>
    ts.isPropertyAccessExpression(p) ||
    ts.isPropertyAssignment(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isPropertySignature(p) ||
    ts.isImportSpecifier(p) ||
    ts.isExportSpecifier(p) ||
    ts.isImportClause(p) ||
    ts.isNamespaceImport(p) ||
    ts.isExportAssignment(p) ||
    ts.isVariableDeclaration(p) ||
    ts.isFunctionDeclaration(p) ||
    ts.isClassDeclaration(p) ||
    ts.isParameter(p) ||
    ts.isBindingElement(p) ||
    ts.isTypeReferenceNode(p) ||
    ts.isTypeQueryNode(p) ||
    ts.isQualifiedName(p) ||
    ts.isExpressionWithTypeArguments(p),
);

function isReferencePosition(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (!MAY_NAME_NO_REFERENCE[p.kind]) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p)) && p.name === id) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isExportAssignment(p)) return false;
  if ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p)) && p.name === id) return false;
  if (ts.isTypeReferenceNode(p) || ts.isTypeQueryNode(p) || ts.isQualifiedName(p) || ts.isExpressionWithTypeArguments(p)) return false;
  return true;
}

function sameDecl(a: Decl | undefined, b: Decl): boolean {
  if (!a || a.kind !== b.kind) return false;
  if (a.kind === 'import' && b.kind === 'import') return a.localName === b.localName && a.specifier === b.specifier;
  return (a as { node?: ts.Node }).node === (b as { node?: ts.Node }).node;
}

/**
 * The kinds the file walk records, read once: a `case ts.SyntaxKind.X` calls the compiler's export
 * getter and looks the name up in the (large) enum object at every node of every file.
 */
const WALKED = {
  ...PIECE,
  identifier: ts.SyntaxKind.Identifier,
  privateIdentifier: ts.SyntaxKind.PrivateIdentifier,
  templateExpression: ts.SyntaxKind.TemplateExpression,
} as const;

class Analyzer {
  readonly ev: Evaluator;
  readonly leaves: Leaf[] = [];
  readonly anchors = new Map<Leaf, number>();
  readonly spans = new Map<Leaf, [number, number]>();
  private readonly sf: ts.SourceFile;
  private readonly file: string;
  private readonly resolveImport: ImportResolver;
  readonly scopes = new Scopes();
  /** The module's imports and exports, read once (imports, exports and every exported-name question read them). */
  private moduleScopeCache: ModuleScope | undefined;
  private readonly routes: RouteContext = {
    initializerOf: (id) => {
      const d = this.scopes.resolveName(id, id.text);
      return d?.kind === 'var' ? d.node.initializer : undefined;
    },
    importedFrom: (id) => {
      const d = this.scopes.resolveName(id, id.text);
      return d?.kind === 'import' ? d.specifier : undefined;
    },
  };
  private readonly idsByName = new Map<string, ts.Identifier[]>();
  /** `#base` names, for members only. */
  private readonly privateNames = new Map<string, ts.PrivateIdentifier[]>();
  private readonly seeds: ts.Expression[] = [];
  private readonly placed = new Set<ts.Node>();
  private readonly definedVars = new Set<ts.Node>();
  private readonly definedMembers = new Set<string>();
  readonly instances = new Map<ts.Node, Value[]>();
  readonly wrappers = new Map<ts.Node, WrapperTemplate[]>();
  private readonly wrapperCalls = new Map<ts.Node, ts.CallExpression[]>();
  private devinContext: boolean;
  /** A string of the code (not a comment) holds Devin's host. */
  private readonly writesDevinHost: boolean = false;
  /** The expression each leaf was made from, and arguments consumed by wrapper/instance calls. */
  private readonly leafExpr = new Map<Leaf, ts.Node>();
  private readonly consumed = new Set<ts.Node>();
  /** Values given to a class's constructor (`new DevinClient({ baseUrl: '…' })`), read once every use of the module is known. */
  private readonly givenToConstructors: GivenToConstructor[] = [];

  constructor(file: string, sf: ts.SourceFile, resolveImport: ImportResolver) {
    this.file = file;
    this.sf = sf;
    this.resolveImport = resolveImport;
    // Bare paths (`/v1/sessions`) count as Devin's only in code that names Devin (comments do not count).
    this.devinContext = false;
    const pieces: ts.Node[] = [];
    const forEachChild = ts.forEachChild; // once, not through the export getter at every node
    const visit = (n: ts.Node): void => {
      switch (n.kind) {
        case WALKED.identifier:
          addTo(this.idsByName, n as ts.Identifier);
          return;
        case WALKED.privateIdentifier:
          addTo(this.privateNames, n as ts.PrivateIdentifier);
          return;
        case WALKED.stringLiteral:
        case WALKED.noSubstitutionTemplateLiteral: {
          pieces.push(n);
          const p = n.parent;
          const inModulePosition = ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p) || ts.isLiteralTypeNode(p);
          const isName = ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === n) || ts.isComputedPropertyName(p);
          // The text first: most strings are no URL, and the route check resolves names.
          if (!inModulePosition && !isName && DEVIN_TEXT_RE.test((n as ts.StringLiteral).text) && !isRoutePath(n as ts.StringLiteral, this.routes)) this.seeds.push(n as ts.Expression);
          return;
        }
        case WALKED.templateExpression: {
          const t = n as ts.TemplateExpression;
          if ((DEVIN_TEXT_RE.test(t.head.text) || t.templateSpans.some((s) => DEVIN_TEXT_RE.test(s.literal.text))) && !isRoutePath(t, this.routes)) this.seeds.push(t);
          break;
        }
        case WALKED.templateHead:
        case WALKED.templateMiddle:
        case WALKED.templateTail:
          pieces.push(n);
          return;
      }
      forEachChild(n, visit);
    };
    visit(sf);
    if (/devin/i.test(sf.text)) {
      this.devinContext = [...this.idsByName.keys()].some((n) => /devin/i.test(n)) || pieces.some((p) => DEVIN_IN_STRING_RE.test((p as ts.LiteralLikeNode).text));
      this.writesDevinHost = pieces.some((p) => DEVIN_HOST_RE.test((p as ts.LiteralLikeNode).text));
    }
    this.ev = new Evaluator(file, sf, resolveImport, pieces, this.scopes, this);
  }

  /**
   * A base read from a setting not named for Devin (`process.env.BILLING_URL`), in a module that
   * writes Devin's host out in its code: another service's. A module that only reads its base
   * from the environment keeps taking it as Devin's where it names Devin.
   */
  private isOtherEnv(name: string): boolean {
    return !/devin/i.test(name) && this.writesDevinHost;
  }

  /** A URL built on a base from another service's setting (`${process.env.BILLING_URL}/v1/…`). */
  private onOtherEnvBase(v: Value): boolean {
    const first = v[0];
    return first?.kind === 'hole' && first.env !== undefined && this.isOtherEnv(first.env);
  }

  /**
   * A base on another host than Devin's: a URL (or with `hostOnly`, a host) written out whose host
   * is not Devin's, a constant holding one, `process.env.INTERNAL_API_URL` in a module that
   * writes Devin's host out elsewhere (another service), or a value that falls back to another
   * host (`process.env.ACCOUNTS_URL ?? 'https://accounts.acme.dev'`) unless it is read from a
   * setting named for Devin (`process.env.DEVIN_API_URL || 'http://localhost:8787'`: Devin's API
   * on a local fake).
   */
  private isOtherHost(e: ts.Expression | undefined, hostOnly: boolean, depth = 0): boolean {
    const v = e && skipOuter(e);
    if (!v || depth > 3) return false;
    const env = envName(v);
    if (env !== undefined) return this.isOtherEnv(env);
    if (ts.isBinaryExpression(v) && (v.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || v.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      return !/devin/i.test(v.left.getText(this.sf)) && this.isOtherHost(v.right, hostOnly, depth + 1);
    }
    if (ts.isIdentifier(v)) {
      const d = this.scopes.resolveName(v, v.text);
      return d?.kind === 'var' && d.isConst && this.isOtherHost(d.node.initializer, hostOnly, depth + 1);
    }
    if (!(ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v))) return false;
    const host = hostOnly ? v.text : hostOf(v.text);
    return host !== undefined && !isDevinApiHost(host);
  }

  /**
   * What a client held by `holder` was made with, when it was made in this module by a call
   * (`httpClient('https://accounts.acme.dev')`, `axios.create({ baseURL })`): that call. A chain
   * (`nock(ACCOUNTS).get('/health').reply(200)`) was made by the call it starts with.
   */
  private madeBy(holder: ts.Expression): ts.CallExpression | ts.NewExpression | undefined {
    let h = skipOuter(holder);
    for (;;) {
      const callee = ts.isCallExpression(h) ? skipOuter(h.expression) : undefined;
      const on = callee && ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : undefined;
      if (!on || !(ts.isCallExpression(on) || ts.isNewExpression(on))) break;
      h = on;
    }
    if (ts.isCallExpression(h) || ts.isNewExpression(h)) return h;
    const d = ts.isIdentifier(h) ? this.scopes.resolveName(h, h.text) : undefined;
    const made = d?.kind === 'var' && d.node.initializer ? skipOuter(d.node.initializer) : undefined;
    return made && (ts.isCallExpression(made) || ts.isNewExpression(made)) ? made : undefined;
  }

  /**
   * A path sent to a host written out that is not Devin's: `analytics.get('/v1/sessions')` on an
   * instance made with `{ baseURL: 'https://analytics.example.com' }` or by any factory given
   * another host (`httpClient('https://accounts.acme.dev')`), the same base given to the one
   * request or beside the path to a helper, or `{ hostname: 'localhost', path: '/v1/sessions' }`
   * (Node's http options).
   */
  private sentToOtherHost(m: ts.Expression): boolean {
    const baseOf = (obj: ts.Expression | undefined): ts.Expression | undefined => {
      const o = obj && skipOuter(obj);
      if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
      for (const name of BASE_PROPS) {
        const init = propertyInitializer(o, name);
        if (init) return init;
      }
      return undefined;
    };
    const p = m.parent;
    if (ts.isPropertyAssignment(p) && p.initializer === m && ts.isObjectLiteralExpression(p.parent) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === 'path') {
      return this.isOtherHost(propertyInitializer(p.parent, 'hostname') ?? propertyInitializer(p.parent, 'host'), true);
    }
    // `call('https://api.acme.io', '/v1/secrets')`: a helper given another host beside the path.
    if (ts.isCallExpression(p) && p.arguments.includes(m) && p.arguments.some((a) => a !== m && this.isOtherHost(a, false))) return true;
    // `request('GET', '/v1/sessions')` where `request` joins that parameter onto another host.
    if (ts.isCallExpression(p) && p.arguments.includes(m) && this.joinsOntoOtherHost(p, p.arguments.indexOf(m))) return true;
    if (!ts.isCallExpression(p) || p.arguments[0] !== m) return false;
    if (this.isOtherHost(baseOf(p.arguments[1]), false)) return true;
    // `accounts.get(path)` or `accountsFetch(path)`: a client made here on another host.
    const callee = skipOuter(p.expression);
    const made = this.madeBy(ts.isPropertyAccessExpression(callee) ? callee.expression : callee);
    if (!made) return false;
    // A factory of the module's own or a library's given that host, as its URL
    // (`httpClient('https://…')`) or as its base option (`axios.create({ baseURL })`,
    // openapi-fetch's `createClient({ baseUrl })`, `new ApiClient({ baseURL })`).
    const first = made.arguments?.[0];
    return this.isOtherHost(first, false) || this.isOtherHost(baseOf(first), false);
  }

  /** The function of this module a call calls: `name(…)` (a function or a constant arrow) or `this.name(…)` (a method). */
  private calledFunction(call: ts.CallExpression): ts.SignatureDeclaration | undefined {
    const c = skipOuter(call.expression);
    if (ts.isIdentifier(c)) {
      const d = this.scopes.resolveName(c, c.text);
      if (d?.kind === 'function') return d.node;
      const init = d?.kind === 'var' && d.isConst && d.node.initializer ? skipOuter(d.node.initializer) : undefined;
      return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
    }
    if (!ts.isPropertyAccessExpression(c) || c.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
    for (const member of enclosingClass(c)?.members ?? []) {
      if (!member.name || !ts.isIdentifier(member.name) || member.name.text !== c.name.text) continue;
      if (ts.isMethodDeclaration(member)) return member;
      const f = ts.isPropertyDeclaration(member) && member.initializer ? skipOuter(member.initializer) : undefined;
      return f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) ? f : undefined;
    }
    return undefined;
  }

  /**
   * The function `call` calls builds every URL it makes from its parameter `index` on a base
   * written out with another host than Devin's (`fetch(this.baseUrl + path)` with `baseUrl =
   * 'https://billing.acme.dev'`): a path given there is that host's, whatever it looks like. A
   * base with a host not written out (a setting, a hole) proves nothing either way.
   */
  private joinsOntoOtherHost(call: ts.CallExpression, index: number): boolean {
    const fn = this.calledFunction(call);
    const param = fn?.parameters[index];
    if (!fn || !param || !ts.isIdentifier(param.name) || param.dotDotDotToken) return false;
    const fnKey = this.ev.functionKey(fn);
    let found = false;
    for (const r of this.references(param.name.text, { kind: 'param', node: param, fn, index })) {
      for (const v of this.ev.evaluate(this.climb(r))) {
        const at = v.findIndex((part) => part.kind === 'hole' && part.param?.fnKey === fnKey && part.param.index === index);
        if (at < 0) continue;
        // Only a base written out with its host counts; an error message or a log line is no URL.
        const prefix = v.slice(0, at);
        const host = at > 0 ? hostOf(renderText(prefix)) : undefined;
        if (host === undefined) continue;
        // `process.env.DEVIN_API_URL ?? 'http://localhost:8787'`: Devin's API on a local fake (isOtherHost).
        const devinSetting = prefix.some((part) => part.kind === 'lit' && /devin/i.test(part.site.fallback ?? ''));
        if (devinSetting || !/^[\w.:-]+$/.test(host) || isDevinApiHost(host)) return false;
        found = true;
      }
    }
    return found;
  }

  private readonly reassignedCache = new Map<ts.Node, boolean>();

  /** A `let`/`var` that is assigned again (`x = …`, `x += …`, `x++`) is not a constant. */
  isReassigned(decl: ts.VariableDeclaration): boolean {
    const hit = this.reassignedCache.get(decl);
    if (hit !== undefined) return hit;
    let yes = !ts.isIdentifier(decl.name);
    if (!yes) {
      const name = (decl.name as ts.Identifier).text;
      for (const id of this.idsByName.get(name) ?? []) {
        const p = id.parent;
        const assigned =
          (ts.isBinaryExpression(p) && p.left === id && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
          ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken));
        if (assigned && this.scopes.resolveName(id, name)?.kind === 'var' && (this.scopes.resolveName(id, name) as { node: ts.Node }).node === decl) {
          yes = true;
          break;
        }
      }
    }
    this.reassignedCache.set(decl, yes);
    return yes;
  }

  run(): void {
    for (const s of this.seeds) this.place(s);
    this.followImports();
    // A path literal passed to a wrapper is one use, made through the wrapper.
    const kept = this.leaves.filter((l) => !this.consumed.has(this.leafExpr.get(l)!));
    if (kept.length !== this.leaves.length) {
      this.leaves.length = 0;
      kept.forEach((l, i) => {
        l.ordinal = i;
        this.leaves.push(l);
      });
    }
    for (const g of this.givenToConstructors) if (!this.replacesDefault(g)) g.otherwise();
  }

  // ---- climbing and classification ----------------------------------------------------------

  /** The largest expression that builds a URL out of `node` (through `+`, templates, `new URL`…). */
  private climb(node: ts.Expression): ts.Expression {
    let n: ts.Expression = node;
    for (;;) {
      const p = n.parent;
      if (!p || !CLIMBED[p.kind]) return n;
      if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p)) {
        n = p;
      } else if (ts.isTemplateSpan(p) && p.expression === n) {
        n = p.parent;
      } else if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        n = p;
      } else if (ts.isBinaryExpression(p) && p.right === n && (p.operatorToken.kind === ts.SyntaxKind.BarBarToken || p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
        n = p;
      } else if (ts.isConditionalExpression(p) && (p.whenTrue === n || p.whenFalse === n)) {
        n = p;
      } else if (ts.isNewExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'URL' && p.arguments?.includes(n)) {
        n = p;
      } else if (ts.isCallExpression(p) && p.arguments.includes(n) && isUrlJoinCall(p)) {
        n = p;
      } else if (ts.isPropertyAccessExpression(p) && p.expression === n && p.parent && ts.isCallExpression(p.parent) && p.parent.expression === p && isTidying(p.parent)) {
        n = p.parent; // `(base ?? '…/v1').replace(/\/$/, '')`
      } else if (ts.isPropertyAccessExpression(p) && p.expression === n && ts.isNewExpression(skipOuter(n)) && p.name.text === 'href') {
        n = p;
      } else if (ts.isPropertyAccessExpression(p) && p.expression === n && ts.isNewExpression(skipOuter(n)) && p.name.text === 'toString' && p.parent && ts.isCallExpression(p.parent)) {
        n = p.parent;
      } else {
        return n;
      }
    }
  }

  private enclosingFunctions(node: ts.Node): Map<string, ts.SignatureDeclaration> {
    const out = new Map<string, ts.SignatureDeclaration>();
    for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) out.set(this.ev.functionKey(n), n);
    return out;
  }

  /** A value that joins a Devin base with a parameter of an enclosing function: a wrapper. */
  private asWrapper(m: ts.Node, v: Value, mode: WrapperTemplate['mode'], method: string | null): { fn: ts.Node; tpl: WrapperTemplate } | null {
    // No parameter in the value, no wrapper: most URLs, which need not list the functions around them.
    if (!v.some((p) => p.kind === 'hole' && p.param)) return null;
    const fns = this.enclosingFunctions(m);
    const idx = v.findIndex((p) => p.kind === 'hole' && p.param && fns.has(p.param.fnKey));
    if (idx < 0) return null;
    const hole = v[idx] as Extract<Part, { kind: 'hole' }>;
    const prefix = v.slice(0, idx);
    if (!isDevinValue(prefix)) return null;
    // `${BASE}${path}` is a wrapper; `${BASE}/sessions/${id}` is an endpoint with an id parameter.
    if (!isBasePrefix(prefix)) return null;
    const fn = fns.get(hole.param!.fnKey)!;
    return { fn, tpl: { paramIndex: hole.param!.index, mode, prefix, suffix: v.slice(idx + 1), method } };
  }

  place(node: ts.Expression): void {
    const m = this.climb(node);
    if (this.placed.has(m)) return;
    this.placed.add(m);
    const alts = this.ev.evaluate(m);
    if (!alts.some(isDevinValue)) return;
    const p = m.parent;
    const method = p && ts.isCallExpression(p) && p.arguments.includes(m) ? methodOfCallArg(p, p.arguments.indexOf(m)) : linkMethod(m);

    // A thin wrapper: `fetch(`${BASE}${path}`, …)` inside `function devinFetch(path)`.
    const leafAlts: Value[] = [];
    for (const v of alts) {
      const w = this.asWrapper(m, v, 'concat', method);
      if (w) this.defineWrapper(w.fn, w.tpl);
      else leafAlts.push(v);
    }
    if (leafAlts.length === 0) return;
    // `${process.env.BILLING_URL}/v1/sessions`, `new URL(path, process.env.ACCOUNTS_URL)`.
    if (leafAlts.every((v) => this.onOtherEnvBase(v))) return;
    const inner = skipOuter(m);
    if (ts.isNewExpression(inner) && inner.arguments && inner.arguments.length === 2) {
      // `new URL(path, BASE)` with `path` a parameter: a wrapper joining the URL way.
      const pathAlts = this.ev.evaluate(inner.arguments[0]!);
      if (pathAlts.length === 1 && pathAlts[0]!.length === 1 && pathAlts[0]![0]!.kind === 'hole' && pathAlts[0]![0]!.param) {
        for (const b of this.ev.evaluate(inner.arguments[1]!)) {
          const w = this.asWrapper(m, [...b, pathAlts[0]![0]!], 'url', method);
          if (w) this.defineWrapper(w.fn, { ...w.tpl, prefix: b, suffix: [] });
        }
        return;
      }
    }

    if (!p) return;
    if (isCommonJsExportValue(m)) return; // a fact for the modules that require it (see exports)
    if (this.sentToOtherHost(m)) return;
    if (ts.isVariableDeclaration(p) && p.initializer === m && ts.isIdentifier(p.name)) {
      const isConst = ts.isVariableDeclarationList(p.parent) && (p.parent.flags & ts.NodeFlags.Const) !== 0;
      if (isConst || !this.isReassigned(p)) this.defineVar(p, m);
      else this.addLeaves(leafAlts, null, m, { self: true });
      return;
    }
    if (ts.isPropertyAssignment(p) && p.initializer === m) {
      const obj = p.parent;
      const name = entryKey(p.name) ?? '';
      const call = obj.parent;
      if (BASE_PROPS.has(name) && this.baseCarriedBy(obj, name, m)) return;
      if (this.givenToConstructor(obj, name, m, () => this.addLeaves(leafAlts, null, m))) return;
      if (name === 'url' && call && ts.isCallExpression(call)) {
        const o = objectMethod(obj);
        this.addLeaves(leafAlts, o === 'absent' ? 'GET' : o, m);
        return;
      }
      // An entry under a key computed at run time (`[KEY]: '…'`) is read by no name we know.
      const chain = entryKey(p.name) !== undefined ? this.objectChain(obj) : null;
      if (chain) {
        this.defineObjectProp(chain.decl, [...chain.path, name], m);
        return;
      }
      this.addLeaves(leafAlts, null, m);
      return;
    }
    if (ts.isParameter(p) && p.initializer === m && !ts.getModifiers(p)?.length && ts.isIdentifier(p.name)) {
      // A default: its uses are the parameter's uses in the function.
      const fn = p.parent;
      const decl: Decl = { kind: 'param', node: p, fn, index: fn.parameters.indexOf(p) };
      for (const r of this.references(p.name.text, decl)) this.place(r);
      return;
    }
    if (ts.isBindingElement(p) && p.initializer === m && ts.isIdentifier(p.name)) {
      // A destructured default (`{ baseUrl = BASE }`): its uses are the binding's uses.
      const decl = this.scopes.resolveName(p.name, p.name.text);
      if (decl) for (const r of this.references(p.name.text, decl)) this.place(r);
      return;
    }
    if ((ts.isPropertyDeclaration(p) && p.initializer === m) || (ts.isParameter(p) && p.initializer === m && ts.getModifiers(p)?.length)) {
      const cls = enclosingClass(p);
      if (cls && p.name && (ts.isIdentifier(p.name) || ts.isPrivateIdentifier(p.name))) this.defineMember(cls, p.name.text);
      return;
    }
    if (ts.isBinaryExpression(p) && p.right === m && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = p.left;
      if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const cls = enclosingClass(p);
        if (cls) this.defineMember(cls, left.name.text);
        return;
      }
      // `axios.defaults.baseURL = '…'`: the base of every call made on `axios` in this module.
      const holder = defaultsHolder(left);
      if (holder) {
        this.defineDefaultsBase(holder, m);
        return;
      }
    }
    if (ts.isExportAssignment(p)) return; // `export default '…'`: a fact, see exports
    if (ts.isCallExpression(p) && p.arguments.includes(m)) {
      const callee = skipOuter(p.expression);
      const root = ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : callee;
      if (ts.isIdentifier(root) && LOGGERS.has(root.text)) return;
    }
    // A path with no host is a Devin request's only where a request is made with it: compared
    // with the path a proxy receives, a route list, a redirect or a metric name, it is the app's.
    if (leafAlts.every((v) => renderText(v).startsWith('/')) && !isRequestPosition(m)) return;
    if (this.givenToConstructor(m, undefined, m, () => this.addLeaves(leafAlts, method, m))) return;
    this.addLeaves(leafAlts, method, m);
  }

  /**
   * `value` is given to a class's constructor, as the argument `arg` or its property `prop`
   * (`new DevinClient({ baseUrl: value })`): decided once the module's uses are all known
   * (replacesDefault), `otherwise` when the class has no default there it would replace.
   */
  private givenToConstructor(arg: ts.Expression, prop: string | undefined, value: ts.Expression, otherwise: () => void): boolean {
    const h = outermost(arg);
    const call = h.parent;
    if (!call || !ts.isNewExpression(call) || !call.arguments?.includes(h)) return false;
    this.givenToConstructors.push({ call, index: call.arguments.indexOf(h), prop, value, otherwise });
    return true;
  }

  /**
   * A value given to a constructor where the class builds its URLs on a default for it
   * (`this.baseUrl = options.baseUrl ?? '…/v1'`): the class's URLs on that value are uses of it,
   * so it moves with the default and the paths joined to it (to the same v3 base).
   */
  private replacesDefault(g: GivenToConstructor): boolean {
    const option = this.classOptionsOf(g.call.expression)?.find((o) => o.index === g.index && o.prop === g.prop);
    if (!option) return false;
    for (const alt of this.ev.evaluate(g.value)) {
      for (const p of alt) if (p.kind === 'lit') p.site.replacesFallback = true;
      for (const use of option.uses) this.addLeaves([[...alt, ...use.parts.slice(1)]], use.method, g.value, use.opaque ? { opaque: true } : {});
    }
    return true;
  }

  /** The constructor defaults a class (of this module, or imported) builds URLs on. */
  private classOptionsOf(callee: ts.Expression): ClassBaseOption[] | undefined {
    const c = skipOuter(callee);
    const d = ts.isIdentifier(c) ? this.scopes.resolveName(c, c.text) : undefined;
    if (d?.kind === 'class') return this.classOptions(d.node);
    const f = this.ev.foreignFactOf(c);
    return f?.kind === 'class' ? f.options : undefined;
  }

  /** The uses of a class whose first part is the default of one of its constructor's arguments (Site.override). */
  private classOptions(cls: ts.ClassLikeDeclaration): ClassBaseOption[] {
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    if (!ctor) return [];
    const key = this.ev.functionKey(ctor);
    const options = new Map<string, ClassBaseOption>();
    for (const leaf of this.leaves) {
      const first = leaf.parts[0];
      const o = first?.kind === 'lit' ? first.site.override : undefined;
      const at = this.leafExpr.get(leaf);
      // Made in the class: a module-level use of the same constant is not the class's.
      if (!o || o.fnKey !== key || leaf.self || !at || at.pos < cls.pos || at.end > cls.end) continue;
      const id = `${o.index}.${o.prop ?? ''}`;
      let option = options.get(id);
      if (!option) options.set(id, (option = { index: o.index, ...(o.prop !== undefined ? { prop: o.prop } : {}), uses: [] }));
      option.uses.push({ parts: leaf.parts, method: leaf.method, ...(leaf.opaque ? { opaque: true } : {}) });
    }
    return [...options.values()];
  }

  /**
   * A base option (`baseURL`, `prefixUrl`) with the value `m`, carried by the object `holder` to
   * where the object goes: a factory (`axios.create(holder)`), one request (`axios.get('/sessions',
   * holder)`), an instance's defaults (`Object.assign(api.defaults, holder)`), or another object it
   * is spread into (`axios.create({ ...holder, headers })`), which carries it on. False when it
   * goes nowhere of these.
   */
  private baseCarriedBy(holder: ts.Expression, name: string, m: ts.Expression): boolean {
    const h = outermost(holder);
    const p = h.parent;
    if (p && ts.isCallExpression(p)) {
      const i = p.arguments.indexOf(h);
      if (i === 0 && /^(create|extend)$/.test(calleeName(p))) {
        this.defineInstance(p, m);
        return true;
      }
      const target = i >= 1 && isObjectAssign(p) ? defaultsOf(p.arguments[0]!) : undefined;
      if (target) {
        this.defineDefaultsBase(target, m);
        return true;
      }
      // A base for one request: `ky.get('sessions', { prefixUrl })`, `axios.get('/sessions', { baseURL })`.
      if (i === 1 && !isObjectAssign(p)) {
        const callee = skipOuter(p.expression);
        this.instanceUse(ts.isPropertyAccessExpression(callee) ? callee.expression : callee, this.ev.evaluate(m));
        return true;
      }
      return false;
    }
    if (p && ts.isSpreadAssignment(p) && ts.isObjectLiteralExpression(p.parent) && !baseMaySetAfter(p.parent, p)) {
      const into = p.parent;
      if (this.baseCarriedBy(into, name, m)) return true;
      const chain = this.objectChain(into);
      if (!chain) return false;
      this.defineObjectProp(chain.decl, [...chain.path, name], m);
      return true;
    }
    return false;
  }

  /** `x.defaults.baseURL = m`, `Object.assign(x.defaults, { baseURL: m })`: the base of every call made on `x` in this module. */
  private defineDefaultsBase(holder: ts.Identifier, m: ts.Expression): void {
    const decl = this.scopes.resolveName(holder, holder.text);
    const refs = decl ? this.references(holder.text, decl) : (this.idsByName.get(holder.text) ?? []).filter((id) => isReferencePosition(id) && !this.scopes.resolveName(id, holder.text));
    const base = this.ev.evaluate(m);
    for (const r of refs) this.instanceUse(r, base);
  }

  private addLeaves(alts: Value[], method: string | null, at: ts.Node, flags: { self?: boolean; opaque?: boolean; via?: string } = {}): void {
    const anchor = statementOf(at).getStart(this.sf);
    for (const parts of alts) {
      const leaf: Leaf = { file: this.file, ordinal: this.leaves.length, parts, method, devinContext: this.devinContext };
      if (flags.opaque) leaf.opaque = true;
      if (flags.self) leaf.self = true;
      if (flags.via) leaf.via = flags.via;
      this.leaves.push(leaf);
      this.anchors.set(leaf, anchor);
      this.spans.set(leaf, [at.getStart(this.sf), at.end]);
      this.leafExpr.set(leaf, at);
    }
  }

  // ---- definitions and their uses ------------------------------------------------------------

  private references(name: string, decl: Decl): ts.Identifier[] {
    return (this.idsByName.get(name) ?? []).filter((id) => isReferencePosition(id) && sameDecl(this.scopes.resolveName(id, name), decl));
  }

  private defineVar(decl: ts.VariableDeclaration, init: ts.Expression): void {
    if (this.definedVars.has(decl)) return;
    this.definedVars.add(decl);
    const name = (decl.name as ts.Identifier).text;
    const refs = this.references(name, { kind: 'var', node: decl, isConst: (decl.parent.flags & ts.NodeFlags.Const) !== 0 });
    for (const r of refs) this.place(r);
    if (refs.length === 0) this.addLeaves(this.ev.evaluate(init), null, init, { self: true });
  }

  private defineMember(cls: ts.ClassLikeDeclaration, name: string): void {
    const key = `${cls.pos}:${name}`;
    if (this.definedMembers.has(key)) return;
    this.definedMembers.add(key);
    for (const pa of this.memberRefs(cls, name)) {
      const parent = pa.parent;
      if (ts.isBinaryExpression(parent) && parent.left === pa && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) continue;
      this.place(pa);
    }
  }

  private memberRefs(cls: ts.ClassLikeDeclaration, name: string): ts.PropertyAccessExpression[] {
    const out: ts.PropertyAccessExpression[] = [];
    const className = cls.name?.text;
    for (const id of name.startsWith('#') ? (this.privateNames.get(name) ?? []) : (this.idsByName.get(name) ?? [])) {
      const pa = id.parent;
      if (!pa || !ts.isPropertyAccessExpression(pa) || pa.name !== id) continue;
      if (pa.expression.kind === ts.SyntaxKind.ThisKeyword && enclosingClass(pa) === cls) out.push(pa);
      // `DevinApi.BASE` for a static member.
      const target = skipOuter(pa.expression);
      if (className && ts.isIdentifier(target) && target.text === className) {
        const d = this.scopes.resolveName(target, className);
        if (d?.kind === 'class' && d.node === cls) out.push(pa);
      }
    }
    return out;
  }

  /**
   * `const config = { api: { base: … } }`: the declaration and the property path to `obj`. With
   * `throughIife`, also an object an immediately called function returns (`const client = (() =>
   * { …; return { get(p) { … } }; })()`), the result of the call being that object.
   */
  private objectChain(obj: ts.ObjectLiteralExpression, throughIife = false): { decl: ts.VariableDeclaration; path: string[] } | null {
    const path: string[] = [];
    let n: ts.Node = obj;
    for (;;) {
      let p = n.parent;
      while (p && (ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isParenthesizedExpression(p))) {
        n = p;
        p = p.parent;
      }
      if (!p) return null;
      const iife = throughIife ? iifeReturning(n) : undefined;
      if (iife) {
        n = iife;
        continue;
      }
      if (ts.isVariableDeclaration(p) && p.initializer === n && ts.isIdentifier(p.name)) return { decl: p, path: path.reverse() };
      const key = ts.isPropertyAssignment(p) && p.initializer === n ? entryKey(p.name) : undefined;
      if (key !== undefined) {
        path.push(key);
        n = p.parent;
        continue;
      }
      return null;
    }
  }

  private defineObjectProp(decl: ts.VariableDeclaration, path: string[], init: ts.Expression): void {
    const key = `${decl.pos}:${path.join('.')}`;
    if (this.definedMembers.has(key)) return;
    this.definedMembers.add(key);
    const name = (decl.name as ts.Identifier).text;
    let found = 0;
    const last = path[path.length - 1]!;
    for (const id of this.references(name, { kind: 'var', node: decl, isConst: true })) {
      // The object holding the property, as this reference reads it (`config.api`).
      const holder = path.length === 1 ? id : propertyChainEnd(id, path.slice(0, -1));
      const pa = holder?.parent;
      if (!holder || !pa) continue;
      if ((ts.isPropertyAccessExpression(pa) && pa.expression === holder && pa.name.text === last) || (ts.isElementAccessExpression(pa) && pa.expression === holder && this.picks(pa, last))) {
        found++;
        this.place(pa);
      } else if (BASE_PROPS.has(last) && this.baseCarriedBy(holder, last, init)) {
        // The whole object given as a client's options: `axios.create(config)`, `{ ...config }`.
        found++;
      } else if (this.givenToConstructor(holder, last, init, () => BASE_PROPS.has(last) && this.addLeaves(this.ev.evaluate(init), null, holder, { opaque: true }))) {
        // `new DevinClient(options)`: read as the class's option (replacesDefault).
      } else if (BASE_PROPS.has(last) && isHandedOn(holder)) {
        // Given whole to code that cannot be followed (`new Client(config)`, `{ ...config, ...more }`):
        // the base must keep its text there.
        found++;
        this.addLeaves(this.ev.evaluate(init), null, holder, { opaque: true });
      }
    }
    if (found === 0 && !this.isExportedName(name)) this.addLeaves(this.ev.evaluate(init), null, init, { self: true });
  }

  /** `BASES['devin']`, or `BASES[service]` picking between Devin's base and another host's (evaluate.ts). */
  private picks(access: ts.ElementAccessExpression, key: string): boolean {
    const k = skipOuter(access.argumentExpression);
    if (ts.isStringLiteral(k) || ts.isNoSubstitutionTemplateLiteral(k)) return k.text === key;
    const v = this.ev.evaluate(access);
    return v.length === 1 && v[0]!.length === 1 && v[0]![0]!.kind === 'hole' && v[0]![0]!.choice !== undefined;
  }

  private isExportedName(name: string): boolean {
    for (const e of this.moduleScope().exports.values()) if (e.local === name) return true;
    return false;
  }

  moduleScope(): ModuleScope {
    return (this.moduleScopeCache ??= moduleScope(this.sf));
  }

  /** `axios.create({ baseURL })` (or `ky.create({ prefixUrl })`): an instance joined with relative paths. */
  private defineInstance(createCall: ts.CallExpression, baseExpr: ts.Expression): void {
    const base = this.ev.evaluate(baseExpr);
    let target: ts.Node = createCall;
    while (target.parent && (ts.isParenthesizedExpression(target.parent) || ts.isAsExpression(target.parent) || ts.isAwaitExpression(target.parent))) target = target.parent;
    const p = target.parent;
    if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) {
      this.instances.set(p, base);
      for (const r of this.references(p.name.text, { kind: 'var', node: p, isConst: (p.parent.flags & ts.NodeFlags.Const) !== 0 })) this.instanceUse(r, base);
      return;
    }
    const cls = p && enclosingClass(p);
    const memberName =
      p && ts.isPropertyDeclaration(p) && ts.isIdentifier(p.name)
        ? p.name.text
        : p && ts.isBinaryExpression(p) && ts.isPropertyAccessExpression(p.left) && p.left.expression.kind === ts.SyntaxKind.ThisKeyword
          ? p.left.name.text
          : undefined;
    if (cls && memberName) {
      for (const pa of this.memberRefs(cls, memberName)) if (pa !== (p as ts.BinaryExpression).left) this.instanceUse(pa, base);
      return;
    }
    if (p && ts.isExportAssignment(p)) {
      this.instances.set(p, base);
      return;
    }
    // Created and handed to code we cannot follow: its base must not move under it.
    this.addLeaves(base, null, createCall, { opaque: true });
  }

  instanceUse(ref: ts.Expression, base: Value[]): void {
    const p = ref.parent;
    let call: ts.CallExpression | undefined;
    let pathExpr: ts.Expression | undefined;
    let method: string | null = null;
    if (p && ts.isPropertyAccessExpression(p) && p.expression === ref) {
      if (!p.parent || !ts.isCallExpression(p.parent) || p.parent.expression !== p) return; // api.defaults, api.interceptors
      call = p.parent;
      const name = p.name.text;
      if (HTTP_METHODS.has(name.toLowerCase())) {
        pathExpr = call.arguments[0];
        method = upper(name);
      } else if (name === 'request' && call.arguments[0]) {
        const obj = skipOuter(call.arguments[0]);
        if (ts.isObjectLiteralExpression(obj)) {
          pathExpr = propertyInitializer(obj, 'url');
          const o = objectMethod(obj);
          method = o === 'absent' ? 'GET' : o;
        }
      } else return;
    } else if (p && ts.isCallExpression(p) && p.expression === ref) {
      call = p;
      const a0 = call.arguments[0] && skipOuter(call.arguments[0]);
      if (a0 && ts.isObjectLiteralExpression(a0)) {
        pathExpr = propertyInitializer(a0, 'url');
        const o = objectMethod(a0);
        method = o === 'absent' ? 'GET' : o;
      } else {
        pathExpr = call.arguments[0];
        const o = objectMethod(call.arguments[1]);
        method = o === 'absent' ? 'GET' : o;
      }
    } else if (p && (ts.isExportSpecifier(p) || ts.isExportAssignment(p) || ts.isVariableDeclaration(p))) {
      return;
    } else {
      this.addLeaves(base, null, ref, { opaque: true });
      return;
    }
    if (!call || !pathExpr) return;
    this.consume(pathExpr);
    const paths = this.ev.evaluate(pathExpr);
    for (const b of base) {
      for (const pv of paths) {
        const w = pv.length === 1 && pv[0]!.kind === 'hole' && pv[0]!.param ? this.asWrapper(call, [...b, pv[0]!], 'axios', method) : null;
        if (w) {
          this.defineWrapper(w.fn, { ...w.tpl, prefix: b, suffix: [] });
          continue;
        }
        const j = join('axios', b, pv);
        if (j) this.addLeaves([j], method, call);
        else this.addLeaves([b], null, call, { opaque: true });
      }
    }
  }

  private defineWrapper(fn: ts.Node, tpl: WrapperTemplate): void {
    // A method of an object made where its uses cannot be followed (`function makeClient() {
    // return { get: (p) => fetch(BASE + p) } }`): the paths joined to the base are not seen, so
    // it keeps its text, with a marker, and the calls taken for Devin's in the module are left.
    if (this.unseenObjectMember(fn)) this.addLeaves([tpl.prefix], null, fn, { opaque: true });
    const list = this.wrappers.get(fn);
    if (list) {
      list.push(tpl);
      for (const c of this.wrapperCalls.get(fn) ?? []) this.wrapperCall(c, tpl);
      return;
    }
    this.wrappers.set(fn, [tpl]);
    const calls = this.callsOf(fn);
    this.wrapperCalls.set(fn, calls);
    for (const c of calls) this.wrapperCall(c, tpl);
  }

  private callsOf(fn: ts.Node): ts.CallExpression[] {
    const out: ts.CallExpression[] = [];
    const asCallee = (ref: ts.Expression): void => {
      const p = ref.parent;
      if (p && ts.isCallExpression(p) && p.expression === ref) out.push(p);
      // `useSWR('/v1/sessions', fetcher)`: SWR calls the fetcher with the key.
      if (p && ts.isCallExpression(p) && p.arguments[1] === ref && SWR_HOOKS.has(calleeName(p))) out.push(p);
    };
    if (ts.isFunctionDeclaration(fn) && fn.name) {
      for (const r of this.references(fn.name.text, { kind: 'function', node: fn })) asCallee(r);
    } else if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
      const d = fn.parent;
      for (const r of this.references((d.name as ts.Identifier).text, { kind: 'var', node: d, isConst: (d.parent.flags & ts.NodeFlags.Const) !== 0 })) asCallee(r);
    } else if (objectMemberOf(fn)) {
      for (const pa of this.objectMemberRefs(objectMemberOf(fn)!)) asCallee(pa);
    } else {
      const member = ts.isMethodDeclaration(fn) ? fn : (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parent && ts.isPropertyDeclaration(fn.parent) ? fn.parent : undefined;
      const cls = member && enclosingClass(member);
      if (member && cls && member.name && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) {
        for (const pa of this.memberRefs(cls, member.name.text)) asCallee(pa);
      }
    }
    return out;
  }

  /** A function held by an object literal that is neither held by a variable (objectChain) nor exported. */
  private unseenObjectMember(fn: ts.Node): boolean {
    const member = objectMemberOf(fn);
    if (!member || this.objectChain(member.obj, true)) return false;
    let n: ts.Node = member.obj;
    while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) n = n.parent;
    const p = n.parent;
    const exported = ts.isExportAssignment(p) || (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && isModuleExports(p.left));
    return !exported;
  }

  /**
   * Where a function held by an object literal is read as a member: `client.get` for `const client
   * = { get: (p) => fetch(BASE + p) }` (also `{ get(p) { … } }`, nested objects, an object an IIFE
   * returns), and `this.get` in the object's own methods. Its calls are the wrapper's calls, as
   * for a function held by a constant.
   */
  private objectMemberRefs(member: ObjectMember): ts.PropertyAccessExpression[] {
    const out: ts.PropertyAccessExpression[] = [];
    const chain = this.objectChain(member.obj, true);
    if (chain) {
      const decl = chain.decl;
      const path = [...chain.path, member.name];
      for (const id of this.references((decl.name as ts.Identifier).text, { kind: 'var', node: decl, isConst: (decl.parent.flags & ts.NodeFlags.Const) !== 0 })) {
        const end = propertyChainEnd(id, path);
        if (end) out.push(end);
      }
    }
    for (const id of this.idsByName.get(member.name) ?? []) {
      const pa = id.parent;
      if (pa && ts.isPropertyAccessExpression(pa) && pa.name === id && pa.expression.kind === ts.SyntaxKind.ThisKeyword && thisObject(pa) === member.obj) out.push(pa);
    }
    return out;
  }

  wrapperCall(call: ts.CallExpression, tpl: WrapperTemplate): void {
    const arg = call.arguments[tpl.paramIndex];
    if (!arg) return;
    this.consume(arg);
    const name = calleeName(call);
    const method = methodFromArgs(call.arguments, tpl.paramIndex) ?? (HTTP_METHODS.has(name.toLowerCase()) ? upper(name) : null) ?? tpl.method;
    const picked = pickedBase(tpl.prefix, call);
    if (picked) {
      for (const prefix of picked) this.wrapperCall(call, { ...tpl, prefix });
      return;
    }
    for (const a of this.ev.evaluate(arg)) {
      const w = a.length === 1 && a[0]!.kind === 'hole' && a[0]!.param ? this.asWrapper(call, [...tpl.prefix, a[0]!, ...tpl.suffix], tpl.mode, method) : null;
      if (w) {
        this.defineWrapper(w.fn, { ...w.tpl, prefix: tpl.prefix, suffix: tpl.suffix });
        continue;
      }
      const j = join(tpl.mode, tpl.prefix, a);
      if (j) this.addLeaves([[...j, ...tpl.suffix]], method, call, { via: name });
    }
  }

  private consume(arg: ts.Expression): void {
    this.consumed.add(arg);
    this.placed.add(arg);
    let n: ts.Node = arg;
    while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n)) {
      n = n.expression;
      this.consumed.add(n);
    }
  }

  // ---- imports -------------------------------------------------------------------------------

  private followImports(): void {
    const scope = this.moduleScope();
    for (const [local, imp] of scope.imports) {
      const decl: Decl = { kind: 'import', localName: local, specifier: imp.specifier, imported: imp.imported };
      if (imp.imported === '*') {
        for (const r of this.references(local, decl)) {
          const pa = r.parent;
          if (pa && ts.isPropertyAccessExpression(pa) && pa.expression === r) {
            const f = this.resolveImport(imp.specifier, pa.name.text);
            if (f) this.useFact(pa, f);
          }
        }
        continue;
      }
      const f = this.resolveImport(imp.specifier, imp.imported);
      if (!f) continue;
      for (const r of this.references(local, decl)) this.useFact(r, f);
    }
  }

  private useFact(ref: ts.Expression, f: Fact): void {
    switch (f.kind) {
      case 'value':
        this.place(ref);
        return;
      case 'instance':
        this.instanceUse(ref, f.base);
        return;
      case 'wrapper': {
        const p = ref.parent;
        if (p && ts.isCallExpression(p) && p.expression === ref) for (const t of f.templates) this.wrapperCall(p, t);
        return;
      }
      case 'object': {
        const p = ref.parent;
        if (p && ts.isPropertyAccessExpression(p) && p.expression === ref) {
          const sub = f.props[p.name.text];
          if (sub) this.useFact(p, sub);
        }
        return;
      }
      case 'class':
        return; // what is given to `new` is read with the module's own uses (replacesDefault)
    }
  }

  // ---- exports -------------------------------------------------------------------------------

  exports(): Map<string, Fact> {
    const out = new Map<string, Fact>();
    const scope = this.moduleScope();
    for (const [name, entry] of scope.exports) {
      let f: Fact | undefined;
      if (entry.local !== undefined) f = this.factOfLocal(entry.local);
      else if (entry.expression) f = this.factOfExpression(entry.expression, entry.expression.parent);
      if (f) out.set(name, f);
    }
    return out;
  }

  private factOfLocal(name: string): Fact | undefined {
    const d = this.scopes.topLevelDecl(this.sf, name);
    if (!d) return undefined;
    if (d.kind === 'import') return this.resolveImport(d.specifier, d.imported);
    if (d.kind === 'function') return this.wrapperFact(d.node);
    if (d.kind === 'class') {
      const options = this.classOptions(d.node);
      return options.length > 0 ? { kind: 'class', options } : undefined;
    }
    if (d.kind === 'var' && d.node.initializer) return this.factOfExpression(d.node.initializer, d.node);
    return undefined;
  }

  private wrapperFact(fn: ts.Node): Fact | undefined {
    const t = this.wrappers.get(fn);
    return t ? { kind: 'wrapper', templates: t } : undefined;
  }

  private factOfExpression(expr: ts.Expression, holder: ts.Node): Fact | undefined {
    const e = skipOuter(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return this.wrapperFact(e);
    if (ts.isCallExpression(e)) {
      const base = this.instances.get(holder);
      return base ? { kind: 'instance', base } : undefined;
    }
    if (ts.isObjectLiteralExpression(e)) {
      const props: Record<string, Fact> = {};
      for (const p of e.properties) {
        // `{ get(p) { … } }` is a wrapper like `{ get: (p) => … }`; `['sessions']` is keyed like `sessions`.
        const key = ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) ? entryKey(p.name) : undefined;
        if (key === undefined) continue;
        const f = ts.isMethodDeclaration(p) ? this.wrapperFact(p) : this.factOfExpression((p as ts.PropertyAssignment).initializer, p);
        if (f) props[key] = f;
      }
      return Object.keys(props).length ? { kind: 'object', props } : undefined;
    }
    const alts = this.ev.evaluate(expr);
    return alts.some(isDevinValue) ? { kind: 'value', alts } : undefined;
  }
}

/** A value given to a constructor: the `index`th argument, or its property `prop`. */
interface GivenToConstructor {
  call: ts.NewExpression;
  index: number;
  prop: string | undefined;
  value: ts.Expression;
  /** What is done with the value when the class has no default there. */
  otherwise: () => void;
}

/** A function held by an object literal: `{ get: (p) => … }`, `{ get(p) { … } }`. */
interface ObjectMember {
  obj: ts.ObjectLiteralExpression;
  name: string;
}

function objectMemberOf(fn: ts.Node): ObjectMember | undefined {
  const holder = ts.isMethodDeclaration(fn) ? fn : (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parent && ts.isPropertyAssignment(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
  if (!holder || !ts.isObjectLiteralExpression(holder.parent) || !(ts.isIdentifier(holder.name) || ts.isStringLiteral(holder.name))) return undefined;
  return { obj: holder.parent, name: holder.name.text };
}

/** `id.a.b` for the path `a, b`: the last access, when the reference reads that path. */
function propertyChainEnd(id: ts.Expression, path: readonly string[]): ts.PropertyAccessExpression | undefined {
  let n: ts.Expression = id;
  for (const seg of path) {
    const pa = n.parent;
    if (!pa || !ts.isPropertyAccessExpression(pa) || pa.expression !== n || pa.name.text !== seg) return undefined;
    n = pa;
  }
  return n === id ? undefined : (n as ts.PropertyAccessExpression);
}

/** The object literal `this` is in a method of it (`{ get(p) { … }, session(id) { return this.get(…) } }`). */
function thisObject(node: ts.Node): ts.ObjectLiteralExpression | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isArrowFunction(n)) continue;
    if (ts.isMethodDeclaration(n) || ts.isFunctionExpression(n)) {
      const holder = ts.isFunctionExpression(n) && ts.isPropertyAssignment(n.parent) ? n.parent : n;
      return ts.isObjectLiteralExpression(holder.parent) ? holder.parent : undefined;
    }
    if (ts.isFunctionLike(n) || ts.isClassLike(n) || ts.isSourceFile(n)) return undefined;
  }
  return undefined;
}

/**
 * `e` is what an immediately called function returns (its only `return`, or an arrow's body):
 * the call, which evaluates to it.
 */
function iifeReturning(e: ts.Node): ts.CallExpression | undefined {
  let fn: ts.Node | undefined;
  if (ts.isArrowFunction(e.parent) && e.parent.body === e) fn = e.parent;
  else if (ts.isReturnStatement(e.parent) && e.parent.expression === e) {
    for (let n: ts.Node | undefined = e.parent.parent; n && !fn; n = n.parent) if (ts.isFunctionLike(n)) fn = n;
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || countReturns(fn) !== 1) return undefined;
  }
  if (!fn) return undefined;
  let callee: ts.Node = fn;
  while (ts.isParenthesizedExpression(callee.parent)) callee = callee.parent;
  const call = callee.parent;
  return call && ts.isCallExpression(call) && call.expression === callee ? call : undefined;
}

/** The `return` statements of a function's own body (not of functions inside it). */
function countReturns(fn: ts.Node): number {
  let count = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isReturnStatement(n)) count++;
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn, visit);
  return count;
}

/**
 * A wrapper's base picked out of a map by a parameter (`${BASES[service]}${path}`), for a call
 * that names its entry (`call('accounts', path)`): the base as that entry's values.
 */
function pickedBase(prefix: Value, call: ts.CallExpression): Value[] | undefined {
  const i = prefix.findIndex((p) => p.kind === 'hole' && p.choice?.key !== undefined);
  if (i < 0) return undefined;
  const choice = (prefix[i] as Extract<Part, { kind: 'hole' }>).choice!;
  const arg = call.arguments[choice.key!.index];
  const key = arg && skipOuter(arg);
  const entry = key && (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) ? choice.entries[key.text] : undefined;
  return entry?.map((v) => [...prefix.slice(0, i), ...v, ...prefix.slice(i + 1)]);
}

/** Names of functions a request is made with, a path given to them being the request's. */
const REQUEST_CALLEES = /^(?:get|post|put|patch|delete|del|head|options|request)$|fetch|request|api|devin|http|client|call|send/i;

/** Where a value with no host is a request's URL: a request function's argument, `new URL(…)`, and any position but a comparison, a `case`, a list, a JSX attribute or another function's argument. */
function isRequestPosition(m: ts.Expression): boolean {
  const p = m.parent;
  if (ts.isCallExpression(p)) {
    if (!p.arguments.includes(m)) return true;
    const callee = skipOuter(p.expression);
    // `fetch('/v1/sessions')` with no base: the page's own origin (and an error in Node), never Devin.
    if (ts.isIdentifier(callee) && callee.text === 'fetch') return false;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return REQUEST_CALLEES.test(name);
  }
  if (ts.isBinaryExpression(p)) return !isEqualityComparison(p);
  return !ts.isCaseClause(p) && !ts.isArrayLiteralExpression(p) && !ts.isJsxAttribute(p) && !ts.isJsxExpression(p);
}

/** A value a CommonJS module exports: `module.exports = { BASE }` / `{ BASE: … }`, `exports.BASE = …`. */
function isCommonJsExportValue(m: ts.Expression): boolean {
  let p = m.parent;
  let target: ts.Node = m;
  if (p && (ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && p.initializer === m)) && ts.isObjectLiteralExpression(p.parent)) {
    target = p.parent;
    p = p.parent.parent;
  }
  if (!p || !ts.isBinaryExpression(p) || p.right !== target || p.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isExpressionStatement(p.parent)) return false;
  const left = p.left;
  if (target !== m) return isModuleExports(left);
  return ts.isPropertyAccessExpression(left) && ((ts.isIdentifier(left.expression) && left.expression.text === 'exports') || isModuleExports(left.expression));
}

/** `x.defaults.baseURL` (axios, an axios instance): `x`. */
export function defaultsHolder(e: ts.Expression): ts.Identifier | undefined {
  if (!ts.isPropertyAccessExpression(e) || !BASE_PROPS.has(e.name.text)) return undefined;
  return defaultsOf(e.expression);
}

/** `x.defaults`: `x`. */
export function defaultsOf(e: ts.Expression): ts.Identifier | undefined {
  const defaults = skipOuter(e);
  if (!ts.isPropertyAccessExpression(defaults) || defaults.name.text !== 'defaults') return undefined;
  const holder = skipOuter(defaults.expression);
  return ts.isIdentifier(holder) ? holder : undefined;
}

/** `Object.assign(target, …sources)`. */
export function isObjectAssign(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'assign' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object';
}

/** An object given whole to other code: an argument, or spread into another object. */
function isHandedOn(e: ts.Expression): boolean {
  const h = outermost(e);
  const p = h.parent;
  if (!p) return false;
  if (ts.isSpreadAssignment(p)) return true;
  const args: readonly ts.Expression[] | undefined = ts.isCallExpression(p) || ts.isNewExpression(p) ? p.arguments : undefined;
  return args !== undefined && args.includes(h);
}

/**
 * Properties after `spread` in `obj` that may replace a base option it brings: one of them
 * written out, or another spread (whose keys are not known).
 */
function baseMaySetAfter(obj: ts.ObjectLiteralExpression, spread: ts.SpreadAssignment): boolean {
  const after = obj.properties.slice(obj.properties.indexOf(spread) + 1);
  return after.some((p) => ts.isSpreadAssignment(p) || (p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && BASE_PROPS.has(p.name.text)));
}

function addTo<T extends { text: string }>(byName: Map<string, T[]>, id: T): void {
  const list = byName.get(id.text);
  if (list) list.push(id);
  else byName.set(id.text, [id]);
}

/** Analyse a file. The result holds positions and strings only, never syntax nodes. */
export function analyzeFile(file: string, sf: ts.SourceFile, resolveImport: ImportResolver): FileAnalysis {
  const a = new Analyzer(file, sf, resolveImport);
  a.run();
  const exports = a.exports();
  return { leaves: a.leaves, anchors: a.anchors, spans: a.spans, exports, moduleScope: a.moduleScope(), siteKeys: a.ev.siteKeys(), orgDeclaration: orgDeclarationSpot(sf, a.scopes) };
}
