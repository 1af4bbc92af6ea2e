// The pure pipeline for one file: parse, run each transform on the output of the previous
// one, apply its edits, and check that the result still parses. No I/O.
import { ts } from 'ts-morph';
import type { CodemodOptions, Edit, ProjectIndex, Transform } from './types.js';

export interface TextResult {
  text: string;
  changed: boolean;
  /** Per transform that changed something: its edits count and markers. */
  applied: { transform: string; edits: number; markers: string[] }[];
  /** Set when the result would not parse: the caller must not write it. */
  error?: string;
}

export function scriptKindFor(fileName: string): ts.ScriptKind {
  if (/\.(tsx)$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.(jsx)$/.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function parse(fileName: string, text: string, setParentNodes = true): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, setParentNodes, scriptKindFor(fileName));
}

/** Syntax errors of a parsed file, as `line:col message` strings. */
export function syntaxErrors(sf: ts.SourceFile): string[] {
  const diags = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diags.map((d) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

export function transformText(
  fileName: string,
  text: string,
  transforms: readonly Transform[],
  options: CodemodOptions,
  project: ProjectIndex,
): TextResult {
  let current = text;
  const applied: TextResult['applied'] = [];
  // One parse per distinct text, and only when a transform reads the tree: transforms that change
  // nothing hand it to the next one (the endpoints transform may reuse the pre-pass analysis).
  let sourceFile: ts.SourceFile | undefined = project.sourceFileFor?.(fileName, text);
  for (const t of transforms) {
    if (!t.mayApply(current, { fileName, project })) continue;
    const textNow = current;
    const input = {
      fileName,
      text: textNow,
      options,
      project,
      get sourceFile(): ts.SourceFile {
        return (sourceFile ??= parse(fileName, textNow));
      },
    };
    const out = t.apply(input);
    if (out.edits.length === 0) continue;
    current = applyEdits(current, out.edits);
    sourceFile = undefined;
    applied.push({ transform: t.name, edits: out.edits.length, markers: out.markers });
  }
  const changed = current !== text;
  if (changed) {
    // Only the diagnostics are read: no parent pointers needed.
    const errors = syntaxErrors(sourceFile ?? parse(fileName, current, false));
    if (errors.length > 0) {
      return { text, changed: false, applied, error: `the rewrite would not parse (${errors[0]}); file left as it was` };
    }
  }
  return { text: current, changed, applied };
}
