// The pure pipeline for one file: run each transform on the output of the previous one, apply
// its edits, and check that the result still parses. Transforms that share a tree (endpoints,
// attribution, pagination, fields) all read the tree of the same text, possibly run ahead by the
// project index, and their edits are applied together unless two touch. No I/O.
import { ts } from './ts.cjs';
import type { CallSpans, CodemodOptions, Edit, ForeignTypeMarker, LegacyCall, ProjectIndex, Span, Transform, TransformInput, TransformOutput } from './types.js';

export interface TextResult {
  text: string;
  changed: boolean;
  /** Per transform that changed something: its edits count and markers. */
  applied: { transform: string; edits: number; markers: string[] }[];
  /** Set when the result would not parse: the caller must not write it. */
  error?: string;
  /** Transforms whose edits were merged onto a tree another transform had already changed. */
  merged: number;
  /** Markers the transforms ask for on types other modules declare (TransformOutput.foreignTypeMarkers). */
  foreignTypeMarkers: ForeignTypeMarker[];
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

/**
 * A tree of `text` read only for its syntax errors: without parent pointers, and without parsing
 * JSDoc comments, which cannot change them (the parser keeps a JSDoc comment's errors apart and
 * puts its own state back after one).
 */
function parseForErrors(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKindFor(fileName));
}

