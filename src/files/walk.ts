// Which files a run reads (scan and codemod alike): the files under the given paths that the
// caller's `classify` accepts, minus those git ignores (.gitignore files nested and above, up to
// the repository top, and .git/info/exclude), minus the ignore file's patterns, never inside
// node_modules or VCS folders, never through symbolic links, in alphabetical order, each file
// once. A directory named on the command line is walked even when a rule above it ignores it;
// a file named there is always read, and carries classify's answer (possibly null) for the
// caller to judge.
import { type Dirent, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { type Frame, framesAbove, isIgnored, parseRules, readRulesText, type Rules, toPosix } from './ignore-frames.js';

export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);
export const DEFAULT_IGNORE_FILE = '.devin-migrate-ignore';

/** What is wrong with a path given on the command line; the caller words the error. */
export type PathProblem = 'missing' | 'not-file-or-directory' | 'no-files';

export interface WalkOptions<T> {
  paths: readonly string[];
  cwd: string;
  /** What a file is, from its name; null for files the caller does not read. */
  classify: (name: string) => T | null;
  /**
   * The error to throw for a path that does not exist, is neither a file nor a directory, or (a
   * directory) holds no file classify accepts after the ignore rules; default: a plain InputError.
   */
  refuse?: (path: string, problem: PathProblem) => Error;
  /** Honour .gitignore files and .git/info/exclude (default true). */
  gitignore?: boolean;
  /**
   * An ignore file (gitignore syntax) applied under every directory path, relative to it; null or
   * undefined: `.devin-migrate-ignore` in each directory path, if present.
   */
  ignoreFile?: string | null;
}

export interface WalkedFile<T> {
  abs: string;
  /** Relative to the working directory when inside it, else to the path it was found under; POSIX separators. */
  rel: string;
  /** classify's answer; null only for a file named on the command line. */
  kind: T | null;
  /** Named on the command line. */
  explicit: boolean;
  /** Index of the path it was found under. */
  root: number;
}

export interface WalkResult<T> {
  files: WalkedFile<T>[];
  /** The given paths, absolute. */
  roots: string[];
  /** Files and directories left out by an ignore rule. */
  ignored: number;
}

function plainRefusal(path: string, problem: PathProblem): InputError {
  if (problem === 'missing') return new InputError(`path ${path} does not exist`, { hint: 'pass files or directories that exist' });
  if (problem === 'not-file-or-directory') return new InputError(`path ${path} is neither a file nor a directory`, { hint: 'pass files or directories' });
  return new InputError(`${path} holds no files to read (after ignore rules)`, { hint: 'check the path, .gitignore and the ignore file' });
}

const byEntryName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function loadIgnoreFile(file: string, shown: string): Rules | null {
  const text = readRulesText(file);
  if (text === null) throw new InputError(`cannot read ignore file ${shown}`, { hint: 'check its permissions' });
  return parseRules(text);
}

export function walk<T>(opts: WalkOptions<T>): WalkResult<T> {
  const { classify } = opts;
  const refuse = opts.refuse ?? plainRefusal;
  const useGitignore = opts.gitignore !== false;
  const files: WalkedFile<T>[] = [];
  const roots: string[] = [];
  let ignored = 0;
  const seen = new Set<string>();
  // Only several paths can name the same file twice.
  const several = opts.paths.length > 1;
  let explicitRules: Rules | null = null;
  if (opts.ignoreFile) {
    const file = resolve(opts.cwd, opts.ignoreFile);
    if (!existsSync(file)) throw new InputError(`ignore file ${opts.ignoreFile} does not exist`, { hint: 'check the path given to --ignore-file' });
    explicitRules = loadIgnoreFile(file, opts.ignoreFile);
  }

  for (const p of opts.paths) {
    const root = resolve(opts.cwd, p);
    let st;
    try {
      st = statSync(root);
    } catch {
      throw refuse(p, 'missing');
    }
    roots.push(root);
    const rootIndex = roots.length - 1;
    const fromCwd = toPosix(relative(opts.cwd, root));
    const inCwd = !fromCwd.startsWith('..') && !/^(?:[a-z]:)?\//i.test(fromCwd);
    if (st.isFile()) {
      if (!seen.has(root)) {
        seen.add(root);
        files.push({ abs: root, rel: inCwd ? fromCwd : basename(root), kind: classify(basename(root)), explicit: true, root: rootIndex });
      }
      continue;
    }
    if (!st.isDirectory()) throw refuse(p, 'not-file-or-directory');

    const displayPrefix = inCwd && fromCwd ? `${fromCwd}/` : '';
    const own = join(root, DEFAULT_IGNORE_FILE);
    const extra = (explicitRules ?? (existsSync(own) ? loadIgnoreFile(own, own) : null))?.ig ?? null;
    let matched = 0;

    // `rel`: relative to the root, '' or ending in '/'; frames: the rules in force in `dir`.
    const visit = (dir: string, rel: string, parentFrames: Frame[]): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return; // unreadable directory: skipped, as git does
      }
      // libuv already lists a directory sorted on Unix (the sort then costs one pass); Windows does not promise it.
      entries.sort(byEntryName);
      let frames = parentFrames;
      if (useGitignore) {
        for (const e of entries) {
          if (e.name !== '.gitignore' || !e.isFile()) continue;
          const rules = parseRules(readRulesText(join(dir, '.gitignore')) ?? '');
          if (rules) frames = [...parentFrames, { ...rules, strip: rel.length, prepend: '' }];
        }
      }
      const check = frames.length > 0 || extra !== null;
      for (const e of entries) {
        const name = e.name;
        const r = rel + name;
        if (e.isDirectory()) {
          if (ALWAYS_SKIPPED_DIRS.has(name)) continue;
          if (check && (isIgnored(frames, r, true, name) || (extra !== null && extra.ignores(`${r}/`)))) {
            ignored++;
            continue;
          }
          visit(`${dir}${sep}${name}`, `${r}/`, frames);
          continue;
        }
        if (!e.isFile()) continue; // symbolic links, sockets, devices
        const kind = classify(name);
        if (kind === null) continue;
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
        files.push({ abs, rel: displayPrefix + r, kind, explicit: false, root: rootIndex });
      }
    };
    visit(root, '', useGitignore ? framesAbove(root) : []);
    if (matched === 0) throw refuse(p, 'no-files');
  }
  return { files, roots, ignored };
}
