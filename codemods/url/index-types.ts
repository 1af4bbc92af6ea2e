// What the endpoints transform needs to know about the rest of the project (built by the
// runner's pre-pass in codemods/project-index.ts).
import type { FileAnalysis } from './analyze.js';
import type { Fact, Leaf } from './model.js';
import type { Solution } from './solve.js';

export interface EndpointsIndex {
  /** What `import { imported } from 'specifier'` brings into `fileName`, when it is a Devin base, instance or wrapper. */
  importFact(fileName: string, specifier: string, imported: string): Fact | undefined;
  /** The uses in other files that share a site with the given ones (whole connected groups). */
  foreignLeaves(fileName: string, siteKeys: Iterable<string>): Leaf[];
  /** The pre-pass analysis of this very text, if it made one (saves parsing and analysing twice). */
  analysisFor?(fileName: string, text: string): FileAnalysis | undefined;
  /**
   * Environment variables whose code fallback base was rewritten, with the new base path
   * (`DEVIN_API_URL` -> `/v3`), so .env files get the value the code now expects.
   */
  envBases?: Map<string, string>;
  /**
   * Environment variables whose code fallback base stays on v1/v2 because a call built on it
   * keeps its legacy URL, with the name of that base (`BASE`, or ''), so .env files keep that value.
   */
  envKept?: Map<string, string>;
  /** Solutions of groups of uses, shared by the files a group spans (one run). */
  solutions?: Map<string, Solution>;
}
