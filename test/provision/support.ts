// Shared setup for provisioning tests: a fake enterprise on loopback, its inventory collected by
// the real client, a plan written to a temp folder, and the CLI run as a child process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../../src/api/index.js';
import type { InventoryDocument } from '../../src/documents/inventory.js';
import type { PlanDocument } from '../../src/documents/plan.js';
import { toJson } from '../../src/documents/write.js';
import { startFakeApi, type FakeApi, type FakeApiOptions } from '../../src/fake/index.js';
import { collectInventory } from '../../src/inventory/index.js';
import { buildPlan, parsePlanConfig, sha256, type PlanConfigInput } from '../../src/plan/index.js';
import { MAIN } from '../support/cli.js';

export { MAIN };

export interface Setup {
  fake: FakeApi;
  dir: string;
  planPath: string;
  plan: PlanDocument;
  inventory: InventoryDocument;
  env: NodeJS.ProcessEnv;
}

export async function collect(fake: FakeApi): Promise<InventoryDocument> {
  const legacy = createApiClient({ baseUrl: fake.url, key: fake.credentials.enterpriseAdminKey, readOnly: true });
  const v3 = legacy.withKey(fake.credentials.serviceUserToken);
  try {
    return await collectInventory({ legacy, v3, auditDays: 0 });
  } finally {
    await legacy.close();
  }
}

export async function setup(opts: { fake?: FakeApiOptions; config?: PlanConfigInput } = {}): Promise<Setup> {
  const fake = await startFakeApi(opts.fake ?? { seed: 'demo' });
  const dir = mkdtempSync(join(tmpdir(), 'dm-apply-'));
  const inventory = await collect(fake);
  writeFileSync(join(dir, 'inventory.json'), toJson(inventory));
  const plan = buildPlan({
    inventory,
    config: parsePlanConfig(opts.config ?? {}),
    inputs: { inventory: { path: 'inventory.json', sha256: sha256(toJson(inventory)) }, scan: null, config: null },
  });
  const planPath = join(dir, 'plan.json');
  writeFileSync(planPath, toJson(plan));
  const env = {
    DEVIN_API_KEY: fake.credentials.serviceUserToken,
    DEVIN_LEGACY_API_KEY: fake.credentials.enterpriseAdminKey,
  };
  return { fake, dir, planPath, plan, inventory, env };
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI asynchronously (the fake lives in this process, so no spawnSync). */
export function runCli(
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; killAfterMs?: number; killAfterFile?: { path: string; grownPast: number; delayMs: number } },
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : null;
    // Or: once a file (the journal) has grown past a size, kill after a delay.
    let poll: NodeJS.Timeout | null = null;
    let delayed: NodeJS.Timeout | null = null;
    if (opts.killAfterFile) {
      const { path, grownPast, delayMs } = opts.killAfterFile;
      poll = setInterval(() => {
        if (existsSync(path) && statSync(path).size > grownPast) {
          clearInterval(poll!);
          poll = null;
          delayed = setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }, 5);
    }
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      if (delayed) clearTimeout(delayed);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Every secret value the fake knows: legacy keys and service-user tokens. */
export function allSecretValues(fake: FakeApi): string[] {
  return [...[...fake.state.legacyKeys.values()].map((k) => k.value), ...[...fake.state.serviceUserKeys.values()].map((k) => k.value)];
}

export function leaks(fake: FakeApi, texts: Record<string, string>): string[] {
  const values = allSecretValues(fake);
  const out: string[] = [];
  for (const [where, text] of Object.entries(texts)) for (const v of values) if (text.includes(v)) out.push(`${where} holds a secret ending ${v.slice(-4)}`);
  return out;
}

/** Live service users with this name in the fake. */
export function liveNamed(fake: FakeApi, name: string) {
  return [...fake.state.serviceUsers.values()].filter((s) => s.name === name && fake.state.serviceUserIsLive(s));
}

/** Parse a .env secrets file into name -> value. */
export function readEnvFile(path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** The token is an active key of exactly this service user. */
export function tokenIsActiveKeyOf(fake: FakeApi, token: string | undefined, serviceUserId: string): boolean {
  if (!token) return false;
  const k = [...fake.state.serviceUserKeys.values()].find((x) => x.value === token);
  return k !== undefined && k.serviceUserId === serviceUserId && fake.state.serviceUserKeyIsActive(k);
}

export function mutatingCalls(fake: FakeApi) {
  return fake.calls.filter((c) => c.method !== 'GET' && c.method !== 'HEAD');
}

export function gitInit(dir: string): void {
  spawnSync('git', ['init', '-q', dir]);
}
