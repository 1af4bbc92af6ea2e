import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parsePlanConfig, readPlanConfig, ttlSeconds } from '../../src/plan/index.js';

describe('planner config', () => {
  it('fills defaults for an empty config', () => {
    expect(parsePlanConfig({})).toEqual({
      nameTemplate: 'migrated-{owner}-{org}',
      grouping: 'per-key',
      roleMap: {},
      integrations: [],
      attribution: true,
    });
  });

  it('reads durations in seconds, minutes, hours, days and weeks', () => {
    expect(ttlSeconds(parsePlanConfig({ ttl: '90d' }))).toBe(7_776_000);
    expect(ttlSeconds(parsePlanConfig({ ttl: '2w' }))).toBe(1_209_600);
    expect(ttlSeconds(parsePlanConfig({ ttl: 3600 }))).toBe(3600);
    expect(ttlSeconds(parsePlanConfig({}))).toBeNull();
  });

  const errors: [string, unknown, RegExp][] = [
    ['an unknown field', { nameTemplte: 'x' }, /\(root\): .*nameTemplte/],
    ['a bad grouping', { grouping: 'per-team' }, /grouping:/],
    ['a ttl that is not a duration', { ttl: '3 months' }, /ttl: .*duration/],
    ['a ttl over one year', { ttl: '400d' }, /ttl is 34560000 seconds, more than the API's limit/],
    ['an unknown placeholder', { nameTemplate: 'svc-{team}' }, /nameTemplate: .*unknown placeholder \{team\}/],
    ['a template without owner or key', { nameTemplate: 'svc-{org}' }, /must contain \{owner\} or \{keyId\}/],
    ['a permission name that does not exist', { roleMap: { org_admin: { roleId: 'r', permissions: ['DoEverything'] } } }, /roleMap.org_admin.permissions.0: not a v3 permission/],
    ['a role granting ManageServiceUsers', { roleMap: { org_admin: { roleId: 'r', permissions: ['ManageServiceUsers'] } } }, /can never be granted/],
    ['an integration without paths', { integrations: [{ key: 'apk-1', paths: [] }] }, /integrations.0.paths/],
  ];

  it.each(errors)('rejects %s with the field named', (_name, json, message) => {
    let err: unknown;
    try {
      parsePlanConfig(json, 'config file c.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^config file c.json/);
    expect((err as Error).message).toMatch(message);
  });

  it('reports a config file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dm-config-'));
    writeFileSync(join(dir, 'c.json'), '{ grouping: ');
    expect(() => readPlanConfig(join(dir, 'c.json'))).toThrow(/is not JSON/);
    expect(() => readPlanConfig(join(dir, 'none.json'))).toThrow(/cannot read the config file .*ENOENT/);
  });
});
