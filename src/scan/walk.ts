// Which files a scan reads: every file under the given paths that the scanner understands,
// minus `.gitignore`d ones (nested .gitignore files too, and those above the path up to the
// repository top, unless they ignore the named directory itself), minus the ignore file's patterns, never `node_modules` or VCS folders.
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

/**
 * The ignore rules of one .gitignore. A path relative to the scanned root becomes relative to
 * the .gitignore's directory by dropping `strip` characters and prepending `prepend` (string
 * slicing: path.relative per entry cost more than the rest of the walk).
 */
interface Frame {
  ig: Ignore;
  strip: number;
  prepend: string;
  /**
   * Every rule matches by name alone (`*.log`, `build/`, `!keep.js`; no inner slash). Since the
   * walk never enters an ignored directory, testing the entry's name gives the same answer as
   * testing its path, for a fraction of the cost.
   */
  byName: boolean;
}

function byNameOnly(patterns: string): boolean {
  for (const raw of patterns.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.replace(/^!/, '').replace(/\/+$/, '').includes('/')) return false;
  }
  return true;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function readIgnore(file: string): { ig: Ignore; byName: boolean } | null {
  try {
    const text = readFileSync(file, 'utf8');
    return { ig: ignore().add(text), byName: byNameOnly(text) };
  } catch {
    return null;
  }
}

/**
 * The deepest frame with an opinion decides (a nested `!pattern` re-includes). `rel`: from the
 * root; `name`: the entry's own name.
 */
function isIgnored(frames: readonly Frame[], rel: string, isDir: boolean, name = rel.slice(rel.lastIndexOf('/') + 1)): boolean {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    const p = f.byName && name ? name : f.prepend + rel.slice(f.strip);
    if (!p) continue;
    const r = f.ig.test(isDir ? `${p}/` : p);
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
    const r = readIgnore(join(a, '.gitignore'));
    if (r) frames.push({ ig: r.ig, byName: false, strip: 0, prepend: `${toPosix(relative(a, dir))}/` });
  }
  return frames;
}

export function walk(opts: WalkOptions): WalkResult {
  const useGitignore = opts.gitignore !== false;
  const files: WalkedFile[] = [];
  const roots: string[] = [];
  let ignored = 0;
  const seen = new Set<string>();
  // Only several paths can name the same file twice.
  const several = opts.paths.length > 1;
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
    const rootIndex = roots.length - 1;
    const fromCwd = toPosix(relative(opts.cwd, root));
    const inCwd = !fromCwd.startsWith('..') && !/^(?:[a-z]:)?\//i.test(fromCwd);
    if (st.isFile()) {
      if (!seen.has(root)) {
        seen.add(root);
        files.push({ abs: root, rel: inCwd ? fromCwd : basename(root), lang: languageOf(root) ?? 'sniff', explicit: true, root: rootIndex });
      }
      continue;
    }
    if (!st.isDirectory()) throw new InputError(`path ${p} is neither a file nor a directory`, { hint: 'pass files or directories' });
    // Findings name files relative to the working directory when the root is inside it.
    const displayPrefix = inCwd && fromCwd ? `${fromCwd}/` : '';
    const ignoreFile = explicitIgnore ?? (existsSync(join(root, DEFAULT_IGNORE_FILE)) ? join(root, DEFAULT_IGNORE_FILE) : null);
    const extra = ignoreFile ? (readIgnore(ignoreFile)?.ig ?? null) : null;
    if (ignoreFile && !extra) throw new InputError(`cannot read ignore file ${ignoreFile}`, { hint: 'check its permissions' });
    let matched = 0;
    let base: Frame[] = useGitignore ? ancestorFrames(root) : [];
    // A directory named on the command line is scanned even when a .gitignore above ignores it
    // (as ripgrep does); the ignore files inside it still apply.
    if (base.length > 0 && isIgnored(base.map((f) => ({ ...f, prepend: f.prepend.slice(0, -1) })), '', true)) base = [];
    // Iterative walk; `rel` is relative to the root ('' or ending in '/'), frames apply inside.
    const stack: { dir: string; rel: string; frames: Frame[] }[] = [{ dir: root, rel: '', frames: base }];
    while (stack.length > 0) {
      const { dir, rel, frames: parentFrames } = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable directory: skipped, like git does
      }
      let frames = parentFrames;
      if (useGitignore) {
        for (const e of entries) {
          if (e.name !== '.gitignore' || !e.isFile()) continue;
          const r = readIgnore(join(dir, '.gitignore'));
          if (r) frames = [...parentFrames, { ig: r.ig, byName: r.byName, strip: rel.length, prepend: '' }];
        }
      }
      const check = frames.length > 0 || extra !== null;
      const subdirs: { dir: string; rel: string }[] = [];
      for (const e of entries) {
        const name = e.name;
        const r = rel + name;
        if (e.isDirectory()) {
          if (ALWAYS_SKIPPED_DIRS.has(name)) continue;
          if (check && (isIgnored(frames, r, true, name) || (extra !== null && extra.ignores(`${r}/`)))) {
            ignored++;
            continue;
          }
          subdirs.push({ dir: `${dir}${sep}${name}`, rel: `${r}/` });
          continue;
        }
        if (!e.isFile()) continue; // symlinks, sockets, devices
        const lang = languageOf(name);
        if (lang === null) continue;
        if (check && (isIgnored(frames, r, false, name) || (extra !== null && extra.ignores(r)))) {
          ignored++;
          continue;
        }
        matched++;
        const abs = `${dir}${sep}${name}`;
        if (several) {
          if (seen.has(abs)) continue;
          seen.add(abs);
        }
        files.push({ abs, rel: displayPrefix + r, lang, explicit: false, root: rootIndex });
      }
      // Reverse so the pop order walks directories alphabetically.
      subdirs.sort((a, b) => (a.rel < b.rel ? -1 : 1));
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ ...subdirs[i]!, frames });
    }
    if (matched === 0) {
      throw new InputError(`${p} holds no files the scanner reads (after ignore rules)`, {
        hint: 'pass a directory with source, config or CI files, or check .gitignore and the ignore file',
      });
    }
  }
  return { files, roots, ignored };
}
