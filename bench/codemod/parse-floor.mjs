// The least any TypeScript-based codemod pays on a set of files: start Node, load the TypeScript
// compiler as devin-migrate does (the same compile cache) and parse every TS/JS file once, with no
// analysis, no second parse and no output. Compared with ripgrep it says how far below a target a
// codemod can go at all. `node bench/codemod/parse-floor.mjs DIR` prints the files parsed.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const { compileCacheDir, enableCompileCache } = await import(join(root, 'dist', 'src', 'cli', 'compile-cache.js'));
enableCompileCache(compileCacheDir(process.env));
const { ts } = createRequire(import.meta.url)(join(root, 'dist', 'codemods', 'ts.cjs'));
const { parse } = await import(join(root, 'dist', 'codemods', 'transform-text.js'));

let parsed = 0;
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.[cm]?[jt]sx?$/.test(e.name) && parse(p, readFileSync(p, 'utf8')).kind === ts.SyntaxKind.SourceFile) parsed++;
  }
})(process.argv[2]);
process.stdout.write(`${parsed}\n`);
