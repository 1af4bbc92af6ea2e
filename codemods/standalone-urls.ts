// Devin URLs written outside any request this codemod recognises: a helper that returns
// `${BASE}/sessions?limit=${n}`, a URL handed to other code. The endpoints transform moves their
// path to v3 like any other; pagination and fields must then move their query parameters too.
import { ts } from './ts.cjs';
import { standaloneGet, type ApiCall } from './api-calls.js';
import type { ShapeContext } from './url-shapes.js';

export type StandaloneUrl = Pick<ApiCall, 'urlExpr' | 'query' | 'returns' | 'v3Ids' | 'rows' | 'legacyMatched' | 'legacyForm'>;

/** A `?name=` / `&name=` test for any of these query parameter names. */
export function queryNamesRe(names: Iterable<string>): RegExp {
  return new RegExp(`[?&](?:${[...new Set(names)].join('|')})=`);
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
 * Absolute Devin URLs of the file (read as the GET they are most likely built for) whose text
 * passes `quick`. Whether a recognised call already covers one is for the caller to tell (by
 * the query sites it handled).
 */
export function standaloneUrls(sf: ts.SourceFile, shapes: ShapeContext, quick: RegExp): StandaloneUrl[] {
  const out: StandaloneUrl[] = [];
  if (!quick.test(sf.text)) return out; // most files: no such parameter anywhere, no walk
  const seen = new Set<ts.Node>();
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
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
