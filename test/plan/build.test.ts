import { describe, expect, it } from 'vitest';
import { findKeys } from '../../src/catalog/index.js';
import type { InventoryDocument } from '../../src/documents/inventory.js';
import type { PlanAction, PlanDocument } from '../../src/documents/plan.js';
import type { ScanDocument } from '../../src/documents/scan.js';
import { toJson } from '../../src/documents/write.js';
import { buildPlan, diffFacts, parsePlanConfig, renderPlanMarkdown, stateFacts, type PlanConfigInput } from '../../src/plan/index.js';
import { inventory } from './inventory-builder.js';
import { endpointFinding, keyFinding, scan } from './scan-builder.js';

const INPUTS = { inventory: { path: 'inventory.json', sha256: 'i' }, scan: null, config: null };

function plan(inv: InventoryDocument, opts: { scan?: ScanDocument; config?: PlanConfigInput } = {}): PlanDocument {
  return buildPlan({ inventory: inv, scan: opts.scan ?? null, config: parsePlanConfig(opts.config ?? {}), inputs: INPUTS });
}

function actionFor(p: PlanDocument, keyId: string): PlanAction {
  const a = p.actions.find((x) => x.keys.some((k) => k.keyId === keyId));
  if (!a) throw new Error(`no action for ${keyId}`);
  return a;
}

/** One org, a member, an Enterprise Admin, and whatever keys a case needs. */
function base(keys: Parameters<typeof inventory>[0]['keys']): InventoryDocument {
  return inventory({
    orgs: { 'org-a': 'Platform', 'org-b': 'Data' },
    members: [
      { id: 'u-jane', email: 'jane@corp.example', orgs: { 'org-a': 'org_member' } },
      { id: 'u-ann', email: 'ann@corp.example', orgs: { 'org-a': 'org_admin' } },
      { id: 'u-boss', email: 'boss@corp.example', enterpriseRole: 'account_admin' },
    ],
    keys,
  });
}

const K_JANE = { id: 'apk-jane00000001', org: 'org-a', owner: 'u-jane', redacted: 'apk_user_…aaa1' };
const K_SVC = { id: 'apk-svc000000002', org: 'org-b', redacted: 'apk_…bbb2' };
const K_BOSS = { id: 'apk-boss00000003', org: 'org-a', owner: 'u-boss', redacted: 'apk_user_…ccc3' };

