import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/index.js';
import { readJournal, checkJournal, Journal, TokenSinks, JsonFileSink, applyPlan, envVarName } from '../../src/provision/index.js';
import {
  gitInit,
  leaks,
  liveNamed,
  mutatingCalls,
  readEnvFile,
  runCli,
  setup,
  tokenIsActiveKeyOf,
  type Setup,
} from './support.js';

let current: Setup | null = null;
afterEach(async () => {
  if (current) {
    await current.fake.close();
    rmSync(current.dir, { recursive: true, force: true });
    current = null;
  }
});

const creates = (s: Setup) => s.plan.actions.filter((a) => a.op === 'create');

describe('devin-migrate apply against the fake API', () => {
  it('runs a full plan -> apply cycle on the demo enterprise, with every token stored 0600, and converges on re-run', async () => {
    const s = (current = await setup());
    expect(creates(s).length).toBeGreaterThan(3);
    const r = await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes'], { cwd: s.dir, env: s.env });
    expect(r.stderr).toMatch(new RegExp(`apply: created ${creates(s).length}, rotated 0`));
    expect(r.code).toBe(0);
    const secrets = join(s.dir, 'tokens.env');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const tokens = readEnvFile(secrets);
    for (const a of creates(s)) {
      const live = liveNamed(s.fake, a.serviceUser!.name);
      expect(live).toHaveLength(1);
      expect(live[0]!.roleId).toBe(a.serviceUser!.roleId);
      expect(live[0]!.orgId).toBe(a.serviceUser!.orgId);
      expect(tokenIsActiveKeyOf(s.fake, tokens.get(envVarName(a.serviceUser!.name)), live[0]!.serviceUserId)).toBe(true);
    }
    const before = mutatingCalls(s.fake).length;
    const again = await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes'], { cwd: s.dir, env: s.env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/created 0, rotated 0, already present/);
    expect(mutatingCalls(s.fake).length).toBe(before);
    const journal = readJournal(join(s.dir, 'plan.journal.jsonl'));
    expect(checkJournal(journal.records)).toEqual([]);
    expect(
      leaks(s.fake, {
        stdout: r.stdout + again.stdout,
        stderr: r.stderr + again.stderr,
        plan: readFileSync(s.planPath, 'utf8'),
        journal: readFileSync(join(s.dir, 'plan.journal.jsonl'), 'utf8'),
      }),
    ).toEqual([]);
  });

  it('without a terminal or --yes, says how many service users it would create and refuses before any write', async () => {
    const s = (current = await setup());
    const r = await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.env'], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`apply would create ${creates(s).length} service user(s) and no terminal is there to confirm; pass --yes`);
    expect(mutatingCalls(s.fake)).toEqual([]);
  });

  it('re-applies a finished plan without a terminal or --yes: nothing is left to write, so nothing is asked', async () => {
    const s = (current = await setup());
    expect((await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes'], { cwd: s.dir, env: s.env })).code).toBe(0);
    const before = mutatingCalls(s.fake).length;
    const again = await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.env'], { cwd: s.dir, env: s.env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/created 0, rotated 0, already present/);
    expect(mutatingCalls(s.fake).length).toBe(before);
  });

  it('makes zero mutating requests in --dry-run and prints every call it would make', async () => {
    const s = (current = await setup());
    s.fake.calls.length = 0;
    const r = await runCli(['apply', 'plan.json', '--dry-run'], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(0);
    expect(mutatingCalls(s.fake)).toEqual([]);
    const lines = r.stdout.trim().split('\n');
    const posts = lines.filter((l) => l.startsWith('POST '));
    expect(posts).toHaveLength(creates(s).length);
    expect(lines[0]).toMatch(/^GET \/v2\/enterprise\/self$/);
    // Reads come first, in the order they were made, and match what the fake saw.
    expect(lines.filter((l) => l.startsWith('GET ')).length).toBe(s.fake.calls.length);
    for (const a of creates(s)) expect(r.stdout).toContain(`would create ${a.serviceUser!.name}`);
    expect(r.stderr).toMatch(/dry run: would create \d+/);
    expect(liveNamed(s.fake, creates(s)[0]!.serviceUser!.name)).toHaveLength(0);
  });

  it('refuses a stale plan and shows what moved, and --refresh re-plans and applies', async () => {
    const s = (current = await setup());
    const orgId = s.fake.credentials.orgId;
    const user = [...s.fake.state.users.values()].find((u) => u.removedAt === null && u.orgRoles.some((r) => r.orgId === orgId) && u.enterpriseRole !== 'account_admin')!;
    const added = s.fake.state.createLegacyKey('personal', orgId, user.userId);
    const r = await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes'], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the plan is stale: 1 change\(s\)/);
    expect(r.stderr).toContain(`+ legacy key ${added.id}`);
    expect(mutatingCalls(s.fake)).toEqual([]);

    const refreshed = await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes', '--refresh'], { cwd: s.dir, env: s.env });
    expect(refreshed.code).toBe(0);
    expect(refreshed.stderr).toMatch(/--refresh: the live state moved/);
    expect(refreshed.stderr).toMatch(/the plan changes:\n\s+\+ migrated-/);
    expect(refreshed.stderr).toMatch(new RegExp(`apply: created ${creates(s).length + 1},`));
    expect(readFileSync(join(s.dir, 'plan.refreshed.json'), 'utf8')).toContain(added.id);
  });

  it('reports a role the API rejects with the API\'s reason and exits 3', async () => {
    const s = (current = await setup({ config: { roleMap: { org_admin: 'role-does-not-exist' } } }));
    const r = await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.json', '--yes', '--json'], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/failed migrated-[a-z0-9-]+: 422: .*Role role-does-not-exist not found/);
    const summary = JSON.parse(r.stdout) as { failed: { detail: string; status: number }[]; created: unknown[] };
    const rejected = creates(s).filter((a) => a.serviceUser!.roleId === 'role-does-not-exist');
    expect(summary.failed).toHaveLength(rejected.length);
    expect(summary.failed[0]!.status).toBe(422);
    expect(summary.created.length).toBe(creates(s).length - rejected.length);
    // JSON secrets: 0600, one entry per created service user.
    const doc = JSON.parse(readFileSync(join(s.dir, 'tokens.json'), 'utf8')) as Record<string, { token: string; serviceUserId: string }>;
    expect(Object.keys(doc)).toHaveLength(summary.created.length);
    for (const v of Object.values(doc)) expect(tokenIsActiveKeyOf(s.fake, v.token, v.serviceUserId)).toBe(true);
    expect(statSync(join(s.dir, 'tokens.json')).mode & 0o777).toBe(0o600);
  });

  it('refuses a secrets file inside a git work tree that is not git-ignored, before any request', async () => {
    const s = (current = await setup());
    gitInit(s.dir);
    s.fake.calls.length = 0;
    const r = await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes'], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/inside a git work tree and not git-ignored/);
    expect(s.fake.calls).toEqual([]);
    writeFileSync(join(s.dir, '.gitignore'), 'tokens.env\n');
    const ok = await runCli(['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes'], { cwd: s.dir, env: s.env });
    expect(ok.code).toBe(0);
  });

  it('stops creating when --secrets-cmd fails, and the next run rotates the lost token instead of creating again', async () => {
    const s = (current = await setup());
    const out = join(s.dir, 'handed');
    // Fails on the first token it is given, accepts the rest.
    const cmd = `if [ ! -e ${out}.fail-once ]; then touch ${out}.fail-once; echo "vault sealed" >&2; exit 7; fi; cat > "${out}.$DEVIN_SERVICE_USER_NAME"`;
    const r = await runCli(['apply', 'plan.json', '--secrets-cmd', cmd, '--yes', '--concurrency', '1'], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--secrets-cmd exited 7 for migrated-[a-z0-9-]+: vault sealed/);
    expect(r.stderr).toMatch(/skipped \d+/);
    const lost = creates(s).find((a) => r.stderr.includes(`failed ${a.serviceUser!.name}`))!;
    expect(liveNamed(s.fake, lost.serviceUser!.name)).toHaveLength(1);

    const again = await runCli(['apply', 'plan.json', '--secrets-cmd', cmd, '--yes'], { cwd: s.dir, env: s.env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/rotated 1,/);
    for (const a of creates(s)) {
      const live = liveNamed(s.fake, a.serviceUser!.name);
      expect(live).toHaveLength(1);
      const token = readFileSync(`${out}.${a.serviceUser!.name}`, 'utf8');
      expect(tokenIsActiveKeyOf(s.fake, token, live[0]!.serviceUserId)).toBe(true);
    }
    expect(checkJournal(readJournal(join(s.dir, 'plan.journal.jsonl')).records)).toEqual([]);
    expect(leaks(s.fake, { out: r.stdout + r.stderr + again.stdout + again.stderr })).toEqual([]);
  });
});

describe('applyPlan under faults (real client over loopback)', () => {
  it('survives 429 storms and 5xx on 20% of requests with exactly one service user per action', async () => {
    const s = (current = await setup({ fake: { scale: { orgs: 3, users: 12, keys: 14, seed: 5 } } }));
    s.fake.setFaults({ errorRate: 0.2, rateLimitRps: 6, seed: 11 });
    const v3 = createApiClient({ baseUrl: s.fake.url, key: s.fake.credentials.serviceUserToken, retry: { baseDelayS: 0.05, maxDelayS: 0.5, maxRetries: 8 } });
    const journal = Journal.open(join(s.dir, 'j.jsonl'));
    try {
      const summary = await applyPlan({
        plan: s.plan,
        v3,
        journal,
        sinks: new TokenSinks([new JsonFileSink(join(s.dir, 't.json'))]),
        dryRun: false,
        concurrency: 4,
        maxAttempts: 12,
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 1100))),
      });
      expect(summary.failed).toEqual([]);
      expect(summary.created.length + summary.rotated.length).toBe(creates(s).length);
    } finally {
      journal.close();
      await v3.close();
    }
    const statuses = new Set(s.fake.calls.map((c) => c.status));
    expect(statuses.has(429)).toBe(true);
    expect([...statuses].some((x) => x >= 500)).toBe(true);
    const doc = JSON.parse(readFileSync(join(s.dir, 't.json'), 'utf8')) as Record<string, { token: string; serviceUserId: string }>;
    for (const a of creates(s)) {
      const live = liveNamed(s.fake, a.serviceUser!.name);
      expect(live).toHaveLength(1);
      expect(tokenIsActiveKeyOf(s.fake, doc[a.serviceUser!.name]?.token, live[0]!.serviceUserId)).toBe(true);
    }
    expect(checkJournal(readJournal(join(s.dir, 'j.jsonl')).records)).toEqual([]);
  });
});
