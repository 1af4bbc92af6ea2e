// A call taken as legacy only by guessing the version of a base nobody can see
// (`devinFetch('/sessions')` with `devinFetch` from a package, `${process.env.DEVIN_API_BASE}/sessions`
// with no fallback): attribution, pagination and fields rewrite what it sends and reads for v3
// (the design for guessed calls), yet endpoints cannot move its URL. So the call gets one marker
// saying what was assumed: the base must now end where the v3 path begins. Pagination and fields,
// whichever rewrites the call, add the same one (attribution's property is dropped while its
// variable is unset, so it breaks nothing alone); transform-text keeps one of identical marker
// lines at a spot, and markers.ts adds none where it is already above the statement (re-runs).
import { v3Endpoint } from '../src/catalog/index.js';
import { guessedV3Prefix, legacyCallsOf, type ApiCall, type CallScan } from './api-calls.js';
import { initializerOf, unwrap, type Bindings } from './bindings.js';
import type { EditSet } from './edit-set.js';
import { importOf } from './relayed-calls.js';
import { ts } from './ts.cjs';
import type { TransformInput } from './types.js';

/** What an EditSet holds besides markers: the rewrites of a transform so far. */
export function rewritesIn(out: EditSet): number {
  return out.edits.length - out.markers.length;
}

/**
 * After a transform dealt with `call` (`rewritesBefore`: `rewritesIn(out)` before it did): the
 * marker, when it rewrote something of a call joined to a base nobody can see
 * (`TransformInput.joinedToUnseenBase`).
 */
export function markUnseenBase(out: EditSet, call: ApiCall, scan: CallScan, input: TransformInput, rewritesBefore: number): void {
  if (rewritesIn(out) === rewritesBefore || call.origins || !input.joinedToUnseenBase) return;
  const [legacy] = legacyCallsOf(call, input.sourceFile, scan.shapes);
  if (!legacy || !input.joinedToUnseenBase(legacy)) return;
  const message = unseenBaseMarker(call, scan.bindings);
  if (message) out.marker(call.node, message);
}

export function unseenBaseMarker(call: ApiCall, bindings: Bindings): string | undefined {
  const reached = [...call.v3Ids].map(v3Endpoint).map((e) => ({ e, prefix: guessedV3Prefix(e.path) }));
  if (reached.length === 0 || reached.some((r) => r.prefix === undefined)) return undefined;
  const paths = reached.map((r) => `${r.e.method} ${r.e.path}`).join(' or ');
  const prefixes = [...new Set(reached.map((r) => r.prefix!))];
  const ending = prefixes.length === 1 ? prefixes[0]! : `${prefixes.join(' or ')}, whichever it reaches`;
  return `this path is joined to a base devin-migrate cannot see (${baseShown(call, bindings)}): what it sends and reads is now v3's ${paths}, so that base must now end in ${ending}; a v1/v2 base must be moved by hand`;
}

/**
 * How the message names the base: the expression the URL starts with (`${BASE}/sessions`: what
 * BASE holds), or else the function or client given the path, with the module it comes from.
 */
function baseShown(call: ApiCall, bindings: Bindings): string {
  let url = unwrap(call.urlExpr);
  if (ts.isIdentifier(url)) {
    const init = initializerOf(bindings, url);
    if (init) url = unwrap(init);
  }
  const head = headOf(url);
  if (head) return shown(head, bindings);
  const callee = unwrap(call.node.expression);
  return shown(ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : callee, bindings);
}

/** The expression a URL starts with, when it is joined to a path (`${BASE}/…`, `BASE + '/…'`). */
function headOf(url: ts.Expression): ts.Expression | undefined {
  if (ts.isTemplateExpression(url) && url.head.text === '') return unwrap(url.templateSpans[0]!.expression);
  if (ts.isBinaryExpression(url) && url.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    let left = unwrap(url.left);
    while (ts.isBinaryExpression(left) && left.operatorToken.kind === ts.SyntaxKind.PlusToken) left = unwrap(left.left);
    return ts.isStringLiteralLike(left) ? undefined : left;
  }
  return undefined;
}

/** An imported name with its module; a constant by what it holds when that is short; else as written. */
function shown(e: ts.Expression, bindings: Bindings): string {
  const sf = bindings.sourceFile;
  if (!ts.isIdentifier(e)) return `\`${oneLine(e.getText(sf))}\``;
  const imp = importOf(bindings.resolve(e));
  if (imp) return `\`${e.text}\` from '${imp.specifier}'`;
  const init = initializerOf(bindings, e)?.getText(sf);
  return init !== undefined && !init.includes('\n') && init.length <= 60 ? `\`${init}\`` : `\`${e.text}\``;
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');
