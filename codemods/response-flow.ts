// Where the parsed body of a recognised call flows, within the file: `await res.json()`,
// axios `.data`, a wrapper's awaited result, variables (and re-assignments) holding them,
// `.then(r => r.json()).then(data => …)`, functions of the file that return them, and, for list
// responses, the elements of an array (`.map(s => …)`, `for (const s of …)`, `[0]`, `.find`).
// Functions that return it are followed into other modules by relayed-calls.ts (`returnedBy`).
// Anything else is not followed: the transforms leave it alone or put a marker.
import { ts } from './ts.cjs';
import { Bindings, unwrap } from './bindings.js';
import type { ApiCall } from './api-calls.js';
import type { Edit } from './types.js';
import { propertyNameText } from './url-shapes.js';

/**
 * What an expression evaluates to: a fetch Response, a client's result (axios, got, undici), the
 * parsed body, or `maybe` (a wrapper's result: a Response or the body, decided where it is read).
 */
type Kind = 'response' | 'axios' | 'got' | 'undici' | 'result' | 'body' | 'maybe';

/**
 * The property of a client's result that holds what comes next: axios `.data` and got `.body`
 * hold the body; undici's `.body` is read like a fetch Response (`.json()`).
 */
const HOLDER: Partial<Record<Kind, { key: string; next: Kind }>> = {
  axios: { key: 'data', next: 'body' },
  got: { key: 'body', next: 'body' },
  undici: { key: 'body', next: 'response' },
  // @actions/http-client's getJson/postJson: `{ statusCode, result }`.
  result: { key: 'result', next: 'body' },
};

export interface Flow {
  /** Expressions whose value is the parsed body (their parents are the property reads). */
  values: ts.Expression[];
  /** Object patterns that destructure the body directly (`const { sessions } = await …`). */
  patterns: ts.ObjectBindingPattern[];
  /** Pattern elements that take the body out of a client's response (`const { data } = await axios.get(…)`). */
  holders?: ts.BindingElement[];
  /**
   * The value or holder each value was reached through (`data` in `return data` after `const
   * data = await res.json()`, then the caller's `await upload(file)`): a transform that reads the
   * whole body as one field where it is first held leaves what comes after alone.
   */
  from?: Map<ts.Expression, ts.Expression | ts.BindingElement>;
  /**
   * The response of a function of another module that held the body before returning it (`const
   * data = await res.json(); return data;`): a whole-body read was put there, not here.
   */
  heldBefore?: boolean;
  /**
   * A function of the module returning the value, handed on by name instead of called
   * (`Promise.all(files.map(upload))`): where its results go is not followed.
   */
  handedOn?: ts.Identifier[];
}

const MAX_DEPTH = 6;
const ARRAY_ELEMENT_CALLBACKS = new Set(['map', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'flatMap', 'findIndex', 'sort']);
const ARRAY_RETURNING = new Set(['filter', 'slice', 'sort', 'reverse', 'toSorted', 'toReversed', 'concat']);
const ELEMENT_RETURNING = new Set(['find', 'findLast', 'at', 'pop', 'shift']);

class Tracer {
  readonly values: ts.Expression[] = [];
  readonly patterns: ts.ObjectBindingPattern[] = [];
  readonly holders: ts.BindingElement[] = [];
  /** Functions that return the value, with what it is there (for callers in other modules), and whether it was held before. */
  readonly returnedBy: { fn: ts.SignatureDeclaration; kind: Kind; held: boolean }[] = [];
  /** Somewhere on the way the value got a named type (`as Session`, `const s: Session = …`). */
  typed = false;
  readonly from = new Map<ts.Expression, ts.Expression | ts.BindingElement>();
  readonly handedOn: ts.Identifier[] = [];
  /** The last value or holder on the way to what is being followed. */
  private last: ts.Expression | ts.BindingElement | undefined;
  private readonly seen = new Set<ts.Node>();

  constructor(private readonly bindings: Bindings) {}

