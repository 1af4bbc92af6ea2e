// Typed calls to the v3 API (service-user token, cog_). Org-scoped paths always carry the
// organization id; provisioning and service-user keys stay under /v3beta1 (see the catalogue).
import type { ApiClient } from './client.js';
import { v3Ref } from './endpoints.js';
import { paginateV3 } from './paginate.js';
import {
  V3ApiKey,
  V3ApiKeyWithToken,
  V3Message,
  V3Organization,
  V3ProvisionedServiceUser,
  V3Role,
  V3Self,
  V3ServiceUser,
  V3Session,
  V3User,
} from './schemas/v3.js';

export type {
  V3ApiKey,
  V3ApiKeyWithToken,
  V3Message,
  V3Organization,
  V3ProvisionedServiceUser,
  V3Role,
  V3Self,
  V3ServiceUser,
  V3Session,
  V3User,
} from './schemas/v3.js';

export interface ProvisionInput {
  name: string;
  roleId: string;
  ttlSeconds?: number;
}

export interface PageOpts {
  /** Items per page, 1..200. */
  first?: number;
}

export function v3Self(client: ApiClient): Promise<V3Self> {
  return client.request({ endpoint: v3Ref('self'), schema: V3Self });
}

function provisionBody(input: ProvisionInput) {
  return { name: input.name, role_id: input.roleId, ...(input.ttlSeconds === undefined ? {} : { ttl_seconds: input.ttlSeconds }) };
}

/** Create an enterprise service user with an enterprise-level role; the answer holds its token (once). */
export function v3ProvisionEnterpriseServiceUser(client: ApiClient, input: ProvisionInput): Promise<V3ProvisionedServiceUser> {
  return client.request({ endpoint: v3Ref('enterprise.serviceUsers.provision'), body: provisionBody(input), schema: V3ProvisionedServiceUser });
}

/** Create an organization service user with an org-level role; the answer holds its token (once). */
export function v3ProvisionOrgServiceUser(client: ApiClient, orgId: string, input: ProvisionInput): Promise<V3ProvisionedServiceUser> {
  return client.request({
    endpoint: v3Ref('org.serviceUsers.provision'),
    params: { org_id: orgId },
    body: provisionBody(input),
    schema: V3ProvisionedServiceUser,
  });
}

export function v3ServiceUsers(client: ApiClient, opts: PageOpts & { includeInactive?: boolean } = {}): AsyncGenerator<V3ServiceUser> {
  return paginateV3(client, {
    endpoint: v3Ref('enterprise.serviceUsers.list'),
    query: opts.includeInactive ? { include_inactive: true } : {},
    item: V3ServiceUser,
    pageSize: opts.first,
  });
}

/** Service users holding a role in one organization (enterprise endpoint). */
export function v3OrgServiceUsers(client: ApiClient, orgId: string, opts: PageOpts = {}): AsyncGenerator<V3ServiceUser> {
  return paginateV3(client, { endpoint: v3Ref('enterprise.orgServiceUsers.list'), params: { org_id: orgId }, item: V3ServiceUser, pageSize: opts.first });
}

export function v3ServiceUser(client: ApiClient, serviceUserId: string): Promise<V3ServiceUser> {
  return client.request({ endpoint: v3Ref('enterprise.serviceUsers.get'), params: { service_user_id: serviceUserId }, schema: V3ServiceUser });
}

export function v3DeleteServiceUser(client: ApiClient, serviceUserId: string): Promise<V3ServiceUser> {
  return client.request({ endpoint: v3Ref('enterprise.serviceUsers.delete'), params: { service_user_id: serviceUserId }, schema: V3ServiceUser });
}

export function v3CreateServiceUserKey(
  client: ApiClient,
  serviceUserId: string,
  input: { name: string; expiresAt?: number },
): Promise<V3ApiKeyWithToken> {
  return client.request({
    endpoint: v3Ref('enterprise.serviceUserKeys.create'),
    params: { service_user_id: serviceUserId },
    body: { name: input.name, ...(input.expiresAt === undefined ? {} : { expires_at: input.expiresAt }) },
    schema: V3ApiKeyWithToken,
  });
}

export function v3ServiceUserKeys(
  client: ApiClient,
  serviceUserId: string,
  opts: PageOpts & { status?: 'active' | 'revoked' | 'expired' | 'all' } = {},
): AsyncGenerator<V3ApiKey> {
  return paginateV3(client, {
    endpoint: v3Ref('enterprise.serviceUserKeys.list'),
    params: { service_user_id: serviceUserId },
    query: { status: opts.status },
    item: V3ApiKey,
    pageSize: opts.first,
  });
}

