// Small inventories for planner tests, built from a compact description.
import type { InventoryDocument, LegacyKey, Member } from '../../src/documents/inventory.js';

export interface MiniMember {
  id: string;
  email: string;
  enterpriseRole?: string | null;
  /** orgId -> roleId */
  orgs?: Record<string, string>;
}

export interface MiniKey {
  id: string;
  org: string;
  owner?: string | null;
  createdAt?: string;
  redacted?: string | null;
}

export function inventory(opts: {
  orgs: Record<string, string>;
  members?: MiniMember[];
  keys: MiniKey[];
  serviceUsers?: { id: string; name: string; roleId?: string }[];
  /** Keys may name orgs or owners that are gone: give their names here. */
  goneOrgs?: Record<string, string>;
  goneMembers?: Record<string, string>;
}): InventoryDocument {
  const members: Member[] = (opts.members ?? []).map((m) => ({
    userId: m.id,
    email: m.email,
    name: null,
    enterpriseRole: m.enterpriseRole ?? null,
    orgRoles: Object.entries(m.orgs ?? {}).map(([orgId, roleId]) => ({ orgId, roleId, roleName: null })),
  }));
  const email = (id: string) => members.find((m) => m.userId === id)?.email ?? opts.goneMembers?.[id] ?? `${id}@gone.example`;
  const orgName = (id: string) => opts.orgs[id] ?? opts.goneOrgs?.[id] ?? id;
  const keys: LegacyKey[] = opts.keys.map((k, i) => ({
    id: k.id,
    type: k.owner ? 'personal' : 'service',
    orgId: k.org,
    orgName: orgName(k.org),
    ownerUserId: k.owner ?? null,
    ownerEmail: k.owner ? email(k.owner) : null,
    createdAt: k.createdAt ?? `2024-01-${String(10 + i).padStart(2, '0')}T00:00:00Z`,
    redacted: k.redacted ?? null,
  }));
  return {
    kind: 'devin-migrate/inventory',
    schemaVersion: 1,
    apiBase: 'http://127.0.0.1:9',
    generatedAt: '2026-03-01T00:00:00Z',
    durationMs: 1,
    collectedBy: { userId: 'u-admin', email: 'admin@corp.example' },
    organizations: Object.entries(opts.orgs).map(([orgId, name]) => ({ orgId, name })),
    members,
    roles: [
      { roleId: 'org_member', roleName: 'Member', level: 'org' },
      { roleId: 'org_admin', roleName: 'Admin', level: 'org' },
      { roleId: 'account_member', roleName: 'Member', level: 'enterprise' },
      { roleId: 'account_admin', roleName: 'Admin', level: 'enterprise' },
    ],
    keys,
    auditEvidence: [],
    serviceUsers: (opts.serviceUsers ?? []).map((s) => ({
      serviceUserId: s.id,
      name: s.name,
      expiresAt: null,
      roleAssignments: s.roleId ? [{ roleId: s.roleId, roleName: null, level: s.roleId.startsWith('org') ? 'org' : 'enterprise', orgId: null }] : [],
    })),
  };
}
