// Codemod benchmark: `devin-migrate codemod --dry-run` against jscodeshift (same URL rewrite,
// bench/codemod/jscodeshift-transform.cjs) and a naive ts-morph pass (whole project loaded,
// nodes edited in place) on a dense corpus (2,000 Devin-heavy files), and against the time
// ripgrep needs to list the candidate files of a sparse 20,000-file monorepo (1% Devin).
// Tools are installed into bench/.work/ (git-ignored): jscodeshift with `npm install --prefix`,
// ripgrep with apt when missing. Run alone: `node bench/codemod/run.mjs` (after `npm run build`);
// `--quick` uses smaller corpora. Writes bench/.work/codemod/results.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeDense, makeSparse } from './corpus.mjs';

const root = new URL('../..', import.meta.url).pathname;
const here = join(root, 'bench', 'codemod');
const work = join(root, 'bench', '.work', 'codemod');
const quick = process.argv.includes('--quick');
const skipBaselines = process.argv.includes('--no-baselines');
mkdirSync(work, { recursive: true });

const log = (s) => process.stderr.write(`${s}\n`);

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureBuilt() {
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

function ensureRipgrep() {
  if (have('rg')) return 'rg';
  log('installing ripgrep (apt)…');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', 'ripgrep'], { stdio: 'inherit' });
  return have('rg') ? 'rg' : null;
}

function ensureJscodeshift() {
  const prefix = join(root, 'bench', '.work', 'jscodeshift');
  const bin = join(prefix, 'node_modules', '.bin', 'jscodeshift');
  if (existsSync(bin)) return bin;
  log('installing jscodeshift into bench/.work/jscodeshift…');
  const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', 'jscodeshift@17'], { stdio: 'inherit' });
  return r.status === 0 && existsSync(bin) ? bin : null;
}

/** Wall time (s) and peak resident memory (MB) of a command, through /usr/bin/time. */
function measure(cmd, args, cwd, { timeoutMs = 600_000 } = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', cmd, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, timeout: timeoutMs });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) return { ok: false, status: r.status, error: r.error?.message ?? (r.stderr ?? '').slice(-500) };
  return { ok: true, status: r.status, seconds: Number(m[1]), peakMB: Math.round(Number(m[2]) / 1024), stdout: r.stdout, stderr: r.stderr };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

ensureBuilt();
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const denseFiles = quick ? 400 : 2000;
const sparseFiles = quick ? 4000 : 20000;
log(`generating corpora (dense ${denseFiles}, sparse ${sparseFiles}) under bench/.work/codemod…`);
const dense = await makeDense(join(work, `dense-${denseFiles}`), denseFiles);
const sparse = await makeSparse(join(work, `sparse-${sparseFiles}`), sparseFiles);

const results = { node: process.version, cpus: (await import('node:os')).cpus().length, dense: { files: denseFiles }, sparse: { files: sparseFiles } };

// ---- dense corpus ------------------------------------------------------------------------
// Timed as users run it: `--dry-run` printing every diff to a pipe; the counts come from the
// tally line on stderr. One more run with --json (untimed) reads where the time went.
const TALLY_RE = /(\d+) would change, (\d+) unchanged, (\d+) skipped, (\d+) errors? .* in ([\d.]+)s/;
function codemodRun(dir, extra) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const m = measure(process.execPath, [cli, 'codemod', '.', '--dry-run', ...extra], dir);
    if (!m.ok) throw new Error(`codemod failed: ${m.error}`);
    const t = TALLY_RE.exec(m.stderr);
    if (!t) throw new Error(`codemod printed no tally: ${m.stderr.slice(-300)}`);
    runs.push({ seconds: m.seconds, peakMB: m.peakMB, inProcessMs: Math.round(Number(t[5]) * 1000), changed: Number(t[1]), errors: Number(t[4]) });
  }
  const best = runs.find((r) => r.seconds === median(runs.map((x) => x.seconds)));
  const doc = JSON.parse(measure(process.execPath, [cli, 'codemod', '.', '--dry-run', '--json', ...extra], dir).stdout);
  const changedFiles = doc.files.filter((f) => f.action === 'changed').map((f) => f.path);
  return { ...best, peakMB: Math.max(...runs.map((r) => r.peakMB)), phasesMs: doc.phasesMs, changedFiles };
}

