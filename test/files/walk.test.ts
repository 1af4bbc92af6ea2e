// The walker's rules (src/files/walk.ts), one row each: a tree, the paths named, the files that
// come out (relative, in order). Trees are built in a temp dir; a `.git/...` entry makes its
// directory a repository top (the walker only looks for `.git`, so no git is needed).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { walk, type WalkOptions } from '../../src/files/walk.js';

type Entry = string | { symlink: string };

interface Row {
  rule: string;
  tree: Record<string, Entry>;
  paths: string[];
  options?: Partial<Pick<WalkOptions<string>, 'gitignore' | 'ignoreFile'>>;
  files: string[];
}

const made: string[] = [];

function tree(entries: Record<string, Entry>): string {
  const dir = mkdtempSync(join(tmpdir(), 'devin-migrate-walk-'));
  made.push(dir);
  for (const [rel, e] of Object.entries(entries)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    if (typeof e === 'string') writeFileSync(join(dir, rel), e);
    else symlinkSync(e.symlink, join(dir, rel));
  }
  return dir;
}

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

// Only .ts files count, so ignore files and markers never show up in the results.
const classify = (name: string): string | null => (name.endsWith('.ts') ? 'ts' : null);

const ROWS: Row[] = [
  {
    rule: 'honours nested .gitignore files, where a deeper `!pattern` re-includes what an outer one ignores',
    tree: { '.gitignore': '*.gen.ts\n', 'a.ts': '', 'b.gen.ts': '', 'src/.gitignore': '!keep.gen.ts\n', 'src/keep.gen.ts': '', 'src/drop.gen.ts': '' },
    paths: ['.'],
    files: ['a.ts', 'src/keep.gen.ts'],
  },
  {
    rule: 'applies path patterns of a .gitignore relative to its own directory',
    tree: { 'src/.gitignore': '/top.ts\ngen/*.ts\n', 'src/top.ts': '', 'src/deep/top.ts': '', 'src/gen/x.ts': '', 'gen/x.ts': '' },
    paths: ['.'],
    files: ['gen/x.ts', 'src/deep/top.ts'],
  },
  {
    rule: 'honours .gitignore files above a named directory up to the repository top',
    tree: { '.git/HEAD': '', '.gitignore': 'secret.ts\npkg/gen/\n', 'pkg/a.ts': '', 'pkg/secret.ts': '', 'pkg/gen/x.ts': '' },
    paths: ['pkg'],
    files: ['pkg/a.ts'],
  },
  {
    rule: 'ignores .gitignore files above the repository top',
    tree: { '.gitignore': 'a.ts\n', 'repo/.git/HEAD': '', 'repo/a.ts': '' },
    paths: ['repo'],
    files: ['repo/a.ts'],
  },
  {
    rule: 'honours .git/info/exclude below every .gitignore, also when walking a subdirectory',
    tree: { '.git/info/exclude': '# local\n*.local.ts\nsub/gen/\n', '.gitignore': '!keep.local.ts\n', 'a.ts': '', 'x.local.ts': '', 'keep.local.ts': '', 'sub/b.ts': '', 'sub/gen/c.ts': '' },
    paths: ['sub', '.'],
    files: ['sub/b.ts', 'a.ts', 'keep.local.ts'],
  },
  {
    rule: 'walks a directory named on the command line though a rule above ignores it, under its own ignore files',
    tree: { '.git/HEAD': '', '.gitignore': '/generated/\n', 'generated/a.ts': '', 'generated/.gitignore': 'b.ts\n', 'generated/b.ts': '' },
    paths: ['generated'],
    files: ['generated/a.ts'],
  },
  {
    rule: 'leaves out an ignored directory when walking from above it',
    tree: { '.git/HEAD': '', '.gitignore': 'generated/\n', 'generated/a.ts': '', 'src/a.ts': '' },
    paths: ['.'],
    files: ['src/a.ts'],
  },
  {
    rule: 'applies .devin-migrate-ignore of each named directory to that directory only',
    tree: { 'a/.devin-migrate-ignore': 'skip.ts\n', 'a/skip.ts': '', 'a/keep.ts': '', 'b/skip.ts': '' },
    paths: ['a', 'b'],
    files: ['a/keep.ts', 'b/skip.ts'],
  },
  {
    rule: 'applies an explicit ignore file to every named directory instead of .devin-migrate-ignore',
    tree: { 'rules.txt': 'skip.ts\n', 'a/.devin-migrate-ignore': 'keep.ts\n', 'a/skip.ts': '', 'a/keep.ts': '', 'b/skip.ts': '', 'b/other.ts': '' },
    paths: ['a', 'b'],
    options: { ignoreFile: 'rules.txt' },
    files: ['a/keep.ts', 'b/other.ts'],
  },
  {
    rule: 'with gitignore off, reads what .gitignore and info/exclude leave out but still applies .devin-migrate-ignore',
    tree: { '.git/info/exclude': 'x.ts\n', '.gitignore': 'y.ts\n', '.devin-migrate-ignore': 'z.ts\n', 'x.ts': '', 'y.ts': '', 'z.ts': '' },
    paths: ['.'],
    options: { gitignore: false },
    files: ['x.ts', 'y.ts'],
  },
  {
    rule: 'never enters node_modules, .git, .hg or .svn',
    tree: { 'node_modules/pkg/a.ts': '', 'src/node_modules/b.ts': '', '.git/c.ts': '', '.hg/d.ts': '', '.svn/e.ts': '', 'src/a.ts': '' },
    paths: ['.'],
    files: ['src/a.ts'],
  },
  {
    rule: 'does not follow symbolic links to files or directories',
    tree: { 'real/a.ts': '', 'link': { symlink: 'real' }, 'alias.ts': { symlink: 'real/a.ts' } },
    paths: ['.'],
    files: ['real/a.ts'],
  },
  {
    rule: 'lists a file named by several paths once, under the first',
    tree: { 'src/a.ts': '', 'src/b.ts': '', 'top.ts': '' },
    paths: ['src', 'src/a.ts', '.', 'top.ts'],
    files: ['src/a.ts', 'src/b.ts', 'top.ts'],
  },
  {
    rule: 'lists files in alphabetical order (by code unit), directories in place among them',
    tree: { 'b.ts': '', 'a/z.ts': '', 'a.ts': '', 'A.ts': '', 'c/d/e.ts': '', 'c/a.ts': '' },
    paths: ['.'],
    files: ['A.ts', 'a/z.ts', 'a.ts', 'b.ts', 'c/a.ts', 'c/d/e.ts'],
  },
  {
    rule: 'reads a file named on the command line whatever the ignore rules say',
    tree: { '.git/info/exclude': 'x.ts\n', '.gitignore': 'y.ts\n', 'x.ts': '', 'y.ts': '' },
    paths: ['x.ts', 'y.ts'],
    files: ['x.ts', 'y.ts'],
  },
];

