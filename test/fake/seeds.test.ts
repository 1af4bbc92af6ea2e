import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { KEY_BODY_PATTERN, findKeys, looksLikeKeyBody } from '../../src/catalog/index.js';
import { FakeEnterprise, demoSeedPath, generateEnterprise, parseSeed, readSeedFile } from '../../src/fake/index.js';

describe('the demo seed', () => {
  test('is a small realistic enterprise with the cases the migration must handle', () => {
    const seed = readSeedFile(demoSeedPath());
    const live = seed.organizations.filter((o) => o.deletedAt === null);
    expect(live.length).toBeGreaterThanOrEqual(3);
    expect(seed.organizations.some((o) => o.deletedAt !== null)).toBe(true);
    expect(seed.users.filter((u) => u.enterpriseRole === 'account_admin')).toHaveLength(2);
    const gone = seed.users.filter((u) => u.removedAt !== null).map((u) => u.userId);
    expect(seed.legacyKeys.some((k) => k.revokedAt === null && gone.includes(k.userId ?? ''))).toBe(true);
    const liveKeys = seed.legacyKeys.filter((k) => k.revokedAt === null);
    expect(liveKeys.length).toBeGreaterThanOrEqual(10);
    expect(liveKeys.length).toBeLessThanOrEqual(14);
    expect(liveKeys.some((k) => k.type === 'service')).toBe(true);
    expect(seed.serviceUsers.filter((s) => s.name.startsWith('migrated-')).length).toBeGreaterThanOrEqual(1);
  });

  test('holds no key values; the fake derives real-shaped ones from the ids', () => {
    const text = readFileSync(demoSeedPath(), 'utf8');
    expect(findKeys(text)).toEqual([]);
    const state = new FakeEnterprise(readSeedFile(demoSeedPath()));
    const values = [...state.legacyKeys.values()].map((k) => k.value).concat([...state.serviceUserKeys.values()].map((k) => k.value));
    for (const v of values) {
      const body = v.replace(/^(apk_user_|apk_|cog_)/, '');
      expect(body).toMatch(new RegExp(`^${KEY_BODY_PATTERN}$`));
      expect(body).toHaveLength(32);
      expect(looksLikeKeyBody(body)).toBe(true);
      expect(findKeys(v).map((f) => f.value)).toEqual([v]);
    }
    expect(new Set(values).size).toBe(values.length);
    // Deterministic: a second enterprise from the same seed has the same keys.
    expect(new FakeEnterprise(readSeedFile(demoSeedPath())).credentials()).toEqual(state.credentials());
  });
});

describe('bad seeds', () => {
  const demo = () => JSON.parse(readFileSync(demoSeedPath(), 'utf8'));
  test.each([
    ['a field of the wrong type', (s: any) => (s.organizations[0].name = 3), /not a valid enterprise seed: organizations\[0\]\.name/],
    ['a key of an unknown organization', (s: any) => (s.legacyKeys[0].orgId = 'org-nowhere'), /legacyKeys\[0\]\.orgId org-nowhere is not an organization/],
    ['a service user with an unknown role', (s: any) => (s.serviceUsers[1].roleId = 'wizard'), /serviceUsers\[1\]\.roleId wizard is not a known role/],
    ['an unknown permission in a custom role', (s: any) => s.roles[0].permissions.push('FlyToTheMoon'), /roles\[0\]\.permissions\[\d+\]: is not a known permission/],
    ['duplicate key ids', (s: any) => (s.legacyKeys[1].id = s.legacyKeys[0].id), /legacy key id apk-\w+ is defined twice/],
    ['an admin credential that is not an admin key', (s: any) => (s.credentials.enterpriseAdminKeyId = s.credentials.serviceKeyId), /credentials\.enterpriseAdminKeyId/],
  ])('refuses %s with one line naming the field', (_what, mutate, message) => {
    const s = demo();
    mutate(s);
    expect(() => parseSeed(s, 'the test seed')).toThrow(message);
    try {
      parseSeed(s, 'the test seed');
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });

  test('a file that is not JSON is named in the error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-seed-'));
    const p = join(dir, 'broken.json');
    writeFileSync(p, '{ nope');
    expect(() => readSeedFile(p)).toThrow(/the seed file .*broken\.json is not JSON/);
  });
});

describe('generateEnterprise', () => {
  test('the same options give the same enterprise; another seed a different one', () => {
    const a = generateEnterprise({ orgs: 12, users: 400, keys: 1200, seed: 5 });
    const b = generateEnterprise({ orgs: 12, users: 400, keys: 1200, seed: 5 });
    const c = generateEnterprise({ orgs: 12, users: 400, keys: 1200, seed: 6 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    const sa = new FakeEnterprise(parseSeed(a));
    const sb = new FakeEnterprise(parseSeed(b));
    expect(sa.credentials()).toEqual(sb.credentials());
  });

  test('builds a consistent enterprise of the requested size with keys of both kinds', () => {
    const seed = parseSeed(generateEnterprise({ orgs: 30, users: 1000, keys: 2500, seed: 11 }));
    expect(seed.organizations).toHaveLength(30);
    expect(seed.users).toHaveLength(1000);
    expect(seed.legacyKeys).toHaveLength(2500);
    const service = seed.legacyKeys.filter((k) => k.type === 'service').length;
    expect(service).toBeGreaterThan(300);
    expect(service).toBeLessThan(700);
    expect(new Set(seed.users.map((u) => u.email)).size).toBe(1000);
    expect(seed.users.some((u) => u.removedAt !== null)).toBe(true);
  });

  test('refuses sizes it cannot build', () => {
    expect(() => generateEnterprise({ orgs: 0, users: 10, keys: 10 })).toThrow(/orgs/);
    expect(() => generateEnterprise({ orgs: 1, users: 10, keys: 1.5 })).toThrow(/keys/);
  });
});
