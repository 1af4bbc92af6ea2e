import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/index.js';
import type { PlanDocument } from '../../src/documents/plan.js';
import { RevokeDocument, VerifyDocument } from '../../src/documents/verify.js';
import { toJson } from '../../src/documents/write.js';
import { AuthError } from '../../src/errors.js';
import { Journal, envVarName, readJournal } from '../../src/provision/index.js';
import { readSecretsFile } from '../../src/provision/secrets-read.js';
import { revokePlan, type RevokeOptions } from '../../src/provision/revoke.js';
import { verifyPlan } from '../../src/provision/verify.js';
import { foreignUse, formatVerifyIntent, formatVerifyResult, parseVerifyDetail } from '../../src/provision/verify-evidence.js';
import { leaks, mutatingCalls, runCli } from './support.js';
import {
  advanceClock,
  applied,
  creates,
  legacyRevoked,
  newTokens,
  noopTokens,
  plannedKeyIds,
  revokeOnly,
  switchOver,
  useToken,
  type Applied,
} from './verify-support.js';

let current: Applied | null = null;
afterEach(async () => {
  if (current) {
    await current.legacy.close();
    await current.fake.close();
    rmSync(current.dir, { recursive: true, force: true });
    current = null;
  }
});

async function verify(a: Applied, plan: PlanDocument = a.plan) {
  const journal = Journal.open(a.journalPath);
  try {
    return await verifyPlan({ plan, planSha256: 'test', v3: a.admin, journal, secrets: readSecretsFile(a.secretsPath, 'env') });
  } finally {
    journal.close();
  }
}

async function revoke(a: Applied, opts: Partial<RevokeOptions> = {}) {
  const dryRun = opts.dryRun ?? false;
  const journal = dryRun ? Journal.readOnly(a.journalPath) : Journal.open(a.journalPath);
  const legacy = dryRun ? createApiClient({ baseUrl: a.fake.url, key: a.fake.credentials.enterpriseAdminKey, readOnly: true }) : a.legacy;
  try {
    return await revokePlan({
      plan: a.plan,
      planSha256: 'test',
      legacy,
      v3: a.admin,
      journal,
      dryRun,
      forceUnused: false,
      confirm: async () => true,
      ...opts,
    });
  } finally {
    journal.close();
    if (dryRun) await legacy.close();
  }
}

const entry = (doc: VerifyDocument, name: string) => doc.serviceUsers.find((e) => e.name === name)!;

describe('the verify record in the journal', () => {
  const T = Date.parse('2026-05-01T10:00:00.000Z');
  it.each([
    ['an intent', formatVerifyIntent(T), { kind: 'intent', ownCheckAt: T, apiSeenAt: null, usedAt: null }],
    [
      'a verified, used result',
      formatVerifyResult({ outcome: 'verified', ownCheckAt: T, apiSeenAt: T + 1000, usage: 'in-use', usedAt: T - 5000 }),
      { kind: 'result', outcome: 'verified', ownCheckAt: T, apiSeenAt: T + 1000, usedAt: T - 5000, notUsed: false },
    ],
    [
      'a mismatch whose free text looks like a field',
      formatVerifyResult({ outcome: 'mismatch', ownCheckAt: null, apiSeenAt: null, usage: 'unused', usedAt: null, text: 'role: x; own check at 2030-01-01T00:00:00Z' }),
      { kind: 'result', outcome: 'mismatch', ownCheckAt: null, usedAt: null, notUsed: true, text: 'role: x, own check at 2030-01-01T00:00:00Z' },
    ],
  ])('reads back %s', (_what, detail, expected) => {
    expect(parseVerifyDetail(detail)).toMatchObject(expected);
  });

  it('counts a use only after every own check (API time exactly, local time plus the margin)', () => {
    const own = { lastOwnCheck: T, lastApiSeen: T + 2000 };
    expect(foreignUse([T + 2000, T + 30_000, null], own, 60_000)).toBeNull();
    expect(foreignUse([T + 61_000], own, 60_000)).toBe(T + 61_000);
    expect(foreignUse([T + 3000], { lastOwnCheck: T, lastApiSeen: T + 2000 }, 0)).toBe(T + 3000);
    expect(foreignUse([T - 1], { lastOwnCheck: null, lastApiSeen: null }, 60_000)).toBe(T - 1);
  });
});

