// `node bench/provision/run.mjs` (or `npm run bench -- provision`): provisioning at scale against
// the built dist/. A generated enterprise (1,000 legacy keys by default) on the fake API in this
// process, with 50 ms latency and a 20 requests/s rate limit; `plan` and `apply` run as child
// processes of the CLI, at each --concurrency given. Reports wall time, requests, the time the
// rate limit alone imposes (requests / rps), their ratio (target <= 1.2x), 429s, duplicates
// (service users sharing a planned name) and lost tokens, and where apply's requests go.
// Then a kill-and-resume stress loop: apply killed (SIGKILL) at a random moment, resumed, and
// checked for duplicates and lost tokens, --trials times on small enterprises.
//
//   node bench/provision/run.mjs [--keys 1000] [--orgs 20] [--users 400] [--latency 50] [--rps 20]
//                                [--concurrency 4,8] [--trials 50] [--stress-keys 24] [--seed 7]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const MAIN = join(root, 'dist/src/cli/main.js');
const WORK = join(root, 'bench/.work/provision');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const KEYS = Number(opt('keys', 1000));
const ORGS = Number(opt('orgs', 20));
const USERS = Number(opt('users', 400));
const LATENCY = Number(opt('latency', 50));
const RPS = Number(opt('rps', 20));
const CONCURRENCY = String(opt('concurrency', '4,8')).split(',').map(Number);
const TRIALS = Number(opt('trials', 50));
const STRESS_KEYS = Number(opt('stress-keys', 24));
const SEED = Number(opt('seed', 7));

const log = (s) => process.stderr.write(`${s}\n`);

