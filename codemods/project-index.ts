// The runner's cheap pre-pass: which modules export a Devin base, axios instance or wrapper, and
// where else those are used, so a base defined in `lib/constants.ts` is rewritten consistently
// with the paths joined to it in three other modules. Only files that contain Devin-looking text
// and files that import (directly or through re-exports) from such modules are parsed; imports
// are found by a regular expression first and resolved by path (relative specifiers, `.js` ->
// `.ts`, `index` files, tsconfig `paths` aliases). No type checker.
import { basename, dirname, join, normalize } from 'node:path';
import type { ts } from './ts.cjs';
import type { OutsideCall } from './outside-callers.js';
import type { ProjectIndex, TransformOutput } from './types.js';
import { parse } from './transform-text.js';
import { analyzeFile, mayHaveDevinUrl, type FileAnalysis } from './url/analyze.js';
import type { EndpointsIndex } from './url/index-types.js';
import { ORG, type Fact, type Leaf, type Site } from './url/model.js';
import { planLeaf } from './url/plan.js';
import { byFileOrdinal, solve, type Item } from './url/solve.js';
import { HOLE } from './url-shapes.js';
import type { ModuleScope } from './url/scope.js';

export interface PathAlias {
  /** `@/` of `"@/*": ["./src/*"]`; an exact alias has no trailing `*`. */
  prefix: string;
  exact: boolean;
  /** Absolute target prefixes. */
  targets: string[];
}

/** The `paths` aliases an importing file sees (its nearest tsconfig's, in a monorepo its package's). */
export type AliasesFor = (fromFile: string) => readonly PathAlias[];

export interface IndexOptions {
  aliases?: readonly PathAlias[] | AliasesFor;
  /**
   * Called with each tree the pre-pass parses, to run the transforms that need no whole-project
   * facts on it while it is in hand; what it returns is kept (edits only, no tree) for
   * `ProjectIndex.outputFor`.
   */
  runAhead?: (file: string, text: string, sourceFile: ts.SourceFile, project: ProjectIndex) => Map<string, TransformOutput> | undefined;
  /**
   * Called after runAhead with the same tree: the module's calls whose response goes to callers
   * outside the run, kept for `ProjectIndex.outsideCallsFor`.
   */
  outsideCalls?: (file: string, text: string, sourceFile: ts.SourceFile, project: ProjectIndex) => OutsideCall[];
}

/** A module that passes on another's exports: `export * from`, `export { x } from`. */
const REEXPORT_RE = /\bexport\b[^;\n]*\bfrom\b/;
const SPECIFIER_RE = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;
const CODE_EXT = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The last segment an import of this module ends with: its file name, or its folder's for an index file. */
function importName(file: string): string {
  const stem = basename(file).replace(/\.[cm]?[jt]sx?$/, '');
  return stem === 'index' ? basename(dirname(file)) : stem;
}

export function isCodeFile(path: string): boolean {
  return /\.(?:[cm]?[jt]sx?)$/.test(path) && !/\.d\.[cm]?ts$/.test(path);
}

interface Analyzed {
  text: string;
  result: FileAnalysis;
  /** Imports and exports (syntax nodes dropped: the index keeps no trees). */
  scope: ModuleScope;
  exports: Map<string, Fact>;
  leaves: Leaf[];
  importsDevin: boolean;
}

export function createModuleResolver(files: ReadonlySet<string>, aliases: readonly PathAlias[] | AliasesFor = []): (from: string, spec: string) => string | undefined {
  const aliasesFor: AliasesFor = typeof aliases === 'function' ? aliases : () => aliases;
  const tryFile = (base: string): string | undefined => {
    const b = normalize(base);
    if (files.has(b) && isCodeFile(b)) return b;
    const swapped = /\.(m|c)?jsx?$/.exec(b);
    if (swapped) {
      const stem = b.slice(0, -swapped[0].length);
      const alts = swapped[0].endsWith('x') ? ['.tsx'] : swapped[1] === 'm' ? ['.mts'] : swapped[1] === 'c' ? ['.cts'] : ['.ts', '.tsx'];
      for (const e of alts) if (files.has(stem + e)) return stem + e;
    }
    for (const e of CODE_EXT) if (files.has(b + e)) return b + e;
    for (const e of CODE_EXT) if (files.has(join(b, `index${e}`))) return join(b, `index${e}`);
    return undefined;
  };
  return (from, spec) => {
    if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') return tryFile(join(dirname(from), spec));
    for (const a of aliasesFor(from)) {
      if (a.exact ? spec === a.prefix : spec.startsWith(a.prefix)) {
        const rest = a.exact ? '' : spec.slice(a.prefix.length);
        for (const t of a.targets) {
          const hit = tryFile(t + rest);
          if (hit) return hit;
        }
      }
    }
    return undefined;
  };
}

