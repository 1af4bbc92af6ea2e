// Every v1 and v2 endpoint of the reference (§3, §4, §5) and what it becomes on v3.
// Paths are templates with `{name}` parameters; the first path of a row is the documented
// spelling, the others are spellings real clients use (singular `/v1/session/`, `/messages`).

import type { HttpMethod, PaginationStyle } from './v3-endpoints.js';

export type LegacyVersion = 'v1' | 'v2';

/** A field that changes between the legacy and v3 shapes. `to` absent: gone on v3. */
export interface FieldChange {
  in: 'body' | 'response' | 'query';
  from: string;
  to?: string;
  note: string;
  /** String values that v3 spells differently (`account` -> `enterprise`): compared values are rewritten. */
  values?: Readonly<Record<string, string>>;
}

export interface LegacyEndpoint {
  id: string;
  version: LegacyVersion;
  method: HttpMethod;
  paths: readonly string[];
  summary: string;
  pagination: PaginationStyle;
  /** Response list envelope key on the legacy side (`sessions`, `knowledge`, `audit_logs`), or `[]` for a bare array. */
  envelope?: string;
  /** Id in V3_ENDPOINTS, or null when there is no v3 equivalent. */
  v3: string | null;
  /** Why there is no v3 equivalent, or what a rewrite must still watch for. */
  note?: string;
  /** Legacy path parameter name -> v3 name (`session_id` -> `devin_id`). */
  paramRenames?: Readonly<Record<string, string>>;
  fields?: readonly FieldChange[];
  /** The create-session body, where `create_as_user_id` keeps personal-key attribution. */
  attribution?: boolean;
  /** Never called by this toolkit, whatever the input. */
  forbidden?: boolean;
}

const SESSION = { session_id: 'devin_id' } as const;

const v1SessionPaths = (suffix = '') => [`/v1/sessions/{session_id}${suffix}`, `/v1/session/{session_id}${suffix}`];

const SESSION_RESPONSE_FIELDS: FieldChange[] = [
  { in: 'response', from: 'status_enum', to: 'status_detail', note: 'status_enum values map onto status + status_detail (e.g. blocked -> waiting_for_user, finished -> finished)' },
  { in: 'response', from: 'pull_request.url', to: 'pull_requests[].pr_url', note: 'single nullable pull_request becomes a required pull_requests array' },
  { in: 'response', from: 'created_at', to: 'created_at', note: 'ISO-8601 string becomes Unix seconds' },
  { in: 'response', from: 'updated_at', to: 'updated_at', note: 'ISO-8601 string becomes Unix seconds' },
];

/** A knowledge note as v1 returns it, listed or created. */
const KNOWLEDGE_RESPONSE_FIELDS: FieldChange[] = [
  { in: 'response', from: 'trigger_description', to: 'trigger', note: 'renamed' },
  { in: 'response', from: 'id', to: 'note_id', note: 'renamed' },
  { in: 'response', from: 'parent_folder_id', to: 'folder_id', note: 'renamed' },
];

/**
 * v2 daily consumption's breakdowns (reference §5.3): v3 answers only `{ total_acus,
 * consumption_by_date[] }` (§6.13); per user and per organization are their own endpoints.
 */
const CONSUMPTION_BREAKDOWNS: FieldChange[] = [
  { in: 'response', from: 'consumption_by_user', note: 'v3 has no per-user breakdown in this answer: read GET /v3/enterprise/consumption/daily/users/{user_id} per user' },
  { in: 'response', from: 'consumption_by_org_id', note: 'v3 has no per-organization breakdown in this answer: read GET /v3/enterprise/consumption/daily/organizations/{org_id} per organization' },
];

/** v2 consumption's date window, as query parameters. */
const CONSUMPTION_WINDOW: FieldChange[] = [
  { in: 'query', from: 'start_date', to: 'time_after', note: 'Unix seconds' },
  { in: 'query', from: 'end_date', to: 'time_before', note: 'Unix seconds' },
];

