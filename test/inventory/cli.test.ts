import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryDocument } from '../../src/documents/inventory.js';
import { startFakeApi, type FakeApi } from '../../src/fake/index.js';
import { allKeyValues, expectedInventory } from './expected.js';
import { cliAsync } from '../support/cli.js';

let fake: FakeApi;
let dir: string;

beforeAll(async () => {
  fake = await startFakeApi({ scale: { orgs: 6, users: 90, keys: 240, seed: 5 } });
  dir = mkdtempSync(join(tmpdir(), 'inventory-cli-'));
}, 120_000);
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (over: Record<string, string | undefined> = {}) => ({
  DEVIN_LEGACY_API_KEY: fake.credentials.enterpriseAdminKey,
  DEVIN_API_KEY: fake.credentials.serviceUserToken,
  DEVIN_API_URL: fake.url,
  ...over,
});

function expectNoKeys(...texts: string[]): void {
  const values = allKeyValues(fake.state);
  for (const t of texts) {
    expect(t).not.toContain('api_key_value');
    for (const v of values) expect(t.includes(v), 'a key value leaked').toBe(false);
  }
}


describe('devin-migrate inventory (CLI)', () => {
  it('writes inventory.json atomically, prints a summary, and leaks no key', async () => {
    const cwd = join(dir, 'ok');
    mkdirSync(cwd, { recursive: true });
    const r = await cliAsync(['inventory', '--audit-days', '3650'], { cwd, env: env() });
    expect(r.stderr).toMatch(/\d+ legacy keys: \d+ personal \(apk_user_\), \d+ service \(apk_\)/);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const file = join(cwd, 'inventory.json');
    const text = readFileSync(file, 'utf8');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(cwd)).toEqual(['inventory.json']);
    const doc = InventoryDocument.parse(JSON.parse(text));
    const want = expectedInventory(fake.state, 0);
    expect(doc.keys).toEqual(want.keys);
    expect(doc.members).toEqual(want.members);
    expect(doc.auditEvidence).toEqual(want.auditEvidence);
    expect(doc.keys.some((k) => k.redacted)).toBe(true);
    expect(r.stderr).toContain(`0 of ${want.keys.length} keys already have their service user`);
    expect(r.stderr).toContain('wrote inventory.json');
    expectNoKeys(text, r.stdout, r.stderr);
  });

  it('--json prints the document on stdout and writes no file', async () => {
    const cwd = join(dir, 'json');
    mkdirSync(cwd, { recursive: true });
    const r = await cliAsync(['inventory', '--json', '--api-url', fake.url], { cwd, env: env({ DEVIN_API_URL: undefined }) });
    expect(r.code).toBe(0);
    const doc = InventoryDocument.parse(JSON.parse(r.stdout));
    expect(doc.keys).toHaveLength(fake.state.liveLegacyKeys().length);
    expect(readdirSync(cwd)).toEqual([]);
    expectNoKeys(r.stdout, r.stderr);
  });

  it('reads keys from files named by --legacy-key-file and --key-file', async () => {
    const legacyFile = join(dir, 'legacy.key');
    const v3File = join(dir, 'v3.key');
    writeFileSync(legacyFile, `${fake.credentials.enterpriseAdminKey}\n`, { mode: 0o600 });
    writeFileSync(v3File, fake.credentials.serviceUserToken, { mode: 0o600 });
    const out = join(dir, 'from-files.json');
    const r = await cliAsync(['inventory', '--legacy-key-file', legacyFile, '--key-file', v3File, '--out', out], {
      env: { DEVIN_API_URL: fake.url },
    });
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expectNoKeys(readFileSync(out, 'utf8'), r.stdout, r.stderr);
  });
});

