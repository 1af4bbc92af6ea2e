// Evaluate an expression to the URL strings it can build, symbolically: literals become sites,
// everything unknown becomes a hole. Follows const bindings, class members (`this.base`),
// const object properties (`config.api.base`), imports (through the project index), `new URL`,
// `+`, template literals, `env || 'fallback'` and conditionals (one value per branch).
import { ts } from '../ts.cjs';
import type { ConstructorOption, Fact, HostChoice, JoinMode, Part, Site, Value } from './model.js';
import { isDevinApiHost } from '../../src/catalog/index.js';
import { skipOuter, statementOf, type Decl, type Scopes } from './scope.js';
import { enclosingClass } from '../bindings.js';
import { entryKey, hostOf, isUrlJoinCall } from '../url-shapes.js';

const MAX_ALTS = 16;
const DEVIN_BASE_RE = /api\.devin\.ai|devinenterprise\.com/i;

/**
 * Given to the constructor, never assigned later: overwriting a function-valued field with a
 * per-file closure after construction made V8 keep every file's syntax tree alive through
 * young-generation collections (`--trace-gc-nvp` over the dense bench corpus, constructing the
 * analyzer alone: 155 MB promoted instead of 5 MB).
 */
export interface ReassignmentOracle {
  isReassigned(decl: ts.VariableDeclaration): boolean;
}

/** How imported names are looked up: the runner's project index, or nothing. */
export type ImportResolver = (specifier: string, imported: string) => Fact | undefined;