if (!existsSync(MAIN)) {
  log('building dist/ (npx tsc -p tsconfig.build.json)');
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
const dist = (p) => import(join(root, 'dist/src', p));
const { startFakeApi } = await dist('fake/index.js');
const { createApiClient } = await dist('api/index.js');
const { collectInventory } = await dist('inventory/index.js');
const { buildPlan, parsePlanConfig, sha256 } = await dist('plan/index.js');
const { toJson } = await dist('documents/write.js');
const { envVarName } = await dist('provision/index.js');
const { mulberry32 } = await dist('fake/prng.js');

/** Run the CLI; the fake lives in this process, so never spawnSync. */
function cli(argv, { cwd, env, killAfterMs }) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [MAIN, ...argv], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

function envOf(fake) {
  return { DEVIN_API_URL: fake.url, DEVIN_API_KEY: fake.credentials.serviceUserToken, DEVIN_LEGACY_API_KEY: fake.credentials.enterpriseAdminKey };
}

/** Inventory and plan in-process (no faults): the setup, not what is measured. */
async function planFor(fake, dir) {
  const legacy = createApiClient({ baseUrl: fake.url, key: fake.credentials.enterpriseAdminKey, readOnly: true });
  const v3 = legacy.withKey(fake.credentials.serviceUserToken);
  try {
    const inventory = await collectInventory({ legacy, v3, auditDays: 0 });
    writeFileSync(join(dir, 'inventory.json'), toJson(inventory));
    const plan = buildPlan({ inventory, config: parsePlanConfig({}), inputs: { inventory: { path: 'inventory.json', sha256: sha256(toJson(inventory)) }, scan: null, config: null } });
    writeFileSync(join(dir, 'plan.json'), toJson(plan));
    return plan;
  } finally {
    await legacy.close();
  }
}

function readEnvFile(path) {
  const out = new Map();
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/** Duplicates (planned names with more than one live service user), missing and lost tokens. */
function check(fake, plan, secretsPath) {
  const creates = plan.actions.filter((a) => a.op === 'create');
  const live = new Map();
  for (const su of fake.state.serviceUsers.values()) {
    if (!fake.state.serviceUserIsLive(su)) continue;
    live.set(su.name, [...(live.get(su.name) ?? []), su]);
  }
  const tokens = readEnvFile(secretsPath);
  let duplicates = 0;
  let missing = 0;
  let lost = 0;
  for (const a of creates) {
    const named = live.get(a.serviceUser.name) ?? [];
    if (named.length > 1) duplicates++;
    if (named.length === 0) {
      missing++;
      continue;
    }
    const token = tokens.get(envVarName(a.serviceUser.name));
    const key = token ? [...fake.state.serviceUserKeys.values()].find((k) => k.value === token) : undefined;
    if (!key || key.serviceUserId !== named[0].serviceUserId || !fake.state.serviceUserKeyIsActive(key)) lost++;
  }
  return { creates: creates.length, duplicates, missing, lost };
}

/** Group calls by method and path shape (ids replaced) to show where requests go. */
function breakdown(calls) {
  const shape = (p) =>
    p
      .replace(/\/(org|service-user|key|apk|user|devin)-[0-9a-f]+/g, '/{$1-id}')
      .replace(/\/apk-[0-9a-f]+/g, '/{key}');
  const groups = new Map();
  for (const c of calls) {
    const k = `${c.method} ${shape(c.path)}`;
    const g = groups.get(k) ?? { n: 0, r429: 0 };
    g.n++;
    if (c.status === 429) g.r429++;
    groups.set(k, g);
  }
  return [...groups.entries()].sort((a, b) => b[1].n - a[1].n);
}

function table(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function scaleRun(concurrency) {
  const dir = join(WORK, `scale-c${concurrency}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const fake = await startFakeApi({ scale: { orgs: ORGS, users: USERS, keys: KEYS, seed: SEED } });
  try {
    const plan = await planFor(fake, dir);
    fake.setFaults({ latencyMs: LATENCY, rateLimitRps: RPS, seed: 1 });
    const env = envOf(fake);
    // plan itself makes no request: time it from the inventory file.
    const p = await cli(['plan', '--inventory', 'inventory.json', '--out', 'plan.json'], { cwd: dir, env });
    if (p.code !== 1 && p.code !== 0) throw new Error(`plan exited ${p.code}: ${p.stderr}`);
    const from = fake.calls.length;
    const a = await cli(['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes', '--concurrency', String(concurrency)], { cwd: dir, env });
    if (a.code !== 0) throw new Error(`apply exited ${a.code}: ${a.stderr.slice(-2000)}`);
    const calls = fake.calls.slice(from);
    const passed = calls.filter((c) => c.status !== 429).length;
    const r429 = calls.length - passed;
    const floorS = passed / RPS;
    const c = check(fake, plan, join(dir, 'tokens.env'));
    const firstWrite = calls.findIndex((x) => x.method === 'POST');
    const liveStateMs = firstWrite > 0 ? calls[firstWrite].at - calls[0].at : 0;
    // What apply cannot do without: the reads before its first write, and one POST per service
    // user created. Everything else is 429s and the look-ups that follow them.
    const essential = (firstWrite > 0 ? firstWrite : 0) + c.creates;
    return {
      concurrency,
      planMs: p.ms,
      applyMs: a.ms,
      requests: calls.length,
      passed,
      r429,
      floorS,
      ratio: a.ms / 1000 / floorS,
      essential,
      essentialRatio: a.ms / 1000 / (essential / RPS),
      liveStateMs,
      ...c,
      breakdown: breakdown(calls),
    };
  } finally {
    await fake.close();
  }
}

/** One stress trial: kill apply at a random moment (up to twice), resume, check. */
async function stressTrial(i, random) {
  const dir = join(WORK, `stress-${i}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const fake = await startFakeApi({ scale: { orgs: 3, users: Math.max(8, STRESS_KEYS), keys: STRESS_KEYS, seed: 1000 + i } });
  try {
    const plan = await planFor(fake, dir);
    fake.setFaults({ latencyMs: 20, seed: i });
    const env = envOf(fake);
    const argv = ['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes', '--concurrency', '4'];
    let kills = 0;
    let dupAfterKill = 0;
    const killTimes = [];
    for (let k = 0; k < 2; k++) {
      // Child start-up is ~300-600 ms, the live-state check follows; provisioning after that.
      const at = Math.round(300 + random() * 1700);
      killTimes.push(at);
      const r = await cli(argv, { cwd: dir, env, killAfterMs: at });
      if (r.signal === 'SIGKILL') kills++;
      dupAfterKill += check(fake, plan, join(dir, 'tokens.env')).duplicates;
      if (r.signal !== 'SIGKILL') break;
    }
    const final = await cli(argv, { cwd: dir, env });
    const c = check(fake, plan, join(dir, 'tokens.env'));
    const journal = readFileSync(join(dir, 'plan.journal.jsonl'), 'utf8');
    const rotations = journal.split('\n').filter((l) => l.includes('"rotate-result"')).length;
    return { i, code: final.code, kills, killTimes, dupAfterKill, rotations, ...c };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

mkdirSync(WORK, { recursive: true });
log(`bench/provision: ${KEYS} legacy keys (${ORGS} orgs, ${USERS} users, seed ${SEED}); fake API latency ${LATENCY} ms, rate limit ${RPS} rps`);
const scale = [];
for (const c of CONCURRENCY) {
  log(`apply --concurrency ${c}…`);
  const r = await scaleRun(c);
  scale.push(r);
  log(`  ${(r.applyMs / 1000).toFixed(1)} s, ${r.requests} requests (${r.r429} answered 429)`);
}
console.log(
  '\nfloor s = requests that passed / rps (the time the rate limit alone imposes on the requests apply sent); ' +
    'essential = reads before the first write + one POST per service user created; ratio (essential) = apply s / (essential / rps), the target <= 1.2x',
);
console.log(`Provisioning ${KEYS} legacy keys (${scale[0]?.creates ?? '?'} service users to create); fake API: ${LATENCY} ms latency, ${RPS} rps limit`);
console.log(
  table(
    scale.map((r) => [
      r.concurrency,
      (r.planMs / 1000).toFixed(2),
      (r.applyMs / 1000).toFixed(1),
      (r.liveStateMs / 1000).toFixed(1),
      r.requests,
      r.r429,
      r.floorS.toFixed(1),
      `${r.ratio.toFixed(2)}x`,
      r.essential,
      `${r.essentialRatio.toFixed(2)}x`,
      r.essentialRatio <= 1.2 ? 'yes' : 'no',
      r.duplicates,
      r.missing,
      r.lost,
    ]),
    ['concurrency', 'plan s', 'apply s', 'live-state s', 'requests', '429s', 'floor s', 'ratio', 'essential', 'ratio (essential)', '<=1.2x', 'dupes', 'missing', 'lost tokens'],
  ),
);
for (const r of scale) {
  console.log(`\napply --concurrency ${r.concurrency}: requests by endpoint`);
  console.log(table(r.breakdown.map(([k, g]) => [k, g.n, g.r429]), ['request', 'count', '429s']));
}

if (TRIALS > 0) {
  log(`\nkill-and-resume stress: ${TRIALS} trials on ${STRESS_KEYS}-key enterprises…`);
  const random = mulberry32(SEED);
  const trials = [];
  for (let i = 0; i < TRIALS; i++) {
    const t = await stressTrial(i, random);
    trials.push(t);
    if (t.duplicates || t.missing || t.lost || t.dupAfterKill || t.code !== 0) log(`  trial ${i}: ${JSON.stringify(t)}`);
  }
  const sum = (k) => trials.reduce((s, t) => s + t[k], 0);
  console.log(`\nKill-and-resume stress (${TRIALS} trials, ${STRESS_KEYS} keys each, apply killed with SIGKILL up to twice at 0.3-2.0 s, then resumed)`);
  console.log(
    table(
      [[TRIALS, sum('kills'), sum('creates'), sum('rotations'), sum('dupAfterKill'), sum('duplicates'), sum('missing'), sum('lost'), trials.filter((t) => t.code !== 0).length]],
      ['trials', 'kills', 'service users', 'rotations', 'dupes after a kill', 'dupes at end', 'missing', 'lost tokens', 'resume != 0'],
    ),
  );
}
const bad = scale.some((r) => r.duplicates || r.lost || r.missing);
process.exit(bad ? 1 : 0);
