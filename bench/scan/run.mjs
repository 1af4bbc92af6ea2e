// `node bench/scan/run.mjs` (or `npm run bench -- scan`): time `devin-migrate scan` against
// ripgrep searching the same prefilter literals on the same synthetic tree (bench/.work/), and
// report wall time and peak memory. Runs against the built dist/ (built here when missing).
// Targets: scan wall time at most 2x ripgrep's, peak RSS under 300 MB.
//
//   node bench/scan/run.mjs [--files N] [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { generate } from './generate.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const FILES = opt('files', 20_000);
const RUNS = opt('runs', 5);
const TREE = join(root, 'bench/.work/scan-tree');
const MAIN = join(root, 'dist/src/cli/main.js');
const TIME = '/usr/bin/time';
// The literals the scanner's prefilter looks for (src/scan/prefilter.ts).
const LITERALS = ['apk_', 'cog_', 'devin', 'DEVIN'];

function log(s) {
  process.stderr.write(`${s}\n`);
}

function ensureRipgrep() {
  if (spawnSync('rg', ['--version']).status === 0) return;
  log('ripgrep not found: installing it from the Debian packages (apt-get install -y ripgrep)');
  let r = spawnSync('apt-get', ['install', '-y', '-q', 'ripgrep'], { stdio: 'inherit' });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
    r = spawnSync('apt-get', ['install', '-y', '-q', 'ripgrep'], { stdio: 'inherit' });
  }
  if (spawnSync('rg', ['--version']).status !== 0) {
    log('bench/scan: ripgrep is not available and could not be installed; install it and run again');
    process.exit(2);
  }
}

function ensureBuilt() {
  if (existsSync(join(root, 'dist/src/scan/scan.js'))) return;
  log('building dist/ (npx tsc -p tsconfig.build.json)');
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

/** Run a command under /usr/bin/time: wall ms (measured here) and peak RSS in MB. */
function measure(cmd, argv) {
  const useTime = existsSync(TIME);
  const t0 = process.hrtime.bigint();
  const r = useTime
    ? spawnSync(TIME, ['-f', '%M %U %S', cmd, ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [rssKb, user, sys] = useTime ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { ms, rssMb: rssKb / 1024, cpuMs: (user + sys) * 1000, stdout: r.stdout };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const tools = {
  'devin-migrate scan': [process.execPath, [MAIN, 'scan', TREE, '--json', '--fail-on', 'none']],
  'ripgrep (same literals)': ['rg', ['--no-messages', '-n', '-F', ...LITERALS.flatMap((l) => ['-e', l]), TREE]],
  'scan, only scan loaded': [process.execPath, [join(root, 'bench/scan/scan-only-cli.mjs'), 'scan', TREE, '--json', '--fail-on', 'none']],
  'scanner in-process': [process.execPath, [join(root, 'bench/scan/in-process.mjs'), TREE]],
  'devin-migrate --version': [process.execPath, [MAIN, '--version']],
};

ensureBuilt();
ensureRipgrep();
const t = Date.now();
const stats = await generate(TREE, { files: FILES });
log(`tree: ${stats.files} files, ${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.devinFiles} with Devin usage (${TREE}, ${Date.now() - t} ms to prepare)`);

// Warm the page cache and check both tools see the tree.
const warmScan = JSON.parse(measure(...tools['devin-migrate scan']).stdout);
const warmRg = measure(...tools['ripgrep (same literals)']).stdout.split('\n').filter(Boolean).length;

const results = Object.fromEntries(Object.keys(tools).map((k) => [k, { ms: [], rss: [], cpu: [] }]));
for (let i = 0; i < RUNS; i++) {
  for (const [name, [cmd, argv]] of Object.entries(tools)) {
    const m = measure(cmd, argv);
    results[name].ms.push(m.ms);
    results[name].rss.push(m.rssMb);
    results[name].cpu.push(m.cpuMs);
  }
}

const rows = Object.entries(results).map(([name, r]) => ({
  name,
  median: median(r.ms),
  min: Math.min(...r.ms),
  max: Math.max(...r.ms),
  rss: Math.max(...r.rss),
  cpu: median(r.cpu),
}));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\nscan benchmark: ${stats.files} files, ${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.devinFiles} with Devin usage; ${RUNS} runs each, warm page cache; node ${process.version}, ${cpus().length} CPUs, ${execFileSync('rg', ['--version']).toString().split('\n')[0]}`);
console.log(`${pad('tool', 26)}${lpad('median ms', 11)}${lpad('min ms', 9)}${lpad('max ms', 9)}${lpad('CPU ms', 9)}${lpad('peak RSS MB', 13)}`);
for (const r of rows) {
  console.log(
    `${pad(r.name, 26)}${lpad(r.median.toFixed(0), 11)}${lpad(r.min.toFixed(0), 9)}${lpad(r.max.toFixed(0), 9)}${lpad(Number.isNaN(r.cpu) ? 'n/a' : r.cpu.toFixed(0), 9)}${lpad(Number.isNaN(r.rss) ? 'n/a' : r.rss.toFixed(0), 13)}`,
  );
}
const scanRow = rows[0];
const rgRow = rows[1];
const leanRow = rows[2];
const ratio = scanRow.median / rgRow.median;
const minRatio = scanRow.min / rgRow.min;
console.log(
  `\nscan: ${warmScan.filesScanned} files scanned, ${warmScan.findings.length} findings; ripgrep: ${warmRg} matching lines` +
    `\nratio scan/ripgrep: ${ratio.toFixed(2)}x median, ${minRatio.toFixed(2)}x best run (target <= 2x) ${ratio <= 2 ? 'ok' : 'MISSED'}; ` +
    `peak RSS ${scanRow.rss.toFixed(0)} MB (target < 300 MB) ${scanRow.rss < 300 ? 'ok' : 'MISSED'}` +
    `\nCLI start-up alone (--version): ${rows[4].median.toFixed(0)} ms of the scan's ${scanRow.median.toFixed(0)} ms; ` +
    `with only the scan command loaded: ${leanRow.median.toFixed(0)} ms, ${(leanRow.median / rgRow.median).toFixed(2)}x ripgrep` +
    `\nmachine load (1-min average) at the end: ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs: figures taken on a busy machine overstate every time`,
);
const inProc = JSON.parse(readFileSync(`${TREE}.in-process.json`, 'utf8'));
console.log(`scanner in-process phases (last run): walk ${inProc.walkMs} ms, scan total ${inProc.scanMs} ms, second-pass names ${inProc.secondPass}`);