/** What v2's usage metrics count, by v3's names. */
const USAGE_METRICS_FIELDS: FieldChange[] = [
  { in: 'response', from: 'prs_merged', to: 'prs_merged_count', note: 'renamed' },
  { in: 'response', from: 'prs_opened', to: 'prs_created_count', note: 'v3 counts created pull requests' },
  { in: 'response', from: 'prs_closed', note: 'v3 does not count closed pull requests' },
];

/**
 * A v2 organization as listed, created or read (reference §5.7): v3's organization (§3.4, §6.13)
 * is `{ org_id, name, max_cycle_acu_limit, max_session_acu_limit, created_at, updated_at }`, without
 * v2's member counts.
 */
const ORGANIZATION_RESPONSE_FIELDS: FieldChange[] = [
  { in: 'response', from: 'org_name', to: 'name', note: 'renamed' },
  ...['org_user_count', 'org_admin_count', 'org_member_count'].map((from): FieldChange => ({
    in: 'response', from,
    note: 'v3 organizations carry no member counts: count the organization\'s users (GET /v3/enterprise/organizations/{org_id}/members/users), by role where needed',
  })),
];

/**
 * v2 self describes the calling key, `{ api_key_id, org_id, user_email, user_id }` (reference
 * §5.0); v3 self describes the principal (§6.1): a service user's answer is `{ principal_type,
 * service_user_id, service_user_name, org_id|null }`, a personal access token's `{ user_id,
 * user_name, api_key_id, api_key_name, org_id? }`. Only a marker fits: no field has one twin in
 * every answer, and the service user the migration provisions has neither key id, user nor email.
 */
const SELF_RESPONSE_FIELDS: FieldChange[] = [
  { in: 'response', from: 'api_key_id', to: 'service_user_id', note: 'v3 describes the principal, not the key: a service user\'s answer has service_user_id and no key id (only a personal access token\'s keeps api_key_id)' },
  { in: 'response', from: 'user_id', to: 'user_id', note: 'a service user\'s answer has no user_id (it has service_user_id); only a personal access token\'s has one: check principal_type' },
  { in: 'response', from: 'user_email', note: 'v3 self names no email (a service user has service_user_name; a personal access token user_id and user_name): look a user\'s email up with GET /v3/enterprise/members/users/{user_id}' },
  { in: 'response', from: 'org_id', to: 'org_id', note: 'null for an enterprise service user and optional for a personal access token (v2 always had one): pass the organization explicitly where it is missing' },
];

/**
 * A v2 enterprise playbook (reference §5.9) says `access` (e.g. "team") and `account_id` where
 * v1 and v3 say `access_type` and `org_id` (§3.4 "Playbooks"; §6.7: access_type is enterprise|org).
 * Gone, not renamed: "team" is no v3 access_type, and v2's "account" is the enterprise (§5.5),
 * not an organization. (As gone fields, a call that may be v1 or v2 does not get a marker for
 * its callers from them alone.)
 */
const V2_PLAYBOOK_FIELDS: FieldChange[] = [
  { in: 'response', from: 'access', note: 'v3 has access_type, enterprise or org (v2 said e.g. "team"): compare against the v3 values' },
  { in: 'response', from: 'account_id', note: 'v3 has org_id, the playbook\'s organization, where v2 named the account (the enterprise): check what the id is used for' },
];

