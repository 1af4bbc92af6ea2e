// A small Python lexer that finds string literals (any prefix, triple quotes, f-string `{…}`
// parts) and skips comments.
import { interpolation, type Part, type StringToken } from './string-token.js';

const PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

function isIdentPart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 48 && c <= 57) || c > 127;
}

const INTERESTING = /[#'"]/g;

export function lexPython(text: string, from = 0, to = text.length): StringToken[] {
  const out: StringToken[] = [];
  const re = new RegExp(INTERESTING.source, 'g');
  let i = from;
  while (i < to) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m === null || m.index >= to) break;
    const j = m.index;
    if (text.charCodeAt(j) === 35 /* # */) {
      const e = text.indexOf('\n', j);
      i = e === -1 || e > to ? to : e;
      continue;
    }
    // A prefix (`f`, `rb`, …) right before the quote, itself not the tail of a longer name.
    let p = j;
    while (p > from && j - p < 2 && /[rRbBuUfF]/.test(text[p - 1]!)) p--;
    while (p < j && (p > from && isIdentPart(text.charCodeAt(p - 1)))) p++;
    const prefix = text.slice(p, j);
    const tok = readString(text, PREFIX.test(prefix) ? p : j, j, PREFIX.test(prefix) ? prefix.toLowerCase() : '', to);
    out.push(tok);
    i = tok.end;
  }
  return out;
}

function readString(text: string, start: number, quoteAt: number, prefix: string, to: number): StringToken {
  const q = text[quoteAt]!;
  const triple = text.startsWith(q.repeat(3), quoteAt);
  const close = triple ? q.repeat(3) : q;
  const raw = prefix.includes('r');
  const fmt = prefix.includes('f');
  const parts: Part[] = [];
  let buf = '';
  let j = quoteAt + close.length;
  while (j < to) {
    const ch = text[j]!;
    if (ch === '\\' && !raw) {
      const n = text[j + 1] ?? '';
      buf += n === 'n' || n === 't' || n === 'r' ? ' ' : n;
      j += 2;
      continue;
    }
    if (text.startsWith(close, j)) {
      j += close.length;
      break;
    }
    if (ch === '\n' && !triple) break;
    if (fmt && ch === '{') {
      if (text[j + 1] === '{') {
        buf += '{';
        j += 2;
        continue;
      }
      const e = closeOfField(text, j, to);
      if (buf) parts.push({ kind: 'text', text: buf });
      buf = '';
      // `{name!r}` and `{name:>10}` are still the name.
      const expr = text.slice(j + 1, e).split(/![rsa]$|:(?![^[]*\])/)[0]!;
      parts.push(interpolation(expr, text.slice(j, e + 1)));
      j = e + 1;
      continue;
    }
    if (fmt && ch === '}' && text[j + 1] === '}') {
      buf += '}';
      j += 2;
      continue;
    }
    buf += ch;
    j++;
  }
  if (buf || parts.length === 0) parts.push({ kind: 'text', text: buf });
  return { start, end: Math.min(j, to), parts };
}

function closeOfField(text: string, open: number, to: number): number {
  let depth = 0;
  for (let j = open; j < to; j++) {
    const ch = text[j]!;
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return j;
    } else if (ch === '\n') return j - 1;
  }
  return to - 1;
}
