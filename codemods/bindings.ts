// A small, type-checker-free name resolver over one parsed file: which declaration an
// identifier refers to, and every reference of a declaration. Lexical scopes only (blocks,
// functions, for/catch heads, the file); `var` is treated as block-scoped, which is enough
// for the shapes the codemods trace and errs towards "not found" (never towards a wrong hit).
import { kindTable } from './kind-table.js';
import { ts } from './ts.cjs';

export class Bindings {
  // Per scope of this tree, what it declares (a Map: it lives and dies with this one tree's Bindings).
  private readonly scopes = new Map<ts.Node, Map<string, ts.Identifier>>();
  // Each identifier's answer (null: none), for this one tree, which never changes: the steps that
  // read a call ask about the same callee and URL names over and over (about three times each).
  private readonly resolved = new Map<ts.Identifier, ts.Identifier | null>();

  constructor(readonly sourceFile: ts.SourceFile) {}

  /** The declaring identifier `id` refers to (itself when it is a declaration name), or undefined. */
  resolve(id: ts.Identifier): ts.Identifier | undefined {
    let hit = this.resolved.get(id);
    if (hit === undefined) this.resolved.set(id, (hit = this.resolveUncached(id) ?? null));
    return hit ?? undefined;
  }

  private resolveUncached(id: ts.Identifier): ts.Identifier | undefined {
    if (isDeclarationName(id)) return id;
    const name = id.text;
    for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
      if (!SCOPE_KINDS[n.kind]) continue;
      const hit = this.declared(n).get(name);
      if (hit) return hit;
    }
    return undefined;
  }

  private byName?: Map<string, ts.Identifier[]>;
  private readonly refCache = new Map<ts.Identifier, ts.Identifier[]>();
  private callIndex?: Map<string, ts.CallExpression[]>;
  private calls?: ts.CallExpression[];

  /** Every identifier in value position that resolves to `decl` (the declaration excluded). */
  references(decl: ts.Identifier): ts.Identifier[] {
    const hit = this.refCache.get(decl);
    if (hit) return hit;
    const scope = scopeOf(decl);
    const out = scope
      ? (this.identifiers().get(decl.text) ?? []).filter((n) => n !== decl && n.pos >= scope.pos && n.end <= scope.end && this.resolve(n) === decl)
      : [];
    this.refCache.set(decl, out);
    return out;
  }

  /** Calls whose callee is `name(...)` or `<anything>.name(...)`, in source order. */
  callsNamed(name: string): ts.CallExpression[] {
    if (!this.callIndex) this.indexFile();
    return this.callIndex!.get(name) ?? [];
  }

  /** Every call of the file, in source order (the order a walk of the tree meets them). */
  allCalls(): readonly ts.CallExpression[] {
    if (!this.calls) this.indexFile();
    return this.calls!;
  }

  /** Value-position identifiers of the file by name (built once). */
  private identifiers(): Map<string, ts.Identifier[]> {
    if (!this.byName) this.indexFile();
    return this.byName!;
  }

  /**
   * The indexes in one walk of the file: the call scan reads every call, and nearly every file's
   * transforms then ask for references and calls by name.
   */
  private indexFile(): void {
    const byName = new Map<string, ts.Identifier[]>();
    const named = new Map<string, ts.CallExpression[]>();
    const calls: ts.CallExpression[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) {
        if (isValueReference(n)) addTo(byName, n.text, n);
        return;
      }
      if (ts.isCallExpression(n)) {
        calls.push(n);
        const c = unwrap(n.expression);
        const key = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : undefined;
        if (key !== undefined) addTo(named, key, n);
      }
      n.forEachChild(visit);
    };
    visit(this.sourceFile);
    this.byName = byName;
    this.callIndex = named;
    this.calls = calls;
  }

  /** True when something other than its declaration assigns to the variable. */
  isReassigned(decl: ts.Identifier): boolean {
    return this.references(decl).some((r) => isWriteTarget(r));
  }

  private declared(scope: ts.Node): Map<string, ts.Identifier> {
    let m = this.scopes.get(scope);
    if (m) return m;
    m = new Map();
    collectDeclarations(scope, m);
    this.scopes.set(scope, m);
    return m;
  }
}

