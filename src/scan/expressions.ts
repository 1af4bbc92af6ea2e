// From source text to string expressions: literals joined by `+` to names and other literals
// (JS, Python), and URLs and `$VAR/path` words in shell-like text (shell, YAML, Dockerfile,
// .env, config). The values are resolved later, against the names the file and project bind.
import { lexJs } from './lex-js.js';
import { lexPython } from './lex-python.js';
import { isShellLike, type Lang } from './languages.js';
import type { Part, StringToken } from './string-token.js';

export interface StringExpr {
  start: number;
  end: number;
  parts: Part[];
  lang: Lang;
}

const OPERAND = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(\((?:[^()\n]|\([^()\n]*\))*\))?/;

function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 46;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** `NAME +` right before `at` (hand-rolled: a `$`-anchored regex here was the scanner's hot spot). */
function nameBeforePlus(text: string, at: number, from: number): { name: string; start: number } | null {
  let i = at - 1;
  while (i >= from && isSpace(text.charCodeAt(i))) i--;
  if (i < from || text.charCodeAt(i) !== 43 /* + */ || text.charCodeAt(i - 1) === 43) return null;
  i--;
  while (i >= from && isSpace(text.charCodeAt(i))) i--;
  const end = i + 1;
  while (i >= from && isNameChar(text.charCodeAt(i))) i--;
  const name = text.slice(i + 1, end);
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(name)) return null;
  return { name, start: i + 1 };
}

/** Offset after `+` and spaces following `pos`, or -1. */
function plusAfter(text: string, pos: number, to: number): number {
  let i = pos;
  while (i < to && isSpace(text.charCodeAt(i))) i++;
  if (i >= to || text.charCodeAt(i) !== 43 || text.charCodeAt(i + 1) === 43 || text.charCodeAt(i + 1) === 61) return -1;
  i++;
  while (i < to && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Worth resolving: some literal text with a `/` in it (a URL or path), or literal text joined
 * to a name (`BASE + 'sessions'`). Everything else (`'utf8'`, `'./x'` without a name…) is not.
 */
function mayBePath(parts: readonly Part[]): boolean {
  let text = false;
  let ref = false;
  for (const p of parts) {
    if (p.kind === 'text') {
      if (p.text.includes('/')) return true;
      if (p.text) text = true;
    } else if (p.kind === 'ref') ref = true;
  }
  return text && ref;
}

/** String literals of JS or Python, with `NAME + '…' + x + '…'` chains folded into one expression. */
export function codeExpressions(text: string, lang: 'js' | 'json' | 'python', from = 0, to = text.length): StringExpr[] {
  const tokens: StringToken[] = lang === 'python' ? lexPython(text, from, to) : lexJs(text, from, to);
  const out: StringExpr[] = [];
  const embedded = (t: StringToken) => {
    // A URL inside a longer string (`"curl https://…"` in package.json scripts).
    const first = t.parts[0];
    const u = text.indexOf('://', t.start);
    if (u === -1 || u >= t.end) return false;
    if (first?.kind === 'text' && /^\s*https?:/.test(first.text)) return false;
    out.push(...urlsIn(text, lang, t.start, t.end));
    return true;
  };
  if (lang === 'json') {
    for (const t of tokens) {
      if (!embedded(t) && mayBePath(t.parts)) out.push({ start: t.start, end: t.end, parts: t.parts, lang });
    }
    return out;
  }
  const byStart = new Map<number, StringToken>();
  for (const t of tokens) byStart.set(t.start, t);
  const consumed = new Set<StringToken>();
  for (const tok of tokens) {
    embedded(tok);
    if (consumed.has(tok)) continue;
    let start = tok.start;
    const parts: Part[] = [];
    const left = nameBeforePlus(text, tok.start, Math.max(from, tok.start - 120));
    if (left) {
      start = left.start;
      parts.push({ kind: 'ref', name: left.name, source: left.name });
    }
    for (const p of tok.parts) parts.push(p);
    let pos = tok.end;
    for (;;) {
      const at = plusAfter(text, pos, to);
      if (at === -1) break;
      const next = byStart.get(at);
      if (next) {
        consumed.add(next);
        for (const p of next.parts) parts.push(p);
        pos = next.end;
        continue;
      }
      const op = OPERAND.exec(text.slice(at, Math.min(to, at + 200)));
      if (!op) break;
      parts.push(op[1] ? { kind: 'hole', source: op[0] } : { kind: 'ref', name: op[0], source: op[0] });
      pos = at + op[0].length;
    }
    if (mayBePath(parts)) out.push({ start, end: pos, parts, lang });
  }
  return out.sort((a, b) => a.start - b.start);
}

// Characters of a URL or path in shell-like text; `${…}` and `${{ … }}` count as one unit.
const PATH_UNIT = String.raw`(?:\$\{\{[^}\n]*\}\}|\$\{[^}\s]*\}|[A-Za-z0-9._~%!$&*+=:@/?#-])`;
const URL_IN_TEXT = new RegExp(String.raw`https?://[A-Za-z0-9.-]+(?::\d+)?(?:/${PATH_UNIT}*)?`, 'g');
const REF_PATH = new RegExp(
  String.raw`(\$\{\{\s*([\w.-]+)\s*\}\}|\$\{([A-Za-z_]\w*)(?::?[-=][^}]*)?\}|\$([A-Za-z_]\w*))(/${PATH_UNIT}*)`,
  'g',
);
const VERSIONED_PATH = new RegExp(String.raw`(?<=^|[\s'"=:(,\[>])/(?:api/)?(?:beta/)?v[12](?:/${PATH_UNIT}*)?(?=$|[\s'"),\]<;|])`, 'gm');
const SHELL_HOLE = /\$\{\{[^}\n]*\}\}|\$\{[^}\s]*\}|\$[A-Za-z_]\w*/g;

