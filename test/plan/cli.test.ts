import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKeys } from '../../src/catalog/index.js';
import { PlanDocument } from '../../src/documents/plan.js';
import { cli } from '../support/cli.js';
import { inventory } from './inventory-builder.js';
import { endpointFinding, keyFinding, scan } from './scan-builder.js';

let dir: string;
const p = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dm-plan-cli-'));
  const inv = inventory({
    orgs: { 'org-a': 'Platform', 'org-b': 'Data' },
    members: [{ id: 'u-jane', email: 'jane@corp.example', orgs: { 'org-a': 'org_member' } }],
    keys: [
      { id: 'apk-jane00000001', org: 'org-a', owner: 'u-jane', redacted: 'apk_user_…aaa1' },
      { id: 'apk-svc000000002', org: 'org-b' },
    ],
  });
  writeFileSync(p('inventory.json'), JSON.stringify(inv));
  const done = structuredClone(inv);
  done.serviceUsers = [
    { serviceUserId: 'service-user-1', name: 'migrated-jane-platform', expiresAt: null, roleAssignments: [] },
    { serviceUserId: 'service-user-2', name: 'migrated-svc-00000002-data', expiresAt: null, roleAssignments: [] },
  ];
  writeFileSync(p('migrated.json'), JSON.stringify(done));
  const raw = `apk_user_${'Qw7'.repeat(10)}`;
  writeFileSync(
    p('scan.json'),
    JSON.stringify(scan([keyFinding('app.ts', 'apk_user_…aaa1', `const KEY = "${raw}"`), endpointFinding('app.ts', 'v1.sessions.list')])),
  );
  writeFileSync(p('config.json'), JSON.stringify({ grouping: 'per-owner-org', ttl: '30d' }));
  writeFileSync(p('bad-config.json'), JSON.stringify({ grouping: 'per-team' }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('devin-migrate plan (child process)', () => {
  it('writes a byte-identical plan twice and exits 1 when service users are pending', () => {
    const a = cli(['plan', '--inventory', 'inventory.json', '--scan', 'scan.json', '--config', 'config.json', '--out', 'plan.json'], { cwd: dir });
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/plan: 2 to create, 0 already migrated, 0 revoke only, 0 excluded \(2 legacy keys\); wrote plan.json/);
    const first = readFileSync(p('plan.json'), 'utf8');
    const b = cli(['plan', '--inventory', 'inventory.json', '--scan', 'scan.json', '--config', 'config.json', '--out', 'plan.json'], { cwd: dir });
    expect(b.code).toBe(1);
    expect(readFileSync(p('plan.json'), 'utf8')).toBe(first);
    const plan = PlanDocument.parse(JSON.parse(first));
    expect(plan.inputs.scan?.path).toBe('scan.json');
    expect(plan.settings).toMatchObject({ grouping: 'per-owner-org', ttlSeconds: 2_592_000 });
    expect(findKeys(first + a.stdout + a.stderr)).toEqual([]);
  });

  it('exits 0 when every key is already migrated, and 0/2 with --detailed-exitcode', () => {
    expect(cli(['plan', '--inventory', 'migrated.json', '--out', 'noop.json'], { cwd: dir }).code).toBe(0);
    expect(cli(['plan', '--inventory', 'migrated.json', '--out', 'noop.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(0);
    expect(cli(['plan', '--inventory', 'inventory.json', '--out', 'p2.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(2);
  });

  it('reports an input error as 2 by default and as 1 with --detailed-exitcode', () => {
    const bad = cli(['plan', '--inventory', 'inventory.json', '--config', 'bad-config.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/config file .*bad-config.json is not valid: grouping:/);
    const detailed = cli(['plan', '--inventory', 'inventory.json', '--config', 'bad-config.json', '--detailed-exitcode'], { cwd: dir });
    expect(detailed.code).toBe(1);
    expect(detailed.stderr).toMatch(/grouping/);
    expect(cli(['plan', '--inventory', 'missing.json', '--detailed-exitcode'], { cwd: dir }).code).toBe(1);
    expect(cli(['plan', '--inventory', 'missing.json'], { cwd: dir }).code).toBe(2);
  });

  it('prints Markdown to stdout with --format md and documents both exit-code tables in --help', () => {
    const md = cli(['plan', '--inventory', 'inventory.json', '--format', 'md'], { cwd: dir });
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^# devin-migrate plan/);
    expect(md.stdout).toMatch(/## Platform \(`org-a`\)/);
    const help = cli(['plan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--detailed-exitcode/);
    expect(help.stdout).toMatch(/0 {2}nothing to create {3}2 {2}service users to create {3}1 {2}any error/);
    expect(help.stdout).toMatch(/Examples:/);
  });
});
