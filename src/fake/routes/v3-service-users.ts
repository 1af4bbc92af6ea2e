// v3 service users and their API keys (reference §6.2): provisioning returns the token once,
// reads never show it; revoke 409 when already revoked; rotate 400 when the key is not active.
import { z } from 'zod';
import { UNGRANTABLE_PERMISSIONS, type Permission } from '../../catalog/index.js';
import type { FakeEnterprise, RoleRec } from '../enterprise.js';
import { v3Page } from '../paginate.js';
import { boolQuery, invalid, json, problem, readBody } from '../respond.js';
import type { ServiceUserPrincipal, V3Route } from '../route.js';
import { apiKeyItem, serviceUserItem, serviceUserOr404 } from './v3-shapes.js';

const MAX_TTL_SECONDS = 31_536_000;

const ProvisionBody = z.object({
  name: z.string().min(1).max(256),
  role_id: z.string().min(1),
  ttl_seconds: z.number().int().min(1).max(MAX_TTL_SECONDS).nullable().optional(),
});

/** The role to grant: known, of the right level, and no wider than the caller's own rights. */
function grantableRole(state: FakeEnterprise, principal: ServiceUserPrincipal, roleId: string, level: 'org' | 'enterprise'): RoleRec {
  const role = state.role(roleId);
  if (!role) throw invalid(['body', 'role_id'], `Role ${roleId} not found`, 'value_error');
  if (role.roleType !== level) {
    throw invalid(['body', 'role_id'], `Role ${roleId} is ${role.roleType === 'org' ? 'an organization' : 'an enterprise'}-level role; this endpoint needs ${level === 'org' ? 'an organization' : 'an enterprise'}-level role`, 'value_error');
  }
  const ungrantable = role.permissions.filter((p) => (UNGRANTABLE_PERMISSIONS as readonly Permission[]).includes(p));
  if (ungrantable.length > 0) throw problem(403, `Permissions cannot be granted through provisioning: ${ungrantable.join(', ')}`);
  // Privilege-escalation guard (release notes, Jan 14 2026).
  const beyond = role.permissions.filter((p) => !principal.permissions.has(p));
  if (beyond.length > 0) throw problem(403, `Role ${roleId} grants permissions the caller does not hold: ${beyond.join(', ')}`);
  return role;
}

function provision(level: 'org' | 'enterprise'): V3Route {
  return async ({ state, request, params, principal }) => {
    const body = await readBody(request, ProvisionBody);
    grantableRole(state, principal, body.role_id, level);
    const orgId = level === 'org' ? params.org_id! : null;
    const made = state.createServiceUser({ name: body.name, roleId: body.role_id, orgId, ttlSeconds: body.ttl_seconds ?? null });
    state.audit({
      action: 'create_service_user',
      orgId,
      userId: null,
      serviceUserId: principal.serviceUser.serviceUserId,
      data: { created_service_user_id: made.serviceUserId, role_id: body.role_id },
    });
    return json({ service_user: serviceUserItem(state, made.serviceUser), token: made.token });
  };
}

function keyOf(state: FakeEnterprise, serviceUserId: string, apiKeyId: string) {
  const k = state.serviceUserKeys.get(apiKeyId);
  if (!k || k.serviceUserId !== serviceUserId) throw problem(404, `API key ${apiKeyId} not found`);
  return k;
}