const STRIP_RE = /\.replace\(\s*(['"`])devin-\1|\.replace\(\s*\/\^?devin-\/|\.(?:slice|substring|substr)\(\s*6\s*\)|\.split\(\s*(['"`])devin-\2\s*\)/;

/** `.replace(/\/+$/, '')` (or `/\/$/`), `.trim()`, `.trimEnd()`: what code does to a base it was handed. */
export function isTidying(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  if ((name === 'trim' || name === 'trimEnd') && call.arguments.length === 0) return true;
  if (name !== 'replace' || call.arguments.length !== 2) return false;
  const [re, by] = call.arguments as unknown as [ts.Expression, ts.Expression];
  return ts.isRegularExpressionLiteral(re) && /^\/\\\/\+?\$\/g?$/.test(re.text) && (ts.isStringLiteral(by) || ts.isNoSubstitutionTemplateLiteral(by)) && by.text === '';
}

/** The kinds of literal pieces, read once: every piece of a file is walked and ranged (contentRange). */
export const PIECE = {
  stringLiteral: ts.SyntaxKind.StringLiteral,
  noSubstitutionTemplateLiteral: ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  templateHead: ts.SyntaxKind.TemplateHead,
  templateMiddle: ts.SyntaxKind.TemplateMiddle,
  templateTail: ts.SyntaxKind.TemplateTail,
} as const;

export class Evaluator {
  readonly file: string;
  readonly sf: ts.SourceFile;
  readonly text: string;
  private readonly resolveImport: ImportResolver;
  private readonly sites = new Map<ts.Node, Site>();
  private readonly memo = new Map<ts.Node, Value[]>();
  private readonly inProgress = new Set<ts.Node>();
  /** Every literal piece by raw text, in source order (for stable site keys). */
  private readonly piecesByRaw = new Map<string, ts.Node[]>();

  /** Knows whether a `let`/`var` is assigned again (the analyzer, which indexes every reference). */
  private readonly bindings: ReassignmentOracle;

  private readonly scopes: Scopes;

  constructor(file: string, sf: ts.SourceFile, resolveImport: ImportResolver, pieces: ts.Node[], scopes: Scopes, bindings: ReassignmentOracle) {
    this.file = file;
    this.scopes = scopes;
    this.bindings = bindings;
    this.sf = sf;
    this.text = sf.text;
    this.resolveImport = resolveImport;
    for (const p of pieces) {
      const raw = this.rawOf(p);
      const list = this.piecesByRaw.get(raw);
      if (list) list.push(p);
      else this.piecesByRaw.set(raw, [p]);
    }
  }

  /** Keys of every site of this file evaluated so far (for the project index's groups). */
  siteKeys(): string[] {
    return [...this.sites.values()].map((s) => s.key);
  }

  /** Content range of a literal piece in the text. */
  contentRange(node: ts.Node): [number, number] {
    const start = node.getStart(this.sf);
    const end = node.end;
    switch (node.kind) {
      case PIECE.stringLiteral:
      case PIECE.noSubstitutionTemplateLiteral:
        return [start + 1, end - 1];
      case PIECE.templateHead:
      case PIECE.templateMiddle:
        return [start + 1, end - 2];
      case PIECE.templateTail:
        return [start + 1, end - 1];
      default:
        return [start, end];
    }
  }

  private rawOf(node: ts.Node): string {
    const [s, e] = this.contentRange(node);
    return this.text.slice(s, e);
  }

  private readonly occurrences = new Map<ts.Node, number>();

  /** Occurrence among pieces with the same raw text and owner, in source order (computed per raw text once). */
  private occurrence(node: ts.Node, raw: string): number {
    const hit = this.occurrences.get(node);
    if (hit !== undefined) return hit;
    const seen = new Map<string, number>();
    for (const other of this.piecesByRaw.get(raw) ?? []) {
      const o = this.scopes.ownerPath(other);
      const n = seen.get(o) ?? 0;
      this.occurrences.set(other, n);
      seen.set(o, n + 1);
    }
    return this.occurrences.get(node) ?? 0;
  }

  site(node: ts.Node): Site {
    const hit = this.sites.get(node);
    if (hit) return hit;
    const [start, end] = this.contentRange(node);
    const raw = this.text.slice(start, end);
    const cooked = (node as ts.LiteralLikeNode).text;
    const owner = this.scopes.ownerPath(node);
    const occ = this.occurrence(node, raw);
    const isString = node.kind === PIECE.stringLiteral;
    const inJsx = node.parent && ts.isJsxAttribute(node.parent);
    const tagged = node.parent && (ts.isTaggedTemplateExpression(node.parent) || (node.parent.parent && ts.isTaggedTemplateExpression(node.parent.parent)));
    const editable = (inJsx || raw === cooked) && !raw.includes('\\') && !tagged;
    const literalNode = ts.isTemplateLiteralToken(node) && !ts.isNoSubstitutionTemplateLiteral(node) ? node.parent : node;
    const s: Site = {
      key: `${this.file}#${owner}#${raw}#${occ}`,
      file: this.file,
      text: cooked,
      form: !editable ? 'frozen' : inJsx ? 'jsx' : isString ? 'string' : 'template',
      owner: owner || undefined,
    };
    // In this order, as the object spread that set them did (without a temporary object per site).
    if (node.parent && ts.isEnumMember(node.parent)) s.constant = true;
    s.loc = { start, end, nodeStart: literalNode.getStart(this.sf), nodeEnd: literalNode.end, anchor: statementOf(node).getStart(this.sf) };
    this.sites.set(node, s);
    return s;
  }

  hole(e: ts.Expression): Part {
    const text = e.getText(this.sf);
    const part: Extract<Part, { kind: 'hole' }> = { kind: 'hole', text };
    if (STRIP_RE.test(text)) part.stripsDevinPrefix = true;
    const x = skipOuter(e);
    const env = envName(x);
    if (env !== undefined) part.env = env;
    if (ts.isIdentifier(x)) {
      const d = this.scopes.resolveName(x, x.text);
      if (d?.kind === 'param') part.param = { fnKey: this.functionKey(d.fn), index: d.index };
      if (d?.kind === 'var' && d.node.initializer && STRIP_RE.test(d.node.initializer.getText(this.sf))) part.stripsDevinPrefix = true;
    }
    return part;
  }

  /** functionKey per function (this file's nodes): asked for every function around each URL placed. */
  private readonly functionKeys = new Map<ts.Node, string>();

  functionKey(fn: ts.Node): string {
    let key = this.functionKeys.get(fn);
    if (key === undefined) {
      const name = (fn as { name?: ts.Node }).name;
      const own = name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) ? name.text : ts.isConstructorDeclaration(fn) ? 'constructor' : '';
      key = `${this.file}#${[this.scopes.ownerPath(fn), own].filter(Boolean).join('.')}`;
      this.functionKeys.set(fn, key);
    }
    return key;
  }

  evaluate(expr: ts.Expression): Value[] {
    const hit = this.memo.get(expr);
    if (hit) return hit;
    if (this.inProgress.has(expr)) return [[this.hole(expr)]];
    this.inProgress.add(expr);
    let out: Value[];
    try {
      out = this.evaluateUncached(expr);
    } finally {
      this.inProgress.delete(expr);
    }
    if (out.length > MAX_ALTS) out = [[this.hole(expr)]];
    this.memo.set(expr, out);
    return out;
  }

  private evaluateUncached(expr: ts.Expression): Value[] {
    const e = skipOuter(expr);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [[{ kind: 'lit', site: this.site(e) }]];
    if (ts.isTemplateExpression(e)) {
      let acc: Value[] = [[{ kind: 'lit', site: this.site(e.head) }]];
      for (const span of e.templateSpans) {
        acc = product(acc, this.evaluate(span.expression));
        acc = product(acc, [[{ kind: 'lit', site: this.site(span.literal) }]]);
        if (acc.length > MAX_ALTS) return [[this.hole(expr)]];
      }
      return acc.map(dropEmpty);
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) return product(this.evaluate(e.left), this.evaluate(e.right)).map(dropEmpty);
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        const left = this.evaluate(e.left);
        const right = this.evaluate(e.right);
        const leftUnknown = left.length === 1 && left[0]!.length === 1 && left[0]![0]!.kind === 'hole';
        if (leftUnknown && right.some((v) => v.some((p) => p.kind === 'lit'))) {
          markFallback(right, e.left.getText(this.sf), this.constructorOptionRead(e.left));
          return right;
        }
        return [[this.hole(expr)]];
      }
      return [[this.hole(expr)]];
    }
    if (ts.isConditionalExpression(e)) return [...this.evaluate(e.whenTrue), ...this.evaluate(e.whenFalse)];
    if (ts.isIdentifier(e)) return this.evaluateIdentifier(e) ?? [[this.hole(expr)]];
    if (ts.isPropertyAccessExpression(e)) return this.evaluateProperty(e) ?? [[this.hole(expr)]];
    if (ts.isElementAccessExpression(e)) return this.evaluateElement(e) ?? [[this.hole(expr)]];
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL' && e.arguments && e.arguments.length >= 1) {
      const path = this.evaluate(e.arguments[0]!);
      if (e.arguments.length === 1) return path;
      const base = this.evaluate(e.arguments[1]!);
      const out: Value[] = [];
      for (const b of base) for (const p of path) {
        const j = join('url', b, p);
        if (!j) return [[this.hole(expr)]];
        out.push(j);
      }
      return out;
    }
    if (ts.isCallExpression(e) && isUrlJoinCall(e)) {
      // `url.resolve(base, path)`: `new URL(path, base)`.
      if ((skipOuter(e.expression) as ts.PropertyAccessExpression).name.text === 'resolve') {
        const out: Value[] = [];
        for (const b of this.evaluate(e.arguments[0]!)) for (const p of this.evaluate(e.arguments[1]!)) {
          const j = join('url', b, p);
          if (!j) return [[this.hole(expr)]];
          out.push(j);
        }
        return out;
      }
      // `path.posix.join('/v1/sessions', id)`: the pieces with one slash between them.
      const parts = e.arguments.map((a) => this.evaluate(a));
      if (parts.every((alts) => alts.length === 1)) return [joinSegments(parts.map((alts) => alts[0]!), this.file, `${this.file}#join@${e.getStart(this.sf)}`)];
    }
    // `(base ?? 'https://api.devin.ai/v1').replace(/\/+$/, '')`, `.trim()`: tidying that leaves a
    // base with no trailing slash or space as it is.
    if (ts.isCallExpression(e) && isTidying(e)) {
      const vals = this.evaluate((e.expression as ts.PropertyAccessExpression).expression);
      const untouched = vals.every((v) => {
        const last = v[v.length - 1];
        return last?.kind === 'lit' && !/[/\s]$/.test(last.site.text) && !/^\s/.test(v[0]!.kind === 'lit' ? v[0]!.site.text : '');
      });
      return untouched ? vals : [[this.hole(expr)]];
    }
    // `new URL(...).toString()` / `.href` are the URL itself.
    if (ts.isCallExpression(e) && e.arguments.length === 0 && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'toString') {
      const inner = skipOuter(e.expression.expression);
      if (ts.isNewExpression(inner)) return this.evaluate(inner);
    }
    return [[this.hole(expr)]];
  }

  private evaluateIdentifier(id: ts.Identifier): Value[] | undefined {
    const d = this.scopes.resolveName(id, id.text);
    if (!d) return undefined;
    if (d.kind === 'var') return this.evaluateDecl(d);
    if (d.kind === 'param' && d.node.initializer) {
      // `constructor(key, baseUrl = 'https://api.devin.ai/v1')`: the default, overridable by callers.
      const vals = this.evaluate(d.node.initializer);
      if (!holdsDevinBase(vals)) return undefined;
      markFallback(vals, `the ${id.text} argument`, this.constructorParam(d));
      return vals;
    }
    if (d.kind === 'import') {
      const f = this.resolveImport(d.specifier, d.imported);
      return f?.kind === 'value' ? f.alts : undefined;
    }
    if (d.kind === 'other') return this.destructuredDefault(id, d.node);
    return undefined;
  }

  /**
   * `baseUrl` bound by `{ baseUrl = BASE }` in a parameter or a declaration with a Devin base as
   * its default: that default, overridable like `options.baseUrl ?? BASE` (by the constructor
   * argument it is destructured from, when it is one).
   */
  private destructuredDefault(id: ts.Identifier, holder: ts.Node): Value[] | undefined {
    if (!(ts.isParameter(holder) || ts.isVariableDeclaration(holder)) || !ts.isObjectBindingPattern(holder.name)) return undefined;
    const el = holder.name.elements.find((e) => !e.dotDotDotToken && ts.isIdentifier(e.name) && e.name.text === id.text);
    if (!el?.initializer) return undefined;
    const key = el.propertyName ?? el.name;
    const prop = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
    if (prop === undefined) return undefined;
    const vals = this.evaluate(el.initializer);
    if (!holdsDevinBase(vals)) return undefined;
    if (ts.isParameter(holder)) {
      const fn = holder.parent;
      const override = ts.isConstructorDeclaration(fn) ? { fnKey: this.functionKey(fn), index: fn.parameters.indexOf(holder), prop } : undefined;
      markFallback(vals, `the ${prop} option`, override);
    } else {
      // `const { baseUrl = BASE } = options`: `options.baseUrl`, with `options` maybe a constructor's argument.
      const from = holder.initializer && skipOuter(holder.initializer);
      if (!from || !ts.isIdentifier(from)) return undefined;
      const d = this.scopes.resolveName(from, from.text);
      const param = d?.kind === 'param' ? this.constructorParam(d) : undefined;
      markFallback(vals, `${from.text}.${prop}`, param && { ...param, prop });
    }
    return vals;
  }

  /** A constructor's parameter, as the option a value given to `new` for it replaces the default of. */
  private constructorParam(d: Extract<Decl, { kind: 'param' }>): ConstructorOption | undefined {
    return ts.isConstructorDeclaration(d.fn) ? { fnKey: this.functionKey(d.fn), index: d.index } : undefined;
  }

  /** `options.baseUrl` or `baseUrl` read from a constructor's parameter (the left of `?? '…'`). */
  private constructorOptionRead(left: ts.Expression): ConstructorOption | undefined {
    const e = skipOuter(left);
    const holder = ts.isPropertyAccessExpression(e) ? skipOuter(e.expression) : e;
    const d = ts.isIdentifier(holder) ? this.scopes.resolveName(holder, holder.text) : undefined;
    const param = d?.kind === 'param' ? this.constructorParam(d) : undefined;
    if (!param) return undefined;
    return ts.isPropertyAccessExpression(e) ? { ...param, prop: e.name.text } : param;
  }

  evaluateDecl(d: Extract<Decl, { kind: 'var' }>): Value[] | undefined {
    if (!d.node.initializer || (!d.isConst && this.bindings.isReassigned(d.node))) return undefined;
    const init = skipOuter(d.node.initializer);
    if (ts.isObjectLiteralExpression(init) || (ts.isCallExpression(init) && !isTidying(init)) || ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return undefined;
    return this.evaluate(d.node.initializer);
  }

  /** The object literal an expression names (`config`, `config.api`), if any. */
  objectLiteralOf(expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
    const e = skipOuter(expr);
    if (ts.isObjectLiteralExpression(e)) return e;
    if (ts.isIdentifier(e)) {
      const d = this.scopes.resolveName(e, e.text);
      if (d?.kind === 'var' && d.isConst && d.node.initializer) {
        const init = skipOuter(d.node.initializer);
        return ts.isObjectLiteralExpression(init) ? init : undefined;
      }
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const obj = this.objectLiteralOf(e.expression);
      const prop = obj && propertyInitializer(obj, e.name.text);
      return prop ? this.objectLiteralOf(prop) : undefined;
    }
    return undefined;
  }

  /** A foreign fact for `ns.X`, `imported.prop`. */
  foreignFactOf(expr: ts.Expression): Fact | undefined {
    const e = skipOuter(expr);
    if (ts.isIdentifier(e)) {
      const d = this.scopes.resolveName(e, e.text);
      return d?.kind === 'import' ? this.resolveImport(d.specifier, d.imported) : undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const inner = skipOuter(e.expression);
      if (ts.isIdentifier(inner)) {
        const d = this.scopes.resolveName(inner, inner.text);
        if (d?.kind === 'import' && d.imported === '*') return this.resolveImport(d.specifier, e.name.text);
      }
      const base = this.foreignFactOf(e.expression);
      return base?.kind === 'object' ? base.props[e.name.text] : undefined;
    }
    return undefined;
  }

  private evaluateProperty(e: ts.PropertyAccessExpression): Value[] | undefined {
    if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const init = this.memberInitializer(e);
      return init ? this.evaluate(init) : undefined;
    }
    const target = skipOuter(e.expression);
    if (ts.isIdentifier(target)) {
      // `DevinApi.BASE`: a static property of a class in this file.
      const d = this.scopes.resolveName(target, target.text);
      if (d?.kind === 'class') {
        const m = d.node.members.find((x) => ts.isPropertyDeclaration(x) && x.name && ts.isIdentifier(x.name) && x.name.text === e.name.text) as ts.PropertyDeclaration | undefined;
        return m?.initializer ? this.evaluate(m.initializer) : undefined;
      }
    }
    const obj = this.objectLiteralOf(e.expression);
    if (obj) {
      const init = propertyInitializer(obj, e.name.text);
      return init ? this.evaluate(init) : undefined;
    }
    const f = this.foreignFactOf(e);
    return f?.kind === 'value' ? f.alts : undefined;
  }

  /**
   * `BASES['accounts']` is that entry, like `BASES.accounts`. `BASES[service]` is a hole that says
   * which bases it picks between, when one of them is another host's (a request built on it may
   * not go to Devin); otherwise an ordinary hole.
   */
  private evaluateElement(e: ts.ElementAccessExpression): Value[] | undefined {
    const obj = this.objectLiteralOf(e.expression);
    if (!obj) return undefined;
    const key = skipOuter(e.argumentExpression);
    if (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) {
      const init = propertyInitializer(obj, key.text);
      return init ? this.evaluate(init) : undefined;
    }
    const entries: Record<string, Value[]> = {};
    let otherHost: string | undefined;
    let devin = false;
    for (const p of obj.properties) {
      const name = ts.isPropertyAssignment(p) ? entryKey(p.name) : undefined;
      if (name === undefined) continue;
      const values = this.evaluate((p as ts.PropertyAssignment).initializer);
      entries[name] = values;
      for (const v of values) {
        const first = v[0];
        const host = first?.kind === 'lit' ? hostOf(first.site.text) : undefined;
        if (host !== undefined && !isDevinApiHost(host)) otherHost ??= host;
        if (host !== undefined && isDevinApiHost(host)) devin = true;
      }
    }
    if (otherHost === undefined) return undefined;
    const part = this.hole(e) as Extract<Part, { kind: 'hole' }>;
    const choice: HostChoice = { otherHost, devin, entries };
    if (ts.isIdentifier(key)) {
      const d = this.scopes.resolveName(key, key.text);
      if (d?.kind === 'param') choice.key = { fnKey: this.functionKey(d.fn), index: d.index };
    }
    return [[{ ...part, choice }]];
  }

  /** What `this.name` is set to: a property initializer, a parameter property default, one constructor assignment. */
  memberInitializer(e: ts.PropertyAccessExpression): ts.Expression | undefined {
    const assigned = memberAssignments(e);
    // A parameter property's default is only what the constructor is given when nothing is passed.
    for (const { value, param } of assigned) {
      if (!param) continue;
      const p = value.parent as ts.ParameterDeclaration;
      const ctor = p.parent as ts.ConstructorDeclaration;
      markFallback(this.evaluate(value), `the ${param} constructor argument`, { fnKey: this.functionKey(ctor), index: ctor.parameters.indexOf(p) });
    }
    return assigned.length === 1 ? assigned[0]!.value : undefined;
  }
}