describe('verify', () => {
  it('verifies every new token against the plan right after apply and counts none as used', async () => {
    const a = (current = await applied());
    const doc = await verify(a);
    expect(VerifyDocument.parse(doc)).toEqual(doc);
    expect(doc.summary.total).toBe(a.plan.actions.filter((x) => x.serviceUser).length);
    for (const act of creates(a.plan)) {
      const e = entry(doc, act.serviceUser!.name);
      expect(e.outcome).toBe('verified');
      expect(e.checks).toEqual({ token: 'ok', principal: 'ok', org: 'ok', role: 'ok' });
      expect(e.found!.principalName).toBe(act.serviceUser!.name);
      expect(e.found!.orgId).toBe(act.serviceUser!.orgId);
      // Its own GET /v3/self set last_used_at at the fake, and still it is not "in use".
      const keys = [...a.fake.state.serviceUserKeys.values()].filter((k) => k.serviceUserId === e.serviceUserId);
      expect(keys.some((k) => k.lastUsedAt !== null)).toBe(true);
      expect(e.usage).toBe('unused');
    }
    const records = readJournal(a.journalPath).records.filter((r) => r.event === 'verify');
    // One intent before the call and one result per created service user, one result per noop.
    expect(records.length).toBe(creates(a.plan).length * 2 + (doc.summary.total - creates(a.plan).length));
    expect(leaks(a.fake, { journal: readFileSync(a.journalPath, 'utf8'), doc: JSON.stringify(doc) })).toEqual([]);
  });

  it('never counts its own checks as use across runs, and reports a later use by the integration (sticky once seen)', async () => {
    const a = (current = await applied());
    await verify(a);
    const second = await verify(a);
    expect(second.summary.inUse).toBe(0);
    const [name, token] = [...newTokens(a)][0]!;
    advanceClock(a.fake, 10 * 60_000);
    await useToken(a.fake, token);
    const third = await verify(a);
    expect(entry(third, name).usage).toBe('in-use');
    expect(third.summary.inUse).toBe(1);
    // The third run's own call moved last_used_at past the integration's use: still in use.
    const fourth = await verify(a);
    expect(entry(fourth, name).usage).toBe('in-use');
    expect(fourth.summary.inUse).toBe(1);
  });

  it('does not count a use within the margin of its own check (an API that records use lazily)', async () => {
    const a = (current = await applied());
    await verify(a);
    const [name, token] = [...newTokens(a)][0]!;
    advanceClock(a.fake, 20_000); // 20 s later: within the default 60 s margin
    await useToken(a.fake, token);
    expect(entry(await verify(a), name).usage).toBe('unused');
  });

  it('detects a role changed at the fake and an org tampered with in the plan', async () => {
    const a = (current = await applied());
    const [first, second] = creates(a.plan);
    const su = [...a.fake.state.serviceUsers.values()].find((s) => s.name === first!.serviceUser!.name)!;
    su.roleId = 'org_member';
    const tampered = structuredClone(a.plan);
    const t = tampered.actions.find((x) => x.id === second!.id)!;
    const otherOrg = a.plan.fingerprint.facts.organizations.find((o) => o.orgId !== t.serviceUser!.orgId)!.orgId;
    t.serviceUser!.orgId = otherOrg;
    t.serviceUser!.scope = 'org';
    const doc = await verify(a, tampered);
    const e1 = entry(doc, first!.serviceUser!.name);
    expect(e1.outcome).toBe('mismatch');
    expect(e1.checks.role).toBe('mismatch');
    expect(e1.problems.join()).toMatch(/org_member.*org_admin/);
    const e2 = entry(doc, second!.serviceUser!.name);
    expect(e2.outcome).toBe('mismatch');
    expect(e2.checks.org).toBe('mismatch');
    expect(e2.problems.join()).toContain(otherOrg);
    expect(doc.summary.mismatch).toBe(2);
    const last = readJournal(a.journalPath).records.filter((r) => r.event === 'verify' && r.action === first!.id).at(-1)!;
    expect(last.event === 'verify' && last.ok).toBe(false);
  });

  it('reports a token missing from the secrets file, one the API refuses, and service users not applied yet', async () => {
    const a = (current = await applied());
    const [missing, refused] = creates(a.plan);
    const lines = readFileSync(a.secretsPath, 'utf8').split('\n');
    writeFileSync(a.secretsPath, lines.filter((l) => !l.startsWith(`${envVarName(missing!.serviceUser!.name)}=`)).join('\n'), { mode: 0o600 });
    const refusedToken = newTokens(a).get(refused!.serviceUser!.name)!;
    a.fake.state.revokeKey([...a.fake.state.serviceUserKeys.values()].find((k) => k.value === refusedToken)!.apiKeyId);
    const doc = await verify(a);
    expect(entry(doc, missing!.serviceUser!.name).outcome).toBe('missing-token');
    expect(entry(doc, missing!.serviceUser!.name).problems.join()).toContain(envVarName(missing!.serviceUser!.name));
    expect(entry(doc, refused!.serviceUser!.name).outcome).toBe('rejected');
    expect(entry(doc, refused!.serviceUser!.name).problems.join()).toMatch(/401/);

    const fresh = await applied({ apply: false });
    try {
      writeFileSync(fresh.secretsPath, '', { mode: 0o600 });
      const none = await verify(fresh);
      for (const act of creates(fresh.plan)) expect(entry(none, act.serviceUser!.name).outcome).toBe('pending');
    } finally {
      await fresh.legacy.close();
      await fresh.fake.close();
      rmSync(fresh.dir, { recursive: true, force: true });
    }
  });
});

