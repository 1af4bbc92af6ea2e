// The codemod runner: discover files, refuse a dirty tree, read, run the pipeline (pre-pass
// index, transforms in order), then write atomically, or return unified diffs (dry run), or
// count what is left (check). Never prints: the CLI renders the result.
import { execFileSync } from 'node:child_process';
import { isAscii } from 'node:buffer';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { redactText } from '../src/catalog/index.js';
import type { CodemodDocument, CodemodFileResult } from '../src/documents/codemod.js';
import { CODEMOD_KIND, CODEMOD_SCHEMA_VERSION } from '../src/documents/codemod-kind.js';
import { writeFileAtomic } from '../src/documents/write.js';
import { SafetyError, UsageError } from '../src/errors.js';
import { gitTop } from '../src/files/git-top.js';
import { codemodFiles } from './codemod-files.js';
import { TRANSFORMS, transformNames } from './index.js';
import { markersIn } from './markers.js';
import { runPipeline, type PipelineFile } from './pipeline.js';
import type { AliasesFor, PathAlias } from './project-index.js';
import type { CodemodOptions } from './types.js';

export type CodemodMode = 'write' | 'dry-run' | 'check';

export interface CodemodRunOptions {
  paths: readonly string[];
  cwd: string;
  /** Run only these transforms (names from `transformNames()`); empty: all. */
  transforms: readonly string[];
  options: CodemodOptions;
  mode: CodemodMode;
  allowDirty: boolean;
  /** Files larger than this are skipped (minified bundles, generated code). */
  maxFileBytes?: number;
  /** Dry run: compute the diffs (default); off when only the result document is wanted. */
  diffs?: boolean;
}

export interface CodemodRun {
  document: CodemodDocument;
  /** Unified diffs of the files that change (dry run), keys redacted. */
  diffs: string[];
}

const DEFAULT_MAX_BYTES = 1024 * 1024;

/** The transforms a run uses, in registry order. */
export function selectTransforms(names: readonly string[], options: CodemodOptions): { code: typeof TRANSFORMS; config: boolean; names: string[] } {
  const known = transformNames();
  for (const n of names) {
    if (!known.includes(n)) throw new UsageError(`unknown transform ${n}`, { hint: `choose from ${known.join(', ')}` });
  }
  const wanted = (n: string): boolean => names.length === 0 || names.includes(n);
  const code = TRANSFORMS.filter((t) => wanted(t.name) && !(t.name === 'attribution' && options.attribution === 'none'));
  const config = wanted('config');
  return { code, config, names: [...code.map((t) => t.name), ...(config ? ['config'] : [])] };
}

/** Uncommitted or untracked files under the given paths, as `git status --porcelain` lines. */
export function dirtyFiles(cwd: string, paths: readonly string[]): string[] | null {
  const top = gitTop(cwd);
  if (!top) return null;
  try {
    const out = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...paths], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n').filter((l) => l.trim() !== '');
  } catch {
    return null;
  }
}

/**
 * The aliases each file sees: those of the nearest tsconfig/jsconfig above it (in a monorepo, its
 * package's), looked up once per directory.
 */
function aliasesByDirectory(): AliasesFor {
  const byDir = new Map<string, readonly PathAlias[]>();
  const inDir = (d: string): readonly PathAlias[] => {
    let hit = byDir.get(d);
    if (hit) return hit;
    hit = configIn(d) ?? (dirname(d) === d || existsSync(join(d, '.git')) ? [] : inDir(dirname(d)));
    byDir.set(d, hit);
    return hit;
  };
  return (file) => inDir(dirname(file));
}

/** The aliases of the tsconfig.json (or jsconfig.json) in this directory, if there is one. */
function configIn(d: string): PathAlias[] | undefined {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const file = join(d, name);
    if (!existsSync(file)) continue;
    const found = pathsOf(file, 0);
    if (!found) return [];
    return Object.entries(found.paths).map(([pattern, targets]) => {
      const exact = !pattern.endsWith('*');
      return { prefix: exact ? pattern : pattern.slice(0, -1), exact, targets: targets.map((t) => join(found.base, exact ? t : t.replace(/\*$/, ''))) };
    });
  }
  return undefined;
}

interface TsConfig {
  extends?: string | string[];
  compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> };
}

/**
 * The `paths` a config file has, its own or from the configs it extends (relative ones: a shared
 * `tsconfig.base.json`), with the folder they are relative to: `baseUrl` where the config that sets
 * it is, else the config that sets `paths`.
 */