interface MemberAssignment {
  value: ts.Expression;
  /** Set when the value is a parameter property's default (the name of that parameter). */
  param?: string;
}

/**
 * Every value `this.name` is given in its class: a property initializer, a parameter property
 * default, a constructor assignment. One value is what the member holds; several, it may hold any.
 */
export function memberAssignments(e: ts.PropertyAccessExpression): MemberAssignment[] {
  const cls = enclosingClass(e);
  if (!cls) return [];
  const name = e.name.text;
  const assigned: MemberAssignment[] = [];
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && m.name && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) && m.name.text === name && m.initializer) assigned.push({ value: m.initializer });
    if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) {
        if (ts.isIdentifier(p.name) && p.name.text === name && p.initializer && ts.getModifiers(p)?.length) assigned.push({ value: p.initializer, param: name });
      }
      for (const st of m.body?.statements ?? []) {
        if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const left = st.expression.left;
          if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name) assigned.push({ value: st.expression.right });
        }
      }
    }
  }
  return assigned;
}

/**
 * The environment variable an expression reads: `process.env.X` (also `process.env['X']`),
 * `import.meta.env.X`, `Bun.env.X`, `Deno.env.get('X')`.
 */
export function envName(expr: ts.Expression): string | undefined {
  const e = skipOuter(expr);
  const isEnv = (o: ts.Expression): boolean => {
    const x = skipOuter(o);
    return ts.isPropertyAccessExpression(x) && x.name.text === 'env';
  };
  if (ts.isPropertyAccessExpression(e) && isEnv(e.expression)) return e.name.text;
  if (ts.isElementAccessExpression(e) && isEnv(e.expression) && ts.isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  if (ts.isCallExpression(e) && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0]!)) {
    const callee = skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && isEnv(callee.expression)) return e.arguments[0].text;
  }
  return undefined;
}

