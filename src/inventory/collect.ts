// The remote half of the inventory: everything the planner needs to know about an enterprise's
// legacy keys (v2, with an Enterprise Admin's personal key) and what has already been migrated
// (v3 service users, with an enterprise service-user token). Every list is followed to its last
// page; the document is built only once everything has been read, so a failure part-way leaves
// nothing behind. Key values never leave the client: v2 keys arrive here already redacted.
import { requiredKeyFor, roleLevelOf } from '../catalog/index.js';
import {
  ApiHttpError,
  collect,
  mapLimit,
  v2ApiKeys,
  v2AuditLogs,
  v2Members,
  v2OrganizationMembers,
  v2Organizations,
  v2Roles,
  v2Self,
  v3Self,
  v3ServiceUsers,
  type ApiClient,
  type V2ApiKey,
  type V2AuditLog,
  type V3ServiceUser,
} from '../api/index.js';
import {
  INVENTORY_KIND,
  INVENTORY_SCHEMA_VERSION,
  InventoryDocument,
  type LegacyKey,
  type Member,
  type Organization,
  type Role,
  type ServiceUser,
} from '../documents/inventory.js';
import { InventoryAuthError, type InventorySide } from './errors.js';

/** Audit actions that record the creation of a legacy key (reference §6.11). */
export const KEY_CREATION_ACTIONS: readonly string[] = ['create_user_api_key', 'create_service_api_key', 'create_org_api_key'];

export const DEFAULT_AUDIT_DAYS = 365;

export interface InventoryProgress {
  step: 'self' | 'keys' | 'organizations' | 'members' | 'roles' | 'audit' | 'org-members' | 'service-users';
  done: boolean;
  count?: number;
}

export interface InventoryOptions {
  /** Client holding an Enterprise Admin's personal key (apk_user_), for v2. */
  legacy: ApiClient;
  /** Client holding an enterprise service-user token (cog_), for v3. */
  v3: ApiClient;
  /** Read audit logs of this many days back (0: skip). */
  auditDays?: number;
  /** Per-organization calls in flight at once. */
  concurrency?: number;
  onProgress?: (p: InventoryProgress) => void;
  now?: () => number;
}

const byString =
  <T>(f: (x: T) => string) =>
  (a: T, b: T) =>
    f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0;

/** Turn a 401/403 into a message that says which key the inventory needs and why. */
function explainAuth<T>(side: InventorySide, p: Promise<T>): Promise<T> {
  return p.catch((e: unknown) => {
    if (e instanceof ApiHttpError && (e.status === 401 || e.status === 403)) {
      const what = side === 'legacy' ? 'the legacy key' : 'the service-user token';
      const needs =
        side === 'legacy'
          ? `the inventory reads keys, members and organizations from the v2 enterprise API, which takes only ${requiredKeyFor('v2')}`
          : e.missingPermission
            ? `the inventory lists service users and roles on v3: give the service user a role with ${e.missingPermission} (e.g. the enterprise Admin role account_admin)`
            : `the inventory lists service users on v3 with ${requiredKeyFor('v3')} of an enterprise service user`;
      throw new InventoryAuthError(
        side,
        e.status,
        e.missingPermission,
        `${what} was refused: ${e.message}`,
        needs,
      );
    }
    throw e;
  });
}

function toLegacyKey(k: V2ApiKey): LegacyKey {
  return {
    id: k.id,
    type: k.isServiceKey ? 'service' : 'personal',
    orgId: k.orgId,
    orgName: k.orgName,
    ownerUserId: k.isServiceKey ? null : k.userId,
    ownerEmail: k.isServiceKey ? null : k.userEmail,
    createdAt: k.createdAt,
    redacted: k.redacted,
  };
}

function toServiceUser(su: V3ServiceUser): ServiceUser {
  return {
    serviceUserId: su.service_user_id,
    name: su.name,
    expiresAt: su.expires_at,
    roleAssignments: su.role_assignments
      .map((a) => ({ roleId: a.role.role_id, roleName: a.role.role_name, level: roleLevelOf(a.role.role_type), orgId: a.org_id }))
      .sort(byString((a) => `${a.orgId ?? ''}\u0000${a.roleId}`)),
  };
}