function pathsOf(file: string, depth: number): { paths: Record<string, string[]>; base: string } | undefined {
  let json: TsConfig;
  try {
    // tsconfig allows comments and trailing commas.
    json = JSON.parse(readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:"'])\/\/.*$/gm, '$1').replace(/,(\s*[}\]])/g, '$1')) as TsConfig;
  } catch {
    return undefined;
  }
  const co = json.compilerOptions ?? {};
  const here = dirname(file);
  let inherited: { paths: Record<string, string[]>; base: string } | undefined;
  const parents = (Array.isArray(json.extends) ? json.extends : json.extends ? [json.extends] : []).filter((e) => e.startsWith('.'));
  if (depth < 8) {
    for (const e of parents) {
      const parent = join(here, e.endsWith('.json') ? e : `${e}.json`);
      inherited = (existsSync(parent) ? pathsOf(parent, depth + 1) : undefined) ?? inherited;
    }
  }
  if (co.paths) return { paths: co.paths, base: join(here, co.baseUrl ?? '.') };
  if (inherited && co.baseUrl !== undefined) return { paths: inherited.paths, base: join(here, co.baseUrl) };
  return inherited ?? { paths: {}, base: here };
}

/**
 * A source file's text, or why it is skipped. Read into one reused buffer (no stat, no buffer per
 * file): in a 20,000-file monorepo the reads are a large part of the run.
 */
function readSource(abs: string, buffer: Buffer, maxBytes: number): string | { skip: string } {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (e) {
    return { skip: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) return { skip: `larger than ${Math.round(maxBytes / 1024)} KB` };
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) return { skip: 'binary' };
    // ASCII (most source) decodes byte for byte, without UTF-8 validation.
    return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } catch (e) {
    return { skip: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(fd);
  }
}

export function runCodemod(opts: CodemodRunOptions): CodemodRun {
  const started = performance.now();
  const sel = selectTransforms(opts.transforms, opts.options);
  const found = codemodFiles({ paths: opts.paths, cwd: opts.cwd, config: sel.config });
  const foundAt = performance.now();

  if (opts.mode === 'write' && !opts.allowDirty) {
    const dirty = dirtyFiles(opts.cwd, opts.paths);
    if (dirty === null) {
      throw new SafetyError('refusing to rewrite files outside a git repository: the changes could not be reviewed or reverted on their own', {
        hint: 'run it inside a git checkout, or pass --allow-dirty',
      });
    }
    if (dirty.length > 0) {
      throw new SafetyError(`refusing to rewrite files: ${dirty.length} uncommitted change${dirty.length === 1 ? '' : 's'} under the given paths (first: ${dirty[0]!.slice(3)})`, {
        hint: 'commit or stash them so the codemod’s changes can be reviewed and reverted on their own, or pass --allow-dirty',
      });
    }
  }

  const checkedAt = performance.now(); // the dirty-tree check is not part of any phase
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_BYTES;
  const files: PipelineFile[] = [];
  const skipped = new Map<string, string>();
  const buffer = Buffer.allocUnsafe(maxBytes + 1);
  for (const f of found) {
    const r = readSource(f.abs, buffer, maxBytes);
    if (typeof r === 'string') files.push({ path: f.abs, text: r });
    else skipped.set(f.abs, r.skip);
  }

  const readAt = performance.now();
  const outcomes = runPipeline(files, { transforms: sel.code, config: sel.config, options: opts.options, aliases: aliasesByDirectory() });
  const transformedAt = performance.now();
  const byPath = new Map(outcomes.map((o) => [o.path, o]));
  const originals = new Map(files.map((x) => [x.path, x.text]));
  const diffs: string[] = [];
  const results: CodemodFileResult[] = [];
  for (const f of found) {
    const skip = skipped.get(f.abs);
    if (skip !== undefined) {
      results.push({ path: f.rel, action: 'skipped', transforms: [], edits: 0, markersAdded: [], markersPresent: 0, openMarkers: [], notes: [], unresolved: 0, error: skip });
      continue;
    }
    const o = byPath.get(f.abs)!;
    const original = originals.get(f.abs)!;
    let action = o.action;
    let error = o.error ?? null;
    if (action === 'changed') {
      if (opts.mode === 'write') {
        try {
          writeFileAtomic(f.abs, o.text, statSync(f.abs).mode & 0o777);
        } catch (e) {
          action = 'error';
          error = `could not write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
        }
      } else if (opts.mode === 'dry-run' && opts.diffs !== false) {
        diffs.push(redactText(createTwoFilesPatch(`a/${f.rel}`, `b/${f.rel}`, original, o.text, undefined, undefined, { context: 3 })));
      }
    }
    // Markers already in a file may have been written by anyone: their text is redacted.
    const open = markersIn(action === 'error' ? original : o.text).map((m) => ({ line: m.line, message: redactText(m.message) }));
    results.push({
      path: f.rel,
      action,
      transforms: o.applied.map((a) => a.transform),
      edits: o.applied.reduce((n, a) => n + a.edits, 0),
      markersAdded: o.applied.flatMap((a) => a.markers),
      markersPresent: open.length,
      openMarkers: open,
      notes: o.notes,
      unresolved: o.unresolved,
      error,
    });
  }
  const count = (a: CodemodFileResult['action']): number => results.filter((r) => r.action === a).length;
  const document: CodemodDocument = {
    kind: CODEMOD_KIND,
    schemaVersion: CODEMOD_SCHEMA_VERSION,
    generatedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    phasesMs: {
      find: Math.round(foundAt - started),
      read: Math.round(readAt - checkedAt),
      transform: Math.round(transformedAt - readAt),
      output: Math.round(performance.now() - transformedAt),
    },
    mode: opts.mode,
    roots: opts.paths.map((p) => relative(opts.cwd, resolve(opts.cwd, p)) || '.'),
    options: { transforms: sel.names, orgIdExpr: opts.options.orgIdExpr, createAsUserIdExpr: opts.options.createAsUserIdExpr, attribution: opts.options.attribution },
    totals: {
      files: results.length,
      changed: count('changed'),
      unchanged: count('unchanged'),
      skipped: count('skipped'),
      errors: count('error'),
      edits: results.reduce((n, r) => n + r.edits, 0),
      markersAdded: results.reduce((n, r) => n + r.markersAdded.length, 0),
      markersPresent: results.reduce((n, r) => n + r.markersPresent, 0),
      unresolved: results.reduce((n, r) => n + r.unresolved, 0),
    },
    files: results,
  };
  return { document, diffs };
}

/** For --check: whether work remains (files that would change, markers, unresolved values). */
export function workRemains(doc: CodemodDocument): boolean {
  return doc.totals.changed > 0 || doc.totals.markersPresent > 0 || doc.totals.unresolved > 0 || doc.totals.errors > 0;
}
