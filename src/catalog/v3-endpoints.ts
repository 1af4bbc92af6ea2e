// The v3 endpoints this toolkit maps to, calls, or fakes. One row each; legacy rows point here
// by id. Paths are templates with `{name}` parameters.
//
// Decisions on UNCONFIRMED points (reference §0, §1.4, §9), all made here and only here:
// - Org paths always carry `{org_id}` (gen C); the org-less gen-B form is not emitted.
// - Service-user provisioning and service-user API keys stay under `/v3beta1/` (newest docs).
// - Create session needs `ManageOrgSessions` (gen C page), not `UseDevinSessions`.
// - Org-scope members list is taken as promoted to `/v3/`.
// - Tag endpoints print no permission: writes need ManageOrgSessions, reads ViewOrgSessions.
// - Service-user list and role list need the gen-C `ViewAccountMembership`.
// - Consumption cycles are kept unpaginated (an answer shaped like v2's array): §6.13 says only
//   "items `{after, before}` ints", naming no first/after and not whether the items come in a
//   `{ items }` envelope.

import type { Permission } from './permissions.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Scope = 'org' | 'enterprise' | 'self';
export type PaginationStyle =
  | 'none'
  | 'v1-offset' // limit/offset, envelope { sessions: [...] } or bare array
  | 'v2-skip' // skip/limit, envelope { items, total, skip, limit, has_more, next_cursor }
  | 'v2-page' // page/per_page, same envelope (api-keys list)
  | 'v2-audit' // before/after/limit, envelope { audit_logs: [...] }
  | 'v3-cursor'; // first/after, envelope { items, end_cursor, has_next_page, total }

export interface V3Endpoint {
  id: string;
  method: HttpMethod;
  path: string;
  scope: Scope;
  permission: Permission;
  pagination: PaginationStyle;
  summary: string;
}

const ORG = '/v3/organizations/{org_id}';
const ENT = '/v3/enterprise';
const BETA_ENT = '/v3beta1/enterprise';

type Row = [id: string, method: HttpMethod, path: string, permission: Permission, summary: string, paginated?: boolean];

function rows(scope: Scope, list: Row[]): V3Endpoint[] {
  return list.map(([id, method, path, permission, summary, paginated]) => ({
    id,
    method,
    path,
    scope,
    permission,
    pagination: paginated ? 'v3-cursor' : 'none',
    summary,
  }));
}

