// The value of a string expression once the names it starts with are known.
import type { StringExpr } from './expressions.js';
import type { Part } from './string-token.js';

export interface Resolved {
  /** The string, holes written as `${id}`, `{id}`, `$ID` (one path segment each). */
  value: string;
  /** The expression starts with something unknown (an unresolved name, a call): value is what follows it. */
  leadingUnknown: boolean;
  /** The expression starts with a name whose value is known. */
  startsWithBase: boolean;
  /** The expression has literal text of its own (not just a name). */
  hasText: boolean;
  /** Value without a trailing hole glued to the last segment (`/sessions${query}` -> `/sessions`), or null. */
  withoutTrailingHole: string | null;
}

function holeText(source: string): string {
  if (/[/?#\s]/.test(source)) return '{_}';
  if (/^\$?\{.*\}$/.test(source) || /^\$[A-Za-z_]\w*$/.test(source)) return source;
  return `{${source}}`;
}

export function resolveExpr(expr: StringExpr, lookup: (name: string) => string | undefined): Resolved {
  let value = '';
  let leadingUnknown = false;
  let startsWithBase = false;
  let hasText = false;
  let beforeLast = '';
  let lastIsHole = false;
  expr.parts.forEach((p: Part, i) => {
    if (i === expr.parts.length - 1) beforeLast = value;
    if (p.kind === 'text') {
      value += p.text;
      if (p.text) hasText = true;
      return;
    }
    const known = p.kind === 'ref' ? lookup(p.name) : undefined;
    if (known !== undefined) {
      value += known;
      if (i === 0) startsWithBase = true;
      return;
    }
    if (i === 0) {
      leadingUnknown = true;
      return;
    }
    value += holeText(p.source);
    if (i === expr.parts.length - 1) lastIsHole = true;
  });
  const trailingHole = lastIsHole && beforeLast !== '' && !beforeLast.endsWith('/');
  return { value, leadingUnknown, startsWithBase, hasText, withoutTrailingHole: trailingHole ? beforeLast : null };
}