export const V3_SERVICE_USER_ROUTES: Record<string, V3Route> = {
  'enterprise.serviceUsers.provision': provision('enterprise'),
  'org.serviceUsers.provision': provision('org'),

  'enterprise.serviceUsers.list': ({ state, query }) => {
    const includeInactive = boolQuery(query, 'include_inactive', false);
    const all = [...state.serviceUsers.values()]
      .filter((su) => su.deletedAt === null || includeInactive)
      .filter((su) => includeInactive || state.serviceUserIsLive(su));
    const page = v3Page(query, all);
    return json({ ...page, items: page.items.map((su) => serviceUserItem(state, su)) });
  },

  'enterprise.orgServiceUsers.list': ({ state, params, query }) => {
    const all = [...state.serviceUsers.values()].filter((su) => su.orgId === params.org_id && state.serviceUserIsLive(su));
    const page = v3Page(query, all);
    return json({ ...page, items: page.items.map((su) => serviceUserItem(state, su)) });
  },

  'enterprise.serviceUsers.get': ({ state, params }) => json(serviceUserItem(state, serviceUserOr404(state, params.service_user_id!))),

  'enterprise.serviceUsers.update': async ({ state, request, params, principal }) => {
    const su = serviceUserOr404(state, params.service_user_id!);
    const body = await readBody(request, z.object({ role_id: z.string().min(1) }));
    grantableRole(state, principal, body.role_id, su.orgId === null ? 'enterprise' : 'org');
    su.roleId = body.role_id;
    return json(serviceUserItem(state, su));
  },

  'enterprise.serviceUsers.delete': ({ state, params, principal }) => {
    const su = serviceUserOr404(state, params.service_user_id!);
    su.deletedAt = state.now();
    state.audit({ action: 'delete_service_user', orgId: su.orgId, userId: null, serviceUserId: principal.serviceUser.serviceUserId, data: { deleted_service_user_id: su.serviceUserId } });
    return json(serviceUserItem(state, su));
  },

  'enterprise.serviceUserKeys.create': async ({ state, request, params }) => {
    const su = serviceUserOr404(state, params.service_user_id!);
    const body = await readBody(request, z.object({ name: z.string().min(1).max(256), expires_at: z.number().int().nullable().optional() }));
    if (body.expires_at != null && body.expires_at * 1000 <= state.now()) throw invalid(['body', 'expires_at'], 'expires_at must be in the future', 'value_error');
    const k = state.mintServiceUserKey(su.serviceUserId, body.name, body.expires_at != null ? body.expires_at * 1000 : null);
    return json({ api_key_id: k.apiKeyId, api_key_name: k.name, token: k.value });
  },

  'enterprise.serviceUserKeys.list': ({ state, params, query }) => {
    const su = serviceUserOr404(state, params.service_user_id!);
    const status = query.get('status') ?? 'all';
    if (!['active', 'revoked', 'expired', 'all'].includes(status)) {
      throw invalid(['query', 'status'], "Input should be 'active', 'revoked', 'expired' or 'all'", 'enum');
    }
    const now = state.now();
    const keys = state
      .keysOf(su.serviceUserId)
      .filter((k) => {
        if (status === 'active') return state.serviceUserKeyIsActive(k);
        if (status === 'revoked') return k.revokedAt !== null;
        if (status === 'expired') return k.revokedAt === null && k.expiresAt !== null && k.expiresAt <= now;
        return true;
      });
    const page = v3Page(query, keys);
    return json({ ...page, items: page.items.map((k) => apiKeyItem(state, k)) });
  },

  'enterprise.serviceUserKeys.revoke': ({ state, params }) => {
    serviceUserOr404(state, params.service_user_id!);
    const k = keyOf(state, params.service_user_id!, params.api_key_id!);
    if (k.revokedAt !== null) throw problem(409, `API key ${k.apiKeyId} is already revoked`);
    state.revokeKey(k.apiKeyId);
    return json(apiKeyItem(state, k));
  },

  'enterprise.serviceUserKeys.rotate': async ({ state, request, params }) => {
    const su = serviceUserOr404(state, params.service_user_id!);
    const k = keyOf(state, su.serviceUserId, params.api_key_id!);
    const body = await readBody(
      request,
      z.object({ new_key_expires_at: z.number().int().nullable().optional(), revoke_current: z.boolean().optional() }),
    );
    if (!state.serviceUserKeyIsActive(k)) throw problem(400, `API key ${k.apiKeyId} is not active`);
    const expires = body.new_key_expires_at != null ? body.new_key_expires_at * 1000 : k.expiresAt;
    if (expires !== null && expires <= state.now()) throw invalid(['body', 'new_key_expires_at'], 'new_key_expires_at must be in the future', 'value_error');
    const fresh = state.mintServiceUserKey(su.serviceUserId, k.name, expires);
    if (body.revoke_current ?? true) state.revokeKey(k.apiKeyId);
    return json({ api_key_id: fresh.apiKeyId, api_key_name: fresh.name, token: fresh.value });
  },
};
