// The codemod result: what `devin-migrate codemod --json` writes and `report` reads.
import { z } from 'zod';
import { CODEMOD_KIND, CODEMOD_SCHEMA_VERSION } from './codemod-kind.js';

export { CODEMOD_KIND, CODEMOD_SCHEMA_VERSION };

export const CodemodAction = z.enum(['changed', 'unchanged', 'skipped', 'error']);
export type CodemodAction = z.infer<typeof CodemodAction>;

export const CodemodFileResult = z.object({
  /** Relative to the working directory, POSIX separators. */
  path: z.string(),
  action: CodemodAction,
  /** Transforms that changed something in this file, in the order they ran. */
  transforms: z.array(z.string()),
  /** Edits made (all transforms). */
  edits: z.number().int().nonnegative(),
  /** Messages of the markers this run added (`// TODO(devin-migrate): …`, `# …` in .env files). */
  markersAdded: z.array(z.string()),
  /** Markers in the file after the run (added now or earlier). */
  markersPresent: z.number().int().nonnegative(),
  /** Those markers, with their 1-based line (absent in documents of earlier versions). */
  openMarkers: z.array(z.object({ line: z.number().int().positive(), message: z.string() })).default([]),
  /** What a JSON file cannot carry as a comment, and facts worth knowing (rewritten bases). */
  notes: z.array(z.string()),
  /** Legacy uses left that a comment could not mark (JSON values). */
  unresolved: z.number().int().nonnegative(),
  /** Why the file was skipped or not written. */
  error: z.string().nullable(),
});
export type CodemodFileResult = z.infer<typeof CodemodFileResult>;

export const CodemodDocument = z.object({
  kind: z.literal(CODEMOD_KIND),
  schemaVersion: z.literal(CODEMOD_SCHEMA_VERSION),
  generatedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /**
   * Where the time went: finding the files (walk and .gitignore), reading them, parsing and
   * transforming, and diffs or writes. Absent in documents of earlier versions.
   */
  phasesMs: z.object({ find: z.number().nonnegative(), read: z.number().nonnegative(), transform: z.number().nonnegative(), output: z.number().nonnegative() }).optional(),
  /** `write` changed files; `dry-run` and `check` wrote nothing. */
  mode: z.enum(['write', 'dry-run', 'check']),
  roots: z.array(z.string()),
  options: z.object({
    transforms: z.array(z.string()),
    orgIdExpr: z.string(),
    createAsUserIdExpr: z.string(),
    attribution: z.enum(['add', 'none']),
  }),
  totals: z.object({
    files: z.number().int().nonnegative(),
    changed: z.number().int().nonnegative(),
    unchanged: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    edits: z.number().int().nonnegative(),
    markersAdded: z.number().int().nonnegative(),
    markersPresent: z.number().int().nonnegative(),
    unresolved: z.number().int().nonnegative(),
  }),
  files: z.array(CodemodFileResult),
});
export type CodemodDocument = z.infer<typeof CodemodDocument>;
