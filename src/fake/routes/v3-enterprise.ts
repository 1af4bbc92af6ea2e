// v3 identity, roles, organizations, members and audit logs (reference §6.1, §6.3, §6.11–6.13).
import { z } from 'zod';
import type { FakeEnterprise } from '../enterprise.js';
import { v3Page } from '../paginate.js';
import { intQuery, invalid, json, problem, readBody, unix } from '../respond.js';
import type { V3Route } from '../route.js';
import { orgItem, roleItem, userItem } from './v3-shapes.js';

function liveOrgOr404(state: FakeEnterprise, orgId: string) {
  const o = state.liveOrg(orgId);
  if (!o) throw problem(404, `Organization ${orgId} not found`);
  return o;
}

function liveUserOr404(state: FakeEnterprise, userId: string) {
  const u = state.liveUser(userId);
  if (!u) throw problem(404, `User ${userId} not found`);
  return u;
}

const HUNDRED_DAYS_S = 100 * 24 * 3600;

export const V3_ENTERPRISE_ROUTES: Record<string, V3Route> = {
  self: ({ principal }) =>
    json({
      principal_type: 'service_user',
      service_user_id: principal.serviceUser.serviceUserId,
      service_user_name: principal.serviceUser.name,
      org_id: principal.serviceUser.orgId,
    }),

  'enterprise.roles.list': ({ state, query }) => {
    const page = v3Page(query, [...state.roles.values()]);
    return json({ ...page, items: page.items.map((r) => roleItem(r, r.roleId)) });
  },

  'enterprise.organizations.list': ({ state, query }) => {
    const page = v3Page(query, state.liveOrgs());
    return json({ ...page, items: page.items.map((o) => orgItem(state, o)) });
  },

  'enterprise.organizations.get': ({ state, params }) => json(orgItem(state, liveOrgOr404(state, params.org_id!))),

  'enterprise.organizations.create': async ({ state, request }) => {
    const body = await readBody(request, z.object({ name: z.string().min(1).max(256), max_cycle_acu_limit: z.number().int().min(0).nullable().optional() }));
    const org = { orgId: state.newId('org-', 12), name: body.name, createdAt: state.now(), deletedAt: null, maxCycleAcuLimit: body.max_cycle_acu_limit ?? null };
    state.orgs.set(org.orgId, org);
    return json(orgItem(state, org));
  },

  'enterprise.organizations.update': async ({ state, request, params }) => {
    const org = liveOrgOr404(state, params.org_id!);
    const body = await readBody(request, z.object({ name: z.string().min(1).max(256).optional(), max_cycle_acu_limit: z.number().int().min(0).nullable().optional() }));
    if (body.name !== undefined) org.name = body.name;
    if (body.max_cycle_acu_limit !== undefined) org.maxCycleAcuLimit = body.max_cycle_acu_limit;
    return json(orgItem(state, org));
  },

  'enterprise.organizations.delete': ({ state, params }) => {
    const org = liveOrgOr404(state, params.org_id!);
    org.deletedAt = state.now();
    return json(orgItem(state, org));
  },

  'enterprise.members.list': ({ state, query }) => {
    const email = query.get('email');
    const users = state
      .liveUsers()
      .filter((u) => !email || u.email.toLowerCase() === email.toLowerCase());
    const page = v3Page(query, users);
    return json({ ...page, items: page.items.map((u) => userItem(state, u)) });
  },

  'enterprise.members.get': ({ state, params }) => json(userItem(state, liveUserOr404(state, params.user_id!))),

  'enterprise.orgMembers.list': ({ state, params, query }) => {
    liveOrgOr404(state, params.org_id!);
    const page = v3Page(query, state.orgMembers(params.org_id!).map((m) => m.user));
    return json({ ...page, items: page.items.map((u) => userItem(state, u)) });
  },

  'org.members.list': ({ state, params, query }) => {
    const email = query.get('email');
    const users = state
      .orgMembers(params.org_id!)
      .map((m) => m.user)
      .filter((u) => !email || u.email === email);
    const page = v3Page(query, users);
    return json({ ...page, items: page.items.map((u) => userItem(state, u)) });
  },

  'enterprise.auditLogs.list': ({ state, query }) => {
    const order = query.get('order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc') throw invalid(['query', 'order'], "Input should be 'asc' or 'desc'", 'enum');
    const hasAfter = query.get('time_after') !== null;
    const hasBefore = query.get('time_before') !== null;
    const timeAfter = hasAfter ? intQuery(query, 'time_after', 0, 0) : null;
    const timeBefore = hasBefore ? intQuery(query, 'time_before', 0, 0) : null;
    if (timeBefore !== null && timeAfter === null) throw invalid(['query', 'time_before'], 'time_before requires time_after', 'value_error');
    if (timeBefore !== null && timeAfter !== null && timeBefore - timeAfter > HUNDRED_DAYS_S) {
      throw invalid(['query', 'time_before'], 'The time window may span at most 100 days', 'value_error');
    }
    const action = query.get('action');
    const rows = state.auditLogs
      .filter((a) => (timeAfter === null || a.createdAt / 1000 >= timeAfter) && (timeBefore === null || a.createdAt / 1000 < timeBefore))
      .filter((a) => !action || a.action === action);
    if (order === 'desc') rows.reverse();
    const page = v3Page(query, rows);
    return json({
      ...page,
      items: page.items.map((a) => ({
        audit_log_id: a.auditLogId,
        action: a.action,
        created_at: unix(a.createdAt),
        data: a.data,
        org_id: a.orgId,
        user_id: a.userId,
        user_email: a.userId ? (state.users.get(a.userId)?.email ?? null) : null,
        service_user_id: a.serviceUserId,
        service_user_name: a.serviceUserId ? (state.serviceUsers.get(a.serviceUserId)?.name ?? null) : null,
      })),
    });
  },
};
