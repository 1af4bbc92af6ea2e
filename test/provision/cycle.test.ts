// The whole cut-over on the demo enterprise, every step a child process of the built CLI:
// inventory -> plan -> apply -> verify -> revoke (refused without use) -> the integration
// switches over -> verify -> revoke -> revoke again (no-op).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanDocument } from '../../src/documents/plan.js';
import { RevokeDocument, VerifyDocument } from '../../src/documents/verify.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { readJournal } from '../../src/provision/index.js';
import { leaks, mutatingCalls, readEnvFile, runCli, type Run } from './support.js';
import { legacyRevoked, noopTokens, plannedKeyIds, revokeOnly, switchOver } from './verify-support.js';

let fake: FakeApi;
let dir: string;
beforeAll(async () => {
  fake = await startFakeApi({ seed: 'demo' });
  dir = mkdtempSync(join(tmpdir(), 'dm-cycle-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the full cycle on the demo enterprise', () => {
  it('plans, applies, verifies, refuses to revoke unused replacements, revokes exactly the planned keys once used, and re-runs as a no-op', async () => {
    const env = {
      DEVIN_API_URL: fake.url,
      DEVIN_API_KEY: fake.credentials.serviceUserToken,
      DEVIN_LEGACY_API_KEY: fake.credentials.enterpriseAdminKey,
    };
    const outputs: Record<string, string> = {};
    const cli = async (name: string, args: string[], expected: number): Promise<Run> => {
      const r = await runCli(args, { cwd: dir, env });
      outputs[`${name} stdout`] = r.stdout;
      outputs[`${name} stderr`] = r.stderr;
      if (r.code !== expected) throw new Error(`${name} exited ${r.code}, expected ${expected}:\n${r.stderr}`);
      return r;
    };
    const initiallyRevoked = legacyRevoked(fake);

    await cli('inventory', ['inventory', '--out', 'inventory.json', '--audit-days', '0'], 0);
    await cli('plan', ['plan', '--inventory', 'inventory.json', '--out', 'plan.json'], 1);
    const plan = PlanDocument.parse(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')));
    const planned = plannedKeyIds(plan);
    const onlyRevoke = revokeOnly(plan).flatMap((a) => a.keys.map((k) => k.keyId)).sort();
    expect(onlyRevoke.length).toBeGreaterThan(0);
    // The Enterprise Admin key the run itself uses is one of the planned keys.
    expect(planned).toContain(fake.state.credentialIds.enterpriseAdminKeyId);

    await cli('apply', ['apply', 'plan.json', '--secrets-out', 'tokens.env', '--yes'], 0);

    // verify: every token verified, none used yet (exit 1: pending use).
    const v1 = await cli('verify', ['verify', 'plan.json', '--secrets-out', 'tokens.env', '--json'], 1);
    const doc1 = VerifyDocument.parse(JSON.parse(v1.stdout));
    expect(doc1.summary.verified).toBe(doc1.summary.total);
    expect(doc1.summary.inUse).toBe(0);
    expect(doc1.serviceUsers.every((e) => e.outcome === 'verified')).toBe(true);

    // revoke before the switch-over: only the keys the plan revokes without a replacement go.
    const r1 = await cli('revoke-unused', ['revoke', 'plan.json', '--yes', '--json'], 1);
    const rdoc1 = RevokeDocument.parse(JSON.parse(r1.stdout));
    expect(rdoc1.keys.filter((k) => k.outcome === 'revoked').map((k) => k.keyId).sort()).toEqual(onlyRevoke);
    expect(rdoc1.keys.filter((k) => k.outcome === 'waiting').length).toBe(planned.length - onlyRevoke.length);
    expect(legacyRevoked(fake)).toEqual([...initiallyRevoked, ...onlyRevoke].sort());

    // The integration switches over: ten minutes later every replacement's token makes v3 calls
    // (new tokens from the secrets file; the existing service users' tokens the integration holds).
    const tokens = new Map([...readEnvFile(join(dir, 'tokens.env')), ...noopTokens(fake, plan)]);
    expect(tokens.size).toBe(doc1.summary.total);
    await switchOver({ fake, plan }, tokens);

    const v2 = await cli('verify-after-use', ['verify', 'plan.json', '--secrets-out', 'tokens.env', '--json'], 0);
    const doc2 = VerifyDocument.parse(JSON.parse(v2.stdout));
    expect(doc2.summary.inUse).toBe(doc2.summary.total);

    const r2 = await cli('revoke', ['revoke', 'plan.json', '--yes', '--json'], 0);
    const rdoc2 = RevokeDocument.parse(JSON.parse(r2.stdout));
    expect(rdoc2.summary).toMatchObject({ revoked: planned.length - onlyRevoke.length, alreadyRevoked: onlyRevoke.length, waiting: 0, failed: 0 });
    // Exactly the planned keys were revoked, nothing else.
    expect(legacyRevoked(fake)).toEqual([...new Set([...initiallyRevoked, ...planned])].sort());
    const deletes = fake.calls.filter((c) => c.method === 'DELETE');
    expect(deletes.map((c) => c.path.split('/').pop()).sort()).toEqual(planned);
    expect(deletes.at(-1)!.path.endsWith(fake.state.credentialIds.enterpriseAdminKeyId)).toBe(true);

    // Again: a no-op, not one request (the admin key it would use is revoked by now anyway).
    const callsBefore = fake.calls.length;
    const r3 = await cli('revoke-again', ['revoke', 'plan.json', '--yes'], 0);
    expect(r3.stderr).toMatch(/nothing to do/);
    expect(fake.calls.length).toBe(callsBefore);

    // The enterprise-wide revoke-all was never sent; every mutating call is one we expect.
    expect(fake.calls.filter((c) => c.method === 'DELETE' && c.path === '/v2/enterprise/api-keys')).toEqual([]);
    expect(mutatingCalls(fake).every((c) => (c.method === 'POST' && /service-users$/.test(c.path)) || (c.method === 'DELETE' && /^\/v2\/enterprise\/api-keys\/apk-/.test(c.path)))).toBe(true);

    // No key or token value anywhere but the secrets file.
    const journal = readFileSync(join(dir, 'plan.journal.jsonl'), 'utf8');
    expect(readJournal(join(dir, 'plan.journal.jsonl')).records.filter((r) => r.event === 'revoke-result' && r.ok).length).toBe(planned.length);
    expect(
      leaks(fake, {
        ...outputs,
        plan: readFileSync(join(dir, 'plan.json'), 'utf8'),
        inventory: readFileSync(join(dir, 'inventory.json'), 'utf8'),
        journal,
      }),
    ).toEqual([]);
    // ...and the secrets file does hold the new tokens (the check above could not pass vacuously).
    expect(leaks(fake, { secrets: readFileSync(join(dir, 'tokens.env'), 'utf8') }).length).toBe(doc1.summary.total - noopTokens(fake, plan).size);
  });
});
