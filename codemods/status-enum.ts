// `status_enum` on v3: comparisons with values that map one-to-one (SESSION_STATUS_MAP in the
// catalogue) are rewritten onto `status_detail`; values without a clean v3 twin are marked;
// any other use is renamed and marked because the values differ.
import { ts } from './ts.cjs';
import { statusMapping, type StatusMapping } from '../src/catalog/index.js';
import type { CallScan } from './api-calls.js';
import { unwrap } from './bindings.js';
import type { EditSet } from './edit-set.js';
import { accessNameEdit, type Access } from './response-flow.js';
import type { Edit } from './types.js';
import { isEqualityComparison } from './url/scope.js';

export const STATUS_VALUE_MARKER =
  '`status_enum` is `status_detail` on v3 and its values differ (blocked -> waiting_for_user; expired and the suspend/resume states live in `status`): check what reads this value';
export const STATUS_UNTRACED_MARKER =
  'if this is a v1 session\'s `status_enum` (devin-migrate could not trace the value to a session response): v3 reads `status_detail` (blocked -> waiting_for_user; working and finished unchanged) and `status` for expired and the suspend/resume states';
export function statusUnmappedMarker(values: readonly string[]): string {
  const notes = values.map((v) => {
    const m = statusMapping(v);
    return m ? `'${v}': ${m.note}` : `'${v}' is not a v1 status_enum value`;
  });
  return `v1 status_enum ${notes.join('; ')} (v3 splits the state into \`status\` and \`status_detail\`)`;
}

type Comparison =
  | { kind: 'eq'; literals: ts.StringLiteralLike[] }
  | { kind: 'includes'; literals: ts.StringLiteralLike[] }
  | { kind: 'switch'; literals: ts.StringLiteralLike[] }
  | { kind: 'unknown-compare' };


function isStringLit(e: ts.Expression): e is ts.StringLiteralLike {
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e);
}

/** How a status value `e` is used: compared with literals, or something else (undefined). */
function comparisonOf(e: ts.Expression): Comparison | undefined {
  let p: ts.Node = e;
  while (ts.isParenthesizedExpression(p.parent) || ts.isNonNullExpression(p.parent) || ts.isAsExpression(p.parent)) p = p.parent;
  const parent = p.parent;
  if (isEqualityComparison(parent)) {
    const other = unwrap(parent.left === p ? parent.right : parent.left);
    return isStringLit(other) ? { kind: 'eq', literals: [other] } : { kind: 'unknown-compare' };
  }
  if (ts.isCallExpression(parent) && parent.arguments[0] === p) {
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'includes') {
      const arr = unwrap(callee.expression);
      if (ts.isArrayLiteralExpression(arr) && arr.elements.every((el) => isStringLit(el))) {
        return { kind: 'includes', literals: arr.elements as unknown as ts.StringLiteralLike[] };
      }
      return { kind: 'unknown-compare' };
    }
  }
  if (ts.isSwitchStatement(parent) && parent.expression === p) {
    const literals: ts.StringLiteralLike[] = [];
    for (const c of parent.caseBlock.clauses) {
      if (!ts.isCaseClause(c)) continue;
      const x = unwrap(c.expression);
      if (!isStringLit(x)) return { kind: 'unknown-compare' };
      literals.push(x);
    }
    return { kind: 'switch', literals };
  }
  return undefined;
}

/** The v3 field and values for every literal, when all map cleanly to the same field. */
function mapLiterals(literals: readonly ts.StringLiteralLike[]): { field: string; values: string[] } | { unmapped: string[] } {
  const maps = literals.map((l) => statusMapping(l.text));
  const unmapped = literals.filter((_, i) => !maps[i]?.v3).map((l) => l.text);
  if (unmapped.length > 0) return { unmapped };
  const fields = new Set(maps.map((m) => (m as StatusMapping).v3!.field));
  if (fields.size !== 1) return { unmapped: literals.map((l) => l.text) };
  return { field: [...fields][0]!, values: maps.map((m) => m!.v3!.value) };
}

function literalEdits(literals: readonly ts.StringLiteralLike[], values: readonly string[], sf: ts.SourceFile): Edit[] {
  return literals
    .map((l, i) => ({ start: l.getStart(sf) + 1, end: l.end - 1, text: values[i]! }))
    .filter((_, i) => literals[i]!.text !== values[i]);
}

/** The status comparison `u` rewritten onto v3 values (edits), or a marker when it has no clean mapping. */
function statusComparison(out: EditSet, u: ts.Expression, sf: ts.SourceFile): { edits: Edit[] } | 'marked' | 'other' {
  const c = comparisonOf(u);
  if (!c) return 'other';
  if (c.kind === 'unknown-compare') {
    out.marker(u, STATUS_VALUE_MARKER);
    return 'marked';
  }
  const m = mapLiterals(c.literals);
  if ('unmapped' in m) {
    out.marker(u, statusUnmappedMarker(m.unmapped));
    return 'marked';
  }
  return { edits: literalEdits(c.literals, m.values, sf) };
}

/**
 * `s.status_enum === 'blocked'` -> `s.status_detail === 'waiting_for_user'` (read and values in one
 * step, or neither); through a `const` alias, the read is renamed once and each comparison of
 * the alias mapped. Values without a clean v3 twin keep their comparison and get a marker; any
 * other use is renamed and marked (the values differ).
 */
export function statusChanges(out: EditSet, reads: Access[], scan: CallScan): void {
  const sf = scan.bindings.sourceFile;
  for (const r of reads) {
    out.handled.add(r);
    const alias = constAlias(r);
    if (!alias) {
      const c = statusComparison(out, r, sf);
      if (c === 'marked') continue;
      if (c === 'other') {
        if (out.add(accessNameEdit(r, 'status_detail', sf))) out.marker(r, STATUS_VALUE_MARKER);
        continue;
      }
      out.addAll([...c.edits, accessNameEdit(r, 'status_detail', sf)]);
      continue;
    }
    if (!out.add(accessNameEdit(r, 'status_detail', sf))) continue;
    let otherUse = false;
    for (const u of scan.bindings.references(alias)) {
      const c = statusComparison(out, u, sf);
      if (c === 'other') otherUse = true;
      else if (c !== 'marked') out.addAll(c.edits);
    }
    if (otherUse) out.marker(r, STATUS_VALUE_MARKER);
  }
}

/** `const s = session.status_enum`: the alias name. */
function constAlias(r: Access): ts.Identifier | undefined {
  let p: ts.Node = r;
  while (ts.isParenthesizedExpression(p.parent)) p = p.parent;
  const d = p.parent;
  if (!ts.isVariableDeclaration(d) || d.initializer !== p || !ts.isIdentifier(d.name)) return undefined;
  const list = d.parent;
  return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0 ? d.name : undefined;
}