describe('devin-migrate inventory refuses the wrong keys with exit 2 and writes nothing', () => {
  const cases: { name: string; env: () => Record<string, string | undefined>; message: RegExp; reachesApi: boolean }[] = [
    {
      name: 'a service key (apk_) as the legacy key',
      env: () => env({ DEVIN_LEGACY_API_KEY: fake.credentials.serviceKey }),
      message: /DEVIN_LEGACY_API_KEY holds a service API key \(apk_…\), but the legacy side of the inventory \(v2 enterprise API\) needs an Enterprise Admin's personal API key \(apk_user_…\)/,
      reachesApi: false,
    },
    {
      name: 'a personal key as the v3 token',
      env: () => env({ DEVIN_API_KEY: fake.credentials.enterpriseAdminKey }),
      message: /DEVIN_API_KEY holds a personal API key \(apk_user_…\), but the v3 side of the inventory \(existing service users\) needs a service-user token \(cog_…\)/,
      reachesApi: false,
    },
    {
      name: 'no v3 token at all',
      env: () => env({ DEVIN_API_KEY: undefined }),
      message: /no key for the v3 side of the inventory \(existing service users\): DEVIN_API_KEY is not set; set DEVIN_API_KEY or pass --key-file PATH/,
      reachesApi: false,
    },
    {
      name: "a non-admin member's personal key (403 from v2)",
      env: () => {
        const member = fake.state.liveUsers().find((u) => u.enterpriseRole !== 'account_admin' && u.orgRoles.length > 0)!;
        return env({ DEVIN_LEGACY_API_KEY: fake.state.personalKeyFor(member.userId, member.orgRoles[0]!.orgId) });
      },
      message:
        /the legacy key was refused: GET \/v2\/enterprise\/self failed: 403 Forbidden: The v2 API requires the personal API key of an Enterprise Admin; the inventory reads keys, members and organizations from the v2 enterprise API, which takes only an Enterprise Admin's personal API key .*; put that key in DEVIN_LEGACY_API_KEY \(or --legacy-key-file\)/,
      reachesApi: true,
    },
    {
      name: 'an organization service user token (403 naming the permission)',
      env: () => env({ DEVIN_API_KEY: fake.state.createServiceUser({ name: 'org-bot', roleId: 'org_admin', orgId: fake.credentials.orgId }).token }),
      message: /the service-user token was refused: GET \/v3\/enterprise\/members\/service-users failed: 403 Forbidden: Missing required permission ViewAccountMembership; .*role with ViewAccountMembership.*; put that key in DEVIN_API_KEY \(or --key-file\)/,
      reachesApi: true,
    },
    {
      name: 'a revoked legacy key (401)',
      env: () => {
        const admin = fake.state.liveUsers().find((u) => u.enterpriseRole === 'account_admin' && u.orgRoles.length > 0)!;
        // A new key of an admin, revoked (not the admin key the other tests use).
        const rec = fake.state.createLegacyKey('personal', admin.orgRoles[0]!.orgId, admin.userId);
        fake.state.revokeKey(rec.id);
        return env({ DEVIN_LEGACY_API_KEY: rec.value });
      },
      message: /the legacy key was refused: GET \/v2\/enterprise\/self failed: 401 Unauthorized: API key has been revoked/,
      reachesApi: true,
    },
  ];
  for (const c of cases) {
    it(`with ${c.name}`, async () => {
      const cwd = join(dir, `bad-${cases.indexOf(c)}`);
      mkdirSync(cwd, { recursive: true });
      const e = c.env();
      const before = fake.calls.length;
      const r = await cliAsync(['inventory', '--out', 'inv.json'], { cwd, env: e });
      expect(r.stderr).toMatch(c.message);
      expect(r.code).toBe(2);
      expect(readdirSync(cwd)).toEqual([]);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      if (!c.reachesApi) expect(fake.calls.length).toBe(before);
      expectNoKeys(r.stderr);
    });
  }
});

describe('devin-migrate inventory under a 5xx storm', () => {
  it('exits 3 and writes nothing when retries run out part-way through the pages', async () => {
    const cwd = join(dir, 'storm');
    mkdirSync(cwd, { recursive: true });
    const from = fake.calls.length;
    fake.setFaults({ latencyMs: 15 });
    // The storm starts once the first page of keys has come back.
    const watch = setInterval(() => {
      if (fake.calls.slice(from).some((c) => c.path === '/v2/enterprise/api-keys' && c.status === 200)) {
        fake.setFaults({ errorRate: 1, latencyMs: 15 });
        clearInterval(watch);
      }
    }, 1);
    try {
      const r = await cliAsync(['inventory', '--out', 'inv.json', '--max-retries', '1'], { cwd, env: env() });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/devin-migrate: GET \/\S+ failed: 50[234] .*after 2 attempts; the API failed; retry later/);
      expect(r.stderr).toMatch(/retrying GET \/\S+ \(50[234]\) in \d+\.\d s/);
      expect(readdirSync(cwd)).toEqual([]);
      const calls = fake.calls.slice(from);
      expect(calls.some((c) => c.path === '/v2/enterprise/api-keys' && c.status === 200)).toBe(true);
      expect(calls.some((c) => c.status >= 502 && c.status <= 504)).toBe(true);
      expectNoKeys(r.stdout, r.stderr);
    } finally {
      clearInterval(watch);
      fake.setFaults({});
    }
  });
});
