// v3 response objects (reference §6): Unix-second timestamps, role assignments, no token ever
// (a token is returned only by the call that mints it).
import type { FakeEnterprise, OrgRec, RoleRec, ServiceUserKeyRec, ServiceUserRec, SessionRec, UserRec } from '../enterprise.js';
import { problem, unix } from '../respond.js';

export function roleItem(r: RoleRec | undefined, roleId: string): Record<string, unknown> {
  return { role_id: roleId, role_name: r?.roleName ?? roleId, role_type: r?.roleType ?? 'org' };
}

export function serviceUserItem(state: FakeEnterprise, su: ServiceUserRec): Record<string, unknown> {
  return {
    service_user_id: su.serviceUserId,
    name: su.name,
    created_at: unix(su.createdAt),
    expires_at: unix(su.expiresAt),
    is_active: state.serviceUserIsLive(su),
    role_assignments: [{ role: roleItem(state.role(su.roleId), su.roleId), org_id: su.orgId }],
  };
}

export function apiKeyItem(state: FakeEnterprise, k: ServiceUserKeyRec): Record<string, unknown> {
  return {
    api_key_id: k.apiKeyId,
    api_key_name: k.name,
    created_at: unix(k.createdAt),
    expires_at: unix(k.expiresAt),
    is_active: state.serviceUserKeyIsActive(k),
    last_used_at: unix(k.lastUsedAt),
    revoked_at: unix(k.revokedAt),
  };
}

export function userItem(state: FakeEnterprise, u: UserRec): Record<string, unknown> {
  const assignments: Record<string, unknown>[] = [];
  if (u.enterpriseRole) assignments.push({ role: roleItem(state.role(u.enterpriseRole), u.enterpriseRole), org_id: null });
  for (const r of u.orgRoles) {
    if (state.liveOrg(r.orgId)) assignments.push({ role: roleItem(state.role(r.roleId), r.roleId), org_id: r.orgId });
  }
  return { user_id: u.userId, email: u.email, name: u.name, role_assignments: assignments };
}

export function orgItem(state: FakeEnterprise, o: OrgRec): Record<string, unknown> {
  return {
    org_id: o.orgId,
    name: o.name,
    created_at: unix(o.createdAt),
    max_cycle_acu_limit: o.maxCycleAcuLimit,
    user_count: state.orgMembers(o.orgId).length,
  };
}

export function sessionItem(s: SessionRec): Record<string, unknown> {
  return {
    session_id: s.sessionId,
    url: `https://app.devin.ai/sessions/${s.sessionId.replace(/^devin-/, '')}`,
    status: s.status,
    status_detail: s.statusDetail,
    title: s.title,
    tags: s.tags,
    org_id: s.orgId,
    user_id: s.userId,
    service_user_id: s.serviceUserId,
    playbook_id: s.playbookId,
    is_archived: s.isArchived,
    origin: s.origin,
    created_at: unix(s.createdAt),
    updated_at: unix(s.updatedAt),
    acus_consumed: 0,
    pull_requests: [],
  };
}

export function serviceUserOr404(state: FakeEnterprise, id: string): ServiceUserRec {
  const su = state.serviceUsers.get(id);
  if (!su || su.deletedAt !== null) throw problem(404, `Service user ${id} not found`);
  return su;
}

export function sessionOr404(state: FakeEnterprise, orgId: string | null, id: string): SessionRec {
  const s = state.sessions.get(id);
  if (!s || (orgId !== null && s.orgId !== orgId)) throw problem(404, `Session ${id} not found`);
  return s;
}

