// Just enough name resolution for URL building, on raw compiler nodes: which declaration an
// identifier refers to (walking up blocks and parameter lists), and what a module imports and
// exports. No type checker: a file is parsed alone, other modules come from the project index.
import { unwrap as skipOuter } from '../bindings.js';
import { kindTable } from '../kind-table.js';
import { ts } from '../ts.cjs';

export type Decl =
  | { kind: 'var'; node: ts.VariableDeclaration; isConst: boolean }
  | { kind: 'param'; node: ts.ParameterDeclaration; fn: ts.SignatureDeclaration; index: number }
  | { kind: 'function'; node: ts.FunctionDeclaration }
  | { kind: 'class'; node: ts.ClassDeclaration }
  | { kind: 'import'; localName: string; specifier: string; imported: string }
  | { kind: 'other'; node: ts.Node };

export interface ExportEntry {
  /** Local binding name, or a re-export from another module. */
  local?: string;
  from?: string;
  name?: string;
  /** `export default <expression>`: the expression. */
  expression?: ts.Expression;
}

export interface ModuleScope {
  imports: Map<string, { specifier: string; imported: string }>;
  exports: Map<string, ExportEntry>;
  starExports: string[];
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  return mods?.some((m) => m.kind === kind) ?? false;
}

// Read once: each ts.SyntaxKind read goes through the compiler's export getter, and moduleScope asks of every statement.
const EXPORT_KEYWORD = ts.SyntaxKind.ExportKeyword;
const DEFAULT_KEYWORD = ts.SyntaxKind.DefaultKeyword;

export function isExported(node: ts.Node): boolean {
  return hasModifier(node, EXPORT_KEYWORD);
}

function addBindingNames(name: ts.BindingName, map: Map<string, Decl>, node: ts.Node): void {
  if (ts.isIdentifier(name)) {
    if (!map.has(name.text)) map.set(name.text, { kind: 'other', node });
    return;
  }
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBindingNames(el.name, map, node);
}

/**
 * CommonJS imports: `const cfg = require('./config')` (the module's exports, like `import * as`),
 * `const { BASE, API: api } = require('./config')`, `const BASE = require('./config').BASE`.
 */
export function requireImports(d: ts.VariableDeclaration): { localName: string; specifier: string; imported: string }[] {
  let init = d.initializer && skipOuter(d.initializer);
  let member: string | undefined;
  if (init && ts.isPropertyAccessExpression(init)) {
    member = init.name.text;
    init = skipOuter(init.expression);
  }
  if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require' || init.arguments.length !== 1) return [];
  const arg = init.arguments[0]!;
  if (!ts.isStringLiteral(arg) && !ts.isNoSubstitutionTemplateLiteral(arg)) return [];
  const specifier = arg.text;
  if (ts.isIdentifier(d.name)) return [{ localName: d.name.text, specifier, imported: member ?? '*' }];
  if (member || !ts.isObjectBindingPattern(d.name)) return [];
  const out: { localName: string; specifier: string; imported: string }[] = [];
  for (const el of d.name.elements) {
    if (el.dotDotDotToken || !ts.isIdentifier(el.name)) continue;
    const imported = el.propertyName ? (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName) ? el.propertyName.text : undefined) : el.name.text;
    if (imported !== undefined) out.push({ localName: el.name.text, specifier, imported });
  }
  return out;
}

function declareStatements(statements: readonly ts.Statement[], map: Map<string, Decl>): void {
  for (const st of statements) {
    if (ts.isVariableStatement(st)) {
      const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const d of st.declarationList.declarations) {
        const required = requireImports(d);
        if (required.length > 0) for (const r of required) map.set(r.localName, { kind: 'import', ...r });
        else if (ts.isIdentifier(d.name)) map.set(d.name.text, { kind: 'var', node: d, isConst });
        else addBindingNames(d.name, map, d);
      }
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      map.set(st.name.text, { kind: 'function', node: st });
    } else if (ts.isClassDeclaration(st) && st.name) {
      map.set(st.name.text, { kind: 'class', node: st });
    } else if (ts.isImportDeclaration(st) && st.importClause && ts.isStringLiteral(st.moduleSpecifier)) {
      const specifier = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (clause.name) map.set(clause.name.text, { kind: 'import', localName: clause.name.text, specifier, imported: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) map.set(nb.name.text, { kind: 'import', localName: nb.name.text, specifier, imported: '*' });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) {
          map.set(el.name.text, { kind: 'import', localName: el.name.text, specifier, imported: (el.propertyName ?? el.name).text });
        }
      }
    } else if (ts.isEnumDeclaration(st) || ts.isModuleDeclaration(st)) {
      if (ts.isIdentifier(st.name)) map.set(st.name.text, { kind: 'other', node: st });
    }
  }
}

const NO_DECLS: ReadonlyMap<string, Decl> = new Map();

