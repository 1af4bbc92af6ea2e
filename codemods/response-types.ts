// The types a traced response (or request body) is declared with: `(await res.json()) as
// V1Session`, `const s: V1Session = …`, `(s: V1Session) => …`, `{ sessions: V1Session[] }`, the
// declared return type of a function that returns it (`Promise<V1Session>`). The fields
// transform marks their members that change on v3, so typed code gets told where to update its
// types instead of failing to compile at a renamed read without a hint. Types are not renamed:
// they may describe other values too. A type imported from another module of the run is marked
// there: the transform asks for it (`ForeignTypeMarker`) and the pipeline puts the markers in
// that module once every module has run (`markForeignTypeMembers`).
import { ts } from './ts.cjs';
import { Bindings, unwrap } from './bindings.js';
import { EditSet } from './edit-set.js';
import { returnedFrom } from './response-flow.js';
import { propertyNameText } from './url-shapes.js';
import type { ForeignTypeMarker, TransformOutput } from './types.js';

export type Member = ts.PropertySignature | ts.PropertyDeclaration;

/** A type named on a value that this module imports: its members are declared elsewhere. */
export interface ImportedType {
  /** The name the other module exports it under. */
  imported: string;
  specifier: string;
  /** Where this module names it (a marker goes there when the other module is not in the run). */
  at: ts.TypeReferenceNode;
}

/** Members named `name` of the types the values are declared or asserted with (one level of nesting), and the imported types among them. */
export function typeMembers(values: readonly ts.Expression[], bindings: Bindings, name: string): { members: Member[]; imported: ImportedType[] } {
  const sf = bindings.sourceFile;
  const refs = new Map<string, ts.TypeReferenceNode>();
  for (const v of values) for (const t of declaredTypes(v, bindings)) for (const [n, at] of namedTypes(sf, t)) if (!refs.has(n)) refs.set(n, at);
  const members: Member[] = [];
  const imported: ImportedType[] = [];
  for (const [n, at] of refs) {
    const decl = localType(sf, n);
    if (decl) members.push(...membersOf(decl).filter((m) => m.name && propertyNameText(m.name) === name));
    else {
      const imp = importOf(sf, n);
      if (imp) imported.push({ ...imp, at });
    }
  }
  return { members, imported };
}

/**
 * The types written on a value on its way: `as T` / `satisfies T` around it, the variable it
 * initialises, the variable or parameter it is, and the declared return type of the function
 * that returns it (`async function load(): Promise<Session> { return res.json(); }`).
 */
function declaredTypes(v: ts.Expression, bindings: Bindings): ts.TypeNode[] {
  const out: ts.TypeNode[] = [];
  // `((await r.json()) as { items: Secret[] })`: the assertion inside the parentheses.
  for (let e: ts.Expression = v; ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e); e = e.expression) {
    if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) out.push(e.type);
  }
  // `(await r.json()) as Session`: the assertions around it (its own are in `out` already).
  let p: ts.Expression = v;
  for (;;) {
    const up = p.parent;
    if (!(ts.isParenthesizedExpression(up) || ts.isAsExpression(up) || ts.isSatisfiesExpression(up) || ts.isAwaitExpression(up) || ts.isNonNullExpression(up))) break;
    p = up;
    if (ts.isAsExpression(p) || ts.isSatisfiesExpression(p)) out.push(p.type);
  }
  const parent = p.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === p && parent.type) out.push(parent.type);
  const fn = returnedFrom(p);
  if (fn?.type) out.push(fn.type);
  const id = unwrap(v);
  if (ts.isIdentifier(id)) {
    const decl = bindings.resolve(id)?.parent;
    if (decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) && decl.type) out.push(decl.type);
  }
  return out;
}

/** The type names `t` mentions, and those the members of the local types among them mention (two levels down). */
function namedTypes(sf: ts.SourceFile, t: ts.TypeNode, depth = 0): Map<string, ts.TypeReferenceNode> {
  const names = new Map<string, ts.TypeReferenceNode>();
  const seen = new Set<ts.Node>();
  const addType = (t: ts.TypeNode | undefined, depth: number): void => {
    if (!t || depth > 2 || seen.has(t)) return;
    seen.add(t);
    const visit = (n: ts.Node): void => {
      if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName)) {
        if (!names.has(n.typeName.text)) names.set(n.typeName.text, n);
        const decl = localType(sf, n.typeName.text);
        if (decl) for (const m of membersOf(decl)) addType(m.type, depth + 1);
      }
      n.forEachChild(visit);
    };
    visit(t);
  };
  addType(t, depth);
  return names;
}