describe('least role per case', () => {
  const cases: {
    name: string;
    key: typeof K_JANE | typeof K_SVC;
    findings?: string[][];
    config?: PlanConfigInput;
    role: string;
    scope: 'org' | 'enterprise';
    attribution: boolean;
    needed: string[];
  }[] = [
    {
      name: 'a member\'s personal key without scan needs what v1 offered, with attribution: org_admin',
      key: K_JANE, role: 'org_admin', scope: 'org', attribution: true,
      needed: ['UseDevinSessions', 'ViewOrgSessions', 'ManageOrgSessions', 'ImpersonateOrgSessions', 'ManageOrgSecrets', 'ManageAccountKnowledge', 'ManageAccountPlaybooks'],
    },
    {
      name: 'a service key without scan gets the same org role but no impersonation',
      key: K_SVC, role: 'org_admin', scope: 'org', attribution: false,
      needed: ['UseDevinSessions', 'ViewOrgSessions', 'ManageOrgSessions', 'ManageOrgSecrets', 'ManageAccountKnowledge', 'ManageAccountPlaybooks'],
    },
    {
      name: 'an Enterprise Admin\'s personal key without scan gets an enterprise-scope account_admin',
      key: K_BOSS, role: 'account_admin', scope: 'enterprise', attribution: true,
      needed: ['ManageEnterpriseSettings', 'ManageOrganizations', 'ViewAccountMetrics', 'ImpersonateOrgSessions'],
    },
    {
      name: 'code that only reads sessions needs org_member and no attribution',
      key: K_JANE, findings: [['v1.sessions.list'], ['v1.sessions.get']], role: 'org_member', scope: 'org', attribution: false,
      needed: ['ViewOrgSessions'],
    },
    {
      name: 'code that creates sessions with a personal key keeps attribution: org_admin for ImpersonateOrgSessions',
      key: K_JANE, findings: [['v1.sessions.create']], role: 'org_admin', scope: 'org', attribution: true,
      needed: ['ManageOrgSessions', 'ImpersonateOrgSessions'],
    },
    {
      name: 'the same code with attribution switched off fits org_member',
      key: K_JANE, findings: [['v1.sessions.create']], config: { attribution: false }, role: 'org_member', scope: 'org', attribution: false,
      needed: ['ManageOrgSessions'],
    },
    {
      name: 'a service key creating sessions never impersonates: org_member',
      key: K_SVC, findings: [['v1.sessions.create'], ['v1.sessions.message']], role: 'org_member', scope: 'org', attribution: false,
      needed: ['ManageOrgSessions'],
    },
    {
      name: 'secrets need org_admin',
      key: K_SVC, findings: [['v1.secrets.list']], role: 'org_admin', scope: 'org', attribution: false,
      needed: ['ManageOrgSecrets'],
    },
    {
      name: 'v2 metrics need an enterprise service user with account_member',
      key: K_BOSS, findings: [['v2.metrics.usage'], ['v2.members.list']], role: 'account_member', scope: 'enterprise', attribution: false,
      needed: ['ViewAccountMetrics', 'ViewAccountMembership'],
    },
    {
      name: 'v2 audit logs need account_admin',
      key: K_BOSS, findings: [['v2.auditLogs']], role: 'account_admin', scope: 'enterprise', attribution: false,
      needed: ['ManageEnterpriseSettings'],
    },
    {
      name: 'an unknown method takes the union of the candidates',
      key: K_SVC, findings: [['v1.secrets.list', 'v1.secrets.create']], role: 'org_admin', scope: 'org', attribution: false,
      needed: ['ManageOrgSecrets'],
    },
  ];

  it.each(cases)('$name', (c) => {
    const inv = base([c.key]);
    const s = c.findings
      ? scan([keyFinding('src/app.ts', c.key.redacted), ...c.findings.map((ids) => endpointFinding('src/app.ts', ...ids))])
      : undefined;
    const p = plan(inv, { ...(s ? { scan: s } : {}), ...(c.config ? { config: c.config } : {}) });
    const a = actionFor(p, c.key.id);
    expect(a.op).toBe('create');
    expect(a.serviceUser!.roleId).toBe(c.role);
    expect(a.serviceUser!.scope).toBe(c.scope);
    expect(a.serviceUser!.orgId).toBe(c.scope === 'org' ? c.key.org : null);
    expect(a.attribution !== null).toBe(c.attribution);
    expect(a.permissions.needed.includes('ImpersonateOrgSessions')).toBe(c.attribution);
    for (const p of c.needed) expect(a.permissions.needed).toContain(p);
    if (c.findings) {
      expect(a.evidence.source).toBe('scan');
      expect(a.permissions.needed.length).toBe(c.needed.length);
    }
    expect(a.permissions.needed).not.toContain('ManageServiceUsers');
    for (const r of Object.values(a.reasons)) expect(r.length).toBeGreaterThan(3);
  });
});