export function v3RevokeServiceUserKey(client: ApiClient, serviceUserId: string, apiKeyId: string): Promise<V3ApiKey> {
  return client.request({
    endpoint: v3Ref('enterprise.serviceUserKeys.revoke'),
    params: { service_user_id: serviceUserId, api_key_id: apiKeyId },
    schema: V3ApiKey,
  });
}

export function v3RotateServiceUserKey(
  client: ApiClient,
  serviceUserId: string,
  apiKeyId: string,
  input: { newKeyExpiresAt?: number | null; revokeCurrent?: boolean } = {},
): Promise<V3ApiKeyWithToken> {
  return client.request({
    endpoint: v3Ref('enterprise.serviceUserKeys.rotate'),
    params: { service_user_id: serviceUserId, api_key_id: apiKeyId },
    body: {
      ...(input.newKeyExpiresAt === undefined ? {} : { new_key_expires_at: input.newKeyExpiresAt }),
      ...(input.revokeCurrent === undefined ? {} : { revoke_current: input.revokeCurrent }),
    },
    schema: V3ApiKeyWithToken,
  });
}

export function v3Roles(client: ApiClient, opts: PageOpts = {}): AsyncGenerator<V3Role> {
  return paginateV3(client, { endpoint: v3Ref('enterprise.roles.list'), item: V3Role, pageSize: opts.first });
}

export function v3Organizations(client: ApiClient, opts: PageOpts = {}): AsyncGenerator<V3Organization> {
  return paginateV3(client, { endpoint: v3Ref('enterprise.organizations.list'), item: V3Organization, pageSize: opts.first });
}

export function v3Members(client: ApiClient, opts: PageOpts = {}): AsyncGenerator<V3User> {
  return paginateV3(client, { endpoint: v3Ref('enterprise.members.list'), item: V3User, pageSize: opts.first });
}

export function v3Member(client: ApiClient, userId: string): Promise<V3User> {
  return client.request({ endpoint: v3Ref('enterprise.members.get'), params: { user_id: userId }, schema: V3User });
}

/** Users of one organization, through the enterprise endpoint. */
export function v3OrgMembers(client: ApiClient, orgId: string, opts: PageOpts = {}): AsyncGenerator<V3User> {
  return paginateV3(client, { endpoint: v3Ref('enterprise.orgMembers.list'), params: { org_id: orgId }, item: V3User, pageSize: opts.first });
}

/** The create-session body (gen C); `create_as_user_id` keeps a personal key's attribution. */
export interface V3CreateSessionInput {
  prompt: string;
  title?: string;
  tags?: string[];
  create_as_user_id?: string;
  playbook_id?: string;
  knowledge_ids?: string[];
  secret_ids?: string[];
  max_acu_limit?: number;
  [field: string]: unknown;
}

export function v3CreateSession(client: ApiClient, orgId: string, body: V3CreateSessionInput): Promise<V3Session> {
  return client.request({ endpoint: v3Ref('org.sessions.create'), params: { org_id: orgId }, body, schema: V3Session });
}

export function v3Sessions(
  client: ApiClient,
  orgId: string,
  opts: PageOpts & { tags?: string[]; sessionIds?: string[] } = {},
): AsyncGenerator<V3Session> {
  return paginateV3(client, {
    endpoint: v3Ref('org.sessions.list'),
    params: { org_id: orgId },
    query: { tags: opts.tags, session_ids: opts.sessionIds },
    item: V3Session,
    pageSize: opts.first,
  });
}

export function v3Session(client: ApiClient, orgId: string, devinId: string): Promise<V3Session> {
  return client.request({ endpoint: v3Ref('org.sessions.get'), params: { org_id: orgId, devin_id: devinId }, schema: V3Session });
}

export function v3SessionMessages(client: ApiClient, orgId: string, devinId: string, opts: PageOpts = {}): AsyncGenerator<V3Message> {
  return paginateV3(client, {
    endpoint: v3Ref('org.sessions.messages.list'),
    params: { org_id: orgId, devin_id: devinId },
    item: V3Message,
    pageSize: opts.first,
  });
}

export function v3SendSessionMessage(
  client: ApiClient,
  orgId: string,
  devinId: string,
  input: { message: string; message_as_user_id?: string },
): Promise<V3Session> {
  return client.request({
    endpoint: v3Ref('org.sessions.messages.send'),
    params: { org_id: orgId, devin_id: devinId },
    body: input,
    schema: V3Session,
  });
}