log('dense: devin-migrate codemod --dry-run --transform endpoints …');
results.dense.endpoints = codemodRun(dense, ['--transform', 'endpoints']);
log('dense: devin-migrate codemod --dry-run (all transforms) …');
results.dense.all = codemodRun(dense, []);
for (const k of ['endpoints', 'all']) {
  const r = results.dense[k];
  r.filesPerSecond = Math.round(denseFiles / r.seconds);
  r.filesPerSecondInProcess = Math.round(denseFiles / (r.inProcessMs / 1000));
  delete r.changedFiles;
}

if (!skipBaselines) {
  const jscs = ensureJscodeshift();
  if (jscs) {
    log('dense: jscodeshift --run-in-band --dry …');
    const m = measure(jscs, ['-t', join(here, 'jscodeshift-transform.cjs'), '--parser=ts', '--extensions=ts', '--dry', '--silent', '--run-in-band', 'src'], dense);
    results.dense.jscodeshift = m.ok ? { seconds: m.seconds, peakMB: m.peakMB, filesPerSecond: Math.round(denseFiles / m.seconds) } : { error: m.error };
  } else results.dense.jscodeshift = { error: 'jscodeshift could not be installed (offline?)' };
  log('dense: naive ts-morph (whole project, edit in place) …');
  const n = measure(process.execPath, [join(here, 'naive-tsmorph.mjs'), join(dense, 'src')], root, { timeoutMs: 900_000 });
  results.dense.naiveTsMorph = n.ok ? { seconds: n.seconds, peakMB: n.peakMB, filesPerSecond: Math.round(denseFiles / n.seconds) } : { error: n.error ?? 'timed out' };
}

// ---- sparse monorepo -----------------------------------------------------------------------
const rg = ensureRipgrep();
if (rg) {
  const pattern = ['api\\.devin\\.ai', 'devinenterprise\\.com', '/v[12]/', 'v3beta1', 'apk_', 'cog_'];
  const rgArgs = ['-l', '-i', ...pattern.flatMap((p) => ['-e', p]), '.'];
  const times = [];
  let listed = 0;
  for (let i = 0; i < 3; i++) {
    const m = measure(rg, rgArgs, sparse);
    times.push(m.seconds);
    listed = m.stdout.split('\n').filter(Boolean).length;
  }
  results.sparse.ripgrep = { seconds: median(times), candidates: listed };
} else results.sparse.ripgrep = { error: 'ripgrep not available' };
log('sparse: devin-migrate codemod --dry-run (all transforms) …');
results.sparse.codemod = codemodRun(sparse, []);
// The same run on only the files it changes: the fixed cost (Node, the TypeScript compiler, the
// Devin files themselves) that any monorepo size pays. The difference is what the other 99% of
// the files cost, the part a candidate search like ripgrep's is comparable with.
const twin = `${sparse}-changed-only`;
rmSync(twin, { recursive: true, force: true });
for (const rel of results.sparse.codemod.changedFiles) {
  mkdirSync(dirname(join(twin, rel)), { recursive: true });
  copyFileSync(join(sparse, rel), join(twin, rel));
}
execFileSync('git', ['init', '-q'], { cwd: twin });
log(`sparse: the same on the ${results.sparse.codemod.changedFiles.length} files it changes …`);
results.sparse.changedOnly = codemodRun(twin, []);
if (results.sparse.changedOnly.changed !== results.sparse.codemod.changed) throw new Error('the changed-only twin does not change the same files');
// The floor under any TypeScript codemod on those files: Node, the compiler, one parse each.
{
  const floor = [0, 1, 2].map(() => measure(process.execPath, [join(here, 'parse-floor.mjs'), twin], root));
  if (floor.every((m) => m.ok)) results.sparse.parseFloor = { seconds: median(floor.map((m) => m.seconds)), peakMB: Math.max(...floor.map((m) => m.peakMB)), files: Number(floor[0].stdout.trim()) };
  else results.sparse.parseFloor = { error: floor.find((m) => !m.ok).error };
}
results.sparse.otherFilesSeconds = Number((results.sparse.codemod.seconds - results.sparse.changedOnly.seconds).toFixed(2));
delete results.sparse.codemod.changedFiles;
delete results.sparse.changedOnly.changedFiles;
if (results.sparse.ripgrep.seconds) {
  // /usr/bin/time has 10 ms resolution; ripgrep on a warm cache can be below it.
  const rgSeconds = Math.max(results.sparse.ripgrep.seconds, 0.01);
  results.sparse.ratioToRipgrep = Number((results.sparse.codemod.seconds / rgSeconds).toFixed(2));
  results.sparse.ratioToRipgrepInProcess = Number((results.sparse.codemod.inProcessMs / 1000 / rgSeconds).toFixed(2));
  // What ripgrep does (walk and read every file) is the runner's find + read phases.
  const p = results.sparse.codemod.phasesMs;
  if (p) results.sparse.findAndReadRatioToRipgrep = Number(((p.find + p.read) / 1000 / rgSeconds).toFixed(2));
  if (results.sparse.parseFloor.seconds) results.sparse.parseFloorRatioToRipgrep = Number((results.sparse.parseFloor.seconds / rgSeconds).toFixed(2));
  results.sparse.otherFilesRatioToRipgrep = Number((results.sparse.otherFilesSeconds / rgSeconds).toFixed(2));
}

