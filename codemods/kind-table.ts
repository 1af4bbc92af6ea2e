import { ts } from './ts.cjs';

/**
 * For every syntax kind, whether a node of that kind passes `test`, a predicate that reads only the
 * node's kind. Walks that ask of every node or ancestor look its kind up in such a table: each
 * `ts.isX(…)` goes through a getter of the compiler's export object first, which is most of their
 * cost in code V8 has not optimised yet (a run is short, so most of it is).
 */
export function kindTable(test: (n: ts.Node) => boolean): readonly boolean[] {
  return Array.from({ length: ts.SyntaxKind.Count }, (_, kind) => test({ kind } as ts.Node));
}
