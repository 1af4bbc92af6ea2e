// The symbolic model of a URL as code builds it: a sequence of literal pieces (each a "site":
// one string literal or one template piece somewhere in the project) and holes (expressions
// whose value is unknown: ids, env lookups, parameters). A rewrite chooses new text for sites;
// holes are never touched.

/** One literal piece of source text that contributes to URLs. */
export interface Site {
  /** Stable across runs and across the keys transform: file, owner, raw text, occurrence. */
  key: string;
  file: string;
  /** The piece's value (raw and cooked are equal for editable sites). */
  text: string;
  /**
   * How the piece is written: `string` (quoted literal, becomes a template literal when it must
   * hold an org-id expression), `template` (a template piece), `virtual` (not in the source, e.g.
   * the `/` axios inserts between baseURL and path; never edited), `jsx` (an attribute string,
   * braced when it must hold an expression), `frozen` (escapes, tagged templates).
   */
  form: 'string' | 'template' | 'jsx' | 'virtual' | 'frozen';
  /** Set when this piece is the fallback of an overridable value (`process.env.X || '…'`). */
  fallback?: string;
  /**
   * Set when the fallback is a constructor's default for one of its arguments (`options.baseUrl ??
   * '…'`, `baseUrl = '…'`): which one, so a value given there (`new DevinClient({ baseUrl })`) is
   * read as the base of the class's URLs.
   */
  override?: ConstructorOption;
  /**
   * Set on a value given for such an argument: it stands where the fallback does, so like it it
   * cannot hold the org id (the class's paths hold it).
   */
  replacesFallback?: boolean;
  /** The initializer of an enum member: it must stay a constant string, so it cannot hold the org id. */
  constant?: boolean;
  /** Name of the binding the piece belongs to (for messages), e.g. `DEVIN_API_BASE`. */
  owner?: string;
  /** Positions in the current text (local sites only). */
  loc?: SiteLoc;
}

export interface SiteLoc {
  /** Content range (between the quotes or template delimiters). */
  start: number;
  end: number;
  /** Whole literal node range (string form: replaced entirely when it becomes a template). */
  nodeStart: number;
  nodeEnd: number;
  /** Start of the statement the piece is in (where a marker about it goes). */
  anchor: number;
}

export type Part =
  | { kind: 'lit'; site: Site }
  | {
      kind: 'hole';
      /** Source text of the expression (for messages and the devin- prefix check). */
      text: string;
      /** When the hole is a parameter of the enclosing function (wrapper detection). */
      param?: { fnKey: string; index: number };
      /** The expression strips the `devin-` prefix of a session id. */
      stripsDevinPrefix?: boolean;
      /** The expression reads this environment variable (`process.env.ACCOUNTS_URL`). */
      env?: string;
      /** A base picked at run time out of a map that holds another host's base (`BASES[service]`). */
      choice?: HostChoice;
    };

/**
 * What `BASES[service]` may be, for `const BASES = { devin: 'https://api.devin.ai', accounts:
 * 'https://accounts.acme.dev' }`: a request built on it may go to Devin or to another host.
 */
export interface HostChoice {
  /** The first other host the map holds (for messages). */
  otherHost: string;
  /** The map also holds a Devin base. */
  devin: boolean;
  /** The key is this parameter of the enclosing function: its callers name the base. */
  key?: { fnKey: string; index: number };
  /** Each entry's values, by key. */
  entries: Record<string, Value[]>;
}

/** One way an expression can evaluate (a conditional gives several). */
export type Value = Part[];

export type JoinMode = 'concat' | 'url' | 'axios';

/** The methods a `Leaf.method` (or a wrapper's) names: one, or those a condition picks from. */
export function methodsOf(method: string): string[] {
  return method.split('|');
}

export interface WrapperTemplate {
  paramIndex: number;
  mode: JoinMode;
  prefix: Value;
  suffix: Value;
  /** HTTP method fixed inside the wrapper, when literal. */
  method: string | null;
}

/** An argument of a class's constructor (the `index`th), or a property of it (`options.baseUrl`). */
export interface ConstructorOption {
  /** `Evaluator.functionKey` of the constructor. */
  fnKey: string;
  index: number;
  prop?: string;
}

/** The URLs a class builds on the default of a constructor argument, which a value given there replaces. */
export interface ClassBaseOption {
  index: number;
  prop?: string;
  /** The class's uses of that default, the default being their first part. */
  uses: Pick<Leaf, 'parts' | 'method' | 'opaque'>[];
}

/** What a binding exported by one module means to the URLs built in others. */
export type Fact =
  | { kind: 'value'; alts: Value[] }
  | { kind: 'instance'; base: Value[] }
  | { kind: 'wrapper'; templates: WrapperTemplate[] }
  | { kind: 'object'; props: Record<string, Fact> }
  | { kind: 'class'; options: ClassBaseOption[] };

/** A use of a URL: the expression a request is made with (or the only trace of one). */
export interface Leaf {
  file: string;
  /** Discovery order within its file (stable across runs). */
  ordinal: number;
  parts: Value;
  /**
   * Upper-case HTTP method when the call site says so; the methods it picks from joined by `|`
   * when it says so by a condition (`method: id ? 'PUT' : 'POST'` is `PUT|POST`), see `methodsOf`.
   */
  method: string | null;
  /** The base passed on as a value (to code we cannot see): its sites must keep their text. */
  opaque?: boolean;
  /** A definition nobody references: its own value, used where we cannot see. */
  self?: boolean;
  /** The file mentions Devin: bare paths like `/v1/sessions` are taken as Devin paths. */
  devinContext: boolean;
  /** Marker anchor: position of the statement in the current text (local leaves only). */
  anchor?: number;
  /** Name of the base binding involved, for messages. */
  via?: string;
}

// Private-use characters stand for holes and the org id inside URL strings: they are not `/`,
// `?` or `#`, so catalogue templates match them as parameter values.
const HOLE_BASE = 0xe000;
export const ORG = '\uf000';

export function holeChar(i: number): string {
  return String.fromCharCode(HOLE_BASE + i);
}

export function isHoleChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code >= HOLE_BASE && code < HOLE_BASE + 0x1000;
}

/** The string holds a hole (what `[...s].some(isHoleChar)` says, without the array: holes and the org id are BMP characters, never a surrogate). */
export function hasHole(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isHoleChar(s[i]!)) return true;
  return false;
}

export function holeIndex(c: string): number {
  return c.charCodeAt(0) - HOLE_BASE;
}

/** The URL string of a value, holes as private-use characters; with each part's range. */
export function render(parts: Value): { text: string; ranges: [number, number][] } {
  let text = '';
  const ranges: [number, number][] = [];
  let h = 0;
  for (const p of parts) {
    const start = text.length;
    text += p.kind === 'lit' ? p.site.text : holeChar(h++);
    ranges.push([start, text.length]);
  }
  return { text, ranges };
}

/** render(parts).text, without building the ranges (most callers want the string only). */
export function renderText(parts: Value): string {
  let text = '';
  let h = 0;
  for (const p of parts) text += p.kind === 'lit' ? p.site.text : holeChar(h++);
  return text;
}

/** Show a URL string with holes as `{…}` and the org id as `{org_id}` (for messages). */
export function showUrl(s: string): string {
  let out = '';
  for (const c of s) out += c === ORG ? '{org_id}' : isHoleChar(c) ? '{…}' : c;
  return out;
}
