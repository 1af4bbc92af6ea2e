// A small JavaScript/TypeScript/JSON lexer that finds string literals and template literals
// (with their `${…}` parts) and skips comments and regex literals. It does not parse: it only
// needs to know where strings are, fast, and to survive code it does not understand.
import { interpolation, type Part, type StringToken } from './string-token.js';

const REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof',
]);
const REGEX_AFTER_PUNCT = '(,=:[!&|?{};+-*%<>~^';

function isIdentPart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127 || (c >= 48 && c <= 57);
}

function unescapeChar(ch: string): string {
  return ch === 'n' || ch === 't' || ch === 'r' ? ' ' : ch;
}

// Jump from one interesting character to the next instead of walking every character.
const INTERESTING = /['"`/]/g;

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Whether a `/` at `at` starts a regex literal, judged by what precedes it. */
function regexAllowedAt(text: string, at: number, from: number): boolean {
  let k = at - 1;
  while (k >= from && isSpaceCode(text.charCodeAt(k))) k--;
  if (k < from) return true;
  const c = text.charCodeAt(k);
  if (c >= 48 && c <= 57) return false; // `10 / 2`
  if (isIdentPart(c)) {
    let b = k;
    while (b > from && isIdentPart(text.charCodeAt(b - 1))) b--;
    return REGEX_AFTER_WORD.has(text.slice(b, k + 1));
  }
  return REGEX_AFTER_PUNCT.includes(text[k]!);
}

export function lexJs(text: string, from = 0, to = text.length): StringToken[] {
  const out: StringToken[] = [];
  const re = new RegExp(INTERESTING.source, 'g');
  let i = from;
  while (i < to) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m === null || m.index >= to) break;
    const j = m.index;
    const c = text.charCodeAt(j);
    if (c === 47 /* / */) {
      const n = text.charCodeAt(j + 1);
      if (n === 47) {
        const e = text.indexOf('\n', j);
        i = e === -1 || e > to ? to : e;
        continue;
      }
      if (n === 42) {
        const e = text.indexOf('*/', j + 2);
        i = e === -1 || e + 2 > to ? to : e + 2;
        continue;
      }
      if (regexAllowedAt(text, j, from)) {
        const e = skipRegex(text, j, to);
        if (e !== -1) {
          i = e;
          continue;
        }
      }
      i = j + 1;
      continue;
    }
    const tok = c === 96 ? readTemplate(text, j, to) : readQuoted(text, j, to);
    out.push(tok);
    i = tok.end;
  }
  return out;
}

/** End offset of a regex literal starting at `i`, or -1 when this is not one (no closing `/` on the line). */
function skipRegex(text: string, i: number, to: number): number {
  let j = i + 1;
  let inClass = false;
  while (j < to) {
    const ch = text[j]!;
    if (ch === '\n') return -1;
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) {
      j++;
      while (j < to && isIdentPart(text.charCodeAt(j))) j++;
      return j;
    }
    j++;
  }
  return -1;
}

function readQuoted(text: string, i: number, to: number): StringToken {
  const q = text[i]!;
  let j = i + 1;
  let buf = '';
  while (j < to) {
    const ch = text[j]!;
    if (ch === '\\') {
      buf += unescapeChar(text[j + 1] ?? '');
      j += 2;
      continue;
    }
    if (ch === q) {
      j++;
      break;
    }
    if (ch === '\n') break; // unterminated: stop at the line end
    buf += ch;
    j++;
  }
  return { start: i, end: Math.min(j, to), parts: [{ kind: 'text', text: buf }] };
}

function readTemplate(text: string, i: number, to: number): StringToken {
  const parts: Part[] = [];
  let j = i + 1;
  let buf = '';
  while (j < to) {
    const ch = text[j]!;
    if (ch === '\\') {
      buf += unescapeChar(text[j + 1] ?? '');
      j += 2;
      continue;
    }
    if (ch === '`') {
      j++;
      break;
    }
    if (ch === '$' && text[j + 1] === '{') {
      const close = matchBrace(text, j + 1, to);
      if (buf) parts.push({ kind: 'text', text: buf });
      buf = '';
      const expr = text.slice(j + 2, close);
      parts.push(interpolation(expr, text.slice(j, close + 1)));
      j = close + 1;
      continue;
    }
    buf += ch;
    j++;
  }
  if (buf) parts.push({ kind: 'text', text: buf });
  return { start: i, end: Math.min(j, to), parts };
}

/** Offset of the `}` closing the `{` at `open`, skipping nested braces and strings. */
function matchBrace(text: string, open: number, to: number): number {
  let depth = 0;
  let j = open;
  while (j < to) {
    const ch = text[j]!;
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return j;
    } else if (ch === '"' || ch === "'") {
      const e = text.indexOf(ch, j + 1);
      if (e === -1) return to - 1;
      j = e;
    } else if (ch === '`') {
      j = readTemplate(text, j, to).end - 1;
    }
    j++;
  }
  return to - 1;
}
