// Which files a scan reads: every file under the given paths that the scanner understands,
// minus `.gitignore`d ones (nested .gitignore files too, and those above the path up to the
// repository top), minus the ignore file's patterns, never `node_modules` or VCS folders.
// Symbolic links are not followed (no cycles, no leaving the tree). A file named explicitly is
// read whatever the ignore rules say.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { InputError } from '../errors.js';
import { languageOf, type Lang } from './languages.js';

export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);
export const DEFAULT_IGNORE_FILE = '.devin-migrate-ignore';

export interface WalkOptions {
  paths: readonly string[];
  cwd: string;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** An ignore file (gitignore syntax) applied to every path, relative to it; null for the default lookup. */
  ignoreFile?: string | null;
}

export interface WalkedFile {
  abs: string;
  /** Relative to the working directory when inside it, else to the scanned path; POSIX separators. */
  rel: string;
  lang: Lang | 'sniff';
  explicit: boolean;
  /** Index of the scanned path it was found under. */
  root: number;
}

export interface WalkResult {
  files: WalkedFile[];
  roots: string[];
  /** Files left out by an ignore rule. */
  ignored: number;
}

interface Frame {
  dir: string;
  ig: Ignore;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function readIgnore(file: string): Ignore | null {
  try {
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The deepest frame with an opinion decides (a nested `!pattern` re-includes). */
function isIgnored(frames: readonly Frame[], abs: string, isDir: boolean): boolean {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    const rel = toPosix(relative(f.dir, abs));
    if (!rel || rel.startsWith('..')) continue;
    const r = f.ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

/** .gitignore files between the repository top and `dir` (exclusive), outermost first. */
function ancestorFrames(dir: string): Frame[] {
  const chain: string[] = [];
  let d = dirname(dir);
  let top: string | null = existsSync(join(dir, '.git')) ? dir : null;
  while (top === null) {
    chain.push(d);
    if (existsSync(join(d, '.git'))) top = d;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  if (top === null || top === dir) return [];
  const frames: Frame[] = [];
  for (const a of chain.reverse()) {
    const ig = readIgnore(join(a, '.gitignore'));
    if (ig) frames.push({ dir: a, ig });
  }
  return frames;
}

function displayPath(abs: string, cwd: string, root: string, rootIsFile: boolean): string {
  const fromCwd = relative(cwd, abs);
  if (fromCwd && !fromCwd.startsWith('..') && !fromCwd.startsWith(sep)) return toPosix(fromCwd);
  if (rootIsFile) return basename(abs);
  return toPosix(relative(root, abs)) || basename(abs);
}

export function walk(opts: WalkOptions): WalkResult {
  const useGitignore = opts.gitignore !== false;
  const files: WalkedFile[] = [];
  const roots: string[] = [];
  let ignored = 0;
  const seen = new Set<string>();
  let explicitIgnore: string | null = null;
  if (opts.ignoreFile) {
    explicitIgnore = resolve(opts.cwd, opts.ignoreFile);
    if (!existsSync(explicitIgnore)) {
      throw new InputError(`ignore file ${opts.ignoreFile} does not exist`, { hint: 'check the path given to --ignore-file' });
    }
  }
  for (const p of opts.paths) {
    const root = resolve(opts.cwd, p);
    let st;
    try {
      st = statSync(root);
    } catch {
      throw new InputError(`path ${p} does not exist`, { hint: 'pass files or directories that exist' });
    }
    roots.push(root);
    if (st.isFile()) {
      if (!seen.has(root)) {
        seen.add(root);
        files.push({ abs: root, rel: displayPath(root, opts.cwd, root, true), lang: languageOf(root) ?? 'sniff', explicit: true, root: roots.length - 1 });
      }
      continue;
    }
    if (!st.isDirectory()) throw new InputError(`path ${p} is neither a file nor a directory`, { hint: 'pass files or directories' });
    const ignoreFile = explicitIgnore ?? (existsSync(join(root, DEFAULT_IGNORE_FILE)) ? join(root, DEFAULT_IGNORE_FILE) : null);
    const extra = ignoreFile ? readIgnore(ignoreFile) : null;
    if (ignoreFile && !extra) throw new InputError(`cannot read ignore file ${ignoreFile}`, { hint: 'check its permissions' });
    let matched = 0;
    const base: Frame[] = useGitignore ? ancestorFrames(root) : [];
    // Iterative walk; each stack entry carries the ignore frames that apply inside it.
    const stack: { dir: string; frames: Frame[] }[] = [{ dir: root, frames: base }];
    while (stack.length > 0) {
      const { dir, frames: parentFrames } = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable directory: skipped, like git does
      }
      let frames = parentFrames;
      if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
        const ig = readIgnore(join(dir, '.gitignore'));
        if (ig) frames = [...parentFrames, { dir, ig }];
      }
      const subdirs: string[] = [];
      for (const e of entries) {
        const abs = join(dir, e.name);
        if (e.isDirectory()) {
          if (ALWAYS_SKIPPED_DIRS.has(e.name)) continue;
          if (isIgnored(frames, abs, true) || (extra && extra.ignores(`${toPosix(relative(root, abs))}/`))) {
            ignored++;
            continue;
          }
          subdirs.push(abs);
          continue;
        }
        if (!e.isFile()) continue; // symlinks, sockets, devices
        const lang = languageOf(e.name);
        if (lang === null) continue;
        if (isIgnored(frames, abs, false) || (extra && extra.ignores(toPosix(relative(root, abs))))) {
          ignored++;
          continue;
        }
        matched++;
        if (seen.has(abs)) continue;
        seen.add(abs);
        files.push({ abs, rel: displayPath(abs, opts.cwd, root, false), lang, explicit: false, root: roots.length - 1 });
      }
      // Reverse so the pop order walks directories alphabetically.
      subdirs.sort();
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i]!, frames });
    }
    if (matched === 0) {
      throw new InputError(`${p} holds no files the scanner reads (after ignore rules)`, {
        hint: 'pass a directory with source, config or CI files, or check .gitignore and the ignore file',
      });
    }
  }
  return { files, roots, ignored };
}