  /** `e` evaluates to `kind`; follow it to where it is used. */
  follow(e: ts.Expression, kind: Kind, depth = 0): void {
    if (depth > MAX_DEPTH || this.seen.has(e)) return;
    this.seen.add(e);
    let p: ts.Expression = e;
    while (
      ts.isParenthesizedExpression(p.parent) ||
      ts.isAwaitExpression(p.parent) ||
      ts.isAsExpression(p.parent) ||
      ts.isNonNullExpression(p.parent) ||
      ts.isSatisfiesExpression(p.parent)
    ) {
      p = p.parent;
      if ((ts.isAsExpression(p) || ts.isSatisfiesExpression(p)) && namesAType(p.type)) this.typed = true;
    }
    const parent = p.parent;
    if (kind === 'maybe') {
      kind = this.guessKind(p);
      const binds =
        (ts.isVariableDeclaration(parent) && parent.initializer === p) ||
        (ts.isBinaryExpression(parent) && parent.right === p) ||
        ts.isReturnStatement(parent) ||
        ts.isArrowFunction(parent) ||
        // `.then(r => r.data.sessions)`: the callback's parameter is decided where it is read.
        (ts.isPropertyAccessExpression(parent) && parent.name.text === 'then');
      if (kind === 'maybe' && !binds) kind = 'body';
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === p) {
      const name = parent.name.text;
      const call = parent.parent;
      if (name === 'json' && (kind === 'response' || kind === 'got') && ts.isCallExpression(call) && call.expression === parent) {
        this.follow(call, 'body', depth + 1);
        return;
      }
      const holder = HOLDER[kind];
      if (holder && name === holder.key) {
        this.follow(parent, holder.next, depth + 1);
        return;
      }
      if (name === 'then' && ts.isCallExpression(call) && call.expression === parent) {
        this.followThen(call, kind, depth);
        return;
      }
    }
    if (kind === 'maybe' && ts.isVariableDeclaration(parent) && parent.initializer === p && ts.isIdentifier(parent.name)) {
      kind = guessKindOfRefs(this.bindings.references(parent.name));
    }
    if (kind !== 'body') {
      this.onward(p, kind, depth);
      return;
    }
    this.values.push(p);
    if (this.last) this.from.set(p, this.last);
    this.through(p, () => this.onward(p, kind, depth));
  }

  /** Runs `f` with `via` as the last value or holder on the way. */
  private through(via: ts.Expression | ts.BindingElement, f: () => void): void {
    const before = this.last;
    this.last = via;
    try {
      f();
    } finally {
      this.last = before;
    }
  }

