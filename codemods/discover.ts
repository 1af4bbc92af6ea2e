// Which files the codemod looks at: TS/JS sources (and .env / JSON configs when the config
// transform runs) under the given paths, minus `.gitignore`d ones (nested files and those above
// the path up to the repository top), never `node_modules` or VCS folders, never through
// symbolic links. A path that matches no file is an input error.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { InputError } from '../src/errors.js';
import { isEnvFile, isJsonConfig } from './config.js';
import { isCodeFile } from './project-index.js';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface DiscoverOptions {
  paths: readonly string[];
  cwd: string;
  /** Include .env and JSON files (the config transform runs). */
  config: boolean;
}

export interface DiscoveredFile {
  abs: string;
  /** Relative to cwd when inside it, POSIX separators. */
  rel: string;
}

interface Frame {
  dir: string;
  ig: Ignore;
}

function posix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function loadIgnore(file: string): Ignore | null {
  try {
    const text = readFileSync(file, 'utf8');
    // Files of comments only (git's default info/exclude) cost a test per path for nothing.
    if (!text.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) return null;
    return ignore().add(text);
  } catch {
    return null;
  }
}

function ignored(frames: readonly Frame[], abs: string, isDir: boolean): boolean {
  if (frames.length === 0) return false;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    const rel = posix(relative(f.dir, abs));
    if (!rel || rel.startsWith('..')) continue;
    const r = f.ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

/** The repository top above `dir` (or `dir` itself), or null outside a repository. */
export function gitTop(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return null;
  }
}

function framesAbove(dir: string): Frame[] {
  const top = gitTop(dir);
  if (!top) return [];
  const chain: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    chain.push(d);
    if (d === top) break;
  }
  const frames: Frame[] = [];
  const exclude = loadIgnore(join(top, '.git', 'info', 'exclude'));
  if (exclude) frames.push({ dir: top, ig: exclude });
  for (const d of chain.reverse()) {
    if (d === dir) continue;
    const ig = loadIgnore(join(d, '.gitignore'));
    if (ig) frames.push({ dir: d, ig });
  }
  return frames;
}

export function handles(path: string, config: boolean): boolean {
  return isCodeFile(path) || (config && (isEnvFile(path) || isJsonConfig(path)));
}

function display(abs: string, cwd: string): string {
  if (abs.startsWith(cwd + sep)) return posix(abs.slice(cwd.length + 1));
  const r = relative(cwd, abs);
  return posix(r && !r.startsWith('..') ? r : abs);
}

export function discover(opts: DiscoverOptions): DiscoveredFile[] {
  const out: DiscoveredFile[] = [];
  const seen = new Set<string>();
  for (const p of opts.paths) {
    const root = resolve(opts.cwd, p);
    let st;
    try {
      st = statSync(root);
    } catch {
      throw new InputError(`${p} matches no files: it does not exist`, { hint: 'pass files or directories that exist' });
    }
    let matched = 0;
    if (st.isFile()) {
      if (!handles(root, opts.config)) {
        throw new InputError(`${p} matches no files the codemod handles`, { hint: 'pass .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs files (and .env or JSON files for the config transform), or directories' });
      }
      if (!seen.has(root)) {
        seen.add(root);
        out.push({ abs: root, rel: display(root, opts.cwd) });
      }
      continue;
    }
    const stack: { dir: string; frames: Frame[] }[] = [{ dir: root, frames: framesAbove(root) }];
    while (stack.length > 0) {
      const { dir, frames: parent } = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      let frames = parent;
      if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
        const ig = loadIgnore(join(dir, '.gitignore'));
        if (ig) frames = [...parent, { dir, ig }];
      }
      const subdirs: string[] = [];
      for (const e of entries) {
        const abs = join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIPPED_DIRS.has(e.name) && !ignored(frames, abs, true)) subdirs.push(abs);
          continue;
        }
        if (!e.isFile() || !handles(e.name, opts.config) || ignored(frames, abs, false)) continue;
        matched++;
        if (seen.has(abs)) continue;
        seen.add(abs);
        out.push({ abs, rel: display(abs, opts.cwd) });
      }
      subdirs.sort();
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i]!, frames });
    }
    if (matched === 0) {
      throw new InputError(`${p} matches no files the codemod handles (after .gitignore)`, { hint: 'pass a directory with TS/JS sources, or check .gitignore' });
    }
  }
  return out;
}