writeFileSync(join(work, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const d = results.dense;
const s = results.sparse;
const row = (name, r) => (r && r.seconds !== undefined ? `  ${name.padEnd(44)} ${String(r.seconds).padStart(7)} s  ${String(r.filesPerSecond ?? '').padStart(6)} files/s  ${String(r.peakMB).padStart(5)} MB` : `  ${name.padEnd(44)} ${r?.error ?? 'not run'}`);
console.log(`
codemod benchmark (node ${results.node}, ${results.cpus} cpus)

dense corpus: ${d.files} files, several Devin calls each (target >= 300 files/s single-threaded, < 500 MB)
${row('devin-migrate --dry-run --transform endpoints', d.endpoints)}   (in-process ${d.endpoints.filesPerSecondInProcess} files/s)
${row('devin-migrate --dry-run (all transforms)', d.all)}   (in-process ${d.all.filesPerSecondInProcess} files/s)
${row('jscodeshift --run-in-band --dry', d.jscodeshift)}
${row('naive ts-morph (load all, edit in place)', d.naiveTsMorph)}

sparse monorepo: ${s.files} files, ~1% Devin (target: within 3x ripgrep, < 500 MB)
  ripgrep -l (candidate files)                 ${s.ripgrep.seconds ?? s.ripgrep.error} s  (${s.ripgrep.candidates ?? '?'} files)
  devin-migrate --dry-run (all transforms)     ${s.codemod.seconds} s  (in-process ${s.codemod.inProcessMs} ms)  ${s.codemod.peakMB} MB  changed ${s.codemod.changed}
  ratio to ripgrep                             ${s.ratioToRipgrep ?? '?'}x  (in-process ${s.ratioToRipgrepInProcess ?? '?'}x)
  phases (ms)                                  ${s.codemod.phasesMs ? Object.entries(s.codemod.phasesMs).map(([k, v]) => `${k} ${v}`).join(', ') : '?'}
  walk + read vs ripgrep                       ${s.findAndReadRatioToRipgrep ?? '?'}x
  the same on only the ${String(s.changedOnly.changed).padEnd(4)} files it changes     ${s.changedOnly.seconds} s  (in-process ${s.changedOnly.inProcessMs} ms)  ${s.changedOnly.peakMB} MB
  floor: Node + TypeScript, one parse of each   ${s.parseFloor.seconds ?? s.parseFloor.error} s = ${s.parseFloorRatioToRipgrep ?? '?'}x ripgrep (no analysis, no output)
  what the other ${String(s.files - s.changedOnly.changed).padEnd(6)} files cost             ${s.otherFilesSeconds} s = ${s.otherFilesRatioToRipgrep ?? '?'}x ripgrep
`);
