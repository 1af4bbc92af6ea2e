// The local types a traced response is declared with: `(await res.json()) as V1Session`,
// `const s: V1Session = …`, `(s: V1Session) => …`, `{ sessions: V1Session[] }`. The fields
// transform marks their members that change on v3, so typed code gets told where to update its
// types instead of failing to compile at a renamed read without a hint. Types are not renamed:
// they may describe other values too.
import { ts } from './ts.cjs';
import { Bindings, unwrap } from './bindings.js';
import { propertyNameText } from './url-shapes.js';

export type Member = ts.PropertySignature | ts.PropertyDeclaration;

/** Members named `name` of the local types the values are declared or asserted with (one level of nesting). */
export function typeMembers(values: readonly ts.Expression[], bindings: Bindings, name: string): Member[] {
  const names = new Set<string>();
  const seenTypes = new Set<ts.Node>();
  const addType = (t: ts.TypeNode | undefined, depth: number): void => {
    if (!t || depth > 2 || seenTypes.has(t)) return;
    seenTypes.add(t);
    const visit = (n: ts.Node): void => {
      if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName)) {
        names.add(n.typeName.text);
        const decl = localType(bindings.sourceFile, n.typeName.text);
        if (decl) for (const m of membersOf(decl)) addType(m.type, depth + 1);
      }
      n.forEachChild(visit);
    };
    visit(t);
  };
  for (const v of values) {
    const u = v;
    if (ts.isAsExpression(u) || ts.isSatisfiesExpression(u)) addType(u.type, 0);
    const parent = u.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === u) addType(parent.type, 0);
    const id = unwrap(u);
    if (ts.isIdentifier(id)) {
      const decl = bindings.resolve(id)?.parent;
      if (decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl))) addType(decl.type, 0);
    }
  }
  const out: Member[] = [];
  for (const n of names) {
    const decl = localType(bindings.sourceFile, n);
    if (!decl) continue;
    for (const m of membersOf(decl)) if (m.name && propertyNameText(m.name) === name) out.push(m);
  }
  return out;
}

type LocalType = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

function localType(sf: ts.SourceFile, name: string): LocalType | undefined {
  for (const s of sf.statements) {
    if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name) return s;
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