export const V3_ENDPOINTS: readonly V3Endpoint[] = [
  ...rows('self', [['self', 'GET', '/v3/self', 'ReadAccountMeta', 'Who the token authenticates as']]),
  ...rows('org', [
    ['org.sessions.create', 'POST', `${ORG}/sessions`, 'ManageOrgSessions', 'Create a session'],
    ['org.sessions.list', 'GET', `${ORG}/sessions`, 'ViewOrgSessions', 'List sessions', true],
    ['org.sessions.insights', 'GET', `${ORG}/sessions/insights`, 'ViewOrgSessions', 'List sessions with insights', true],
    ['org.sessions.get', 'GET', `${ORG}/sessions/{devin_id}`, 'ViewOrgSessions', 'Get a session'],
    ['org.sessions.terminate', 'DELETE', `${ORG}/sessions/{devin_id}`, 'ManageOrgSessions', 'Terminate a session'],
    ['org.sessions.archive', 'POST', `${ORG}/sessions/{devin_id}/archive`, 'ManageOrgSessions', 'Archive a session'],
    ['org.sessions.messages.list', 'GET', `${ORG}/sessions/{devin_id}/messages`, 'ViewOrgSessions', 'List session messages', true],
    ['org.sessions.messages.send', 'POST', `${ORG}/sessions/{devin_id}/messages`, 'ManageOrgSessions', 'Send a message'],
    ['org.sessions.tags.get', 'GET', `${ORG}/sessions/{devin_id}/tags`, 'ViewOrgSessions', 'Get session tags'],
    ['org.sessions.tags.replace', 'PUT', `${ORG}/sessions/{devin_id}/tags`, 'ManageOrgSessions', 'Replace session tags'],
    ['org.sessions.tags.append', 'POST', `${ORG}/sessions/{devin_id}/tags`, 'ManageOrgSessions', 'Append session tags'],
    ['org.sessions.attachments', 'GET', `${ORG}/sessions/{devin_id}/attachments`, 'ViewOrgSessions', 'List session attachments'],
    ['org.attachments.upload', 'POST', `${ORG}/attachments`, 'UseDevinSessions', 'Upload an attachment'],
    ['org.attachments.download', 'GET', `${ORG}/attachments/{uuid}/{name}`, 'UseDevinSessions', 'Download an attachment'],
    ['org.secrets.list', 'GET', `${ORG}/secrets`, 'ManageOrgSecrets', 'List secrets', true],
    ['org.secrets.create', 'POST', `${ORG}/secrets`, 'ManageOrgSecrets', 'Create a secret'],
    ['org.secrets.delete', 'DELETE', `${ORG}/secrets/{secret_id}`, 'ManageOrgSecrets', 'Delete a secret'],
    ['org.knowledge.list', 'GET', `${ORG}/knowledge/notes`, 'ManageAccountKnowledge', 'List knowledge notes', true],
    ['org.knowledge.create', 'POST', `${ORG}/knowledge/notes`, 'ManageAccountKnowledge', 'Create a knowledge note'],
    ['org.knowledge.get', 'GET', `${ORG}/knowledge/notes/{note_id}`, 'ManageAccountKnowledge', 'Get a knowledge note'],
    ['org.knowledge.update', 'PUT', `${ORG}/knowledge/notes/{note_id}`, 'ManageAccountKnowledge', 'Update a knowledge note'],
    ['org.knowledge.delete', 'DELETE', `${ORG}/knowledge/notes/{note_id}`, 'ManageAccountKnowledge', 'Delete a knowledge note'],
    ['org.knowledge.folders', 'GET', `${ORG}/knowledge/folders`, 'ManageKnowledge', 'List knowledge folders'],
    ['org.playbooks.list', 'GET', `${ORG}/playbooks`, 'ManageAccountPlaybooks', 'List playbooks', true],
    ['org.playbooks.create', 'POST', `${ORG}/playbooks`, 'ManageAccountPlaybooks', 'Create a playbook'],
    ['org.playbooks.get', 'GET', `${ORG}/playbooks/{playbook_id}`, 'ManageAccountPlaybooks', 'Get a playbook'],
    ['org.playbooks.update', 'PUT', `${ORG}/playbooks/{playbook_id}`, 'ManageAccountPlaybooks', 'Replace a playbook'],
    ['org.playbooks.delete', 'DELETE', `${ORG}/playbooks/{playbook_id}`, 'ManageAccountPlaybooks', 'Delete a playbook'],
    ['org.members.list', 'GET', `${ORG}/members/users`, 'ViewOrgMembership', 'List organization users', true],
    ['org.serviceUsers.provision', 'POST', '/v3beta1/organizations/{org_id}/service-users', 'ManageOrgServiceUsers', 'Provision an organization service user'],
    ['org.repositories.indexing', 'GET', '/v3beta1/organizations/{org_id}/repositories/indexing', 'Read', 'List indexed repositories'],
  ]),
  ...rows('enterprise', [
    ['enterprise.serviceUsers.provision', 'POST', `${BETA_ENT}/service-users`, 'ManageAccountServiceUsers', 'Provision an enterprise service user'],
    ['enterprise.serviceUsers.list', 'GET', `${ENT}/members/service-users`, 'ViewAccountMembership', 'List service users', true],
    ['enterprise.serviceUsers.get', 'GET', `${ENT}/members/service-users/{service_user_id}`, 'ManageAccountMembership', 'Get a service user'],
    ['enterprise.serviceUsers.update', 'PATCH', `${ENT}/members/service-users/{service_user_id}`, 'ManageAccountMembership', 'Change a service user\'s role'],
    ['enterprise.serviceUsers.delete', 'DELETE', `${ENT}/members/service-users/{service_user_id}`, 'ManageAccountMembership', 'Remove a service user'],
    ['enterprise.orgServiceUsers.list', 'GET', `${ENT}/organizations/{org_id}/members/service-users`, 'ManageAccountMembership', 'List an organization\'s service users', true],
    ['enterprise.serviceUserKeys.create', 'POST', `${BETA_ENT}/service-users/{service_user_id}/api-keys`, 'ManageAccountServiceUsers', 'Create a service-user API key'],
    ['enterprise.serviceUserKeys.list', 'GET', `${BETA_ENT}/service-users/{service_user_id}/api-keys`, 'ManageAccountServiceUsers', 'List a service user\'s API keys', true],
    ['enterprise.serviceUserKeys.revoke', 'DELETE', `${BETA_ENT}/service-users/{service_user_id}/api-keys/{api_key_id}`, 'ManageAccountServiceUsers', 'Revoke a service-user API key'],
    ['enterprise.serviceUserKeys.rotate', 'POST', `${BETA_ENT}/service-users/{service_user_id}/api-keys/{api_key_id}/rotate`, 'ManageAccountServiceUsers', 'Rotate a service-user API key'],
    ['enterprise.roles.list', 'GET', `${ENT}/roles`, 'ViewAccountMembership', 'List roles', true],
    ['enterprise.organizations.list', 'GET', `${ENT}/organizations`, 'ManageOrganizations', 'List organizations', true],
    ['enterprise.organizations.create', 'POST', `${ENT}/organizations`, 'ManageOrganizations', 'Create an organization'],
    ['enterprise.organizations.get', 'GET', `${ENT}/organizations/{org_id}`, 'ManageOrganizations', 'Get an organization'],
    ['enterprise.organizations.update', 'PATCH', `${ENT}/organizations/{org_id}`, 'ManageOrganizations', 'Update an organization'],
    ['enterprise.organizations.delete', 'DELETE', `${ENT}/organizations/{org_id}`, 'ManageOrganizations', 'Delete an organization'],
    ['enterprise.members.list', 'GET', `${ENT}/members/users`, 'ViewAccountMembership', 'List enterprise users', true],
    ['enterprise.members.invite', 'POST', `${ENT}/members/users`, 'ManageAccountMembership', 'Invite users'],
    ['enterprise.members.get', 'GET', `${ENT}/members/users/{user_id}`, 'ViewAccountMembership', 'Get a user'],
    ['enterprise.members.update', 'PATCH', `${ENT}/members/users/{user_id}`, 'ManageAccountMembership', 'Change a user\'s role'],
    ['enterprise.members.delete', 'DELETE', `${ENT}/members/users/{user_id}`, 'ManageAccountMembership', 'Remove a user'],
    ['enterprise.orgMembers.list', 'GET', `${ENT}/organizations/{org_id}/members/users`, 'ManageAccountMembership', 'List an organization\'s users', true],
    ['enterprise.orgMembers.assign', 'POST', `${ENT}/organizations/{org_id}/members/users/{user_id}`, 'ManageAccountMembership', 'Set a user\'s organization role'],
    ['enterprise.orgMembers.delete', 'DELETE', `${ENT}/organizations/{org_id}/members/users/{user_id}`, 'ManageAccountMembership', 'Remove a user from an organization'],
    ['enterprise.idpGroups.list', 'GET', `${ENT}/idp-groups`, 'ManageAccountMembership', 'List IdP groups', true],
    ['enterprise.idpGroups.register', 'POST', `${ENT}/idp-groups`, 'ManageAccountMembership', 'Register IdP groups'],
    ['enterprise.auditLogs.list', 'GET', `${ENT}/audit-logs`, 'ManageEnterpriseSettings', 'List audit logs', true],
    ['enterprise.consumption.cycles', 'GET', `${ENT}/consumption/cycles`, 'ManageBilling', 'Billing cycles'],
    ['enterprise.consumption.daily', 'GET', `${ENT}/consumption/daily`, 'ManageBilling', 'Daily consumption'],
    ['enterprise.consumption.dailyUser', 'GET', `${ENT}/consumption/daily/users/{user_id}`, 'ManageBilling', 'Daily consumption of one user'],
    ['enterprise.metrics.usage', 'GET', `${ENT}/metrics/usage`, 'ViewAccountMetrics', 'Usage metrics'],
    ['enterprise.metrics.prs', 'GET', `${ENT}/metrics/prs`, 'ViewAccountMetrics', 'PR metrics'],
    ['enterprise.metrics.sessions', 'GET', `${ENT}/metrics/sessions`, 'ViewAccountMetrics', 'Session metrics'],
    ['enterprise.metrics.searches', 'GET', `${ENT}/metrics/searches`, 'ViewAccountMetrics', 'Search metrics'],
    ['enterprise.sessions.list', 'GET', `${ENT}/sessions`, 'ViewAccountSessions', 'List sessions across the enterprise', true],
    ['enterprise.sessions.get', 'GET', `${ENT}/sessions/{devin_id}`, 'ViewAccountSessions', 'Get a session'],
    ['enterprise.playbooks.list', 'GET', `${ENT}/playbooks`, 'ManageAccountPlaybooks', 'List enterprise playbooks', true],
    ['enterprise.playbooks.create', 'POST', `${ENT}/playbooks`, 'ManageAccountPlaybooks', 'Create an enterprise playbook'],
    ['enterprise.playbooks.get', 'GET', `${ENT}/playbooks/{playbook_id}`, 'ManageAccountPlaybooks', 'Get an enterprise playbook'],
    ['enterprise.playbooks.update', 'PUT', `${ENT}/playbooks/{playbook_id}`, 'ManageAccountPlaybooks', 'Replace an enterprise playbook'],
    ['enterprise.playbooks.delete', 'DELETE', `${ENT}/playbooks/{playbook_id}`, 'ManageAccountPlaybooks', 'Delete an enterprise playbook'],
    ['enterprise.gitPermissions.list', 'GET', `${ENT}/organizations/{org_id}/git-providers/permissions`, 'ManageGitIntegrations', 'List git permissions', true],
    ['enterprise.gitPermissions.create', 'POST', `${ENT}/organizations/{org_id}/git-providers/permissions`, 'ManageGitIntegrations', 'Add git permissions'],
    ['enterprise.hypervisors.list', 'GET', `${ENT}/hypervisors`, 'ViewEnterpriseInfraDetails', 'List hypervisors', true],
  ]),
];

const byId = new Map(V3_ENDPOINTS.map((e) => [e.id, e]));

export function v3Endpoint(id: string): V3Endpoint {
  const e = byId.get(id);
  if (!e) throw new Error(`catalog: no v3 endpoint with id ${id}`);
  return e;
}