export const LEGACY_ENDPOINTS: readonly LegacyEndpoint[] = [
  // ---- v1 sessions -------------------------------------------------------------------------
  {
    id: 'v1.sessions.create', version: 'v1', method: 'POST', paths: ['/v1/sessions'],
    summary: 'Create a session', pagination: 'none', v3: 'org.sessions.create', attribution: true,
    fields: [
      { in: 'body', from: 'idempotent', note: 'v3 has no idempotent create; look sessions up by tag or title before creating' },
      { in: 'body', from: 'snapshot_id', note: 'machine snapshots are not selectable on v3; configure the org\'s machine instead' },
      { in: 'body', from: 'unlisted', note: 'v3 has no unlisted sessions' },
      { in: 'response', from: 'is_new_session', note: 'v3 returns the full session; there is no is_new_session' },
    ],
  },
  {
    id: 'v1.sessions.list', version: 'v1', method: 'GET', paths: ['/v1/sessions'],
    summary: 'List sessions', pagination: 'v1-offset', envelope: 'sessions', v3: 'org.sessions.list',
    fields: [
      { in: 'query', from: 'limit', to: 'first', note: 'page size, 1..200 on v3' },
      { in: 'query', from: 'offset', to: 'after', note: 'an opaque cursor (end_cursor of the previous page), not a number' },
      { in: 'query', from: 'user_email', note: 'no creator-email filter on v3; filter the items on user_id (v3 sessions carry no email)' },
      { in: 'response', from: 'sessions', to: 'items', note: 'cursor envelope { items, end_cursor, has_next_page }' },
      ...SESSION_RESPONSE_FIELDS,
      // Reference §4.1 (list items carry it) and §6.5 (SessionResponse has user_id, service_user_id, no email).
      { in: 'response', from: 'requesting_user_email', note: 'v3 sessions name their creator by user_id (or service_user_id), not by email: look the email up among the organization\'s users (GET /v3/organizations/{org_id}/members/users)' },
    ],
  },
  {
    id: 'v1.sessions.get', version: 'v1', method: 'GET', paths: v1SessionPaths(),
    summary: 'Get a session', pagination: 'none', v3: 'org.sessions.get', paramRenames: SESSION,
    fields: [
      ...SESSION_RESPONSE_FIELDS,
      { in: 'response', from: 'messages', note: 'messages moved to GET …/sessions/{devin_id}/messages (paginated)' },
    ],
  },
  {
    id: 'v1.sessions.message', version: 'v1', method: 'POST',
    paths: [...v1SessionPaths('/message'), ...v1SessionPaths('/messages')],
    summary: 'Send a message to a session', pagination: 'none', v3: 'org.sessions.messages.send', paramRenames: SESSION,
    fields: [{ in: 'response', from: '(null)', to: 'SessionResponse', note: 'v3 returns the session instead of null' }],
  },
  {
    id: 'v1.sessions.tags', version: 'v1', method: 'PUT', paths: v1SessionPaths('/tags'),
    summary: 'Replace session tags', pagination: 'none', v3: 'org.sessions.tags.replace', paramRenames: SESSION,
    fields: [{ in: 'response', from: 'detail', note: 'v3 answers { tags }, the tags now set, instead of a { detail } message' }],
  },
  {
    id: 'v1.sessions.terminate', version: 'v1', method: 'DELETE', paths: v1SessionPaths(),
    summary: 'Terminate a session', pagination: 'none', v3: 'org.sessions.terminate', paramRenames: SESSION,
    fields: [{ in: 'response', from: 'detail', note: 'v3 answers with the terminated session instead of a { detail } message' }],
  },
  // ---- v1 attachments, secrets, knowledge, playbooks -----------------------------------------
  {
    id: 'v1.attachments.upload', version: 'v1', method: 'POST', paths: ['/v1/attachments'],
    summary: 'Upload an attachment', pagination: 'none', v3: 'org.attachments.upload',
    fields: [{ in: 'response', from: '(url string)', to: 'url', note: 'v3 returns { attachment_id, name, url }; pass url in attachment_urls' }],
  },
  {
    id: 'v1.attachments.download', version: 'v1', method: 'GET', paths: ['/v1/attachments/{uuid}/{name}'],
    summary: 'Download an attachment', pagination: 'none', v3: 'org.attachments.download',
  },
  {
    id: 'v1.secrets.list', version: 'v1', method: 'GET', paths: ['/v1/secrets'],
    summary: 'List secrets', pagination: 'none', envelope: '[]', v3: 'org.secrets.list',
    fields: [
      { in: 'response', from: 'id', to: 'secret_id', note: 'renamed' },
      { in: 'response', from: 'type', to: 'secret_type', note: 'renamed' },
    ],
  },
  {
    id: 'v1.secrets.create', version: 'v1', method: 'POST', paths: ['/v1/secrets'],
    summary: 'Create a secret', pagination: 'none', v3: 'org.secrets.create',
    fields: [
      { in: 'body', from: 'sensitive', to: 'is_sensitive', note: 'renamed; defaults to true' },
      { in: 'response', from: 'id', to: 'secret_id', note: 'renamed' },
      { in: 'response', from: 'type', to: 'secret_type', note: 'renamed' },
    ],
  },
  {
    id: 'v1.secrets.delete', version: 'v1', method: 'DELETE', paths: ['/v1/secrets/{secret_id}'],
    summary: 'Delete a secret', pagination: 'none', v3: 'org.secrets.delete',
  },
  {
    id: 'v1.knowledge.list', version: 'v1', method: 'GET', paths: ['/v1/knowledge'],
    summary: 'List knowledge', pagination: 'none', envelope: 'knowledge', v3: 'org.knowledge.list',
    note: 'folders moved to GET …/knowledge/folders',
    fields: [
      { in: 'response', from: 'knowledge', to: 'items', note: 'cursor envelope' },
      ...KNOWLEDGE_RESPONSE_FIELDS,
    ],
  },
  {
    id: 'v1.knowledge.create', version: 'v1', method: 'POST', paths: ['/v1/knowledge'],
    summary: 'Create knowledge', pagination: 'none', v3: 'org.knowledge.create',
    fields: [
      { in: 'body', from: 'trigger_description', to: 'trigger', note: 'renamed' },
      { in: 'body', from: 'parent_folder_id', to: 'folder_id', note: 'renamed' },
      ...KNOWLEDGE_RESPONSE_FIELDS,
    ],
  },
  {
    id: 'v1.knowledge.update', version: 'v1', method: 'PUT', paths: ['/v1/knowledge/{note_id}'],
    summary: 'Update knowledge', pagination: 'none', v3: 'org.knowledge.update',
    fields: [
      { in: 'body', from: 'trigger_description', to: 'trigger', note: 'renamed' },
      { in: 'body', from: 'parent_folder_id', to: 'folder_id', note: 'renamed' },
      ...KNOWLEDGE_RESPONSE_FIELDS,
    ],
  },
  {
    id: 'v1.knowledge.delete', version: 'v1', method: 'DELETE', paths: ['/v1/knowledge/{note_id}'],
    summary: 'Delete knowledge', pagination: 'none', v3: 'org.knowledge.delete',
  },
  {
    id: 'v1.playbooks.list', version: 'v1', method: 'GET', paths: ['/v1/playbooks'],
    summary: 'List playbooks', pagination: 'none', envelope: '[]', v3: 'org.playbooks.list',
  },
  {
    id: 'v1.playbooks.create', version: 'v1', method: 'POST', paths: ['/v1/playbooks'],
    summary: 'Create a playbook', pagination: 'none', v3: 'org.playbooks.create',
  },
  {
    id: 'v1.playbooks.get', version: 'v1', method: 'GET', paths: ['/v1/playbooks/{playbook_id}'],
    summary: 'Get a playbook', pagination: 'none', v3: 'org.playbooks.get',
  },
  {
    id: 'v1.playbooks.update', version: 'v1', method: 'PUT', paths: ['/v1/playbooks/{playbook_id}'],
    summary: 'Update a playbook', pagination: 'none', v3: 'org.playbooks.update',
    fields: [{ in: 'response', from: 'status', to: '(playbook)', note: 'v3 returns the playbook instead of { status }' }],
  },
  {
    id: 'v1.playbooks.delete', version: 'v1', method: 'DELETE', paths: ['/v1/playbooks/{playbook_id}'],
    summary: 'Delete a playbook', pagination: 'none', v3: 'org.playbooks.delete',
    fields: [{ in: 'response', from: 'status', note: 'v3 answers with the deleted playbook, not { status: "success" }: check the HTTP status instead' }],
  },
  {
    id: 'v1.enterprise.consumption', version: 'v1', method: 'GET', paths: ['/v1/enterprise/consumption'],
    summary: 'Enterprise consumption (alpha)', pagination: 'none', v3: 'enterprise.consumption.daily',
    note: 'alpha endpoint; start_date/end_date become time_after/time_before (Unix seconds)',
  },

  // ---- v2 enterprise -------------------------------------------------------------------------
  {
    id: 'v2.self', version: 'v2', method: 'GET', paths: ['/v2/enterprise/self'],
    summary: 'Describe the calling key', pagination: 'none', v3: 'self',
    fields: SELF_RESPONSE_FIELDS,
  },
  {
    id: 'v2.apiKeys.list', version: 'v2', method: 'GET', paths: ['/v2/enterprise/api-keys'],
    summary: 'List API keys', pagination: 'v2-page', v3: null,
    note: 'no enterprise-wide key list on v3; list service users, then each one\'s keys (GET /v3beta1/enterprise/service-users/{service_user_id}/api-keys)',
  },
  {
    id: 'v2.apiKeys.create', version: 'v2', method: 'POST', paths: ['/v2/enterprise/api-keys'],
    summary: 'Provision a service API key', pagination: 'none', v3: null,
    note: 'v3 has no service keys; provision a service user (POST /v3beta1/enterprise/service-users) with a role instead',
  },
  {
    id: 'v2.apiKeys.revoke', version: 'v2', method: 'DELETE', paths: ['/v2/enterprise/api-keys/{api_key_id}'],
    summary: 'Revoke one API key', pagination: 'none', v3: null,
    note: 'legacy keys are revoked only through v2; service-user keys through DELETE /v3beta1/enterprise/service-users/{service_user_id}/api-keys/{api_key_id}',
  },
  {
    id: 'v2.apiKeys.revokeAll', version: 'v2', method: 'DELETE', paths: ['/v2/enterprise/api-keys'],
    summary: 'Revoke every API key in the enterprise', pagination: 'none', v3: null, forbidden: true,
    note: 'revokes every user and service key in every organization at once; devin-migrate never calls it and never rewrites a call to it',
  },
  {
    id: 'v2.auditLogs', version: 'v2', method: 'GET', paths: ['/v2/enterprise/audit-logs'],
    summary: 'List audit logs', pagination: 'v2-audit', envelope: 'audit_logs', v3: 'enterprise.auditLogs.list',
    fields: [
      { in: 'query', from: 'before', to: 'time_before', note: 'Unix seconds; needs time_after, window at most 100 days' },
      { in: 'query', from: 'after', to: 'time_after', note: 'Unix seconds; paging is by the `after` cursor instead' },
      { in: 'query', from: 'limit', to: 'first', note: 'page size' },
      { in: 'response', from: 'audit_logs', to: 'items', note: 'cursor envelope' },
    ],
  },
  {
    id: 'v2.consumption.cycles', version: 'v2', method: 'GET', paths: ['/v2/enterprise/consumption/cycles'],
    summary: 'Billing cycles', pagination: 'none', envelope: '[]', v3: 'enterprise.consumption.cycles',
    fields: [
      { in: 'response', from: 'start', to: 'after', note: 'ISO dates become Unix seconds { after, before }' },
      { in: 'response', from: 'end', to: 'before', note: 'ISO dates become Unix seconds { after, before }' },
    ],
  },
  {
    id: 'v2.consumption.daily', version: 'v2', method: 'GET', paths: ['/v2/enterprise/consumption/daily'],
    summary: 'Daily consumption', pagination: 'none', v3: 'enterprise.consumption.daily',
    fields: [
      ...CONSUMPTION_WINDOW,
      { in: 'response', from: 'consumption_by_date', to: 'consumption_by_date[]', note: 'object keyed by date becomes an array of { date, acus }' },
      ...CONSUMPTION_BREAKDOWNS,
    ],
  },
  {
    id: 'v2.consumption.dailyUser', version: 'v2', method: 'GET', paths: ['/v2/enterprise/consumption/daily/{user_id}'],
    summary: 'Daily consumption of one user', pagination: 'none', v3: 'enterprise.consumption.dailyUser',
    fields: [
      ...CONSUMPTION_WINDOW,
      { in: 'response', from: 'consumption_by_date', to: 'consumption_by_date[]', note: 'object keyed by date becomes an array of { date, acus }' },
      CONSUMPTION_BREAKDOWNS[1]!,
    ],
  },
  {
    id: 'v2.groups.list', version: 'v2', method: 'GET', paths: ['/v2/enterprise/groups'],
    summary: 'List IdP groups', pagination: 'v2-skip', v3: 'enterprise.idpGroups.list',
  },
  {
    id: 'v2.groups.register', version: 'v2', method: 'PUT', paths: ['/v2/enterprise/groups'],
    summary: 'Register IdP groups', pagination: 'none', v3: 'enterprise.idpGroups.register',
    note: 'v3 registers with POST and returns the registered groups',
  },
  {
    id: 'v2.groups.get', version: 'v2', method: 'GET', paths: ['/v2/enterprise/groups/{group_name}'],
    summary: 'Get an IdP group', pagination: 'none', v3: null,
    note: 'no single-group endpoint on v3; read role assignments under /v3/enterprise/members/idp-groups',
  },
  {
    id: 'v2.organizations.groups', version: 'v2', method: 'GET', paths: ['/v2/enterprise/organizations/{org_id}/groups'],
    summary: 'List an organization\'s IdP groups', pagination: 'v2-skip', v3: null,
    note: 'no documented v3 path for an organization\'s IdP groups',
  },
  {
    id: 'v2.members.list', version: 'v2', method: 'GET', paths: ['/v2/enterprise/members'],
    summary: 'List enterprise members', pagination: 'v2-skip', v3: 'enterprise.members.list',
    fields: [{ in: 'response', from: 'enterprise_role', to: 'role_assignments', note: 'roles become role_assignments[]' }],
  },
  {
    id: 'v2.members.invite', version: 'v2', method: 'POST', paths: ['/v2/enterprise/members/invite'],
    summary: 'Invite members', pagination: 'none', v3: 'enterprise.members.invite',
    fields: [
      { in: 'body', from: 'emails', to: 'emails', note: 'v3 also takes enterprise_role_id' },
      { in: 'response', from: 'invited_count', note: 'v3 returns the invited users (an array); count them' },
      { in: 'response', from: 'invitee_user_id_to_email', note: 'v3 returns the invited users (an array of { user_id, email, … })' },
    ],
  },
  {
    id: 'v2.members.roles', version: 'v2', method: 'PATCH', paths: ['/v2/enterprise/members/roles'],
    summary: 'Set the enterprise role of several members', pagination: 'none', v3: 'enterprise.members.update',
    note: 'v3 takes one user per call: loop over user_ids and PATCH /v3/enterprise/members/users/{user_id} with { role_id }',
  },
  {
    id: 'v2.members.migrateRoles', version: 'v2', method: 'PATCH', paths: ['/v2/enterprise/members/migrate-roles'],
    summary: 'Move every member from one role to another', pagination: 'none', v3: null,
    note: 'no v3 equivalent; list members with the source role and update each',
  },
  {
    id: 'v2.members.get', version: 'v2', method: 'GET', paths: ['/v2/enterprise/members/{user_id}'],
    summary: 'Get a member', pagination: 'none', v3: 'enterprise.members.get',
  },
  {
    id: 'v2.members.delete', version: 'v2', method: 'DELETE', paths: ['/v2/enterprise/members/{user_id}'],
    summary: 'Remove a member', pagination: 'none', v3: 'enterprise.members.delete',
  },
  {
    id: 'v2.members.organizations', version: 'v2', method: 'GET', paths: ['/v2/enterprise/members/{user_id}/organizations'],
    summary: 'List a member\'s organizations', pagination: 'v2-skip', v3: 'enterprise.members.get',
    note: 'no dedicated v3 endpoint; read role_assignments[].org_id of the user',
  },
  {
    id: 'v2.roles', version: 'v2', method: 'GET', paths: ['/v2/enterprise/roles'],
    summary: 'List roles', pagination: 'none', envelope: '[]', v3: 'enterprise.roles.list',
    fields: [{ in: 'response', from: 'role_type', to: 'role_type', note: '`account` becomes `enterprise`', values: { account: 'enterprise' } }],
  },
  ...(['usage', 'prs', 'sessions', 'searches'] as const).map((m): LegacyEndpoint => ({
    id: `v2.metrics.${m}`, version: 'v2', method: 'GET', paths: [`/v2/enterprise/metrics/${m}`],
    summary: `${m} metrics`, pagination: 'none', v3: `enterprise.metrics.${m}`,
    fields: [...CONSUMPTION_WINDOW, ...(m === 'usage' ? USAGE_METRICS_FIELDS : [])],
  })),
  {
    id: 'v2.organizations.list', version: 'v2', method: 'GET', paths: ['/v2/enterprise/organizations'],
    summary: 'List organizations', pagination: 'v2-skip', v3: 'enterprise.organizations.list',
    fields: ORGANIZATION_RESPONSE_FIELDS,
  },
  {
    id: 'v2.organizations.create', version: 'v2', method: 'POST', paths: ['/v2/enterprise/organizations'],
    summary: 'Create an organization', pagination: 'none', v3: 'enterprise.organizations.create',
    fields: [
      { in: 'body', from: 'display_name', to: 'name', note: 'renamed' },
      { in: 'body', from: 'acu_limit', to: 'max_cycle_acu_limit', note: 'renamed' },
      { in: 'body', from: 'add_creator_as_member', note: 'gone on v3; add members explicitly' },
      ...ORGANIZATION_RESPONSE_FIELDS,
    ],
  },
  {
    id: 'v2.organizations.get', version: 'v2', method: 'GET', paths: ['/v2/enterprise/organizations/{org_id}'],
    summary: 'Get an organization', pagination: 'none', v3: 'enterprise.organizations.get',
    fields: ORGANIZATION_RESPONSE_FIELDS,
  },
  {
    id: 'v2.organizations.members', version: 'v2', method: 'GET', paths: ['/v2/enterprise/organizations/{org_id}/members'],
    summary: 'List an organization\'s members', pagination: 'v2-skip', v3: 'enterprise.orgMembers.list',
  },
  {
    id: 'v2.organizations.members.delete', version: 'v2', method: 'DELETE', paths: ['/v2/enterprise/organizations/{org_id}/members/{user_id}'],
    summary: 'Remove a member from an organization', pagination: 'none', v3: 'enterprise.orgMembers.delete',
  },
  {
    id: 'v2.organizations.members.roles', version: 'v2', method: 'PATCH', paths: ['/v2/enterprise/organizations/{org_id}/members/roles'],
    summary: 'Set organization roles of several members', pagination: 'none', v3: 'enterprise.orgMembers.assign',
    note: 'v3 takes one user per call: loop over user_ids and POST …/members/users/{user_id} with { role_id }',
  },
  {
    id: 'v2.organizations.gitPermissions.list', version: 'v2', method: 'GET', paths: ['/v2/enterprise/organizations/{org_id}/git/permissions'],
    summary: 'List git permissions', pagination: 'v2-skip', v3: 'enterprise.gitPermissions.list',
  },
  {
    id: 'v2.organizations.gitPermissions.create', version: 'v2', method: 'POST', paths: ['/v2/enterprise/organizations/{org_id}/git/permissions'],
    summary: 'Add git permissions', pagination: 'none', v3: 'enterprise.gitPermissions.create',
  },
  {
    id: 'v2.organizations.sessions', version: 'v2', method: 'GET', paths: ['/v2/enterprise/organizations/{org_id}/sessions'],
    summary: 'List an organization\'s sessions', pagination: 'v2-skip', v3: 'org.sessions.list',
    fields: [
      { in: 'query', from: 'skip', to: 'after', note: 'an opaque cursor, not a number' },
      { in: 'query', from: 'limit', to: 'first', note: 'page size' },
    ],
  },
  {
    id: 'v2.organizations.sessions.insights', version: 'v2', method: 'GET', paths: ['/v2/enterprise/organizations/{org_id}/sessions/insights'],
    summary: 'List an organization\'s sessions with insights', pagination: 'v2-skip', v3: 'org.sessions.insights',
  },
  {
    id: 'v2.sessions.list', version: 'v2', method: 'GET', paths: ['/v2/enterprise/sessions'],
    summary: 'List sessions across the enterprise', pagination: 'v2-skip', v3: 'enterprise.sessions.list',
    fields: [
      { in: 'query', from: 'skip', to: 'after', note: 'an opaque cursor, not a number' },
      { in: 'query', from: 'limit', to: 'first', note: 'page size' },
    ],
  },
  {
    id: 'v2.sessions.insights', version: 'v2', method: 'GET', paths: ['/v2/enterprise/sessions/insights'],
    summary: 'List sessions with insights across the enterprise', pagination: 'v2-skip', v3: null,
    note: 'v3 has insights per session (GET /v3/enterprise/sessions/{devin_id}/insights) or per organization, not enterprise-wide',
  },
  {
    id: 'v2.sessions.get', version: 'v2', method: 'GET', paths: ['/v2/enterprise/sessions/{session_id}'],
    summary: 'Get a session', pagination: 'none', v3: 'enterprise.sessions.get', paramRenames: SESSION,
    fields: [
      { in: 'response', from: 'pull_requests[].url', to: 'pull_requests[].pr_url', note: 'url/state become pr_url/pr_state' },
      { in: 'response', from: 'pull_requests[].state', to: 'pull_requests[].pr_state', note: 'url/state become pr_url/pr_state' },
      { in: 'response', from: 'created_at', to: 'created_at', note: 'ISO-8601 string becomes Unix seconds' },
      { in: 'response', from: 'updated_at', to: 'updated_at', note: 'ISO-8601 string becomes Unix seconds' },
    ],
  },
  {
    id: 'v2.playbooks.list', version: 'v2', method: 'GET', paths: ['/v2/enterprise/playbooks'],
    summary: 'List enterprise playbooks', pagination: 'none', envelope: '[]', v3: 'enterprise.playbooks.list',
    fields: V2_PLAYBOOK_FIELDS,
  },
  {
    id: 'v2.playbooks.create', version: 'v2', method: 'POST', paths: ['/v2/enterprise/playbooks'],
    summary: 'Create an enterprise playbook', pagination: 'none', v3: 'enterprise.playbooks.create',
  },
  {
    id: 'v2.playbooks.get', version: 'v2', method: 'GET', paths: ['/v2/enterprise/playbooks/{playbook_id}'],
    summary: 'Get an enterprise playbook', pagination: 'none', v3: 'enterprise.playbooks.get',
    fields: V2_PLAYBOOK_FIELDS,
  },
  {
    id: 'v2.playbooks.update', version: 'v2', method: 'PUT', paths: ['/v2/enterprise/playbooks/{playbook_id}'],
    summary: 'Update an enterprise playbook', pagination: 'none', v3: 'enterprise.playbooks.update',
    note: 'v3 PUT replaces the whole playbook: send title, body and macro',
    fields: [{ in: 'response', from: 'status', note: 'v3 answers with the updated playbook, not { status: "success" }: check the HTTP status instead' }],
  },
  {
    id: 'v2.playbooks.delete', version: 'v2', method: 'DELETE', paths: ['/v2/enterprise/playbooks/{playbook_id}'],
    summary: 'Delete an enterprise playbook', pagination: 'none', v3: 'enterprise.playbooks.delete',
  },
  {
    id: 'v2.hypervisors', version: 'v2', method: 'GET', paths: ['/v2/enterprise/hypervisors/health'],
    summary: 'Hypervisor health', pagination: 'none', envelope: '[]', v3: 'enterprise.hypervisors.list',
  },
  {
    id: 'v2.repositories.bulkIndex', version: 'v2', method: 'POST', paths: ['/beta/v2/enterprise/repositories/bulk-index'],
    summary: 'Index repositories (beta)', pagination: 'none', v3: null,
    note: 'the v3 bulk-index path is not documented; index repositories from the web app until it is',
  },
  {
    id: 'v2.repositories.status', version: 'v2', method: 'GET', paths: ['/beta/v2/enterprise/repositories/{org_id}'],
    summary: 'Repository indexing status (beta)', pagination: 'none', envelope: '[]', v3: 'org.repositories.indexing',
  },
  {
    id: 'v2.userUsage', version: 'v2', method: 'GET', paths: ['/beta/v2/enterprise/user-usage-analysis'],
    summary: 'User usage analysis (beta)', pagination: 'none', v3: null,
    note: 'no v3 equivalent; combine GET /v3/enterprise/consumption/daily/users/{user_id} and the metrics endpoints',
  },
];
