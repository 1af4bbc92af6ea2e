// The inventory document: what `devin-migrate inventory` writes and `plan`/`report` read.
// Never carries a key value: keys are identified by id, type, owner and org.
import { z } from 'zod';

export const INVENTORY_KIND = 'devin-migrate/inventory';
export const INVENTORY_SCHEMA_VERSION = 1;

export const LegacyKey = z.object({
  id: z.string(),
  type: z.enum(['personal', 'service']),
  orgId: z.string(),
  orgName: z.string(),
  /** Null for service keys. */
  ownerUserId: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  createdAt: z.string(),
  /** `apk_user_…abcd` when the API disclosed the value (redacted at once), else null. */
  redacted: z.string().nullable(),
});
export type LegacyKey = z.infer<typeof LegacyKey>;

export const Organization = z.object({ orgId: z.string(), name: z.string() });
export type Organization = z.infer<typeof Organization>;

export const OrgRole = z.object({ orgId: z.string(), roleId: z.string(), roleName: z.string().nullable() });

export const Member = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  /** v2 `enterprise_role` (e.g. `account_admin`), or null. */
  enterpriseRole: z.string().nullable(),
  orgRoles: z.array(OrgRole),
});
export type Member = z.infer<typeof Member>;

export const Role = z.object({
  roleId: z.string(),
  roleName: z.string(),
  /** Normalised: `org` or `enterprise` (v2 says `account`). */
  level: z.enum(['org', 'enterprise']),
});
export type Role = z.infer<typeof Role>;

export const AuditEvidence = z.object({
  auditLogId: z.string(),
  action: z.string(),
  createdAt: z.string(),
  userId: z.string().nullable(),
  userEmail: z.string().nullable(),
  orgId: z.string().nullable(),
});

export const ServiceUser = z.object({
  serviceUserId: z.string(),
  name: z.string(),
  expiresAt: z.number().nullable(),
  roleAssignments: z.array(
    z.object({ roleId: z.string(), roleName: z.string().nullable(), level: z.enum(['org', 'enterprise']), orgId: z.string().nullable() }),
  ),
});
export type ServiceUser = z.infer<typeof ServiceUser>;

export const InventoryDocument = z.object({
  kind: z.literal(INVENTORY_KIND),
  schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
  apiBase: z.string(),
  generatedAt: z.string(),
  durationMs: z.number(),
  /** Who ran it (v2 self). */
  collectedBy: z.object({ userId: z.string().nullable(), email: z.string().nullable() }),
  organizations: z.array(Organization),
  members: z.array(Member),
  roles: z.array(Role),
  keys: z.array(LegacyKey),
  auditEvidence: z.array(AuditEvidence),
  serviceUsers: z.array(ServiceUser),
});
export type InventoryDocument = z.infer<typeof InventoryDocument>;
