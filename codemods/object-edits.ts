// Edits to object literals that keep the author's formatting: add a property (own line with
// the same indentation and trailing-comma style, or `, key: value` on one line), rename a key
// (quotes kept, shorthand expanded), remove a property (its line, or its slice of the line).
import { ts } from './ts.cjs';
import { lineStartOf } from './line-start.js';
import type { Edit } from './types.js';
import { propertyNameText } from './url-shapes.js';

function lineEndOf(text: string, pos: number): number {
  const i = text.indexOf('\n', pos);
  return i < 0 ? text.length : text[i - 1] === '\r' ? i - 1 : i;
}

/** Position just after the line break that ends the line holding `pos` (or the text end). */
function nextLineStart(text: string, pos: number): number {
  const i = text.indexOf('\n', pos);
  return i < 0 ? text.length : i + 1;
}

function indentAt(text: string, pos: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, pos)))![0];
}

/** Only whitespace and an optional `//` comment between `from` and the end of its line. */
function restOfLineIsTrivia(text: string, from: number): boolean {
  const rest = text.slice(from, lineEndOf(text, from));
  return /^\s*(\/\/.*)?$/.test(rest);
}

/** The position of the comma that follows `pos` (skipping whitespace and comments), or -1. */
function commaAfter(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ',') return i;
    if (/\s/.test(c)) i++;
    else if (text.startsWith('//', i)) i = nextLineStart(text, i);
    else if (text.startsWith('/*', i)) {
      const j = text.indexOf('*/', i + 2);
      i = j < 0 ? text.length : j + 2;
    } else return -1;
  }
  return -1;
}

export function isMultiLine(text: string, obj: ts.ObjectLiteralExpression, sf: ts.SourceFile): boolean {
  const first = obj.properties[0];
  const open = obj.getStart(sf);
  if (!first) return text.slice(open, obj.end).includes('\n');
  return text.slice(open, first.getStart(sf)).includes('\n');
}

export function findProperty(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return obj.properties.find((p) => p.name !== undefined && propertyNameText(p.name as ts.PropertyName) === name);
}

/**
 * Edits that add `propText` (e.g. `create_as_user_id: x`) as the object's last property, after
 * any spread: a value spread in from request input must not choose who the session runs as.
 */
export function addPropertyEdits(text: string, sf: ts.SourceFile, obj: ts.ObjectLiteralExpression, propText: string, eol: string): Edit[] {
  const props = obj.properties;
  const open = obj.getStart(sf);
  if (props.length === 0) {
    const inner = text.slice(open + 1, obj.end - 1);
    if (inner.includes('\n')) {
      const indent = indentAt(text, open) + '  ';
      return [{ start: open + 1, end: obj.end - 1, text: `${eol}${indent}${propText},${eol}${indentAt(text, open)}` }];
    }
    return [{ start: open + 1, end: obj.end - 1, text: ` ${propText} ` }];
  }
  const multi = isMultiLine(text, obj, sf);
  const last = props[props.length - 1]!;
  const lastStart = last.getStart(sf);
  if (!multi) {
    if (props.hasTrailingComma) {
      const comma = commaAfter(text, last.end);
      return [{ start: comma + 1, end: comma + 1, text: ` ${propText},` }];
    }
    return [{ start: last.end, end: last.end, text: `, ${propText}` }];
  }
  const indent = indentAt(text, lastStart);
  if (props.hasTrailingComma) {
    const comma = commaAfter(text, last.end);
    const at = restOfLineIsTrivia(text, comma + 1) ? lineEndOf(text, comma + 1) : comma + 1;
    return [{ start: at, end: at, text: `${eol}${indent}${propText},` }];
  }
  if (restOfLineIsTrivia(text, last.end)) {
    const at = lineEndOf(text, last.end);
    const edits: Edit[] = [{ start: last.end, end: last.end, text: ',' }];
    edits.push({ start: at, end: at, text: `${eol}${indent}${propText}` });
    return at === last.end ? [{ start: last.end, end: last.end, text: `,${eol}${indent}${propText}` }] : edits;
  }
  return [{ start: last.end, end: last.end, text: `,${eol}${indent}${propText}` }];
}

/** Rename a property key, keeping its quotes; `{ a }` becomes `{ b: a }`. */
export function renameKeyEdit(text: string, sf: ts.SourceFile, p: ts.ObjectLiteralElementLike, to: string): Edit | undefined {
  if (ts.isShorthandPropertyAssignment(p)) {
    const start = p.name.getStart(sf);
    return { start, end: p.name.end, text: `${to}: ${p.name.text}` };
  }
  if (!p.name) return undefined;
  const name = p.name;
  const start = name.getStart(sf);
  if (ts.isIdentifier(name)) return { start, end: name.end, text: to };
  if (ts.isStringLiteral(name)) {
    const q = text[start]!;
    return { start, end: name.end, text: `${q}${to}${q}` };
  }
  return undefined;
}

/**
 * Where a property's own comments begin: those right before it, on its line or on the lines just
 * above (`// why we send this` over it, `/* why *\/ idempotent: true`). They describe the property
 * and go with it; left behind, they would describe whatever comes next (attribution's property).
 * A blank line ends the run, and a comment on the line of the property before it is that one's.
 */
function ownCommentsStart(text: string, p: ts.Node, start: number): number {
  const comments = ts.getLeadingCommentRanges(text, p.pos) ?? [];
  let from = start;
  for (let k = comments.length - 1; k >= 0; k--) {
    const gap = text.slice(comments[k]!.end, from);
    if (gap.trim() !== '' || (gap.match(/\n/g)?.length ?? 0) > 1) break;
    from = comments[k]!.pos;
  }
  return from;
}

/** Remove a property with its comma and its own comments: its own line(s) when it stands alone, else its slice. */
export function removePropertyEdit(text: string, sf: ts.SourceFile, obj: ts.ObjectLiteralExpression, p: ts.ObjectLiteralElementLike): Edit {
  const props = obj.properties;
  const i = props.indexOf(p);
  const start = ownCommentsStart(text, p, p.getStart(sf));
  if (props.length === 1) {
    const multi = isMultiLine(text, obj, sf);
    if (!multi) return { start: obj.getStart(sf), end: obj.end, text: '{}' };
  }
  const isLast = i === props.length - 1;
  const comma = commaAfter(text, p.end);
  const ownLine = text.slice(lineStartOf(text, start), start).trim() === '';
  if (ownLine && (comma >= 0 || !isLast)) {
    const after = comma >= 0 ? comma + 1 : p.end;
    if (restOfLineIsTrivia(text, after)) {
      if (isLast && !props.hasTrailingComma && i > 0) {
        // `a,\n  gone\n}`: drop the comma before too, so the trailing-comma style stays.
        const prev = props[i - 1]!;
        return { start: prev.end, end: p.end, text: '' };
      }
      return { start: lineStartOf(text, start), end: nextLineStart(text, after), text: '' };
    }
  }
  if (!isLast) return { start, end: props[i + 1]!.getStart(sf), text: '' };
  if (props.hasTrailingComma) return { start, end: comma + 1 + (text[comma + 1] === ' ' ? 1 : 0), text: '' };
  const prev = props[i - 1];
  return prev ? { start: prev.end, end: p.end, text: '' } : { start, end: p.end, text: '' };
}
