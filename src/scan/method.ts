// The HTTP method of a call, read from the code around the URL where that is cheap:
//   `axios.post(url`, `requests.delete(url`, `client.get(url`        (method call right before)
//   `request('POST', url`, `requests.request("PUT", url`             (method literal right before)
//   `axios({ method: 'post', url: … })`                               (method: before the url)
//   `fetch(url, { method: 'DELETE' })`; `fetch(url)` is a GET          (method: after, same statement)
//   `curl -X POST url`, `curl -d … url` (POST), `curl url` (GET)       (the whole command, with `\` continuations)
//   `http POST url` (httpie)
// Anything else is unknown (null), and the finding lists every candidate the path allows.
import type { Lang } from './languages.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

const CALL_BEFORE = /\.(get|post|put|patch|delete|del)\s*\(\s*(?:[rRbBuUfF]{1,2})?$/i;
const LITERAL_BEFORE = /['"](get|post|put|patch|delete)['"]\s*,\s*(?:url\s*=\s*)?(?:[rRbBuUfF]{1,2})?$/i;
const KEY_BEFORE = /\bmethod\s*[:=]\s*['"](\w+)['"]\s*,\s*(?:['"]?url['"]?\s*[:=]\s*)?(?:[rRbBuUfF]{1,2})?$/i;
const FETCH_BEFORE = /\bfetch\s*\(\s*$/;
const KEY_AFTER = /\bmethod\s*[:=]\s*['"](\w+)['"]/i;

function normalise(m: string | undefined): string | null {
  if (!m) return null;
  const u = m.toUpperCase() === 'DEL' ? 'DELETE' : m.toUpperCase();
  return METHODS.has(u) ? u : null;
}

/** The logical shell line around `offset`: its line plus backslash-continued neighbours. */
function commandAround(text: string, offset: number): string {
  let s = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  while (s >= 2 && /\\\r?$/.test(text.slice(text.lastIndexOf('\n', s - 2) + 1, s - 1))) {
    const prev = text.lastIndexOf('\n', s - 2) + 1;
    if (prev >= s) break;
    s = prev;
  }
  let e = text.indexOf('\n', offset);
  while (e !== -1 && /\\\r?$/.test(text.slice(text.lastIndexOf('\n', e - 1) + 1, e))) e = text.indexOf('\n', e + 1);
  // A command is short; a minified line is not worth reading whole for every URL on it.
  return text.slice(Math.max(s, offset - 2000), Math.min(e === -1 ? text.length : e, offset + 2000));
}

/**
 * The lines of a YAML folded or literal block scalar (`run: >-` / `run: |`) around `offset`,
 * joined: a folded `curl` spreads its flags over several lines without backslashes.
 */
function yamlBlockAround(text: string, offset: number): string | null {
  const lineStart = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  const indentOf = (s: string) => s.length - s.trimStart().length;
  const lineEnd = (from: number) => (text.indexOf('\n', from) === -1 ? text.length : text.indexOf('\n', from));
  const own = text.slice(lineStart, lineEnd(lineStart));
  const indent = indentOf(own);
  // Walk up to the line that opens the block.
  let s = lineStart;
  while (s > 0) {
    // s - 1 is the newline ending the previous line; find where that line starts.
    const prevStart = s >= 2 ? text.lastIndexOf('\n', s - 2) + 1 : 0;
    if (prevStart >= s) break;
    const prev = text.slice(prevStart, s - 1);
    if (prev.trim() !== '' && indentOf(prev) < indent) {
      if (!/:\s*>[-+]?\s*$/.test(prev)) return null;
      break;
    }
    s = prevStart;
  }
  if (s === 0) return null;
  let e = lineEnd(lineStart);
  while (e < text.length) {
    const nextEnd = lineEnd(e + 1);
    const next = text.slice(e + 1, nextEnd);
    if (next.trim() !== '' && indentOf(next) < indent) break;
    e = nextEnd;
  }
  return text.slice(Math.max(s, offset - 4000), Math.min(e, offset + 4000)).replace(/\s*\n\s*/g, ' ');
}

function shellMethod(text: string, start: number, lang: Lang): string | null {
  const lineStart = start > 0 ? text.lastIndexOf('\n', start - 1) + 1 : 0;
  // An HTTP request line (`GET https://…`, REST-client files, docs).
  const requestLine = /^\s*(GET|POST|PUT|PATCH|DELETE)\s+\S/.exec(text.slice(lineStart, start + 1));
  if (requestLine) return normalise(requestLine[1]);
  const cmd = (lang === 'yaml' ? yamlBlockAround(text, start) : null) ?? commandAround(text, start);
  const httpie = /\b(?:http|https|xh)\s+(GET|POST|PUT|PATCH|DELETE)\s/i.exec(cmd);
  if (httpie) return normalise(httpie[1]);
  if (!/\bcurl\b/.test(cmd)) return null;
  const x = /(?:^|\s)(?:-X\s*|--request[\s=]+)['"]?([A-Za-z]+)/.exec(cmd);
  if (x) return normalise(x[1]);
  if (/(?:^|\s)(?:-d|--data(?:-raw|-binary|-urlencode|-ascii)?|--json|-F|--form)(?:\s|=|$)/.test(cmd)) return 'POST';
  if (/(?:^|\s)(?:-I|--head)(?:\s|$)/.test(cmd)) return null;
  return 'GET';
}

/**
 * The rest of the call or statement after the URL: up to the `)` or `}` that closes the
 * enclosing call, a `;`, or a line break that does not continue an argument list.
 */
function statementAfter(text: string, end: number): string {
  let depth = 0;
  const limit = Math.min(text.length, end + 400);
  let i = end;
  for (; i < limit; i++) {
    const ch = text[i]!;
    if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') {
      if (depth === 0) break;
      depth--;
    } else if (ch === ';' && depth === 0) break;
    else if (ch === '\n' && depth === 0 && !/[,({[]\s*$/.test(text.slice(end, i))) break;
  }
  const after = text.slice(end, i);
  // Stop at the next call that could carry its own options.
  const next = after.search(/\b(?:fetch|axios|requests|request)\b\s*[.(]/);
  return next === -1 ? after : after.slice(0, next);
}

export function detectMethod(text: string, start: number, end: number, lang: Lang): string | null {
  const before = text.slice(Math.max(0, start - 160), start);
  const call = CALL_BEFORE.exec(before);
  if (call) return normalise(call[1]);
  const lit = LITERAL_BEFORE.exec(before);
  if (lit) return normalise(lit[1]);
  const key = KEY_BEFORE.exec(before);
  if (key) return normalise(key[1]);
  if (lang !== 'js' && lang !== 'python' && lang !== 'json') return shellMethod(text, start, lang);
  // A shell command inside a string (package.json scripts, subprocess calls).
  const lineStart = start > 0 ? text.lastIndexOf('\n', start - 1) + 1 : 0;
  if (/\bcurl\s/.test(text.slice(lineStart, start))) return shellMethod(text, start, 'shell');
  const after = KEY_AFTER.exec(statementAfter(text, end));
  if (after) return normalise(after[1]);
  if (FETCH_BEFORE.test(before)) return 'GET';
  return null;
}
