// Where the repository around a path begins, and where its own exclude file lives.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository top above `dir` (or `dir` itself), or null outside a repository. */
export function gitTop(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return null;
  }
}

/**
 * `.git/info/exclude` of the repository whose top is `top`. In a submodule or a linked worktree
 * `.git` is a file naming the git directory, and a worktree shares the main one's info/exclude.
 */
export function gitExcludeFile(top: string): string {
  const dotGit = join(top, '.git');
  try {
    if (!statSync(dotGit).isFile()) return join(dotGit, 'info', 'exclude');
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!m) return join(dotGit, 'info', 'exclude');
    let gitDir = resolve(top, m[1]!);
    try {
      gitDir = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
    } catch {
      // no commondir: a submodule, whose git directory is its own
    }
    return join(gitDir, 'info', 'exclude');
  } catch {
    return join(dotGit, 'info', 'exclude');
  }
}
