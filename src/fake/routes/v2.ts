// v2 enterprise routes (reference §5), keyed by catalogue id. The caller is already known to
// be an Enterprise Admin's personal key (auth.ts).
import { z } from 'zod';
import type { FakeEnterprise, LegacyKeyRec, OrgRec, UserRec } from '../enterprise.js';
import { v2PageNumber, v2Skip } from '../paginate.js';
import { detail, intQuery, invalid, iso, json, readBody } from '../respond.js';
import type { LegacyRoute } from '../route.js';

function keyItem(state: FakeEnterprise, k: LegacyKeyRec): Record<string, unknown> {
  const org = state.orgs.get(k.orgId);
  const user = k.userId ? state.users.get(k.userId) : undefined;
  const item: Record<string, unknown> = {
    id: k.id,
    org_id: k.orgId,
    org_name: org?.name ?? '',
    user_id: k.type === 'personal' ? k.userId : null,
    user_email: k.type === 'personal' ? (user?.email ?? null) : null,
    is_service_key: k.type === 'service',
    created_at: iso(k.createdAt),
  };
  // The schema example carries the value; the fake shows it on the keys the seed marks, so
  // the inventory's redaction is exercised.
  if (k.exposeValue) item.api_key_value = k.value;
  return item;
}

function memberItem(u: UserRec): Record<string, unknown> {
  return {
    user_id: u.userId,
    email: u.email,
    name: u.name,
    enterprise_role: u.enterpriseRole,
    created_at: iso(u.createdAt),
    last_login: iso(u.lastLogin),
    login_count: u.lastLogin ? 1 : 0,
    saml_id: null,
    sessions_created_count: 0,
    searches_created_count: 0,
  };
}

function orgItem(state: FakeEnterprise, o: OrgRec): Record<string, unknown> {
  const members = state.orgMembers(o.orgId);
  const admins = members.filter((m) => m.roleId === 'org_admin').length;
  return {
    org_id: o.orgId,
    org_name: o.name,
    created_at: iso(o.createdAt),
    max_cycle_acu_limit: o.maxCycleAcuLimit,
    max_session_acu_limit: null,
    org_admin_count: admins,
    org_member_count: members.length - admins,
    org_user_count: members.length,
  };
}

function orgMemberItem(state: FakeEnterprise, o: OrgRec, u: UserRec, roleId: string): Record<string, unknown> {
  return {
    org_id: o.orgId,
    org_name: o.name,
    user_id: u.userId,
    email: u.email,
    name: u.name,
    org_role: roleId,
    org_role_name: state.role(roleId)?.roleName ?? roleId,
    enterprise_role: u.enterpriseRole,
  };
}

function liveOrgOr404(state: FakeEnterprise, orgId: string): OrgRec {
  const o = state.liveOrg(orgId);
  if (!o) throw detail(404, `Organization ${orgId} not found`);
  return o;
}

function liveUserOr404(state: FakeEnterprise, userId: string): UserRec {
  const u = state.liveUser(userId);
  if (!u) throw detail(404, `Member ${userId} not found`);
  return u;
}

/** `before`/`after` may be ISO date-times, Unix seconds or audit_log_ids. */
function auditBound(state: FakeEnterprise, raw: string | null, name: string): number | null {
  if (raw === null || raw === '') return null;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const asDate = Date.parse(raw);
  if (!Number.isNaN(asDate)) return asDate;
  const entry = state.auditLogs.find((a) => a.auditLogId === raw);
  if (entry) return entry.createdAt;
  throw invalid(['query', name], 'Input should be a date-time, Unix seconds or an audit_log_id', 'value_error');
}