/** Read the enterprise and return the inventory document (not yet written anywhere). */
export async function collectInventory(opts: InventoryOptions): Promise<InventoryDocument> {
  const now = opts.now ?? Date.now;
  const started = now();
  const progress = (p: InventoryProgress) => opts.onProgress?.(p);
  const concurrency = opts.concurrency ?? 4;
  const auditDays = opts.auditDays ?? DEFAULT_AUDIT_DAYS;

  // Who we are, on both sides, before reading anything large: a wrong key fails here, fast.
  progress({ step: 'self', done: false });
  const [self] = await Promise.all([explainAuth('legacy', v2Self(opts.legacy)), explainAuth('v3', v3Self(opts.v3))]);
  progress({ step: 'self', done: true });

  const step = async <T>(name: InventoryProgress['step'], side: InventorySide, it: AsyncIterable<T>): Promise<T[]> => {
    progress({ step: name, done: false });
    const out = await explainAuth(side, collect(it));
    progress({ step: name, done: true, count: out.length });
    return out;
  };

  const auditAfter = auditDays > 0 ? new Date(started - auditDays * 86_400_000).toISOString() : null;
  const [rawKeys, rawOrgs, rawMembers, rawRoles, rawAudit, rawServiceUsers] = await Promise.all([
    step('keys', 'legacy', v2ApiKeys(opts.legacy)),
    step('organizations', 'legacy', v2Organizations(opts.legacy)),
    step('members', 'legacy', v2Members(opts.legacy)),
    (async () => {
      progress({ step: 'roles', done: false });
      const r = await explainAuth('legacy', v2Roles(opts.legacy));
      progress({ step: 'roles', done: true, count: r.length });
      return r;
    })(),
    auditAfter === null ? Promise.resolve([] as V2AuditLog[]) : step('audit', 'legacy', v2AuditLogs(opts.legacy, { after: auditAfter })),
    step('service-users', 'v3', v3ServiceUsers(opts.v3)),
  ]);

  // Org roles: one list per organization (far fewer calls than one per member).
  progress({ step: 'org-members', done: false });
  const orgRoleRows = await mapLimit(rawOrgs, concurrency, (o) => explainAuth('legacy', collect(v2OrganizationMembers(opts.legacy, o.org_id))));
  progress({ step: 'org-members', done: true, count: orgRoleRows.reduce((n, r) => n + r.length, 0) });

  const orgRolesByUser = new Map<string, Member['orgRoles']>();
  for (const rows of orgRoleRows) {
    for (const r of rows) {
      const list = orgRolesByUser.get(r.user_id) ?? [];
      list.push({ orgId: r.org_id, roleId: r.org_role, roleName: r.org_role_name });
      orgRolesByUser.set(r.user_id, list);
    }
  }

  const organizations: Organization[] = rawOrgs.map((o) => ({ orgId: o.org_id, name: o.org_name })).sort(byString((o) => o.orgId));
  const members: Member[] = rawMembers
    .map((m) => ({
      userId: m.user_id,
      email: m.email,
      name: m.name,
      enterpriseRole: m.enterprise_role,
      orgRoles: (orgRolesByUser.get(m.user_id) ?? []).sort(byString((r) => `${r.orgId}\u0000${r.roleId}`)),
    }))
    .sort(byString((m) => m.userId));
  const roles: Role[] = rawRoles
    .map((r) => ({ roleId: r.role_id, roleName: r.role_name, level: roleLevelOf(r.role_type) }))
    .sort(byString((r) => r.roleId));
  const keys: LegacyKey[] = rawKeys.map(toLegacyKey).sort(byString((k) => k.id));
  const auditEvidence = rawAudit
    .filter((a) => KEY_CREATION_ACTIONS.includes(a.action))
    .map((a) => ({ auditLogId: a.audit_log_id, action: a.action, createdAt: a.created_at, userId: a.user_id, userEmail: a.user_email, orgId: a.org_id }))
    .sort(byString((a) => a.auditLogId));
  const serviceUsers = rawServiceUsers.map(toServiceUser).sort(byString((s) => s.serviceUserId));

  const doc: InventoryDocument = {
    kind: INVENTORY_KIND,
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    apiBase: opts.legacy.baseUrl,
    generatedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, now() - started),
    collectedBy: { userId: self.user_id, email: self.user_email },
    organizations,
    members,
    roles,
    keys,
    auditEvidence,
    serviceUsers,
  };
  // The document is a contract: check it as the planner will read it.
  return InventoryDocument.parse(doc);
}