/** Nodes that can declare names; every other ancestor is skipped without a cache entry. */
function declaresNamesOfKind(n: ts.Node): boolean {
  return (
    ts.isSourceFile(n) ||
    ts.isBlock(n) ||
    ts.isModuleBlock(n) ||
    ts.isCaseClause(n) ||
    ts.isDefaultClause(n) ||
    ts.isFunctionLike(n) ||
    ts.isForStatement(n) ||
    ts.isForOfStatement(n) ||
    ts.isForInStatement(n) ||
    ts.isCatchClause(n) ||
    ts.isClassExpression(n)
  );
}

/** declaresNamesOfKind by kind: resolving a name asks it of every ancestor. */
const DECLARES_NAMES = kindTable(declaresNamesOfKind);

function declaresNames(n: ts.Node): boolean {
  return DECLARES_NAMES[n.kind] === true;
}

function declarationsOf(container: ts.Node): Map<string, Decl> {
  const map = new Map<string, Decl>();
  if (ts.isSourceFile(container) || ts.isBlock(container) || ts.isModuleBlock(container)) {
    declareStatements(container.statements, map);
  } else if (ts.isCaseClause(container) || ts.isDefaultClause(container)) {
    declareStatements(container.statements, map);
  } else if (ts.isFunctionLike(container)) {
    container.parameters.forEach((p, index) => {
      if (ts.isIdentifier(p.name)) map.set(p.name.text, { kind: 'param', node: p, fn: container, index });
      else addBindingNames(p.name, map, p);
    });
    if ((ts.isFunctionExpression(container) || ts.isFunctionDeclaration(container)) && container.name) {
      if (!map.has(container.name.text)) map.set(container.name.text, { kind: 'other', node: container });
    }
  } else if (ts.isForStatement(container) || ts.isForOfStatement(container) || ts.isForInStatement(container)) {
    const init = container.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) addBindingNames(d.name, map, d);
  } else if (ts.isCatchClause(container) && container.variableDeclaration) {
    addBindingNames(container.variableDeclaration.name, map, container.variableDeclaration);
  } else if (ts.isClassExpression(container) && container.name) {
    map.set(container.name.text, { kind: 'other', node: container });
  }
  return map;
}

/**
 * Name resolution over one file, with the declarations of each scope computed once. One per
 * analysis, never shared across files: a global cache keyed by syntax nodes kept every file's
 * tree alive through young-generation collections (the dense bench promoted 144 MB to the old
 * generation instead of 5 MB).
 */
export class Scopes {
  private readonly cache = new Map<ts.Node, ReadonlyMap<string, Decl>>();
  /**
   * resolveName's answer per identifier (this file's nodes; every caller asks for the identifier's
   * own name): the analysis asks again for the same references, each asking walks every ancestor.
   */
  private readonly resolved = new Map<ts.Node, Decl | undefined>();
  /**
   * The owner path of the nodes inside each declaration that names them (this file's nodes): every
   * literal piece's site key holds its owner path, and pieces of one function share its ancestors.
   */
  private readonly owners = new Map<ts.Node, string>();

  private declarations(container: ts.Node): ReadonlyMap<string, Decl> {
    // Most ancestors of an identifier are expressions: a map per node was most of this walk's cost.
    if (!declaresNames(container)) return NO_DECLS;
    let map = this.cache.get(container);
    if (!map) this.cache.set(container, (map = declarationsOf(container)));
    return map;
  }

  /** Names of the enclosing declarations, outermost first: `DevinClient.request`. */
  ownerPath(node: ts.Node): string {
    return this.ownerPathOrNone(node) ?? '';
  }

  /** The owner path of the nodes inside `decl`, which names them `own`. */
  private pathTo(decl: ts.Node, own: string): string {
    let path = this.owners.get(decl);
    if (path === undefined) {
      const outer = this.ownerPathOrNone(decl);
      path = outer === undefined ? own : `${outer}.${own}`;
      this.owners.set(decl, path);
    }
    return path;
  }

  /** ownerPath, undefined where no ancestor names the node (an empty name is still a name). */
  private ownerPathOrNone(node: ts.Node): string | undefined {
    for (let n = node.parent; n; n = n.parent) {
      const own = ownerName(n);
      if (own !== undefined) return this.pathTo(n, own);
    }
    return undefined;
  }

  /** A module-level declaration by name. */
  topLevelDecl(sf: ts.SourceFile, name: string): Decl | undefined {
    return this.declarations(sf).get(name);
  }

  /** The declaration an identifier (in an expression position) refers to, if it is in this file. */
  resolveName(from: ts.Node, name: string): Decl | undefined {
    if ((from as ts.Identifier).text !== name) return this.resolveNameUncached(from, name);
    if (this.resolved.has(from)) return this.resolved.get(from);
    const d = this.resolveNameUncached(from, name);
    this.resolved.set(from, d);
    return d;
  }

  private resolveNameUncached(from: ts.Node, name: string): Decl | undefined {
    let n: ts.Node | undefined = from.parent;
    let child: ts.Node = from;
    while (n) {
      // A parameter default or body sees the parameters; the function name is not in its own params.
      const d = this.declarations(n).get(name);
      if (d && !(d.kind === 'var' && d.node === child)) return d;
      child = n;
      n = n.parent;
    }
    return undefined;
  }
}