describe('planning', () => {
  it('calls out an over-grant and names the least-privilege custom role', () => {
    const p = plan(base([K_JANE]), { scan: scan([keyFinding('a.ts', K_JANE.redacted), endpointFinding('a.ts', 'v1.sessions.create')]) });
    const a = actionFor(p, K_JANE.id);
    expect(a.serviceUser!.roleId).toBe('org_admin');
    expect(a.permissions.extra).toContain('ManageOrgSecrets');
    expect(a.permissions.leastPrivilege).toEqual({ level: 'org', permissions: ['ManageOrgSessions', 'ImpersonateOrgSessions'] });
    expect(a.reasons.role).toMatch(/custom org role with only the needed ones would be least privilege/);
    expect(renderPlanMarkdown(p)).toMatch(/least privilege would be a custom org role with `ManageOrgSessions`, `ImpersonateOrgSessions`/);
  });

  it('uses a roleMap role instead of a built-in one, by built-in id, key id or owner email', () => {
    const inv = base([K_JANE, K_SVC]);
    inv.roles.push({ roleId: 'role-ci', roleName: 'CI', level: 'org' });
    const p = plan(inv, {
      config: { roleMap: { org_admin: 'role-ci', [K_SVC.id]: { roleId: 'org_member', permissions: ['ManageOrgSessions'] } } },
    });
    expect(actionFor(p, K_JANE.id).serviceUser!.roleId).toBe('role-ci');
    expect(actionFor(p, K_JANE.id).reasons.role).toMatch(/named in roleMap instead of org_admin/);
    const svc = actionFor(p, K_SVC.id);
    expect(svc.serviceUser!.roleId).toBe('org_member');
    expect(svc.permissions.missing).toContain('ManageOrgSecrets');
    expect(svc.warnings.join('\n')).toMatch(/roleMap role org_member lacks .*ManageOrgSecrets/);
    const byEmail = plan(inv, { config: { roleMap: { 'JANE@corp.example': 'role-ci' } } });
    expect(actionFor(byEmail, K_JANE.id).serviceUser!.roleId).toBe('role-ci');
    expect(actionFor(byEmail, K_SVC.id).serviceUser!.roleId).toBe('org_admin');
  });

  it('warns when a roleMap role is not among the enterprise roles and takes an enterprise role\'s scope', () => {
    const inv = base([K_JANE]);
    inv.roles.push({ roleId: 'role-ent', roleName: 'Ent', level: 'enterprise' });
    const p = plan(inv, { config: { roleMap: { org_admin: 'role-nope' } } });
    expect(actionFor(p, K_JANE.id).warnings.join('\n')).toMatch(/role-nope is not among the enterprise's roles/);
    const q = plan(inv, { config: { roleMap: { org_admin: 'role-ent' } } });
    expect(actionFor(q, K_JANE.id).serviceUser).toMatchObject({ roleId: 'role-ent', scope: 'enterprise', orgId: null });
  });

  it('turns a key whose service user already exists into a no-op', () => {
    const inv = base([K_JANE, K_SVC]);
    inv.serviceUsers.push({ serviceUserId: 'service-user-9', name: 'migrated-jane-platform', expiresAt: null, roleAssignments: [] });
    const p = plan(inv);
    const a = actionFor(p, K_JANE.id);
    expect(a.op).toBe('noop');
    expect(a.serviceUser!.existingId).toBe('service-user-9');
    expect(p.summary).toMatchObject({ create: 1, noop: 1 });
    expect(p.fingerprint.facts.serviceUsers).toEqual([{ name: 'migrated-jane-platform', serviceUserId: 'service-user-9' }]);
  });

  it('lists keys of departed owners and deleted orgs as revoke only, never drops them', () => {
    const inv = inventory({
      orgs: { 'org-a': 'Platform' },
      members: [{ id: 'u-jane', email: 'jane@corp.example', orgs: { 'org-a': 'org_member' } }],
      goneMembers: { 'u-left': 'left@corp.example' },
      goneOrgs: { 'org-old': 'Old team' },
      keys: [K_JANE, { id: 'apk-left00000001', org: 'org-a', owner: 'u-left' }, { id: 'apk-old000000001', org: 'org-old' }],
    });
    const p = plan(inv);
    expect(p.summary).toMatchObject({ keys: 3, create: 1, revokeOnly: 2 });
    const left = actionFor(p, 'apk-left00000001');
    expect(left.op).toBe('revoke-only');
    expect(left.serviceUser).toBeNull();
    expect(left.reasons.op).toMatch(/left@corp.example is no longer a member/);
    expect(actionFor(p, 'apk-old000000001').reasons.op).toMatch(/Old team \(org-old\) no longer exists/);
    expect(renderPlanMarkdown(p)).toMatch(/\*\*revoke only\*\* `apk-left00000001`/);
  });

  it('includes and excludes keys by id, owner email, org id or org name, and lists what it left out', () => {
    const inv = base([K_JANE, K_SVC, K_BOSS]);
    const inc = plan(inv, { config: { include: { orgs: ['Platform'] }, exclude: { keys: ['boss@corp.example'] } } });
    expect(inc.actions.map((a) => a.keys[0]!.keyId)).toEqual([K_JANE.id]);
    expect(inc.excluded.map((e) => [e.keyId, e.reason])).toEqual([
      [K_SVC.id, 'not selected by config include'],
      [K_BOSS.id, 'excluded by config exclude (key boss@corp.example)'],
    ]);
    const exc = plan(inv, { config: { exclude: { orgs: ['org-b'], keys: ['apk-nothing'] } } });
    expect(exc.summary).toMatchObject({ create: 2, excluded: 1 });
    expect(exc.warnings.join('\n')).toMatch(/exclude.keys entry apk-nothing matches no legacy key/);
    // Names do not move when keys are left out.
    expect(actionFor(inc, K_JANE.id).id).toBe(actionFor(plan(inv), K_JANE.id).id);
  });

  it('groups one owner\'s keys in one org into one service user with per-owner-org', () => {
    const inv = base([K_JANE, { id: 'apk-jane00000009', org: 'org-a', owner: 'u-jane' }, { id: 'apk-jane0000000b', org: 'org-b', owner: 'u-jane' }, K_SVC]);
    const perKey = plan(inv);
    expect(perKey.summary.create).toBe(4);
    expect(actionFor(perKey, 'apk-jane00000009').id).toBe('migrated-jane-platform-00000009');
    const grouped = plan(inv, { config: { grouping: 'per-owner-org' } });
    expect(grouped.summary.create).toBe(3);
    const a = actionFor(grouped, K_JANE.id);
    expect(a.keys.map((k) => k.keyId)).toEqual([K_JANE.id, 'apk-jane00000009']);
    expect(a.id).toBe('migrated-jane-platform');
    expect(a.reasons.name).toMatch(/one service user for this owner's 2 keys/);
    expect(actionFor(grouped, 'apk-jane0000000b').id).toBe('migrated-jane-data');
  });

  it('keeps attribution only for personal keys, with the owner\'s user id', () => {
    const p = plan(base([K_JANE, K_SVC, K_BOSS]));
    expect(actionFor(p, K_JANE.id).attribution).toEqual({ createAsUserId: 'u-jane' });
    expect(actionFor(p, K_BOSS.id).attribution).toEqual({ createAsUserId: 'u-boss' });
    expect(actionFor(p, K_SVC.id).attribution).toBeNull();
    expect(actionFor(p, K_SVC.id).reasons.attribution).toMatch(/service key/);
  });

  it('attributes findings by config integrations (key id or owner email) and by hard-coded key, and warns about the rest', () => {
    const inv = base([K_JANE, K_SVC, K_BOSS]);
    const s = scan([
      endpointFinding('services/billing/run.ts', 'v1.secrets.list'),
      endpointFinding('tools/admin/report.py', 'v2.metrics.usage'),
      keyFinding('bots/slack.ts', K_JANE.redacted),
      endpointFinding('bots/slack.ts', 'v1.sessions.list'),
      endpointFinding('misc/orphan.ts', 'v1.playbooks.list'),
    ]);
    const p = plan(inv, {
      scan: s,
      config: { integrations: [{ key: K_SVC.id, paths: ['services/billing/**'] }, { key: 'boss@corp.example', paths: ['tools/admin'] }] },
    });
    expect(actionFor(p, K_SVC.id).evidence).toMatchObject({ source: 'scan', files: ['services/billing/run.ts'] });
    expect(actionFor(p, K_SVC.id).permissions.needed).toEqual(['ManageOrgSecrets']);
    expect(actionFor(p, K_BOSS.id).serviceUser).toMatchObject({ scope: 'enterprise', roleId: 'account_member' });
    expect(actionFor(p, K_JANE.id).permissions.needed).toEqual(['ViewOrgSessions']);
    expect(p.warnings.join('\n')).toMatch(/1 endpoint finding\(s\) in 1 file\(s\) belong to no key \(misc\/orphan.ts\)/);
  });

  it('does not attribute a file whose hard-coded key matches two inventory keys', () => {
    const inv = base([K_JANE, { ...K_SVC, redacted: K_JANE.redacted }]);
    const p = plan(inv, { scan: scan([keyFinding('x.ts', K_JANE.redacted), endpointFinding('x.ts', 'v1.sessions.list')]) });
    expect(actionFor(p, K_JANE.id).evidence.source).toBe('default');
    expect(p.warnings.join('\n')).toMatch(/matches 2 inventory keys/);
  });

  it('never copies a key value into the plan or its Markdown, even from a scan excerpt that holds one', () => {
    const raw = `apk_user_${'Zx9'.repeat(10)}`;
    const inv = base([K_JANE, K_SVC, K_BOSS]);
    const s = scan([keyFinding('a.ts', K_JANE.redacted, `const k = '${raw}'`), endpointFinding('a.ts', 'v1.sessions.create')]);
    s.findings[1]!.message = `uses ${raw}`;
    const p = plan(inv, { scan: s });
    const text = toJson(p) + renderPlanMarkdown(p);
    expect(findKeys(text)).toEqual([]);
    expect(text).not.toContain(raw);
  });
});

describe('determinism', () => {
  const shuffle = <T>(xs: T[], seed: number): T[] => {
    const out = [...xs];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };

  function bigInventory(): InventoryDocument {
    const members = Array.from({ length: 12 }, (_, i) => ({
      id: `u-${i}`,
      email: `user${i % 9}@corp${i % 2}.example`, // collisions in the local part
      enterpriseRole: i === 0 ? 'account_admin' : null,
      orgs: { [`org-${i % 3}`]: i % 4 === 0 ? 'org_admin' : 'org_member' },
    }));
    const keys = Array.from({ length: 30 }, (_, i) => ({
      id: `apk-${String(i).padStart(12, '0')}`,
      org: `org-${i % 4}`, // org-3 does not exist
      owner: i % 5 === 0 ? null : `u-${i % 13}`, // u-12 does not exist
      createdAt: `2024-02-${String((i % 7) + 1).padStart(2, '0')}T00:00:00Z`,
      redacted: `apk_user_…${String(i).padStart(4, '0')}`,
    }));
    return inventory({
      orgs: { 'org-0': 'Zeta', 'org-1': 'Alpha', 'org-2': 'Alpha' },
      members,
      keys,
      serviceUsers: [{ id: 'service-user-1', name: 'migrated-user1-alpha', roleId: 'org_admin' }],
    });
  }

  it('gives a byte-identical plan twice and whatever order the inputs list things in', () => {
    const inv = bigInventory();
    const s = scan([keyFinding('a.ts', 'apk_user_…0003'), endpointFinding('a.ts', 'v1.sessions.create'), endpointFinding('b.ts', 'v2.auditLogs')]);
    const config: PlanConfigInput = { integrations: [{ key: 'apk-000000000007', paths: ['b.ts'] }] };
    const first = toJson(plan(inv, { scan: s, config }));
    expect(toJson(plan(inv, { scan: s, config }))).toBe(first);
    for (const seed of [1, 2, 3]) {
      const shuffled: InventoryDocument = {
        ...inv,
        keys: shuffle(inv.keys, seed),
        members: shuffle(inv.members, seed + 1).map((m) => ({ ...m, orgRoles: shuffle(m.orgRoles, seed) })),
        organizations: shuffle(inv.organizations, seed + 2),
        roles: shuffle(inv.roles, seed + 3),
      };
      const s2 = { ...s, findings: shuffle(s.findings, seed) };
      expect(toJson(plan(shuffled, { scan: s2, config }))).toBe(first);
    }
    expect(renderPlanMarkdown(plan(inv, { scan: s, config }))).toBe(renderPlanMarkdown(JSON.parse(first) as PlanDocument));
  });

  it('lists actions by org, then owner', () => {
    const p = plan(bigInventory());
    const keys = p.actions.map((a) => `${a.orgName}|${a.orgId}|${a.owner?.email ?? '\uffff'}`);
    expect(keys).toEqual([...keys].sort());
    const names = p.actions.filter((a) => a.serviceUser).map((a) => a.serviceUser!.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('live-state fingerprint', () => {
  it('moves when a key, an owner\'s role or an org changes, not when an unrelated member joins', () => {
    const inv = base([K_JANE, K_SVC]);
    const facts = stateFacts(inv, []);
    const joined = structuredClone(inv);
    joined.members.push({ userId: 'u-new', email: 'new@corp.example', name: null, enterpriseRole: null, orgRoles: [] });
    joined.serviceUsers.push({ serviceUserId: 'service-user-x', name: 'unrelated', expiresAt: null, roleAssignments: [] });
    expect(diffFacts(facts, stateFacts(joined, []))).toEqual([]);

    const moved = structuredClone(inv);
    moved.keys.push({ ...moved.keys[0]!, id: 'apk-new' });
    moved.members.find((m) => m.userId === 'u-jane')!.orgRoles[0]!.roleId = 'org_admin';
    moved.organizations = moved.organizations.filter((o) => o.orgId !== 'org-b');
    const diff = diffFacts(facts, stateFacts(moved, []));
    expect(diff).toEqual(
      expect.arrayContaining([
        '- organization org-b (Data) is gone',
        expect.stringMatching(/^\+ legacy key apk-new/),
        expect.stringMatching(/^~ key owner jane@corp.example .* changed: .*org-a:org_admin/),
      ]),
    );
  });
});
