// `npm run bench`: build, then run every bench/<name>/run.mjs in turn (or only those named:
// `npm run bench -- scan codemod`). Benchmarks report figures; they never run in `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('.') && existsSync(join(root, 'bench', d.name, 'run.mjs')))
  .map((d) => d.name)
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

if (benches.length === 0) {
  console.error(`no bench matched ${wanted.join(' ') || '(any)'}`);
  process.exit(2);
}
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
let failed = 0;
for (const name of benches) {
  console.error(`\n== bench/${name} ==`);
  const r = spawnSync(process.execPath, [join(root, 'bench', name, 'run.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