export function buildProjectIndex(texts: ReadonlyMap<string, string>, opts: IndexOptions = {}): ProjectIndex {
  const names = new Set(texts.keys());
  const resolve = createModuleResolver(names, opts.aliases);
  // Every alias prefix some file of the run sees (an import through one may name no file).
  let aliasPrefixes: string[] | undefined;
  const allAliasPrefixes = (): string[] => {
    if (aliasPrefixes) return aliasPrefixes;
    const a = opts.aliases;
    const lists = typeof a === 'function' ? [...new Set([...texts.keys()].map((f) => a(f)))] : [a ?? []];
    return (aliasPrefixes = [...new Set(lists.flatMap((l) => l.map((x) => x.prefix)).filter((p) => p.length > 0))]);
  };
  const analyzed = new Map<string, Analyzed>();
  const ranAhead = new Map<string, { text: string; outputs: Map<string, TransformOutput> }>();
  const outside = new Map<string, { text: string; calls: OutsideCall[] }>();
  const inProgress = new Set<string>();
  // Modules that import each other: a look-up that meets a module still being analysed gets no
  // answer. The module that asked is analysed again once the other is done (see below), and what
  // runAhead computed meanwhile is not kept.
  let cycles = 0;
  const analysing: string[] = [];
  const incomplete = new Set<string>();
  /** Modules whose analysis read facts exported by a module (to analyse again after it). */
  const readers = new Map<string, Set<string>>();

  // Import specifiers of a file, resolved, computed on demand (most files are never asked).
  const specifiers = new Map<string, Map<string, string>>();
  const specifiersOf = (file: string): Map<string, string> => {
    let specs = specifiers.get(file);
    if (specs) return specs;
    specs = new Map<string, string>();
    for (const m of (texts.get(file) ?? '').matchAll(SPECIFIER_RE)) {
      const spec = m[2]!;
      if (specs.has(spec)) continue;
      const target = resolve(file, spec);
      if (target) specs.set(spec, target);
    }
    specifiers.set(file, specs);
    return specs;
  };
  // Who imports a module: only files whose text names the module's file (or folder, for an
  // index file) can, so the regular expression runs on few files even in a large monorepo.
  const codeFiles = [...texts.keys()].filter(isCodeFile);
  const importersOf = (target: string): string[] => {
    const needle = importName(target);
    const aliasNeedles = allAliasPrefixes();
    const out: string[] = [];
    for (const file of codeFiles) {
      if (file === target) continue;
      const text = texts.get(file)!;
      // An alias names a package or folder, not the file (`@acme/sdk` -> `packages/sdk/src/api.ts`).
      if (!text.includes(needle) && !aliasNeedles.some((a) => text.includes(a))) continue;
      for (const t of specifiersOf(file).values()) {
        if (t === target) {
          out.push(file);
          break;
        }
      }
    }
    return out;
  };

  // Whether a module can export anything Devin: its own text looks like Devin, or it imports
  // (or re-exports) from a module that can. Decided from text, so plain modules are never parsed.
  const mightExport = new Map<string, boolean>();
  const canExportDevin = (file: string): boolean => {
    const hit = mightExport.get(file);
    if (hit !== undefined) return hit;
    mightExport.set(file, false);
    const text = texts.get(file) ?? '';
    let yes = mayHaveDevinUrl(text);
    if (!yes) for (const t of specifiersOf(file).values()) if (canExportDevin(t)) yes = true;
    mightExport.set(file, yes);
    return yes;
  };

  const exportFact = (file: string, name: string, seen = new Set<string>()): Fact | undefined => {
    const key = `${file}\u0000${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    if (!canExportDevin(file)) return undefined;
    const a = analyze(file);
    if (!a) return undefined;
    const own = a.exports.get(name);
    if (own) return own;
    const entry = a.scope.exports.get(name);
    if (entry?.from) {
      const target = resolve(file, entry.from);
      return target ? exportFact(target, entry.name ?? name, seen) : undefined;
    }
    if (name !== 'default') {
      for (const spec of a.scope.starExports) {
        const target = resolve(file, spec);
        const f = target && exportFact(target, name, seen);
        if (f) return f;
      }
    }
    return undefined;
  };

  const importFact = (file: string, spec: string, imported: string): Fact | undefined => {
    if (imported === '*') return undefined;
    const target = specifiersOf(file).get(spec) ?? resolve(file, spec);
    if (!target) return undefined;
    let r = readers.get(target);
    if (!r) readers.set(target, (r = new Set()));
    r.add(file);
    return exportFact(target, imported);
  };

  function analyze(file: string): Analyzed | undefined {
    const hit = analyzed.get(file);
    if (hit) return hit;
    if (inProgress.has(file)) {
      cycles++;
      const asking = analysing.at(-1);
      if (asking !== undefined) incomplete.add(asking);
      return undefined;
    }
    if (!isCodeFile(file)) return undefined;
    const text = texts.get(file);
    if (text === undefined) return undefined;
    inProgress.add(file);
    analysing.push(file);
    try {
      const sf = parse(file, text);
      let importsDevin = false;
      const result = analyzeFile(file, sf, (spec, imported) => {
        const f = importFact(file, spec, imported);
        if (f) importsDevin = true;
        return f;
      });
      const full = result.moduleScope;
      const scope: ModuleScope = {
        imports: full.imports,
        starExports: full.starExports,
        exports: new Map([...full.exports].map(([k, e]) => [k, { local: e.local, from: e.from, name: e.name }])),
      };
      const a: Analyzed = { text, result, scope, exports: result.exports, leaves: result.leaves, importsDevin };
      analyzed.set(file, a);
      if (opts.runAhead) {
        const before = cycles;
        const outputs = opts.runAhead(file, text, sf, project);
        if (outputs && cycles === before) ranAhead.set(file, { text, outputs });
      }
      if (opts.outsideCalls) {
        try {
          outside.set(file, { text, calls: opts.outsideCalls(file, text, sf, project) });
        } catch {
          // the file's own run computes it again, and reports the failure
        }
      }
      return a;
    } finally {
      inProgress.delete(file);
      analysing.pop();
    }
  }

  const seeds = new Set<string>();
  // Modules that import a seed module that exports something: one pass over every module's import
  // specifiers, resolving only those whose last segment names such a module.
  let importersOfSeeds: Set<string> | undefined;
  // Who imports each module asked about. Modules are indexed in batches, each one pass over
  // every module's import specifiers that resolves only those whose last segment names a module
  // of the batch (or that go through an alias): a 20,000-file monorepo has few such modules.
  const importersOfModule = new Map<string, string[]>();
  const indexImporters = (targets: Iterable<string>): void => {
    const batch = new Set([...targets].filter((t) => !importersOfModule.has(t)));
    if (batch.size === 0) return;
    for (const t of batch) importersOfModule.set(t, []);
    const stems = new Set([...batch].map(importName));
    const prefixes = allAliasPrefixes();
    for (const file of codeFiles) {
      for (const m of texts.get(file)!.matchAll(SPECIFIER_RE)) {
        const spec = m[2]!;
        if (!stems.has(spec.slice(spec.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '')) && !prefixes.some((p) => spec.startsWith(p))) continue;
        const target = resolve(file, spec);
        if (target === undefined || target === file || !batch.has(target)) continue;
        const list = importersOfModule.get(target)!;
        if (!list.includes(file)) list.push(file);
      }
    }
  };
  let candidatesIndexed = false;
  const importersIndexed = (target: string): string[] => {
    indexImporters([target]);
    return importersOfModule.get(target)!;
  };
  const findImportersOfSeeds = (): Set<string> => {
    const out = new Set<string>();
    // Seed modules that export something, then the barrels among their importers (`export * from
    // './api'`), whose importers read the same functions.
    let targets = [...seeds].filter((s) => /\bexport\b|\bexports\b/.test(texts.get(s)!));
    const done = new Set(targets);
    for (let round = 0; targets.length > 0 && round < 4; round++) {
      indexImporters(targets);
      const barrels: string[] = [];
      for (const t of targets) {
        for (const file of importersIndexed(t)) {
          out.add(file);
          if (!done.has(file) && !seeds.has(file) && REEXPORT_RE.test(texts.get(file)!)) {
            done.add(file);
            barrels.push(file);
          }
        }
      }
      targets = barrels;
    }
    return out;
  };
  // Modules that import a module, and through modules that pass its exports on (`export … from`),
  // their importers too.
  const reachedBy = new Map<string, string[]>();
  const importersThrough = (target: string): string[] => {
    let out = reachedBy.get(target);
    if (out) return out;
    out = [];
    reachedBy.set(target, out);
    const seen = new Set([target]);
    const queue = [target];
    while (queue.length > 0) {
      const t = queue.shift()!;
      const direct = importersIndexed(t);
      for (const f of direct) {
        if (seen.has(f)) continue;
        seen.add(f);
        out.push(f);
        if (REEXPORT_RE.test(texts.get(f)!) || /\bmodule\.exports\s*=\s*require\b/.test(texts.get(f)!)) queue.push(f);
      }
    }
    return out;
  };
  /** The one all-literal value of an imported constant, its pieces read by `text`. */
  const importedString = (file: string, localName: string, text: (site: Site) => string): string | undefined => {
    const a = analyze(file);
    const imp = a?.scope.imports.get(localName);
    if (!imp) return undefined;
    const f = importFact(file, imp.specifier, imp.imported);
    if (f?.kind !== 'value' || f.alts.length !== 1) return undefined;
    const v = f.alts[0]!;
    return v.every((p) => p.kind === 'lit') ? v.map((p) => (p.kind === 'lit' ? text(p.site) : '')).join('') : undefined;
  };
  // Usable while the index is built (for runAhead); `endpoints` is set once every file is in.
  const project: ProjectIndex = {
    resolveImportedString: (file, localName) => importedString(file, localName, (site) => site.text),
    importedStringAfterRun: (file, localName) => importedString(file, localName, (site) => siteTextAfterRun(site).split(ORG).join(HOLE)),
    importsDevin: (file) => analyzed.get(file)?.importsDevin ?? false,
    importsDevinModule: (file) => (importersOfSeeds ??= findImportersOfSeeds()).has(file),
    callsExport: (file, name) => {
      // Asked once the index is complete: the modules with candidates are indexed in one batch.
      if (!candidatesIndexed) {
        candidatesIndexed = true;
        indexImporters([...outside].filter(([, o]) => o.calls.length > 0).map(([f]) => f));
      }
      return importersThrough(file).some((f) => name === 'default' || texts.get(f)!.includes(name));
    },
    resolveModule: resolve,
    moduleText: (file) => texts.get(file),
    // The seed test below already ran on every text: for the same text its answer stands.
    namesDevinUrl: (file, text) => (texts.get(file) === text ? seeds.has(file) : mayHaveDevinUrl(text)),
    outsideCallsFor: (file, text) => {
      const o = outside.get(file);
      return o && o.text === text ? o.calls : undefined;
    },
    outputFor: (file, text, transform) => {
      const r = ranAhead.get(file);
      return r && r.text === text ? r.outputs.get(transform) : undefined;
    },
  };

  // A module other files must be looked at for: it exports (or re-exports) a Devin fact.
  const devinModule = new Map<string, boolean>();
  const isDevinModule = (file: string): boolean => {
    const hit = devinModule.get(file);
    if (hit !== undefined) return hit;
    devinModule.set(file, false);
    const a = analyze(file);
    let yes = a !== undefined && a.exports.size > 0;
    if (a && !yes) {
      for (const [name, e] of a.scope.exports) if (e.from && exportFact(file, name)) yes = true;
      for (const spec of a.scope.starExports) {
        const target = resolve(file, spec);
        if (target && isDevinModule(target)) yes = true;
      }
    }
    devinModule.set(file, yes);
    return yes;
  };

  // Seeds: files with Devin-looking text. Then, breadth-first, the importers of any module that
  // exports something, so derived bases and re-exports are followed across modules.
  const queue: string[] = [];
  const queued = new Set<string>();
  for (const [file, text] of texts) {
    if (isCodeFile(file) && mayHaveDevinUrl(text)) {
      queue.push(file);
      queued.add(file);
      seeds.add(file);
    }
  }
  const enqueueImporters = (file: string): void => {
    if (!isDevinModule(file)) return;
    for (const imp of importersOf(file)) {
      if (queued.has(imp)) continue;
      queued.add(imp);
      queue.push(imp);
    }
  };
  const drain = (from: number): void => {
    for (let i = from; i < queue.length; i++) enqueueImporters(queue[i]!);
  };
  drain(0);
  // A module analysed while a module it imports from was still in progress (they import each
  // other) missed that module's facts: analyse it again now that the other is done, then every
  // module that read facts from it, one at a time so that the others answer from the cache.
  for (let round = 0; round < 3 && incomplete.size > 0; round++) {
    const redo = [...incomplete];
    incomplete.clear();
    const seen = new Set(redo);
    for (let i = 0; i < redo.length; i++) {
      for (const reader of readers.get(redo[i]!) ?? []) {
        if (seen.has(reader)) continue;
        seen.add(reader);
        redo.push(reader);
      }
    }
    for (const file of redo) {
      analyzed.delete(file);
      ranAhead.delete(file);
      outside.delete(file);
      devinModule.delete(file);
      analyze(file);
    }
    // They may export Devin facts now: their importers join the queue.
    const start = queue.length;
    for (const file of redo) enqueueImporters(file);
    drain(start);
  }

  // Connected groups of uses (by shared sites), across files.
  const allLeaves: Leaf[] = [];
  for (const a of analyzed.values()) allLeaves.push(...a.leaves);
  const parent = allLeaves.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const siteOwner = new Map<string, number>();
  allLeaves.forEach((leaf, i) => {
    for (const p of leaf.parts) {
      if (p.kind !== 'lit') continue;
      const o = siteOwner.get(p.site.key);
      if (o === undefined) siteOwner.set(p.site.key, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, Leaf[]>();
  allLeaves.forEach((leaf, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(leaf);
    else groups.set(r, [leaf]);
  });

  /**
   * What endpoints makes of a site in this run: the solution of the uses that share it, solved as
   * endpoints solves them for any file of the group (the same uses in the same order, so the same
   * shared solution).
   */
  const siteTextAfterRun = (site: Site): string => {
    if (!project.endpoints) return site.text; // the index is still being built
    const o = siteOwner.get(site.key);
    if (o === undefined) return site.text;
    const items: Item[] = [];
    for (const leaf of groups.get(find(o)) ?? []) {
      const plan = planLeaf(leaf);
      if (plan) items.push({ leaf, plan });
    }
    items.sort((a, b) => byFileOrdinal(a.leaf, b.leaf));
    return solve(items, project.endpoints.solutions).siteText.get(site.key) ?? site.text;
  };

  const endpoints: EndpointsIndex = {
    importFact,
    foreignLeaves: (file, siteKeys) => {
      const roots = new Set<number>();
      for (const k of siteKeys) {
        const o = siteOwner.get(k);
        if (o !== undefined) roots.add(find(o));
      }
      const out: Leaf[] = [];
      for (const r of roots) for (const leaf of groups.get(r) ?? []) if (leaf.file !== file) out.push(leaf);
      return out;
    },
  };

  endpoints.solutions = new Map();
  endpoints.envBases = new Map();
  endpoints.envKept = new Map();
  endpoints.analysisFor = (file, text) => {
    const a = analyzed.get(file);
    return a && a.text === text ? a.result : undefined;
  };

  project.endpoints = endpoints;
  return project;
}
