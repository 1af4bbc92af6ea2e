// A string as the scanner sees it: literal text and the interpolations or concatenated names
// between, with where it sits in the file.

export type Part =
  | { kind: 'text'; text: string }
  /** A name whose value may be known: `${BASE}`, `{BASE_URL}`, `$DEVIN_API_URL`, `BASE + …`. */
  | { kind: 'ref'; name: string; source: string }
  /** Anything else spliced in (`${ids[0]}`, `id.trim()`): one unknown path segment. */
  | { kind: 'hole'; source: string };

export interface StringToken {
  /** Offset of the first character (quote, prefix or name) in the file. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  parts: Part[];
}

const NAME = /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*$/;

/** An interpolated expression: a dotted name is a reference, anything else a hole. */
export function interpolation(expr: string, source: string): Part {
  const e = expr.trim();
  if (NAME.test(e)) return { kind: 'ref', name: e.replace(/\?\./g, '.'), source };
  return { kind: 'hole', source };
}

/** The parts as written in the source (holes and references keep their spelling). */
export function sourceText(parts: readonly Part[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.text : p.source)).join('');
}