  /** Where `p` (evaluating to `kind`) goes next: a variable, an assignment, a function's callers. */
  private onward(p: ts.Expression, kind: Kind, depth: number): void {
    const parent = p.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === p) {
      if (parent.type && namesAType(parent.type)) this.typed = true;
      this.followBinding(parent.name, kind, depth);
      return;
    }
    if (ts.isBinaryExpression(parent) && parent.right === p && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrap(parent.left);
      if (ts.isIdentifier(left)) {
        const decl = this.bindings.resolve(left);
        if (decl) this.followReferences(decl, kind, depth);
      }
      return;
    }
    const fn = returnedFrom(p);
    if (fn) {
      this.returnedBy.push({ fn, kind, held: this.from.has(p) });
      this.followFunctionCalls(fn, kind, depth);
    }
  }

  private followBinding(name: ts.BindingName, kind: Kind, depth: number): void {
    if (ts.isIdentifier(name)) {
      this.followReferences(name, kind, depth);
      return;
    }
    if (!ts.isObjectBindingPattern(name)) return;
    // `const { data } = await …`: a wrapper's result destructured like axios's.
    const holder = HOLDER[kind === 'maybe' ? 'axios' : kind];
    const held = holder && name.elements.find((el) => bindingKey(el) === holder.key);
    if (holder && held) {
      if (holder.next !== 'body') this.followBinding(held.name, holder.next, depth + 1);
      else {
        this.holders.push(held);
        this.through(held, () => this.followBinding(held.name, holder.next, depth + 1));
      }
      return;
    }
    if (kind === 'body' || kind === 'maybe') this.patterns.push(name);
  }

  private followReferences(decl: ts.Identifier, kind: Kind, depth: number): void {
    const refs = this.bindings.references(decl);
    if (kind === 'maybe') kind = guessKindOfRefs(refs);
    for (const r of refs) this.follow(r, kind, depth + 1);
  }

  private followThen(call: ts.CallExpression, kind: Kind, depth: number): void {
    const cb = call.arguments[0] && unwrap(call.arguments[0]);
    if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return;
    const param = cb.parameters[0];
    if (param) this.followBinding(param.name, kind, depth + 1);
    // `.then(r => r.json())`: the next `.then` gets the body.
    if (ts.isArrowFunction(cb) && !ts.isBlock(cb.body) && param && ts.isIdentifier(param.name)) {
      const b = unwrap(cb.body);
      if (ts.isCallExpression(b) && ts.isPropertyAccessExpression(b.expression) && b.expression.name.text === 'json' && kind === 'response') {
        this.follow(call, 'body', depth + 1);
      } else if (ts.isPropertyAccessExpression(b) && HOLDER[kind]?.key === b.name.text && HOLDER[kind]!.next === 'body') {
        this.follow(call, 'body', depth + 1);
      }
    }
  }

  private followFunctionCalls(fn: ts.SignatureDeclaration, kind: Kind, depth: number): void {
    const name = fnName(fn);
    if (!name) return;
    const method = ts.isMethodDeclaration(fn);
    for (const n of this.bindings.callsNamed(name)) {
      const c = unwrap(n.expression);
      if ((!method && ts.isIdentifier(c)) || (method && ts.isPropertyAccessExpression(c))) this.follow(n, kind, depth + 1);
    }
    // `files.map(upload)`: the function itself given to another call.
    const decl = !method && fn.name && ts.isIdentifier(fn.name) ? fn.name : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name : undefined;
    for (const r of decl ? this.bindings.references(decl) : []) {
      const p = r.parent;
      if (r !== decl && ts.isCallExpression(p) && p.arguments.includes(r)) this.handedOn.push(r);
    }
  }

  /** A wrapper's result: a Response when `.json()` is called on it, axios-like with `.data`, else the body. */
  private guessKind(p: ts.Expression): Kind {
    const parent = p.parent;
    if (ts.isPropertyAccessExpression(parent)) {
      if (parent.name.text === 'json') return 'response';
      if (parent.name.text === 'data') return 'axios';
    }
    return 'maybe';
  }
}

function guessKindOfRefs(refs: ts.Identifier[]): Kind {
  for (const r of refs) {
    const p = r.parent;
    if (ts.isPropertyAccessExpression(p) && p.expression === r) {
      if (p.name.text === 'json') return 'response';
      if (p.name.text === 'data') return 'axios';
      if (p.name.text === 'ok' || p.name.text === 'status' || p.name.text === 'headers') return 'response';
    }
  }
  return 'body';
}

export function bindingKey(el: ts.BindingElement): string | undefined {
  if (el.propertyName) return propertyNameText(el.propertyName);
  return ts.isIdentifier(el.name) ? el.name.text : undefined;
}

function fnName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return fn.parent.name.text;
  }
  return undefined;
}

/** The named function `p` is returned from (`return p`, or an arrow's expression body). */
/** The function that returns this value (`return x`, `() => x`). */
export function returnedFrom(p: ts.Expression): ts.SignatureDeclaration | undefined {
  const parent = p.parent;
  if (ts.isReturnStatement(parent)) {
    for (let n: ts.Node | undefined = parent.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n)) return n;
    }
  }
  if (ts.isArrowFunction(parent) && parent.body === p) return parent;
  return undefined;
}

/**
 * The function is handed to another call (`pRetry(async () => …)`), also as an option of it
 * (`useQuery({ queryFn: () => … })`): what it returns goes to that library, not to a caller here.
 */
export function isCallback(fn: ts.SignatureDeclaration): boolean {
  let handed: ts.Node = fn;
  const p = fn.parent;
  if ((ts.isPropertyAssignment(p) && p.initializer === fn) || (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(p))) {
    handed = ts.isPropertyAssignment(p) ? p.parent : p;
  }
  const call = handed.parent;
  return ts.isCallExpression(call) && call.arguments.includes(handed as ts.Expression);
}