export const V2_ROUTES: Record<string, LegacyRoute> = {
  'v2.self': ({ principal }) =>
    json({ api_key_id: principal.key.id, org_id: principal.key.orgId, user_email: principal.user?.email ?? null, user_id: principal.user?.userId ?? null }),

  'v2.apiKeys.list': ({ state, query }) => {
    const orgId = query.get('org_id');
    const keys = state
      .liveLegacyKeys()
      .filter((k) => !orgId || k.orgId === orgId);
    const page = v2PageNumber(query, keys);
    return json({ ...page, items: page.items.map((k) => keyItem(state, k)) });
  },

  'v2.apiKeys.create': async ({ state, request, principal }) => {
    const body = await readBody(request, z.object({ org_id: z.string().min(1) }));
    liveOrgOr404(state, body.org_id);
    const key = state.createLegacyKey('service', body.org_id, null);
    state.audit({ action: 'create_service_api_key', orgId: body.org_id, userId: principal.user?.userId ?? null, serviceUserId: null, data: { api_key_id: key.id } });
    return json({ api_key: key.value, org_id: body.org_id });
  },

  'v2.apiKeys.revoke': ({ state, params, principal }) => {
    const key = state.legacyKeys.get(params.api_key_id ?? '');
    if (!key || key.revokedAt !== null) throw detail(404, `API key ${params.api_key_id} not found`);
    state.revokeKey(key.id);
    state.audit({ action: 'revoke_enterprise_api_key', orgId: key.orgId, userId: principal.user?.userId ?? null, serviceUserId: null, data: { api_key_id: key.id } });
    return json({ status: 'success' });
  },

  // Behaves as documented (revokes every legacy key). devin-migrate must never call it; tests
  // assert on FakeApi.calls that it was not.
  'v2.apiKeys.revokeAll': ({ state, principal }) => {
    for (const k of state.liveLegacyKeys()) state.revokeKey(k.id);
    state.audit({ action: 'revoke_all_enterprise_api_keys', orgId: null, userId: principal.user?.userId ?? null, serviceUserId: null, data: {} });
    return json({ status: 'success' });
  },

  'v2.auditLogs': ({ state, query }) => {
    const limit = intQuery(query, 'limit', 100, 1, 1000);
    const before = auditBound(state, query.get('before'), 'before');
    const after = auditBound(state, query.get('after'), 'after');
    const items = state.auditLogs
      .filter((a) => (before === null || a.createdAt < before) && (after === null || a.createdAt > after))
      .reverse() // newest first
      .slice(0, limit)
      .map((a) => ({
        audit_log_id: a.auditLogId,
        action: a.action,
        created_at: iso(a.createdAt),
        org_id: a.orgId,
        user_id: a.userId,
        user_email: a.userId ? (state.users.get(a.userId)?.email ?? null) : null,
        service_user_id: a.serviceUserId,
        data: a.data,
      }));
    return json({ audit_logs: items });
  },

  'v2.members.list': ({ state, query }) => {
    const email = query.get('email');
    const users = state
      .liveUsers()
      .filter((u) => !email || u.email.toLowerCase() === email.toLowerCase());
    const page = v2Skip(query, users);
    return json({ ...page, items: page.items.map(memberItem) });
  },

  'v2.members.get': ({ state, params }) => json(memberItem(liveUserOr404(state, params.user_id ?? ''))),

  'v2.members.organizations': ({ state, params, query }) => {
    const u = liveUserOr404(state, params.user_id ?? '');
    const rows = u.orgRoles.flatMap((r) => {
      const o = state.liveOrg(r.orgId);
      return o ? [orgMemberItem(state, o, u, r.roleId)] : [];
    });
    return json(v2Skip(query, rows));
  },

  'v2.roles': ({ state }) =>
    json(
      [...state.roles.values()].map((r) => ({ role_id: r.roleId, role_name: r.roleName, role_type: r.roleType === 'enterprise' ? 'account' : 'org' })),
    ),

  'v2.organizations.list': ({ state, query }) => {
    const page = v2Skip(query, state.liveOrgs());
    return json({ ...page, items: page.items.map((o) => orgItem(state, o)) });
  },

  'v2.organizations.get': ({ state, params }) => json(orgItem(state, liveOrgOr404(state, params.org_id ?? ''))),

  'v2.organizations.members': ({ state, params, query }) => {
    const o = liveOrgOr404(state, params.org_id ?? '');
    const rows = state
      .orgMembers(o.orgId)
      .map((m) => orgMemberItem(state, o, m.user, m.roleId));
    return json(v2Skip(query, rows));
  },

  'v2.sessions.get': ({ state, params }) => {
    const s = state.sessions.get(params.session_id ?? '');
    if (!s) throw detail(404, `Session ${params.session_id} not found`);
    return json({
      session_id: s.sessionId,
      url: `https://app.devin.ai/sessions/${s.sessionId.replace(/^devin-/, '')}`,
      status: s.status,
      title: s.title,
      tags: s.tags,
      user_id: s.userId,
      org_id: s.orgId,
      created_at: iso(s.createdAt),
      updated_at: iso(s.updatedAt),
      acus_consumed: 0,
      pull_requests: [],
      initial_user_message: s.prompt,
    });
  },
};
