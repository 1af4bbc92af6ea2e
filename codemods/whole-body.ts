// A v1 response whose whole body becomes one field of the v3 body: a bare array that v3 wraps in
// `{ items, … }` (lists), a URL string that v3 returns as `{ attachment_id, name, url }`
// (attachment upload). The body is read as that field where it is first held or used.
import { ts } from './ts.cjs';
import { type Bindings, unwrap } from './bindings.js';
import type { EditSet } from './edit-set.js';
import { isCallback, returnedFrom, type Flow } from './response-flow.js';
import { declaresV1Body } from './response-types.js';

export interface WholeBodyField {
  /** The v3 field that holds what the v1 body was (`items`, `url`). */
  key: string;
  /** Fields of the v3 body: a variable already read through one of them is v3 code. */
  v3Keys: readonly string[];
  /** For the places a rewrite is not safe. */
  marker: string;
  /** For the declared type of a function that returns the body (`Promise<Secret[]>`). */
  typeMarker: string;
}

/**
 * The type a function that returns the body declares for it: its return type, or an assertion
 * on what it returns (`return (await res.json()) as Secret[]`).
 */
function declaredReturn(fn: ts.SignatureDeclaration, v: ts.Expression): ts.TypeNode | undefined {
  if (fn.type) return fn.type;
  for (let e = v; ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e); e = e.expression) {
    if (!ts.isParenthesizedExpression(e)) return e.type;
  }
  return undefined;
}

/**
 * The text of `v`, where a type argument given to the call that parses the body
 * (`await res.json<Secret[]>()`, ky's `.json<T>()`) becomes `{ items: Secret[] }`.
 */
function withTypeArgument(v: ts.Expression, sf: ts.SourceFile, key: string): string {
  const text = v.getText(sf);
  const call = ts.isAwaitExpression(v) ? unwrap(v.expression) : v;
  const arg = ts.isCallExpression(call) && call.typeArguments?.length === 1 ? call.typeArguments[0]! : undefined;
  if (!arg) return text;
  const at = v.getStart(sf);
  return `${text.slice(0, arg.getStart(sf) - at)}{ ${key}: ${arg.getText(sf)} }${text.slice(arg.end - at)}`;
}

export function readWholeBodyAs(out: EditSet, flow: Flow, sf: ts.SourceFile, bindings: Bindings, field: WholeBodyField): void {
  if (flow.heldBefore) return; // read as the field in the function of another module that returns it
  const { key } = field;
  const readsV3 = (name: ts.Identifier): boolean =>
    bindings.references(name).some((r) => {
      const p = r.parent;
      return ts.isPropertyAccessExpression(p) && p.expression === r && field.v3Keys.includes(p.name.text);
    });
  // Where the body is read as the field (or marked), what holds it afterwards holds the v1 value:
  // `const data = (await res.json()).url; return data;` leaves the callers of the function alone.
  const done = new Set<ts.Node>();
  const afterDone = (v: ts.Expression): boolean => {
    for (let via = flow.from?.get(v); via; via = ts.isBindingElement(via) ? undefined : flow.from?.get(via)) if (done.has(via)) return true;
    return false;
  };
  const mark = (at: ts.Node): void => {
    out.marker(at, field.marker);
    done.add(at);
  };
  // A function returning the body, given by name to another call: its results are not followed.
  for (const r of flow.handedOn ?? []) out.marker(r, field.marker);
  // `const { data } = await http.get('/secrets')` -> `const { data: { items: data } } = …`: the
  // name keeps holding what the v1 body was.
  for (const el of flow.holders ?? []) {
    if (!ts.isIdentifier(el.name) || readsV3(el.name)) continue;
    if (el.initializer) mark(el);
    else {
      out.replace(el.name, el.propertyName ? `{ ${key}: ${el.name.text} }` : `${el.name.text}: { ${key}: ${el.name.text} }`);
      done.add(el);
    }
  }
  for (const v of flow.values) {
    if (afterDone(v)) continue;
    if (ts.isIdentifier(unwrap(v))) continue; // a variable already holding it: handled where it was set
    const parent = v.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === v && parent.name.text === key) continue;
    const fn = returnedFrom(v);
    if (fn && isCallback(fn)) {
      mark(v); // `files.map((f) => upload(f))`: where the library puts it is not followed
      continue;
    }
    if (fn) {
      // Callers are traced (and read the field), but the type the function declares is still
      // what v1 returned: `Promise<Secret[]>` has no `.items`.
      const declared = declaredReturn(fn, v);
      if (declared && declaresV1Body(sf, declared, key)) out.marker(declared, field.typeMarker);
      continue;
    }
    if (ts.isBinaryExpression(parent) && parent.right === v) {
      mark(v);
      continue;
    }
    const u = withTypeArgument(v, sf, key);
    const primary = ts.isParenthesizedExpression(v) || ts.isIdentifier(v) || ts.isCallExpression(v) || ts.isPropertyAccessExpression(v);
    const held = ts.isVariableDeclaration(parent) || ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isForOfStatement(parent) || ts.isSpreadElement(parent);
    if (!held) {
      mark(v);
      continue;
    }
    if (ts.isVariableDeclaration(parent) && !ts.isIdentifier(parent.name)) {
      mark(v);
      continue;
    }
    if (ts.isVariableDeclaration(parent) && readsV3(parent.name as ts.Identifier)) continue;
    if (ts.isAsExpression(v)) {
      // `json as Secret[]` -> `(json as { items: Secret[] }).items`: the author's type stays.
      out.replace(v, `(${v.expression.getText(sf)} as { ${key}: ${v.type.getText(sf)} }).${key}`);
    } else out.replace(v, primary ? `${u}.${key}` : `(${u}).${key}`);
    done.add(v);
  }
}
