// The contract every transform follows: pure, given a parsed file it returns edits (byte
// ranges of the original text and their replacements) and markers; it never reads or writes
// files. The runner (codemods/runner.ts) owns discovery, reading, diffs, dry runs and writing.
import type { ts } from './ts.cjs';
import type { OutsideCall } from './outside-callers.js';
import type { EndpointsIndex } from './url/index-types.js';

export interface CodemodOptions {
  /** Expression for the org id in v3 org paths; default `process.env.DEVIN_ORG_ID`. */
  orgIdExpr: string;
  /** Expression added as `create_as_user_id`; default `process.env.DEVIN_CREATE_AS_USER_ID`. */
  createAsUserIdExpr: string;
  /** `none` skips the attribution transform. */
  attribution: 'add' | 'none';
}

export const DEFAULT_CODEMOD_OPTIONS: CodemodOptions = {
  orgIdExpr: 'process.env.DEVIN_ORG_ID',
  createAsUserIdExpr: 'process.env.DEVIN_CREATE_AS_USER_ID',
  attribution: 'add',
};

/** Replace text[start, end) of the input with `text`. Edits of one transform never overlap. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Facts about other modules of the project, computed once by the runner before transforming. */
export interface ProjectIndex {
  /**
   * The string value of an identifier imported into `fileName` (following re-exports and
   * aliases) when it is a constant defined in another module, e.g. a legacy base URL.
   */
  resolveImportedString(fileName: string, localName: string): string | undefined;
  /**
   * The same constant's value once this run's endpoints transform has rewritten the module that
   * defines it (the org id as `{_}`): what a text endpoints wrote joins its paths to.
   */
  importedStringAfterRun?(fileName: string, localName: string): string | undefined;
  /**
   * Cross-module URL facts for the endpoints transform (bases, axios instances and wrappers
   * exported by other modules; uses elsewhere of this module's bases). Absent: files stand alone.
   */
  endpoints?: EndpointsIndex;
  /**
   * The module imports a Devin base, axios instance or wrapper from another module, so calls in
   * it may reach Devin although its own text never names the API.
   */
  importsDevin?(fileName: string): boolean;
  /**
   * The module imports a module whose text names Devin (a client class, functions that call the
   * API): calls in it may return Devin responses (`api.getSession(id)`) it reads.
   */
  importsDevinModule?(fileName: string): boolean;
  /**
   * Some other module of the run imports this exported name of the module (a function, a class,
   * an instance), directly or through modules that pass it on, so its callers are in the run.
   * Read from import specifiers and names, not from calls.
   */
  callsExport?(fileName: string, name: string): boolean;
  /** The module an import specifier of `fromFile` resolves to, among the files of the run. */
  resolveModule?(fromFile: string, specifier: string): string | undefined;
  /** The text of a module of the run, as read (before any transform). */
  moduleText?(fileName: string): string | undefined;
  /** `mayHaveDevinUrl(text)`, answered from the pre-pass when it tested this exact text. */
  namesDevinUrl?(fileName: string, text: string): boolean;
  /**
   * What a tree-sharing transform returned on the tree the pre-pass parsed for this exact text,
   * if the pre-pass ran it (saves parsing the file again).
   */
  outputFor?(fileName: string, text: string, transform: string): TransformOutput | undefined;
  /**
   * The module's calls in legacy form whose response an exported function hands to callers
   * outside the run (outside-callers.ts), when the pre-pass computed them for this exact text.
   */
  outsideCallsFor?(fileName: string, text: string): OutsideCall[] | undefined;
  /**
   * What the endpoints transform of this run does to a module's text as read (the URLs it moves,
   * whether it keeps any on v1/v2): a call relayed from that module stays v1 where its URL does.
   */
  endpointsOutcome?(fileName: string): Pick<TransformOutput, 'moved' | 'keepsLegacy'> | undefined;
}

export const EMPTY_PROJECT_INDEX: ProjectIndex = { resolveImportedString: () => undefined };

