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

const NAME_BEFORE_PLUS = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\+\s*$/;
const PLUS = /^\s*\+\s*/;
const OPERAND = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(\((?:[^()\n]|\([^()\n]*\))*\))?/;

/** String literals of JS or Python, with `NAME + '…' + x + '…'` chains folded into one expression. */
export function codeExpressions(text: string, lang: 'js' | 'json' | 'python', from = 0, to = text.length): StringExpr[] {
  const tokens: StringToken[] = lang === 'python' ? lexPython(text, from, to) : lexJs(text, from, to);
  if (lang === 'json') {
    return tokens.flatMap((t) => {
      const first = t.parts[0];
      if (first?.kind === 'text' && !/^\s*https?:/.test(first.text) && first.text.includes('://')) return urlsIn(text, lang, t.start, t.end);
      return [{ start: t.start, end: t.end, parts: t.parts, lang }];
    });
  }
  const byStart = new Map(tokens.map((t) => [t.start, t]));
  const consumed = new Set<StringToken>();
  const out: StringExpr[] = [];
  for (const tok of tokens) {
    // A URL inside a longer string (`"curl https://…"` in package.json scripts).
    const first = tok.parts[0];
    if (!(first?.kind === 'text' && /^\s*https?:/.test(first.text)) && text.slice(tok.start, tok.end).includes('://')) {
      out.push(...urlsIn(text, lang, tok.start, tok.end));
    }
    if (consumed.has(tok)) continue;
    let start = tok.start;
    const parts: Part[] = [];
    const before = text.slice(Math.max(from, tok.start - 120), tok.start);
    const left = NAME_BEFORE_PLUS.exec(before);
    if (left) {
      start = tok.start - left[0].length;
      parts.push({ kind: 'ref', name: left[1]!, source: left[1]! });
    }
    parts.push(...tok.parts);
    let pos = tok.end;
    for (;;) {
      const plus = PLUS.exec(text.slice(pos, pos + 40));
      if (!plus) break;
      const at = pos + plus[0].length;
      const next = byStart.get(at);
      if (next) {
        consumed.add(next);
        parts.push(...next.parts);
        pos = next.end;
        continue;
      }
      const op = OPERAND.exec(text.slice(at, at + 200));
      if (!op) break;
      parts.push(op[1] ? { kind: 'hole', source: op[0] } : { kind: 'ref', name: op[0], source: op[0] });
      pos = at + op[0].length;
    }
    out.push({ start, end: pos, parts, lang });
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