describe('the file walker', () => {
  for (const row of ROWS) {
    it(row.rule, () => {
      const dir = tree(row.tree);
      const r = walk({ paths: row.paths, cwd: dir, classify, ...row.options });
      expect(r.files.map((f) => f.rel)).toEqual(row.files);
    });
  }

  it('gives a named file classify’s answer, null included, marked explicit; walked files carry their kind', () => {
    const dir = tree({ 'notes.txt': '', 'src/a.ts': '', 'src/b.txt': '' });
    const r = walk({ paths: ['notes.txt', 'src'], cwd: dir, classify });
    expect(r.files.map((f) => [f.rel, f.kind, f.explicit, f.root])).toEqual([
      ['notes.txt', null, true, 0],
      ['src/a.ts', 'ts', false, 1],
    ]);
  });

  it('counts what the ignore rules leave out and names files outside the working directory from their path', () => {
    const dir = tree({ 'repo/.gitignore': 'gen/\nx.ts\n', 'repo/gen/a.ts': '', 'repo/x.ts': '', 'repo/y.ts': '', 'cwd/.keep': '' });
    const r = walk({ paths: ['../repo'], cwd: join(dir, 'cwd'), classify });
    expect(r.files.map((f) => f.rel)).toEqual(['y.ts']);
    expect(r.ignored).toBe(2);
    expect(r.roots).toEqual([join(dir, 'repo')]);
  });

  it('lets the caller word the error for a missing path and a directory with nothing to read', () => {
    const dir = tree({ 'only.txt': '', '.gitignore': 'gone.ts\n', 'gone.ts': '' });
    const refuse = (p: string, problem: string) => new InputError(`${p}: ${problem}`);
    expect(() => walk({ paths: ['nope'], cwd: dir, classify, refuse })).toThrow('nope: missing');
    expect(() => walk({ paths: ['.'], cwd: dir, classify, refuse })).toThrow('.: no-files');
    expect(() => walk({ paths: ['.'], cwd: dir, classify, ignoreFile: 'absent' })).toThrow(/ignore file absent does not exist/);
  });
});
