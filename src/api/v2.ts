// Typed calls to the v2 enterprise API (Enterprise Admin personal key). There is deliberately no
// function for the enterprise-wide revoke (`v2.apiKeys.revokeAll`); the client refuses it too.
import { z } from 'zod';
import { redactKey } from '../catalog/index.js';
import type { ApiClient } from './client.js';
import { legacyRef } from './endpoints.js';
import { paginateV2Audit, paginateV2Page, paginateV2Skip } from './paginate.js';
import {
  V2ApiKeyRaw,
  V2AuditLog,
  V2Member,
  V2OrgMembership,
  V2Organization,
  V2Role,
  V2Self,
  V2Status,
} from './schemas/v2.js';

export type { V2AuditLog, V2Member, V2OrgMembership, V2Organization, V2Role, V2Self } from './schemas/v2.js';

/** A legacy key as listed by v2; a disclosed key value is kept only in redacted form. */
export interface V2ApiKey {
  id: string;
  orgId: string;
  orgName: string;
  userId: string | null;
  userEmail: string | null;
  isServiceKey: boolean;
  createdAt: string;
  /** `apk_user_…abcd` when the API sent `api_key_value`, else null. */
  redacted: string | null;
}

export function v2Self(client: ApiClient): Promise<V2Self> {
  return client.request({ endpoint: legacyRef('v2.self'), schema: V2Self });
}

/** Every legacy API key (personal and service) of the enterprise, optionally of one org. */
export async function* v2ApiKeys(client: ApiClient, opts: { orgId?: string; perPage?: number } = {}): AsyncGenerator<V2ApiKey> {
  const pages = paginateV2Page(client, {
    endpoint: legacyRef('v2.apiKeys.list'),
    query: { org_id: opts.orgId },
    item: V2ApiKeyRaw,
    pageSize: opts.perPage ?? 100,
  });
  for await (const raw of pages) {
    yield {
      id: raw.id,
      orgId: raw.org_id,
      orgName: raw.org_name,
      userId: raw.user_id,
      userEmail: raw.user_email,
      isServiceKey: raw.is_service_key,
      createdAt: raw.created_at,
      // The value is redacted here, at the edge: it never leaves this function.
      redacted: raw.api_key_value ? redactKey(raw.api_key_value) : null,
    };
  }
}

/** Revoke ONE legacy key by id. */
export function v2RevokeApiKey(client: ApiClient, apiKeyId: string): Promise<z.infer<typeof V2Status>> {
  return client.request({ endpoint: legacyRef('v2.apiKeys.revoke'), params: { api_key_id: apiKeyId }, schema: V2Status });
}

export function v2Members(client: ApiClient, opts: { email?: string; limit?: number } = {}): AsyncGenerator<V2Member> {
  return paginateV2Skip(client, { endpoint: legacyRef('v2.members.list'), query: { email: opts.email }, item: V2Member, pageSize: opts.limit ?? 200 });
}

export function v2Member(client: ApiClient, userId: string): Promise<V2Member> {
  return client.request({ endpoint: legacyRef('v2.members.get'), params: { user_id: userId }, schema: V2Member });
}

/** The organizations a member belongs to, with the org role in each. */
export function v2MemberOrganizations(client: ApiClient, userId: string, opts: { limit?: number } = {}): AsyncGenerator<V2OrgMembership> {
  return paginateV2Skip(client, {
    endpoint: legacyRef('v2.members.organizations'),
    params: { user_id: userId },
    item: V2OrgMembership,
    pageSize: opts.limit ?? 200,
  });
}

export function v2Organizations(client: ApiClient, opts: { limit?: number } = {}): AsyncGenerator<V2Organization> {
  return paginateV2Skip(client, { endpoint: legacyRef('v2.organizations.list'), item: V2Organization, pageSize: opts.limit ?? 200 });
}

export function v2OrganizationMembers(client: ApiClient, orgId: string, opts: { limit?: number } = {}): AsyncGenerator<V2OrgMembership> {
  return paginateV2Skip(client, {
    endpoint: legacyRef('v2.organizations.members'),
    params: { org_id: orgId },
    item: V2OrgMembership,
    pageSize: opts.limit ?? 200,
  });
}

export function v2Roles(client: ApiClient): Promise<V2Role[]> {
  return client.request({ endpoint: legacyRef('v2.roles'), schema: z.array(V2Role) });
}

/** Audit log entries, newest first; `before`/`after` bound the range (passed through as given). */
export function v2AuditLogs(
  client: ApiClient,
  opts: { after?: string; before?: string; limit?: number } = {},
): AsyncGenerator<V2AuditLog> {
  return paginateV2Audit(client, {
    endpoint: legacyRef('v2.auditLogs'),
    query: { after: opts.after, ...(opts.before ? { before: opts.before } : {}) },
    item: V2AuditLog,
    pageSize: opts.limit ?? 100,
    // Just past the oldest entry seen: entries that share its timestamp come again and are dropped by id.
    cursorOf: (e) => {
      const t = Date.parse(e.created_at);
      return Number.isNaN(t) ? e.audit_log_id : new Date(t + 1).toISOString();
    },
    idOf: (e) => e.audit_log_id,
  });
}
