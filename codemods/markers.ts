// The one marker form: `// TODO(devin-migrate): <what and why>`, on its own line above the
// statement it is about, indented like it, never added twice.
import { IGNORE_LINE_ABOVE, IGNORE_SAME_LINE } from '../src/scan/ignore-comment.js';
import type { ts } from './ts.cjs';
import { lineStartOf } from './line-start.js';
import type { Edit } from './types.js';

export const MARKER_PREFIX = 'TODO(devin-migrate):';
export const MARKER_RE = /\/\/ TODO\(devin-migrate\): .*/g;

export function markerComment(message: string): string {
  return `// ${MARKER_PREFIX} ${message.replace(/\s*\n\s*/g, ' ').trim()}`;
}

/** Every marker of a text, in code (`// …`) or .env form (`# …`), with its 1-based line. */
export function markersIn(text: string): { line: number; message: string }[] {
  if (!text.includes(MARKER_PREFIX)) return [];
  const out: { line: number; message: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER_LINE_RE.exec(lines[i]!);
    if (m) out.push({ line: i + 1, message: m[1]!.trimEnd() });
  }
  return out;
}
const MARKER_LINE_RE = /(?:\/\/|#) TODO\(devin-migrate\): (.*?)\r?$/; // CRLF files too

/** Count the markers in a text (for --check and the tally). */
export function countMarkers(text: string): number {
  return (text.match(MARKER_RE) ?? []).length;
}

/**
 * An edit that puts a marker above the line on which `node` starts, or null when the line above
 * already carries a marker with this message (re-runs add nothing).
 */
export function markerEdit(text: string, sourceFile: ts.SourceFile, node: ts.Node, message: string): Edit | null {
  return markerEditAt(text, node.getStart(sourceFile), message);
}

/** `markerEdit` for a position (the start of the statement the marker is about). */
export function markerEditAt(text: string, start: number, message: string): Edit | null {
  const lineStart = lineStartOf(text, start);
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const comment = markerComment(message);
  // `// devin-migrate-ignore` at the end of the statement's line, as for scan: no marker.
  const lineEnd = text.indexOf('\n', lineStart);
  if (IGNORE_SAME_LINE.test(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd))) return null;
  // Look at the comment lines directly above for the same marker, or an ignore comment. A
  // directive for the next line (`// eslint-disable-next-line`) stays right above the statement:
  // the marker goes above it.
  let cursor = lineStart;
  let at = lineStart;
  let directives = true;
  while (cursor > 0) {
    const prevStart = lineStartOf(text, cursor - 1);
    const prevLine = text.slice(prevStart, cursor - 1).trim();
    if (!prevLine.startsWith('//')) break;
    if (prevLine === comment || IGNORE_LINE_ABOVE.test(prevLine)) return null;
    directives &&= NEXT_LINE_DIRECTIVE_RE.test(prevLine);
    if (directives) at = prevStart;
    cursor = prevStart;
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: at, end: at, text: `${indent}${comment}${eol}` };
}

/** Comments that govern the line after them. */
const NEXT_LINE_DIRECTIVE_RE = /^\/\/\s*(?:eslint-disable-next-line|prettier-ignore|biome-ignore|oxlint-disable-next-line|deno-lint-ignore|@ts-ignore|@ts-expect-error|@ts-nocheck|istanbul ignore next|c8 ignore next|v8 ignore next)\b/;