export function propertyInitializer(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && entryKey(p.name) === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** Some alternative of the value is built on a literal Devin base (a default worth following). */
function holdsDevinBase(vals: readonly Value[]): boolean {
  return vals.some((v) => v.some((p) => p.kind === 'lit' && DEVIN_BASE_RE.test(p.site.text)));
}

/**
 * The first literal of each value is a default that `by` replaces where it is set (`env ||
 * '…'`, `options.baseUrl ?? '…'`): said in the marker its new text gets, and with `override`, which
 * constructor argument replaces it.
 */
function markFallback(vals: readonly Value[], by: string, override?: ConstructorOption): void {
  for (const v of vals) {
    const first = v.find((x) => x.kind === 'lit');
    if (!first || first.kind !== 'lit' || first.site.fallback !== undefined) continue;
    first.site.fallback = by;
    if (override) first.site.override = override;
  }
}

export function product(a: Value[], b: Value[]): Value[] {
  const out: Value[] = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return out;
}

/** `v` without its empty literal pieces; `v` itself when it has none (every caller passes a value it has just built). */
function dropEmpty(v: Value): Value {
  const isEmpty = (p: Part): boolean => p.kind === 'lit' && p.site.text === '';
  return v.some(isEmpty) ? v.filter((p) => !isEmpty(p)) : v;
}

const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

function firstLit(v: Value): string | undefined {
  const p = v[0];
  return p && p.kind === 'lit' ? p.site.text : undefined;
}

function lastLit(v: Value): string | undefined {
  const p = v[v.length - 1];
  return p && p.kind === 'lit' ? p.site.text : undefined;
}

function virtual(key: string, file: string, text: string): Part {
  return { kind: 'lit', site: { key, file, text, form: 'virtual' } };
}

/**
 * Join a base and a path the way the call does: `concat` (template, `+`), `url`
 * (`new URL(path, base)`), `axios` (baseURL + url with one slash). Null when the result
 * cannot be known from the shapes (the caller treats the expression as unknown).
 */
/** `path.join` of the pieces: one slash between two (a virtual one where neither has it). */
function joinSegments(segments: Value[], file: string, key: string): Value {
  const out: Value = [];
  segments.forEach((seg, i) => {
    if (i > 0) {
      const before = lastLit(out);
      const after = firstLit(seg);
      if (!(before?.endsWith('/') || after?.startsWith('/'))) out.push(virtual(`${key}#join-${i}`, file, '/'));
    }
    out.push(...seg);
  });
  return out;
}

export function join(mode: JoinMode, base: Value, path: Value): Value | null {
  if (mode === 'concat') return [...base, ...path];
  const p0 = firstLit(path);
  if (p0 !== undefined && SCHEME_RE.test(p0)) return path;
  if (mode === 'url') {
    if (p0 !== undefined && p0.startsWith('/') && !p0.startsWith('//')) {
      const b0 = base[0];
      if (b0?.kind === 'hole') return [b0, ...path];
      const origin = b0?.kind === 'lit' ? SCHEME_RE.exec(b0.site.text)?.[0] : undefined;
      if (!origin || !b0 || b0.kind !== 'lit') return null;
      return [virtual(`${b0.site.key}#origin`, b0.site.file, origin), ...path];
    }
    const bl = lastLit(base);
    if (p0 !== undefined && bl !== undefined && bl.endsWith('/')) return [...base, ...path];
    // An unknown path under a base ending in `/`: taken as relative to it, so the base is seen in use.
    if (p0 === undefined && path[0]?.kind === 'hole' && bl?.endsWith('/') && base[base.length - 1]?.kind === 'lit') return [...base, ...path];
    return null;
  }
  // axios: exactly one slash between baseURL and url.
  const bl = lastLit(base);
  const baseLast = base[base.length - 1];
  if (p0 === undefined) return null;
  if (bl === undefined) {
    if (baseLast?.kind !== 'hole') return null;
    if (p0.startsWith('/')) return [...base, ...path];
    // `…/organizations/${org}` + `sessions`: the slash the client puts between them.
    const lit = [...base].reverse().find((p): p is Extract<Part, { kind: 'lit' }> => p.kind === 'lit');
    return lit ? [...base, virtual(`${lit.site.key}#slash-after-hole`, lit.site.file, '/'), ...path] : null;
  }
  const bs = bl.endsWith('/');
  const ps = p0.startsWith('/');
  if (bs && ps) return null;
  if (bs || ps) return [...base, ...path];
  const b = base[base.length - 1] as Extract<Part, { kind: 'lit' }>;
  return [...base, virtual(`${b.site.key}#slash`, b.site.file, '/'), ...path];
}