/** Split shell-like text into literal text and `$VAR` holes. */
function shellParts(text: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(SHELL_HOLE)) {
    if (m.index! > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push({ kind: 'hole', source: m[0] });
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

function urlsIn(text: string, lang: Lang, from: number, to: number): StringExpr[] {
  const out: StringExpr[] = [];
  for (const m of text.slice(from, to).matchAll(URL_IN_TEXT)) {
    const start = from + m.index!;
    out.push({ start, end: start + m[0].length, parts: shellParts(m[0]), lang });
  }
  return out;
}

/** URLs, `$BASE/path` words and `/v1/…` paths in shell-like text. */
export function shellExpressions(text: string, lang: Lang, from = 0, to = text.length): StringExpr[] {
  const seg = text.slice(from, to);
  const out: StringExpr[] = [];
  const taken = new Set<number>();
  for (const m of seg.matchAll(URL_IN_TEXT)) {
    const start = from + m.index!;
    taken.add(start);
    out.push({ start, end: start + m[0].length, parts: shellParts(m[0]), lang });
  }
  for (const m of seg.matchAll(REF_PATH)) {
    const start = from + m.index!;
    const name = m[2] ? m[2].split('.').pop()! : (m[3] ?? m[4])!;
    out.push({
      start,
      end: start + m[0].length,
      parts: [{ kind: 'ref', name, source: m[1]! }, ...shellParts(m[5]!)],
      lang,
    });
  }
  for (const m of seg.matchAll(VERSIONED_PATH)) {
    const start = from + m.index!;
    // Part of a URL or a `$BASE/…` word found above.
    if (out.some((e) => e.start < start && e.end >= start + m[0].length)) continue;
    out.push({ start, end: start + m[0].length, parts: shellParts(m[0]), lang });
  }
  return out.sort((a, b) => a.start - b.start);
}

export function expressionsOf(text: string, lang: Lang, from = 0, to = text.length): StringExpr[] {
  if (lang === 'js' || lang === 'json' || lang === 'python') return codeExpressions(text, lang, from, to);
  if (isShellLike(lang)) return shellExpressions(text, lang, from, to);
  return [];
}
