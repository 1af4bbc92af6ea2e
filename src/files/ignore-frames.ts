// The gitignore rules in force in a directory: one frame per ignore file, outermost first.
// Paths are made relative to each frame by string slicing: path.relative per entry per frame
// cost more than the rest of the walk.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { gitExcludeFile, gitTop } from './git-top.js';

/**
 * The rules of one ignore file. A path relative to the walked root becomes relative to the
 * file's directory by dropping `strip` characters and prepending `prepend`.
 */
export interface Frame {
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

export type Rules = Omit<Frame, 'strip' | 'prepend'>;

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** The text of an ignore file, or null when it cannot be read. */
export function readRulesText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Parsed rules, or null when there are none (git's default info/exclude is all comments). */
export function parseRules(text: string): Rules | null {
  if (!/^[ \t]*[^#\s]/m.test(text)) return null;
  let byName = true;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.replace(/^!/, '').replace(/\/+$/, '').includes('/')) {
      byName = false;
      break;
    }
  }
  return { ig: ignore().add(text), byName };
}

export function readRules(file: string): Rules | null {
  const text = readRulesText(file);
  return text === null ? null : parseRules(text);
}

/**
 * Whether an entry is ignored: the deepest frame with an opinion decides (a nested `!pattern`
 * re-includes). `rel`: from the root; `name`: the entry's own name.
 */
export function isIgnored(frames: readonly Frame[], rel: string, isDir: boolean, name: string): boolean {
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

/**
 * The rules above `root` that apply inside it: the repository's info/exclude, then the
 * .gitignore files from the repository top down to `root` (exclusive; the walk reads root's
 * own). Empty outside a repository, and when these rules ignore `root` itself: a directory named
 * on the command line is walked anyway, under its own ignore files only (as ripgrep does).
 */
export function framesAbove(root: string): Frame[] {
  const top = gitTop(root);
  if (top === null) return [];
  const at = (dir: string): string => (dir === root ? '' : `${toPosix(relative(dir, root))}/`);
  const frames: Frame[] = [];
  const exclude = readRules(gitExcludeFile(top));
  if (exclude) frames.push({ ...exclude, strip: 0, prepend: at(top) });
  const chain: string[] = [];
  for (let d = dirname(root); root !== top; d = dirname(d)) {
    chain.push(d);
    if (d === top || dirname(d) === d) break;
  }
  for (const d of chain.reverse()) {
    const rules = readRules(join(d, '.gitignore'));
    if (rules) frames.push({ ...rules, strip: 0, prepend: at(d) });
  }
  // The root itself, tested as a path (its name alone would miss `/generated` or `src/gen/`).
  const self = frames.map((f) => ({ ...f, byName: false, prepend: f.prepend.slice(0, -1) }));
  if (isIgnored(self, '', true, '')) return [];
  return frames;
}