describe('revoke', () => {
  it('revokes revoke-only keys but waits for replacements not in use, then revokes them once used, the admin key last', async () => {
    const a = (current = await applied());
    await verify(a);
    const before = legacyRevoked(a.fake);
    const first = await revoke(a);
    expect(RevokeDocument.parse(first)).toEqual(first);
    const onlyIds = revokeOnly(a.plan).flatMap((x) => x.keys.map((k) => k.keyId)).sort();
    expect(first.keys.filter((k) => k.outcome === 'revoked').map((k) => k.keyId).sort()).toEqual(onlyIds);
    expect(first.summary.waiting).toBe(plannedKeyIds(a.plan).length - onlyIds.length);
    expect(legacyRevoked(a.fake)).toEqual([...before, ...onlyIds].sort());

    await switchOver(a, new Map([...newTokens(a), ...noopTokens(a.fake, a.plan)]));
    a.fake.calls.length = 0;
    const second = await revoke(a);
    expect(second.summary.waiting).toBe(0);
    expect(second.summary.failed).toBe(0);
    expect(legacyRevoked(a.fake)).toEqual([...new Set([...before, ...plannedKeyIds(a.plan)])].sort());
    const deletes = a.fake.calls.filter((c) => c.method === 'DELETE');
    expect(deletes.at(-1)!.path).toContain(a.fake.state.credentialIds.enterpriseAdminKeyId);
    expect(deletes.every((c) => c.path !== '/v2/enterprise/api-keys')).toBe(true);

    // Re-run: the journal settles everything; not one request is made.
    a.fake.calls.length = 0;
    const third = await revoke(a);
    expect(third.summary.alreadyRevoked).toBe(plannedKeyIds(a.plan).length);
    expect(a.fake.calls).toEqual([]);
  });

  it('revokes a verified but unused replacement\'s key only with --force-unused, and never an unverified one', async () => {
    const a = (current = await applied());
    const waiting = await revoke(a);
    expect(waiting.keys.filter((k) => k.op === 'create').every((k) => k.outcome === 'waiting' && /not been verified/.test(k.reason))).toBe(true);
    const forcedUnverified = await revoke(a, { forceUnused: true });
    expect(forcedUnverified.summary.revoked).toBe(0);
    await verify(a);
    const forced = await revoke(a, { forceUnused: true });
    expect(forced.keys.filter((k) => k.op === 'create').every((k) => k.outcome === 'revoked' && /--force-unused/.test(k.reason))).toBe(true);
  });

  it('counts a key revoked by someone else as done: gone from the list, or 404 on DELETE', async () => {
    const a = (current = await applied());
    await verify(a);
    const [gone, racing] = revokeOnly(a.plan).map((x) => x.keys[0]!.keyId);
    a.fake.state.revokeKey(gone!);
    const doc = await revoke(a, {
      // Someone revokes the other key between the listing and our DELETE.
      confirm: async () => {
        a.fake.state.revokeKey(racing!);
        return true;
      },
    });
    const byId = new Map(doc.keys.map((k) => [k.keyId, k]));
    expect(byId.get(gone!)).toMatchObject({ outcome: 'already-revoked', reason: expect.stringMatching(/not in the live key list/) });
    expect(byId.get(racing!)).toMatchObject({ outcome: 'already-revoked', status: 404 });
    const results = readJournal(a.journalPath).records.filter((r) => r.event === 'revoke-result');
    expect(results.map((r) => r.event === 'revoke-result' && r.keyId).sort()).toEqual([gone, racing].sort());
    expect(results.every((r) => r.event === 'revoke-result' && r.ok)).toBe(true);
  });

  it('refuses when the admin key answers 401 and names the revocation the journal left unanswered', async () => {
    const a = (current = await applied());
    const adminKeyId = a.fake.state.credentialIds.enterpriseAdminKeyId;
    const j = Journal.open(a.journalPath);
    j.append({ action: 'x', event: 'revoke-intent', keyId: adminKeyId });
    j.close();
    a.fake.state.revokeKey(adminKeyId);
    const err = await revoke(a).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).hint).toContain(adminKeyId);
  });

  it('declines everything when not confirmed', async () => {
    const a = (current = await applied());
    a.fake.calls.length = 0;
    const doc = await revoke(a, { confirm: async () => false });
    expect(doc.summary.declined).toBe(revokeOnly(a.plan).length);
    expect(mutatingCalls(a.fake)).toEqual([]);
  });
});