function addTo<T>(index: Map<string, T[]>, key: string, item: T): void {
  const list = index.get(key);
  if (list) list.push(item);
  else index.set(key, [item]);
}

function isScope(n: ts.Node): boolean {
  return (
    ts.isSourceFile(n) ||
    ts.isBlock(n) ||
    ts.isModuleBlock(n) ||
    ts.isCaseBlock(n) ||
    ts.isFunctionLike(n) ||
    ts.isForStatement(n) ||
    ts.isForOfStatement(n) ||
    ts.isForInStatement(n) ||
    ts.isCatchClause(n) ||
    ts.isClassLike(n)
  );
}

/**
 * A test that reads nothing but the node's kind, as a table by kind: one lookup in place of a
 * chain of ts.isX calls, for the tests made on every identifier of a file and every ancestor.
 */
const SCOPE_KINDS = kindTable(isScope);

function addBindingNames(name: ts.BindingName, into: Map<string, ts.Identifier>): void {
  if (ts.isIdentifier(name)) {
    if (!into.has(name.text)) into.set(name.text, name);
    return;
  }
  for (const el of name.elements) {
    if (ts.isBindingElement(el)) addBindingNames(el.name, into);
  }
}

function addStatement(s: ts.Statement, into: Map<string, ts.Identifier>): void {
  if (ts.isVariableStatement(s)) {
    for (const d of s.declarationList.declarations) addBindingNames(d.name, into);
  } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
    if (!into.has(s.name.text)) into.set(s.name.text, s.name);
  } else if (ts.isImportDeclaration(s) && s.importClause) {
    const c = s.importClause;
    if (c.name) into.set(c.name.text, c.name);
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) into.set(nb.name.text, nb.name);
    if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) into.set(el.name.text, el.name);
  } else if (ts.isExportDeclaration(s) || ts.isLabeledStatement(s)) {
    // nothing declared in value space that we trace
  }
}

function collectDeclarations(scope: ts.Node, into: Map<string, ts.Identifier>): void {
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    for (const s of scope.statements) addStatement(s, into);
  } else if (ts.isCaseBlock(scope)) {
    for (const c of scope.clauses) for (const s of c.statements) addStatement(s, into);
  } else if (ts.isFunctionLike(scope)) {
    for (const p of scope.parameters) addBindingNames(p.name, into);
    if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name) into.set(scope.name.text, scope.name);
  } else if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
    const init = scope.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) addBindingNames(d.name, into);
  } else if (ts.isCatchClause(scope)) {
    if (scope.variableDeclaration) addBindingNames(scope.variableDeclaration.name, into);
  }
}

/** Declarations whose `name` is the declared name (variable, parameter, binding element, function, class, enum, import). */
const DECLARATION_KINDS = kindTable(
  (p) =>
    ts.isVariableDeclaration(p) ||
    ts.isParameter(p) ||
    ts.isBindingElement(p) ||
    ts.isFunctionDeclaration(p) ||
    ts.isClassDeclaration(p) ||
    ts.isFunctionExpression(p) ||
    ts.isEnumDeclaration(p) ||
    ts.isImportSpecifier(p) ||
    ts.isImportClause(p) ||
    ts.isNamespaceImport(p),
);

/** The identifier names a declaration (variable, parameter, binding element, function, class, import). */
export function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  return p !== undefined && DECLARATION_KINDS[p.kind] === true && (p as ts.NamedDeclaration).name === id;
}

/** The scope node whose declarations include `decl`. */
export function scopeOf(decl: ts.Identifier): ts.Node | undefined {
  let n: ts.Node | undefined = decl.parent;
  // Climb out of the declaration itself (binding patterns, the declaration list).
  while (n && (ts.isBindingElement(n) || ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n) || ts.isVariableDeclaration(n) || ts.isVariableDeclarationList(n))) {
    n = n.parent;
  }
  if (!n) return undefined;
  if (ts.isVariableStatement(n) || ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isEnumDeclaration(n)) {
    if (ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isEnumDeclaration(n)) {
      if (n.name === decl) return n.parent;
    }
    return n.parent;
  }
  if (ts.isParameter(n)) return n.parent;
  if (ts.isImportSpecifier(n) || ts.isNamedImports(n) || ts.isImportClause(n) || ts.isNamespaceImport(n)) return decl.getSourceFile();
  if (ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isCatchClause(n)) return n;
  if (ts.isFunctionExpression(n)) return n;
  return n;
}