/**
 * A declared type says what the body is: not `any`/`unknown` (also as `Promise<any>`), and not
 * already the v3 shape, a type with a member `key` written inline or in a local type it names
 * (`Promise<{ items: Secret[] }>`, `Promise<SecretPage>`).
 */
export function declaresV1Body(sf: ts.SourceFile, t: ts.TypeNode, key: string): boolean {
  let inner = t;
  while (ts.isTypeReferenceNode(inner) && ts.isIdentifier(inner.typeName) && inner.typeName.text === 'Promise' && inner.typeArguments?.length === 1) inner = inner.typeArguments[0]!;
  if (inner.kind === ts.SyntaxKind.AnyKeyword || inner.kind === ts.SyntaxKind.UnknownKeyword) return false;
  let hasKey = false;
  const visit = (n: ts.Node): void => {
    if (ts.isPropertySignature(n) && n.name && propertyNameText(n.name) === key) hasKey = true;
    n.forEachChild(visit);
  };
  visit(inner);
  for (const n of namedTypes(sf, inner).keys()) {
    const decl = localType(sf, n);
    if (decl && membersOf(decl).some((m) => m.name && propertyNameText(m.name) === key)) hasKey = true;
  }
  return !hasKey;
}

type LocalType = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

function localType(sf: ts.SourceFile, name: string): LocalType | undefined {
  for (const s of sf.statements) {
    if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name) return s;
  }
  return undefined;
}

/** `import type { Session } from './types'` (also `import { type Session as S }`): where the name comes from. */
function importOf(sf: ts.SourceFile, local: string): { imported: string; specifier: string } | undefined {
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
    const nb = s.importClause?.namedBindings;
    if (!nb || !ts.isNamedImports(nb)) continue;
    for (const el of nb.elements) if (el.name.text === local) return { imported: (el.propertyName ?? el.name).text, specifier: s.moduleSpecifier.text };
  }
  return undefined;
}

function membersOf(decl: LocalType): Member[] {
  if (ts.isInterfaceDeclaration(decl)) return decl.members.filter(ts.isPropertySignature);
  const t = decl.type;
  if (ts.isTypeLiteralNode(t)) return t.members.filter(ts.isPropertySignature);
  if (ts.isIntersectionTypeNode(t)) return t.types.filter(ts.isTypeLiteralNode).flatMap((l) => l.members.filter(ts.isPropertySignature));
  return [];
}

/** Members named `name` of the local type `type` and of the local types its members name (as deep as `typeMembers` looks). */
function membersNamed(sf: ts.SourceFile, type: LocalType, name: string): Member[] {
  const types = new Set<LocalType>([type]);
  for (const m of membersOf(type)) for (const n of m.type ? namedTypes(sf, m.type, 1).keys() : []) {
    const decl = localType(sf, n);
    if (decl) types.add(decl);
  }
  return [...types].flatMap((t) => membersOf(t).filter((m) => m.name && propertyNameText(m.name) === name));
}

/**
 * The markers other modules asked for on this module's types (`ForeignTypeMarker`), on its text
 * as the transforms left it. A type this module re-exports (`export type { Session } from
 * './session'`, `export * from …`) is handed on: `forward` says where.
 */
export function markForeignTypeMembers(
  fileName: string,
  sf: ts.SourceFile,
  text: string,
  asked: readonly ForeignTypeMarker[],
  resolve: (from: string, specifier: string) => string | undefined,
): { output: TransformOutput; forward: ForeignTypeMarker[] } {
  const out = new EditSet(text, sf);
  const forward: ForeignTypeMarker[] = [];
  for (const a of asked) {
    const decl = localType(sf, a.type);
    if (decl) {
      for (const m of membersNamed(sf, decl, a.member)) out.marker(m, a.message);
      continue;
    }
    for (const [spec, name] of reexportsOf(sf, a.type)) {
      const target = resolve(fileName, spec);
      if (target) forward.push({ ...a, file: target, type: name });
    }
  }
  return { output: out.result(), forward };
}

/** Where a module passes a name on from: `export { X } from './x'` (under its name there), `export * from './x'`, `import { X } from './x'; export { X }`. */
function reexportsOf(sf: ts.SourceFile, name: string): [specifier: string, name: string][] {
  const out: [string, string][] = [];
  for (const s of sf.statements) {
    if (!ts.isExportDeclaration(s)) continue;
    const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
    if (!s.exportClause) {
      if (from) out.push([from, name]);
    } else if (ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) {
        if (el.name.text !== name) continue;
        const local = (el.propertyName ?? el.name).text;
        const imp = from ? { specifier: from, imported: local } : importOf(sf, local);
        if (imp) out.push([imp.specifier, imp.imported]);
      }
    }
  }
  return out;
}
