// What an inventory of a fake enterprise must contain, computed from the fake's own state (not
// from the API), so the comparison checks the client, pagination and mapping end to end.
import { redactKey, roleLevelOf } from '../../src/catalog/index.js';
import type { FakeEnterprise } from '../../src/fake/index.js';
import { KEY_CREATION_ACTIONS } from '../../src/inventory/index.js';

const byId = <T>(f: (x: T) => string) => (a: T, b: T) => (f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0);
const iso = (ms: number) => new Date(ms).toISOString();

export function expectedInventory(state: FakeEnterprise, auditAfterMs: number) {
  return {
    organizations: state.liveOrgs().map((o) => ({ orgId: o.orgId, name: o.name })).sort(byId((o) => o.orgId)),
    members: state
      .liveUsers()
      .map((u) => ({
        userId: u.userId,
        email: u.email,
        name: u.name,
        enterpriseRole: u.enterpriseRole,
        orgRoles: u.orgRoles
          .filter((r) => state.liveOrg(r.orgId))
          .map((r) => ({ orgId: r.orgId, roleId: r.roleId, roleName: state.role(r.roleId)?.roleName ?? r.roleId }))
          .sort(byId((r) => r.orgId)),
      }))
      .sort(byId((m) => m.userId)),
    roles: [...state.roles.values()].map((r) => ({ roleId: r.roleId, roleName: r.roleName, level: roleLevelOf(r.roleType) })).sort(byId((r) => r.roleId)),
    keys: state
      .liveLegacyKeys()
      .map((k) => ({
        id: k.id,
        type: k.type,
        orgId: k.orgId,
        orgName: state.orgs.get(k.orgId)?.name ?? '',
        ownerUserId: k.type === 'personal' ? k.userId : null,
        ownerEmail: k.type === 'personal' && k.userId ? (state.users.get(k.userId)?.email ?? null) : null,
        createdAt: iso(k.createdAt),
        redacted: k.exposeValue ? redactKey(k.value) : null,
      }))
      .sort(byId((k) => k.id)),
    auditEvidence: state.auditLogs
      .filter((a) => KEY_CREATION_ACTIONS.includes(a.action) && a.createdAt > auditAfterMs)
      .map((a) => ({
        auditLogId: a.auditLogId,
        action: a.action,
        createdAt: iso(a.createdAt),
        userId: a.userId,
        userEmail: a.userId ? (state.users.get(a.userId)?.email ?? null) : null,
        orgId: a.orgId,
      }))
      .sort(byId((a) => a.auditLogId)),
    serviceUsers: [...state.serviceUsers.values()]
      .filter((s) => state.serviceUserIsLive(s))
      .map((s) => ({
        serviceUserId: s.serviceUserId,
        name: s.name,
        expiresAt: s.expiresAt === null ? null : Math.floor(s.expiresAt / 1000),
        roleAssignments: [{ roleId: s.roleId, roleName: state.role(s.roleId)?.roleName ?? s.roleId, level: roleLevelOf(state.role(s.roleId)?.roleType ?? 'org'), orgId: s.orgId }],
      }))
      .sort(byId((s) => s.serviceUserId)),
  };
}

/** Every key value the fake knows (legacy and service-user), for leak checks. */
export function allKeyValues(state: FakeEnterprise): string[] {
  return [...[...state.legacyKeys.values()].map((k) => k.value), ...[...state.serviceUserKeys.values()].map((k) => k.value)];
}