function startKind(call: ApiCall): Kind {
  return call.returns === 'unknown' ? 'maybe' : call.returns;
}

// The traces of the calls of the last scan's tree, by call node and the kind it starts as:
// pagination, fields and outside-callers follow the same responses on the tree they share, and a
// trace depends on nothing else. Keyed on the Bindings (one per scan of one tree), and only the
// last one kept, as api-calls keeps its last scan: no tree outlives the file being worked on.
// The arrays a trace hands out are shared between its readers, which only read them.
let traces: { bindings: Bindings; byCall: Map<ts.CallExpression, Partial<Record<Kind, Tracer>>> } | undefined;

/** Where the response of `call` goes in the module, traced once per tree. */
function traceOf(call: ApiCall, bindings: Bindings): Tracer {
  if (traces?.bindings !== bindings) traces = { bindings, byCall: new Map() };
  const kind = startKind(call);
  let byKind = traces.byCall.get(call.node);
  if (!byKind) traces.byCall.set(call.node, (byKind = {}));
  let t = byKind[kind];
  if (!t) {
    t = byKind[kind] = new Tracer(bindings);
    t.follow(call.node, kind);
  }
  return t;
}

/** The parsed bodies of a call's response, in this file. */
export function responseFlow(call: ApiCall, bindings: Bindings): Flow {
  const t = traceOf(call, bindings);
  return { values: t.values, patterns: t.patterns, holders: t.holders, from: t.from, ...(call.bodyHeldBefore ? { heldBefore: true } : {}), ...(t.handedOn.length > 0 ? { handedOn: t.handedOn } : {}) };
}

/**
 * Whether a declared type names a type declared elsewhere (`Session`, `Promise<SessionList>`,
 * `Session[]`). `any` says nothing, and an inline `{ sessions: … }` is rewritten with the reads.
 */
function namesAType(t: ts.TypeNode): boolean {
  if (ts.isParenthesizedTypeNode(t)) return namesAType(t.type);
  if (ts.isArrayTypeNode(t)) return namesAType(t.elementType);
  if (ts.isUnionTypeNode(t) || ts.isIntersectionTypeNode(t)) return t.types.some(namesAType);
  if (!ts.isTypeReferenceNode(t)) return false;
  if (ts.isIdentifier(t.typeName) && t.typeName.text === 'Promise') return t.typeArguments?.length === 1 && namesAType(t.typeArguments[0]!);
  return true;
}

/**
 * The functions and methods of this file that return a call's response, and what it is when
 * returned (`ApiCall['returns']`): their callers in other modules trace it from there. `typed`:
 * the function declares what it returns (`Promise<Session>`, `as Session`); renaming its callers'
 * reads would not compile until that type changes too.
 */
export function returnedBy(call: ApiCall, bindings: Bindings): { fn: ts.SignatureDeclaration; returns: ApiCall['returns']; typed: boolean; held: boolean }[] {
  const t = traceOf(call, bindings);
  // Coarse on purpose: a type anywhere on the way counts for every function (a marker, not a rename).
  const typedOnTheWay = t.typed || (call.node.typeArguments?.length ?? 0) > 0;
  return t.returnedBy.map(({ fn, kind, held }) => ({
    fn,
    held: held || call.bodyHeldBefore === true,
    returns: kind === 'maybe' ? 'unknown' : kind,
    typed: typedOnTheWay || (fn.type !== undefined && namesAType(fn.type)),
  }));
}

export type Access = ts.PropertyAccessExpression | ts.ElementAccessExpression;

/** `value.<name>` reads (also `value?.name` and `value['name']`), as the access nodes. */
export function propertyReads(values: readonly ts.Expression[], name: string): Access[] {
  const out: Access[] = [];
  for (const v of values) {
    const p = v.parent;
    if (ts.isPropertyAccessExpression(p) && p.expression === v && p.name.text === name) out.push(p);
    if (ts.isElementAccessExpression(p) && p.expression === v) {
      const a = p.argumentExpression;
      if ((ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) && a.text === name) out.push(p);
    }
  }
  return out;
}

/**
 * The function a callback argument is: written in place, or a function of the module named there
 * (`secrets.map(row)`) that nothing else uses, so its parameter holds only these elements.
 */