/** Extra context for `Transform.mayApply`: a file may need a transform because of its imports. */
export interface MayApplyContext {
  fileName: string;
  project: ProjectIndex;
}

export interface TransformInput {
  fileName: string;
  text: string;
  sourceFile: ts.SourceFile;
  options: CodemodOptions;
  project: ProjectIndex;
  /**
   * Calls in legacy form (a v1/v2 URL) to leave alone: the endpoints transform of this run does
   * not move them, so their bodies, queries and responses stay v1.
   */
  leaveCall?: (call: LegacyCall) => boolean;
  /**
   * Calls in v3 form whose URL was v3 before this run (the endpoints transform of this run did not
   * move it): written for v3, so the types and reads of their responses describe v3 already.
   * Absent without endpoints in the run (URLs may have been moved by hand).
   */
  writtenForV3?: (call: CallSpans) => boolean;
  /**
   * A call taken as legacy only by guessing the version of its base (`LegacyCall.guessed`), made
   * in this module, whose URL stays as written: endpoints did not move it (or is not in the run),
   * nor a base in the module its client comes from. Rewriting what it sends or reads assumes that
   * base already ends where v3's paths begin: the call gets a marker saying so (unseen-base.ts).
   */
  joinedToUnseenBase?: (call: LegacyCall) => boolean;
  /**
   * The text is the endpoints transform's output of this run (re-parsed after it): the constants it
   * imports are read as the run leaves their modules (`ProjectIndex.importedStringAfterRun`), as
   * the paths endpoints wrote here are joined to them.
   */
  afterEndpoints?: boolean;
}

/** Start and end of a piece of the text. */
export type Span = [start: number, end: number];

/** Where a call is: the call itself and the expression of its URL (maybe elsewhere). */
export interface CallSpans {
  call: Span;
  url: Span;
  /**
   * Where else the URL is built: what a variable holds (`const url = new URL(…)`, `url.pathname =
   * …`), the constants and route-map entries it is read from, a wrapper's request it goes through.
   */
  built?: Span[];
}

/** Where a call in legacy form is. */
export interface LegacyCall extends CallSpans {
  /** Taken as legacy only by guessing a version for a path under a base nobody can see. */
  guessed: boolean;
  /** A guessed call's function or client is imported from this module (where its base is). */
  baseFrom?: string;
  /**
   * The call is in this other module (a function there returns its response); the spans are of
   * that module's text as read.
   */
  file?: string;
}

/**
 * A marker for the members named `member` of a type declared in another module of the run
 * (`import type { Session } from './types'` on a response): the pipeline puts it there once
 * every module has run (response-types.ts).
 */
export interface ForeignTypeMarker {
  file: string;
  type: string;
  member: string;
  message: string;
}

export interface TransformOutput {
  edits: Edit[];
  /** Messages of the markers this transform added (also present as edits). */
  markers: string[];
  /** fields: markers for members of types other modules of the run declare. */
  foreignTypeMarkers?: ForeignTypeMarker[];
  /** Transforms that edit what a call sends or reads: the calls in legacy form they saw. */
  legacyCalls?: LegacyCall[];
  /** Transforms that ask `writtenForV3`: the calls in v3 form they asked about. */
  v3Calls?: CallSpans[];
  /** endpoints: the URLs (or calls) of this file it moves to v3. */
  moved?: Span[];
  /** endpoints: some URL of this file stays on v1/v2 (with a marker saying why). */
  keepsLegacy?: boolean;
}

export interface Transform {
  name: string;
  description: string;
  /** Cheap text test; a file that fails it is not parsed for this transform. */
  mayApply(text: string, context?: MayApplyContext): boolean;
  apply(input: TransformInput): TransformOutput;
  /**
   * Its edits do not depend on what the other tree-sharing transforms changed (they recognise
   * calls in legacy and v3 form alike): it may read the tree the transform before it read, and
   * the edits are merged when none touch. The fixture tests check this against re-parsing.
   */
  sharesTree?: boolean;
  /** It reads facts of the whole project (so the pre-pass cannot run it ahead, file by file). */
  readsWholeProject?: boolean;
}
