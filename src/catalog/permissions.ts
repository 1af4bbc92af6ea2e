// v3 permissions and the built-in roles that bundle them.
// Source: ../shared/devin-api-reference.md §6.3–6.4. The reference has no full table of what
// each built-in role grants; the sets below are this project's reading of the docs (org
// "Member" = use and view sessions, org "Admin" adds impersonation, secrets, knowledge,
// playbooks, schedules; enterprise roles add enterprise permissions and inherit the org ones
// in every org). Keep every such decision here.

export const ORG_PERMISSIONS = [
  'UseDevinSessions',
  'ViewOrgSessions',
  'ManageOrgSessions',
  'ImpersonateOrgSessions',
  'ManageOrgSecrets',
  'ManageOrgPlaybooks',
  'ManageOrgSchedules',
  'ManageOrgServiceUsers',
  'ViewOrgMembership',
  'ManageKnowledge',
  'Read',
] as const;

export const ENTERPRISE_PERMISSIONS = [
  'ReadAccountMeta',
  'ManageEnterpriseSettings',
  'ManageOrganizations',
  'ManageAccountMembership',
  'ViewAccountMembership',
  'ManageAccountServiceUsers',
  'ManageAccountKnowledge',
  'ManageAccountPlaybooks',
  'ManageGitIntegrations',
  'ManageBilling',
  'ViewAccountMetrics',
  'ViewEnterpriseInfraDetails',
  'ViewAccountSessions',
  'ManageAccountSessions',
] as const;

/** Never grantable through provisioning (release notes, Jan 14 2026). */
export const UNGRANTABLE_PERMISSIONS = ['ManageServiceUsers'] as const;

export type OrgPermission = (typeof ORG_PERMISSIONS)[number];
export type EnterprisePermission = (typeof ENTERPRISE_PERMISSIONS)[number];
export type Permission = OrgPermission | EnterprisePermission | (typeof UNGRANTABLE_PERMISSIONS)[number];

export const ALL_PERMISSIONS: readonly Permission[] = [
  ...ORG_PERMISSIONS,
  ...ENTERPRISE_PERMISSIONS,
  ...UNGRANTABLE_PERMISSIONS,
];

export function isPermission(name: string): name is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(name);
}

/** v3 says `enterprise` where v2 says `account`; both mean enterprise-wide. */
export type RoleLevel = 'org' | 'enterprise';

export interface BuiltinRole {
  roleId: 'org_member' | 'org_admin' | 'account_member' | 'account_admin';
  roleName: string;
  level: RoleLevel;
  /** Ordered from least to most privileged within a level; used to pick the smallest role. */
  rank: number;
  permissions: readonly Permission[];
}

const ORG_MEMBER: readonly Permission[] = [
  'ReadAccountMeta',
  'UseDevinSessions',
  'ViewOrgSessions',
  'ManageOrgSessions',
  'ViewOrgMembership',
  'Read',
];

const ORG_ADMIN: readonly Permission[] = [
  ...ORG_MEMBER,
  'ImpersonateOrgSessions',
  'ManageOrgSecrets',
  'ManageOrgPlaybooks',
  'ManageOrgSchedules',
  'ManageOrgServiceUsers',
  'ManageKnowledge',
  // Org knowledge and playbook pages print the Account* names (§6.4); an org admin holds
  // them for its own org.
  'ManageAccountKnowledge',
  'ManageAccountPlaybooks',
];

const ACCOUNT_MEMBER: readonly Permission[] = [
  ...ORG_MEMBER,
  'ViewAccountMembership',
  'ViewAccountSessions',
  'ViewAccountMetrics',
];

const ACCOUNT_ADMIN: readonly Permission[] = [
  ...new Set<Permission>([...ORG_ADMIN, ...ENTERPRISE_PERMISSIONS]),
];

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  { roleId: 'org_member', roleName: 'Member', level: 'org', rank: 0, permissions: ORG_MEMBER },
  { roleId: 'org_admin', roleName: 'Admin', level: 'org', rank: 1, permissions: ORG_ADMIN },
  { roleId: 'account_member', roleName: 'Member', level: 'enterprise', rank: 2, permissions: ACCOUNT_MEMBER },
  { roleId: 'account_admin', roleName: 'Admin', level: 'enterprise', rank: 3, permissions: ACCOUNT_ADMIN },
];

export function builtinRole(roleId: string): BuiltinRole | undefined {
  return BUILTIN_ROLES.find((r) => r.roleId === roleId);
}

/** v2 `role_type` (`account`/`org`) and v3 (`enterprise`/`org`) to one level. */
export function roleLevelOf(roleType: string): RoleLevel {
  return roleType === 'org' ? 'org' : 'enterprise';
}

export function isEnterprisePermission(p: Permission): boolean {
  return (ENTERPRISE_PERMISSIONS as readonly string[]).includes(p) && p !== 'ReadAccountMeta';
}