/** Nodes whose `name` is a property's or member's name, no value. */
const MEMBER_NAME_KINDS = kindTable(
  (p) =>
    ts.isPropertyAccessExpression(p) ||
    ts.isPropertyAssignment(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isPropertySignature(p) ||
    ts.isMethodSignature(p) ||
    ts.isGetAccessor(p) ||
    ts.isSetAccessor(p) ||
    ts.isEnumMember(p),
);

/** Nodes none of whose identifiers is a value (type names, labels). */
const NO_VALUE_KINDS = kindTable((p) => ts.isQualifiedName(p) || ts.isTypeReferenceNode(p) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p));

/** An identifier in value position (not a property name, not a declaration name). */
export function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (NO_VALUE_KINDS[p.kind]) return false;
  if (MEMBER_NAME_KINDS[p.kind] && (p as ts.NamedDeclaration).name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  return !isDeclarationName(id);
}

/** The identifier is assigned to (`x = …`, `x += …`, `x++`, a destructuring target). */
export function isWriteTarget(id: ts.Identifier): boolean {
  let n: ts.Node = id;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isBinaryExpression(p) && p.left === n) {
    const k = p.operatorToken.kind;
    return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
  }
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) {
    return true;
  }
  return false;
}

/** The variable declaration an identifier resolves to, when it is a plain `const x = …`-style one. */
export function variableDeclarationOf(bindings: Bindings, id: ts.Identifier): ts.VariableDeclaration | undefined {
  const decl = bindings.resolve(id);
  const d = decl?.parent;
  if (d && ts.isVariableDeclaration(d) && d.name === decl) return d;
  return undefined;
}

const WRAPPER_KINDS = kindTable((e) => ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e));

/** Strip parentheses, `as`, `satisfies`, non-null `!`, `<T>x` and `await`-free wrappers. */
export function unwrap(e: ts.Expression): ts.Expression {
  while (WRAPPER_KINDS[e.kind]) e = (e as ts.ParenthesizedExpression).expression;
  return e;
}

/** The node with the parentheses and type assertions around it (what its parent sees): `unwrap` upwards. */
export function outermost(e: ts.Expression): ts.Expression;
export function outermost(e: ts.Node): ts.Node;
export function outermost(e: ts.Node): ts.Node {
  let h = e;
  while (h.parent && (ts.isParenthesizedExpression(h.parent) || ts.isAsExpression(h.parent) || ts.isSatisfiesExpression(h.parent) || ts.isNonNullExpression(h.parent))) h = h.parent;
  return h;
}

/** The value an identifier holds when it is a constant (or never reassigned) initialised variable. */
export function initializerOf(bindings: Bindings, id: ts.Identifier): ts.Expression | undefined {
  const d = variableDeclarationOf(bindings, id);
  if (!d?.initializer) return undefined;
  const list = d.parent;
  const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
  if (!isConst && bindings.isReassigned(d.name as ts.Identifier)) return undefined;
  return d.initializer;
}

/** The class a node is in, `this` there being its instance (not across a `function`, which has its own `this`). */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

/** The function of this module a call calls: `name(…)` (a function or a constant arrow) or `this.name(…)` (a method). */
export function localFunctionOf(callee: ts.Expression, bindings: Bindings): ts.SignatureDeclaration | undefined {
  const c = unwrap(callee);
  if (ts.isIdentifier(c)) {
    const decl = bindings.resolve(c);
    const p = decl?.parent;
    if (p && ts.isFunctionDeclaration(p) && p.name === decl) return p;
    const init = initializerOf(bindings, c);
    const f = init && unwrap(init);
    return f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) ? f : undefined;
  }
  if (ts.isPropertyAccessExpression(c) && c.expression.kind === ts.SyntaxKind.ThisKeyword) {
    for (const m of enclosingClass(c)?.members ?? []) {
      if (!m.name || !ts.isIdentifier(m.name) || m.name.text !== c.name.text) continue;
      if (ts.isMethodDeclaration(m)) return m;
      const f = ts.isPropertyDeclaration(m) && m.initializer && unwrap(m.initializer);
      return f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) ? f : undefined;
    }
  }
  return undefined;
}