function callbackOf(e: ts.Expression, bindings: Bindings): ts.SignatureDeclaration | undefined {
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
  if (!ts.isIdentifier(e)) return undefined;
  const decl = bindings.resolve(e);
  const d = decl?.parent;
  const fn = d && ts.isFunctionDeclaration(d) ? d : d && ts.isVariableDeclaration(d) && d.initializer ? unwrap(d.initializer) : undefined;
  if (!fn || !(ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  return bindings.references(decl!).filter((r) => r !== decl).length === 1 ? fn : undefined;
}

/** Everything that holds an element of the arrays `arrays` evaluate to. */
export function elementsOf(arrays: readonly ts.Expression[], bindings: Bindings): Flow {
  const flow: Flow = { values: [], patterns: [] };
  const seen = new Set<ts.Node>();
  const addBinding = (name: ts.BindingName, asArray: boolean, depth: number): void => {
    if (ts.isIdentifier(name)) {
      for (const r of bindings.references(name)) (asArray ? walkArray : walkElement)(r, depth + 1);
    } else if (ts.isObjectBindingPattern(name) && !asArray) {
      flow.patterns.push(name);
    } else if (ts.isArrayBindingPattern(name) && asArray) {
      for (const el of name.elements) if (ts.isBindingElement(el) && !el.dotDotDotToken) addBinding(el.name, false, depth);
    }
  };
  const walkElement = (e: ts.Expression, depth: number): void => {
    if (seen.has(e) || depth > MAX_DEPTH) return;
    seen.add(e);
    flow.values.push(e);
    const parent = e.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === e) addBinding(parent.name, false, depth);
  };
  const walkArray = (a: ts.Expression, depth: number): void => {
    if (seen.has(a) || depth > MAX_DEPTH) return;
    seen.add(a);
    let p: ts.Expression = a;
    while (ts.isParenthesizedExpression(p.parent) || ts.isAsExpression(p.parent) || ts.isNonNullExpression(p.parent) || ts.isAwaitExpression(p.parent)) p = p.parent;
    const parent = p.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === p) {
      const m = parent.name.text;
      const call = parent.parent;
      if (ts.isCallExpression(call) && call.expression === parent) {
        if (ARRAY_ELEMENT_CALLBACKS.has(m)) {
          const cb = call.arguments[0] && callbackOf(unwrap(call.arguments[0]), bindings);
          if (cb?.parameters[0]) addBinding(cb.parameters[0].name, false, depth);
          if (m === 'sort' && cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && cb.parameters[1]) addBinding(cb.parameters[1].name, false, depth);
        }
        if (ARRAY_RETURNING.has(m)) walkArray(call, depth + 1);
        if (ELEMENT_RETURNING.has(m)) walkElement(call, depth + 1);
      }
      return;
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === p) {
      walkElement(parent, depth + 1);
      return;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === p) {
      addBinding(parent.name, true, depth);
      return;
    }
    if (ts.isForOfStatement(parent) && parent.expression === p) {
      const init = parent.initializer;
      if (ts.isVariableDeclarationList(init) && init.declarations[0]) addBinding(init.declarations[0].name, false, depth);
      return;
    }
    // `all.push(...page.sessions)`: `all` holds elements too.
    if (ts.isSpreadElement(parent) && ts.isCallExpression(parent.parent)) {
      const callee = unwrap(parent.parent.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'push' && ts.isIdentifier(unwrap(callee.expression))) {
        const decl = bindings.resolve(unwrap(callee.expression) as ts.Identifier);
        if (decl) for (const r of bindings.references(decl)) if (r !== unwrap(callee.expression)) walkArray(r, depth + 1);
      }
    }
  };
  for (const a of arrays) walkArray(a, 0);
  return flow;
}

/** The edit that renames the property an access reads. */
export function accessNameEdit(r: Access, to: string, sf: ts.SourceFile): Edit {
  if (ts.isPropertyAccessExpression(r)) return { start: r.name.getStart(sf), end: r.name.end, text: to };
  const a = r.argumentExpression;
  return { start: a.getStart(sf) + 1, end: a.end - 1, text: to };
}
