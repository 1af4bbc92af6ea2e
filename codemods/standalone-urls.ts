// Devin URLs written outside any request this codemod recognises: a helper that returns
// `${BASE}/sessions?limit=${n}`, a URL handed to other code. The endpoints transform moves their
// path to v3 like any other; pagination and fields must then move their query parameters too.
import { ts } from './ts.cjs';
import { standaloneGet, type ApiCall } from './api-calls.js';
import type { ShapeContext } from './url-shapes.js';

export type StandaloneUrl = Pick<ApiCall, 'urlExpr' | 'query' | 'returns' | 'v3Ids' | 'rows' | 'legacyMatched' | 'legacyForm'>;

/**
 * A `?name=` / `&name=` test (queryNamesRe). It has no anchors, word boundaries or lookarounds,
 * so it matches a piece of text wherever it matches the same characters inside a longer one
 * (standaloneUrls relies on it).
 */
export type QueryNamesRe = RegExp & { readonly queryNames: true };

/** A `?name=` / `&name=` test for any of these query parameter names. */
export function queryNamesRe(names: Iterable<string>): QueryNamesRe {
  return new RegExp(`[?&](?:${[...new Set(names)].map(escapeRe).join('|')})=`) as QueryNamesRe;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The whole URL expression a literal part belongs to (`BASE + '/sessions?limit=' + n`). */
function outermostUrl(part: ts.Node): ts.Expression {
  let e: ts.Node = part;
  if (ts.isTemplateHead(e)) e = e.parent;
  else if (ts.isTemplateMiddle(e) || ts.isTemplateTail(e)) e = e.parent.parent;
  while (ts.isParenthesizedExpression(e.parent) || (ts.isBinaryExpression(e.parent) && e.parent.operatorToken.kind === ts.SyntaxKind.PlusToken)) e = e.parent;
  return e as ts.Expression;
}

/**
 * Where a literal whose text passes `quick` can be, in increasing order: where `quick` matches
 * the source, and every backslash and carriage return. A literal's text is its source but for
 * escapes and a template's line ends (`\r\n` and `\r` read as `\n`), so a literal with none of
 * those passes `quick` only where its source does: the walk skips the subtrees that hold no
 * such position, and meets every literal it would have tested, in the same order.
 */
function literalCandidates(text: string, quick: QueryNamesRe): number[] {
  const out: number[] = [];
  const re = new RegExp(`${quick.source}|[\\\\\\r]`, quick.flags.replace(/[gy]/g, '') + 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m.index);
    re.lastIndex = m.index + 1; // overlapping matches start further on
  }
  return out;
}

/** Some position of `at` (increasing) is within the node, leading trivia included. */
function holdsOneOf(at: readonly number[], n: ts.Node): boolean {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! < n.pos) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length && at[lo]! < n.end;
}

/**
 * Absolute Devin URLs of the file (read as the GET they are most likely built for) whose text
 * passes `quick`. Whether a recognised call already covers one is for the caller to tell (by
 * the query sites it handled).
 */
export function standaloneUrls(sf: ts.SourceFile, shapes: ShapeContext, quick: QueryNamesRe): StandaloneUrl[] {
  const out: StandaloneUrl[] = [];
  if (!quick.test(sf.text)) return out; // most files: no such parameter anywhere, no walk
  const at = literalCandidates(sf.text, quick);
  const seen = new Set<ts.Node>();
  const visit = (n: ts.Node): void => {
    if (!holdsOneOf(at, n) || ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateLiteralToken(n)) && quick.test(n.text)) {
      const url = outermostUrl(n);
      if (!seen.has(url)) {
        seen.add(url);
        const call = standaloneGet(url, shapes);
        if (call) out.push(call);
      }
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}