/** `module.exports` itself. */
export function isModuleExports(e: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports';
}

/** `module.exports = { A, B: b }`, `module.exports.A = a`, `exports.A = a`: the names a CommonJS module exports. */
function commonJsExports(st: ts.Statement, exports: Map<string, ExportEntry>): void {
  if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const { left, right } = st.expression;
  const entry = (value: ts.Expression): ExportEntry => {
    const v = skipOuter(value);
    return ts.isIdentifier(v) ? { local: v.text } : { expression: value };
  };
  if (isModuleExports(left)) {
    const obj = skipOuter(right);
    if (!ts.isObjectLiteralExpression(obj)) return;
    for (const p of obj.properties) {
      if (ts.isShorthandPropertyAssignment(p)) exports.set(p.name.text, { local: p.name.text });
      else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) exports.set(p.name.text, entry(p.initializer));
    }
    return;
  }
  if (ts.isPropertyAccessExpression(left) && ((ts.isIdentifier(left.expression) && left.expression.text === 'exports') || isModuleExports(left.expression))) {
    exports.set(left.name.text, entry(right));
  }
}

export function moduleScope(sf: ts.SourceFile): ModuleScope {
  const imports = new Map<string, { specifier: string; imported: string }>();
  const exports = new Map<string, ExportEntry>();
  const starExports: string[] = [];
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) for (const r of requireImports(d)) imports.set(r.localName, { specifier: r.specifier, imported: r.imported });
    commonJsExports(st, exports);
    if (ts.isImportDeclaration(st) && st.importClause && ts.isStringLiteral(st.moduleSpecifier)) {
      const specifier = st.moduleSpecifier.text;
      const c = st.importClause;
      if (c.name) imports.set(c.name.text, { specifier, imported: 'default' });
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) imports.set(nb.name.text, { specifier, imported: '*' });
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) imports.set(el.name.text, { specifier, imported: (el.propertyName ?? el.name).text });
    } else if (ts.isExportDeclaration(st)) {
      const from = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (!st.exportClause) {
        if (from) starExports.push(from);
      } else if (ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          const exported = el.name.text;
          const local = (el.propertyName ?? el.name).text;
          exports.set(exported, from ? { from, name: local } : { local });
        }
      } else if (ts.isNamespaceExport(st.exportClause) && from) {
        exports.set(st.exportClause.name.text, { from, name: '*' });
      }
    } else if (ts.isExportAssignment(st) && !st.isExportEquals) {
      exports.set('default', ts.isIdentifier(st.expression) ? { local: st.expression.text } : { expression: st.expression });
    } else if (isExported(st)) {
      const isDefault = hasModifier(st, DEFAULT_KEYWORD);
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) exports.set(d.name.text, { local: d.name.text });
      } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) {
        exports.set(isDefault ? 'default' : st.name.text, { local: st.name.text });
      }
    }
  }
  return { imports, exports, starExports };
}

const OWNER_NAME = kindTable((n) => ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n));
const OWNER = kindTable(
  (n) =>
    ts.isVariableDeclaration(n) ||
    ts.isFunctionDeclaration(n) ||
    ts.isClassDeclaration(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isPropertyDeclaration(n) ||
    ts.isPropertyAssignment(n) ||
    ts.isGetAccessorDeclaration(n),
);

const CONSTRUCTOR = ts.SyntaxKind.Constructor;
const NAMES_OWNER = kindTable((n) => OWNER[n.kind] === true || n.kind === CONSTRUCTOR);

/** The name a declaration gives the nodes inside it in an owner path (ownerPath), if any. */
function ownerName(n: ts.Node): string | undefined {
  if (!NAMES_OWNER[n.kind]) return undefined; // most ancestors: expressions, blocks, statements
  const name = (n as { name?: ts.Node }).name;
  if (name && OWNER_NAME[name.kind] && OWNER[n.kind]) return (name as ts.Identifier).text;
  return n.kind === CONSTRUCTOR ? 'constructor' : undefined;
}

/** The nearest statement or class member around a node: where a marker goes. */
const STATEMENT_LIST = kindTable((n) => ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n));
const CLASS_LIKE = kindTable(ts.isClassLike);
const CLASS_ELEMENT = kindTable(ts.isClassElement);
const SOURCE_FILE = ts.SyntaxKind.SourceFile;

export function statementOf(node: ts.Node): ts.Node {
  let n: ts.Node = node;
  while (n.parent && n.parent.kind !== SOURCE_FILE) {
    if (STATEMENT_LIST[n.parent.kind]) return n;
    if (CLASS_LIKE[n.parent.kind] && CLASS_ELEMENT[n.kind]) return n;
    n = n.parent;
  }
  return n;
}

const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** `a === b`, `a !== b`, `a == b`, `a != b`. */
export function isEqualityComparison(n: ts.Node): n is ts.BinaryExpression {
  return ts.isBinaryExpression(n) && EQUALITY.has(n.operatorToken.kind);
}

// Strip parentheses and type assertions: bindings' `unwrap`, under the name the URL analysis reads it by.
export { skipOuter };