describe('verify and revoke on the command line', () => {
  it('revoke --dry-run makes zero mutating requests and says what it would revoke and why not', async () => {
    const a = (current = await applied());
    await verify(a);
    a.fake.calls.length = 0;
    const r = await runCli(['revoke', 'plan.json', '--dry-run'], { cwd: a.dir, env: a.env });
    expect(r.stderr).toMatch(/dry run: would revoke 2, already revoked 0, waiting \d+/);
    expect(r.code).toBe(1);
    expect(a.fake.calls.length).toBeGreaterThan(0);
    expect(mutatingCalls(a.fake)).toEqual([]);
    for (const x of revokeOnly(a.plan)) expect(r.stdout).toContain(`would revoke ${x.keys[0]!.keyId}`);
    for (const x of creates(a.plan)) expect(r.stdout).toMatch(new RegExp(`not revoking ${x.keys[0]!.keyId} .*not been used since verification`));
    expect(readJournal(a.journalPath).records.some((r) => r.event === 'revoke-intent' || r.event === 'revoke-result')).toBe(false);
  });

  it('revoke without a terminal and without --yes exits 2 before any request', async () => {
    const a = (current = await applied());
    a.fake.calls.length = 0;
    const r = await runCli(['revoke', 'plan.json'], { cwd: a.dir, env: a.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no terminal is there to confirm; pass --yes/);
    expect(a.fake.calls).toEqual([]);
  });

  it('verify --json prints the result document, exits 1 until every replacement is used and 0 after', async () => {
    const a = (current = await applied());
    const r = await runCli(['verify', 'plan.json', '--secrets-out', 'tokens.env', '--json'], { cwd: a.dir, env: a.env });
    expect(r.code).toBe(1);
    const doc = VerifyDocument.parse(JSON.parse(r.stdout));
    expect(doc.summary.verified).toBe(doc.summary.total);
    expect(doc.summary.inUse).toBe(0);
    expect(r.stderr).toMatch(/verify: (\d+)\/\1 verified, 0\/\1 in use/);
    await switchOver(a, new Map([...newTokens(a), ...noopTokens(a.fake, a.plan)]));
    const after = await runCli(['verify', 'plan.json', '--secrets-out', 'tokens.env', '--json'], { cwd: a.dir, env: a.env });
    expect(after.code).toBe(0);
    expect(VerifyDocument.parse(JSON.parse(after.stdout)).summary.inUse).toBe(doc.summary.total);
    expect(leaks(a.fake, { stdout: r.stdout + after.stdout, stderr: r.stderr + after.stderr })).toEqual([]);
  });

  it('verify refuses without a secrets file (exit 2) and reads the json secrets format', async () => {
    const a = (current = await applied());
    const r = await runCli(['verify', 'plan.json'], { cwd: a.dir, env: a.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pass --secrets-out FILE/);
    // The same tokens in apply's json format.
    const env = readSecretsFile(a.secretsPath, 'env');
    const doc: Record<string, { token: string; serviceUserId: string | null }> = {};
    for (const act of creates(a.plan)) doc[act.serviceUser!.name] = { token: env.get(act.serviceUser!.name)!.token, serviceUserId: env.get(act.serviceUser!.name)!.serviceUserId };
    writeFileSync(join(a.dir, 'tokens.json'), toJson(doc), { mode: 0o600 });
    const j = await runCli(['verify', 'plan.json', '--secrets-out', 'tokens.json'], { cwd: a.dir, env: a.env });
    expect(j.stderr).toMatch(/verify: (\d+)\/\1 verified/);
  });
});