/** The syntax errors `text` would have as a file (see parseForErrors). */
export function errorsOfText(fileName: string, text: string): string[] {
  return syntaxErrors(parseForErrors(fileName, text));
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

/** A whole marker line put above a statement (markers.ts). */
function isMarkerInsertion(e: Edit): boolean {
  return e.start === e.end && MARKER_LINE_RE.test(e.text);
}
const MARKER_LINE_RE = /^[ \t]*\/\/ TODO\(devin-migrate\): [^\n]*\n$/;

/**
 * Two edits of different transforms touch or overlap: their order in the result is not obvious.
 * Marker lines put at one spot are the exception: they stack in transform order, as they would
 * one transform after the other.
 */
function touches(a: Edit, b: Edit): boolean {
  if (a.start === b.start && isMarkerInsertion(a) && isMarkerInsertion(b)) return false;
  return a.start <= b.end && b.start <= a.end;
}

/** `out` without the marker lines `taken` already puts at the same spot (and their messages). */
function withoutTakenMarkers(taken: readonly Edit[], out: TransformOutput): TransformOutput {
  const dup = out.edits.filter((e) => isMarkerInsertion(e) && taken.some((t) => t.start === e.start && t.text === e.text));
  if (dup.length === 0) return out;
  const markers = [...out.markers];
  for (const e of dup) {
    const i = markers.findIndex((m) => e.text.includes(m));
    if (i >= 0) markers.splice(i, 1);
  }
  return { ...out, edits: out.edits.filter((e) => !dup.includes(e)), markers };
}

function conflicts(taken: readonly Edit[], next: readonly Edit[]): boolean {
  return next.some((b) => taken.some((a) => touches(a, b)));
}

/**
 * Where a position of the text before `edits` (sorted, apart) is in the text after them. An
 * insertion right at a start goes before what starts there; a position inside a replaced range
 * goes to that edge of the replacement.
 */
function mapPosition(pos: number, edits: readonly Edit[], side: 'start' | 'end'): number {
  let delta = 0;
  for (const e of edits) {
    const insertionHere = e.start === pos && e.end === pos;
    if (e.start >= pos && !(insertionHere && side === 'start')) break;
    if (e.end <= pos) {
      delta += e.text.length - (e.end - e.start);
      continue;
    }
    return side === 'start' ? e.start + delta : e.start + delta + e.text.length;
  }
  return pos + delta;
}

function mapSpan([start, end]: Span, edits: readonly Edit[]): Span {
  return [mapPosition(start, edits, 'start'), mapPosition(end, edits, 'end')];
}

/** Some piece of the call (the call, its URL, where the URL is built) is in a span endpoints moved. */
export function movedWith(moved: readonly Span[], c: CallSpans): boolean {
  if (overlapsOneOf(moved, c.call) || overlapsOneOf(moved, c.url)) return true;
  for (const span of c.built ?? []) if (overlapsOneOf(moved, span)) return true;
  return false;
}

function overlapsOneOf(spans: readonly Span[], [start, end]: Span): boolean {
  for (const [a, b] of spans) if (a < end && start < b) return true;
  return false;
}

export interface TransformTextOptions {
  /**
   * Let consecutive `sharesTree` transforms read the same tree and merge their edits when no two
   * of them touch (default). Off, each transform that changed the text makes the next re-parse:
   * the tests compare both ways over every fixture.
   */
  shareTrees?: boolean;
}

export function transformText(
  fileName: string,
  text: string,
  transforms: readonly Transform[],
  options: CodemodOptions,
  project: ProjectIndex,
  how: TransformTextOptions = {},
): TextResult {
  return checkText(transformTextUnchecked(fileName, text, transforms, options, project, how));
}

/**
 * What transformText makes of a file before its syntax check: never to be written as it is, only
 * handed to `checkText`. The pipeline checks a run's results one after the other once every
 * module's transforms have run: the parser then stays warm (a check took about a third less on dense-400).
 */
export interface UncheckedText {
  fileName: string;
  /** The text as read. */
  original: string;
  result: TextResult;
}

/**
 * The result, or the text as read with an error when the result would not parse (a result that
 * would not parse is never written).
 */
export function checkText(u: UncheckedText): TextResult {
  const { result } = u;
  if (!result.changed) return result;
  const errors = errorsOfText(u.fileName, result.text);
  if (errors.length === 0) return result;
  return { text: u.original, changed: false, applied: result.applied, merged: result.merged, foreignTypeMarkers: [], error: `the rewrite would not parse (${errors[0]}); file left as it was` };
}

/** transformText without its syntax check (see UncheckedText). */
export function transformTextUnchecked(
  fileName: string,
  text: string,
  transforms: readonly Transform[],
  options: CodemodOptions,
  project: ProjectIndex,
  how: TransformTextOptions = {},
): UncheckedText {
  const shareTrees = how.shareTrees ?? true;
  let current = text;
  const applied: TextResult['applied'] = [];
  let merged = 0;
  const foreignTypeMarkers: ForeignTypeMarker[] = [];
  // One parse per distinct text, and only when a transform reads the tree: transforms that change
  // nothing hand it to the next one (the endpoints transform may reuse the pre-pass analysis).
  let sourceFile: ts.SourceFile | undefined;
  // Once endpoints has run: the URLs it moves, on the current text. A call whose URL stays v1/v2
  // keeps its v1 body, query and response names, so the transforms after it leave that call
  // alone. Without endpoints in the run they rewrite calls as they find them (`--transform fields`
  // on code whose URLs are moved by hand).
  let moved: Span[] | null = null;
  let keepsLegacy = false;
  // The text endpoints read: a later text is its output (TransformInput.afterEndpoints).
  let endpointsRead: string | undefined;
  const leaveCall = (c: LegacyCall): boolean => {
    if (moved === null) return false;
    // A call in another module (relayed): what endpoints does to that module.
    const there = c.file !== undefined ? project.endpointsOutcome?.(c.file) : { moved, keepsLegacy };
    if (!there) return false;
    if (movedWith(there.moved ?? [], c)) return false;
    // A guess where endpoints keeps some legacy URL in the module (a base handed to a factory it
    // cannot follow), or in the module the call's client comes from: that base may be this call's.
    if (!c.guessed || there.keepsLegacy) return true;
    return c.baseFrom !== undefined && c.baseFrom !== c.file && (project.endpointsOutcome?.(c.baseFrom)?.keepsLegacy ?? false);
  };
  // A call in v3 form none of whose spans endpoints moved was v3 before this run. Both ways of
  // running agree: sharing a tree, a moved call is still in legacy form; re-parsed, its spans
  // are among the moved ones.
  const writtenForV3 = (c: CallSpans): boolean => moved !== null && !movedWith(moved, c);
  const joinedToUnseenBase = (c: LegacyCall): boolean => {
    if (!c.guessed || c.file !== undefined || (moved !== null && movedWith(moved, c))) return false;
    // The client's module is in the run: a base there endpoints moved is this call's.
    return c.baseFrom === undefined || (project.endpointsOutcome?.(c.baseFrom)?.moved?.length ?? 0) === 0;
  };
  const inputFor = (textNow: string): TransformInput => ({
    fileName,
    text: textNow,
    options,
    project,
    get sourceFile(): ts.SourceFile {
      return (sourceFile ??= parse(fileName, textNow));
    },
    ...(moved !== null ? { leaveCall, writtenForV3 } : {}),
    joinedToUnseenBase,
    ...(endpointsRead !== undefined && textNow !== endpointsRead ? { afterEndpoints: true } : {}),
  });
  const context = { fileName, project };
  // Whether a list of legacy calls holds one to leave, or one joined to a base nobody can see (the
  // pass ahead marks none: most guessed calls are moved, and running a transform again for each
  // doubled the work), for the last list asked about and the spans endpoints moved then: the
  // transforms run ahead on one tree hand in the same list (the scan's), and what endpoints moved
  // changes only between groups of edits.
  let leftIn: { calls: readonly LegacyCall[]; moved: Span[] | null; yes: boolean } | undefined;
  const leavesOne = (calls: readonly LegacyCall[]): boolean => {
    const judgedOtherwise = (c: LegacyCall): boolean => leaveCall(c) || joinedToUnseenBase(c);
    if (leftIn?.calls !== calls || leftIn.moved !== moved) leftIn = { calls, moved, yes: calls.some(judgedOtherwise) };
    return leftIn.yes;
  };
  const run = (u: Transform): TransformOutput => {
    const ahead = shareTrees && u.sharesTree ? project.outputFor?.(fileName, current, u.name) : undefined;
    // Computed ahead without knowing what endpoints moves: again if it read a call left on v1/v2,
    // one joined to a base nobody can see, or one written for v3.
    if (ahead && !(ahead.legacyCalls && leavesOne(ahead.legacyCalls)) && !ahead.v3Calls?.some(writtenForV3)) return ahead;
    return u.apply(inputFor(current));
  };
  const ran = (u: Transform, out: TransformOutput | undefined): void => {
    if (u.name !== 'endpoints') return;
    endpointsRead = current;
    moved = out?.moved ?? [];
    keepsLegacy = out?.keepsLegacy ?? false;
  };
  for (let i = 0; i < transforms.length; ) {
    const t = transforms[i]!;
    i++;
    if (!t.mayApply(current, context)) {
      ran(t, undefined);
      continue;
    }
    const out = run(t);
    ran(t, out);
    foreignTypeMarkers.push(...(out.foreignTypeMarkers ?? []));
    if (out.edits.length === 0) continue;
    const group = [{ t, out }];
    const edits = [...out.edits];
    // The transforms after it that share the tree read this one (parsing and scanning a file
    // again per transform was most of the codemod's time), as long as their edits stay apart.
    if (shareTrees && t.sharesTree) {
      let after = applyEdits(current, edits);
      while (i < transforms.length && transforms[i]!.sharesTree) {
        const u = transforms[i]!;
        if (!u.mayApply(after, context)) {
          ran(u, undefined);
          i++;
          continue;
        }
        const o = withoutTakenMarkers(edits, run(u));
        if (o.edits.length > 0 && conflicts(edits, o.edits)) break; // u runs again on the new text
        ran(u, o);
        i++;
        foreignTypeMarkers.push(...(o.foreignTypeMarkers ?? []));
        if (o.edits.length === 0) continue;
        group.push({ t: u, out: o });
        merged++;
        edits.push(...o.edits);
        after = applyEdits(current, edits);
      }
    }
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    current = applyEdits(current, sorted);
    if (moved !== null) moved = (moved as Span[]).map((s) => mapSpan(s, sorted));
    sourceFile = undefined;
    for (const g of group) applied.push({ transform: g.t.name, edits: g.out.edits.length, markers: g.out.markers });
  }
  return { fileName, original: text, result: { text: current, changed: current !== text, applied, merged, foreignTypeMarkers } };
}
