// Who may call what (reference §1.2, §6): `Authorization: Bearer <key>`; v1 takes personal
// (apk_user_) and service (apk_) keys; v2 only personal keys of Enterprise Admins; v3 only
// tokens (cog_) of live service users, whose role must hold the endpoint's permission.
// Unknown, revoked or expired credentials: 401. A known credential of the wrong kind: 403.
import type { Permission, V3Endpoint } from '../catalog/index.js';
import type { FakeEnterprise } from './enterprise.js';
import { detail, problem } from './respond.js';
import type { LegacyPrincipal, ServiceUserPrincipal } from './route.js';

function bearer(request: Request): string | null {
  const h = request.headers.get('authorization');
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m ? m[1]! : null;
}

export function authenticateLegacy(state: FakeEnterprise, version: 'v1' | 'v2', request: Request): LegacyPrincipal {
  const value = bearer(request);
  if (value === null) throw detail(401, 'Missing or invalid Authorization header; send Authorization: Bearer <api key>');
  const cred = state.credential(value);
  if (!cred) throw detail(401, 'Invalid API key');
  if (cred.kind === 'service-user') {
    throw detail(403, `Service-user tokens (cog_) are not accepted by the ${version} API; call the v3 API instead`);
  }
  const key = cred.key;
  if (key.revokedAt !== null) throw detail(401, 'API key has been revoked');
  // A key of a deleted organization no longer opens anything.
  if (!state.liveOrg(key.orgId)) throw detail(401, 'API key belongs to an organization that no longer exists');
  const user = key.userId ? (state.users.get(key.userId) ?? null) : null;
  if (version === 'v2') {
    if (key.type === 'service') throw detail(403, 'Service API keys and organization-level keys are not accepted by the v2 API');
    if (!user || user.removedAt !== null || user.enterpriseRole !== 'account_admin') {
      throw detail(403, 'The v2 API requires the personal API key of an Enterprise Admin');
    }
  }
  key.lastUsedAt = state.now();
  return { kind: 'legacy', key, user };
}

export function authenticateV3(state: FakeEnterprise, request: Request): ServiceUserPrincipal {
  const value = bearer(request);
  if (value === null) throw problem(401, 'Missing or invalid Authorization header; send Authorization: Bearer <service-user token>');
  const cred = state.credential(value);
  if (!cred) throw problem(401, 'Invalid or expired API key');
  if (cred.kind === 'legacy') {
    throw problem(403, 'Legacy API keys (apk_user_, apk_) are not accepted by the v3 API; use a service-user token (cog_)');
  }
  const key = cred.key;
  const su = state.serviceUsers.get(key.serviceUserId);
  if (key.revokedAt !== null) throw problem(401, 'API key has been revoked');
  if (!state.serviceUserKeyIsActive(key) || !su || !state.serviceUserIsLive(su)) throw problem(401, 'Invalid or expired API key');
  key.lastUsedAt = state.now();
  return { kind: 'service-user', serviceUser: su, key, permissions: state.permissionsOf(su.roleId) };
}

export function missingPermission(permission: Permission, orgId?: string): never {
  throw problem(403, `Missing required permission ${permission}${orgId ? ` on organization ${orgId}` : ''}`);
}

/**
 * The endpoint's permission in its scope. Organization service users reach only their own
 * organization and no enterprise endpoint; an enterprise service user's role applies in every
 * organization.
 */
export function authorizeV3(
  state: FakeEnterprise,
  principal: ServiceUserPrincipal,
  endpoint: V3Endpoint,
  params: Record<string, string>,
): void {
  const su = principal.serviceUser;
  if (endpoint.scope === 'self') return;
  if (endpoint.scope === 'enterprise') {
    if (su.orgId !== null) missingPermission(endpoint.permission);
    if (!principal.permissions.has(endpoint.permission)) missingPermission(endpoint.permission);
    return;
  }
  const orgId = params.org_id ?? '';
  if (su.orgId !== null && su.orgId !== orgId) missingPermission(endpoint.permission, orgId);
  if (!principal.permissions.has(endpoint.permission)) missingPermission(endpoint.permission);
  if (!state.liveOrg(orgId)) throw problem(404, `Organization ${orgId} not found`);
}
