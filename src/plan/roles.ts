// Which role a service user gets: the smallest built-in role that covers what it needs, or the
// role the config names for it (roleMap); with the over-grant spelled out and the custom role
// that would be least privilege.
import { BUILTIN_ROLES, builtinRole, type BuiltinRole, type Permission, type RoleLevel } from '../catalog/index.js';
import type { Role } from '../documents/inventory.js';
import { roleTarget, type PlanConfig } from './config.js';
import { sortPermissions } from './needs.js';

/** Granted to every service user by default (reference §6.1); never counted as over-grant. */
const DEFAULT_GRANTED = new Set<string>(['ReadAccountMeta']);

export interface RoleDecision {
  roleId: string;
  scope: RoleLevel;
  granted: string[] | null;
  extra: string[];
  missing: string[];
  leastPrivilege: { level: RoleLevel; permissions: string[] } | null;
  reasonRole: string;
  reasonScope: string;
  warnings: string[];
}

export interface ChooseRoleInput {
  needed: ReadonlySet<Permission>;
  /** Some needed endpoint lives under /v3/enterprise. */
  enterpriseEndpoints: boolean;
  /** Key ids and owner email of the action, most specific first; looked up in roleMap. */
  selectors: readonly string[];
  roleMap: PlanConfig['roleMap'];
  /** Roles the enterprise has (inventory); empty when unknown. */
  knownRoles: readonly Role[];
}

const byRank = [...BUILTIN_ROLES].sort((a, b) => a.rank - b.rank);

function covers(role: BuiltinRole, needed: ReadonlySet<string>): boolean {
  return [...needed].every((p) => role.permissions.includes(p as Permission));
}

function list(perms: readonly string[]): string {
  return perms.length === 0 ? 'nothing' : perms.join(', ');
}

/** The smallest built-in role (by rank) that grants every needed permission at a usable level. */
export function smallestBuiltin(needed: ReadonlySet<string>, enterpriseOnly: boolean): BuiltinRole {
  const eligible = byRank.filter((r) => !enterpriseOnly || r.level === 'enterprise');
  return eligible.find((r) => covers(r, needed)) ?? eligible[eligible.length - 1]!;
}

function overGrant(granted: readonly string[] | null, needed: ReadonlySet<string>) {
  if (granted === null) return { extra: [], missing: [] };
  const g = new Set(granted);
  return {
    extra: sortPermissions(granted.filter((p) => !needed.has(p) && !DEFAULT_GRANTED.has(p))),
    missing: sortPermissions([...needed].filter((p) => !g.has(p))),
  };
}

export function chooseRole(input: ChooseRoleInput): RoleDecision {
  const needed = input.needed;
  const neededList = sortPermissions(needed);
  const warnings: string[] = [];
  const builtin = smallestBuiltin(needed, input.enterpriseEndpoints);
  let scope: RoleLevel = builtin.level;
  let reasonScope =
    builtin.level === 'enterprise'
      ? input.enterpriseEndpoints
        ? 'enterprise: it calls /v3/enterprise endpoints (v2 enterprise API on the legacy side)'
        : 'enterprise: no organization role grants everything it needs'
      : 'organization: everything it calls is under /v3/organizations/{org_id} in its own org';

  // roleMap: a key id or owner email first, then the built-in role the planner picked.
  const lower = (s: string) => s.toLowerCase();
  const mapEntries = Object.entries(input.roleMap);
  const hit =
    input.selectors.map((s) => mapEntries.find(([k]) => lower(k) === lower(s))).find((e) => e !== undefined) ??
    mapEntries.find(([k]) => k === builtin.roleId);

  if (!hit) {
    const smaller = byRank.filter((r) => r.rank < builtin.rank && (!input.enterpriseEndpoints || r.level === 'enterprise'));
    const prev = smaller[smaller.length - 1];
    const lacks = prev ? sortPermissions([...needed].filter((p) => !prev.permissions.includes(p as Permission))) : [];
    const { extra, missing } = overGrant(builtin.permissions, needed);
    let reasonRole = `${builtin.roleId}: the smallest built-in role that grants all ${neededList.length} needed permissions`;
    if (prev) reasonRole += ` (${prev.roleId} lacks ${list(lacks)})`;
    if (extra.length > 0) {
      reasonRole += `; it also grants ${extra.length} permission(s) not needed (${list(extra)}): a custom ${scope} role with only the needed ones would be least privilege (name it in roleMap)`;
    }
    if (missing.length > 0) warnings.push(`no built-in role grants ${list(missing)}`);
    return {
      roleId: builtin.roleId,
      scope,
      granted: sortPermissions(builtin.permissions),
      extra,
      missing,
      leastPrivilege: extra.length > 0 ? { level: scope, permissions: neededList } : null,
      reasonRole,
      reasonScope,
      warnings,
    };
  }

  const [selector, value] = hit;
  const target = roleTarget(value);
  const known = input.knownRoles.find((r) => r.roleId === target.roleId);
  const asBuiltin = builtinRole(target.roleId);
  const level: RoleLevel = target.level ?? known?.level ?? asBuiltin?.level ?? scope;
  if (!known && !asBuiltin && input.knownRoles.length > 0) {
    warnings.push(`roleMap role ${target.roleId} is not among the enterprise's roles; the API may reject it`);
  }
  if (level !== scope) {
    if (level === 'org' && input.enterpriseEndpoints) {
      warnings.push(`roleMap role ${target.roleId} is an organization role, but the integration calls /v3/enterprise endpoints`);
    }
    scope = level;
    reasonScope = `${level === 'enterprise' ? 'enterprise' : 'organization'}: the roleMap role ${target.roleId} is a${level === 'org' ? 'n organization' : 'n enterprise'} role`;
  }
  const granted = target.permissions ? sortPermissions(target.permissions) : asBuiltin ? sortPermissions(asBuiltin.permissions) : null;
  const { extra, missing } = overGrant(granted, needed);
  const via = selector === builtin.roleId ? `instead of ${builtin.roleId}` : `for ${selector}`;
  let reasonRole = `${target.roleId}: named in roleMap ${via}`;
  if (granted === null) reasonRole += ' (its permissions are not declared in the config, so coverage is not checked)';
  else if (missing.length === 0 && extra.length === 0) reasonRole += ', and it grants exactly what is needed';
  if (extra.length > 0) reasonRole += `; it also grants ${list(extra)}`;
  if (missing.length > 0) warnings.push(`roleMap role ${target.roleId} lacks ${list(missing)}, which the integration needs`);
  return {
    roleId: target.roleId,
    scope,
    granted,
    extra,
    missing,
    leastPrivilege: extra.length > 0 ? { level: scope, permissions: neededList } : null,
    reasonRole,
    reasonScope,
    warnings,
  };
}
