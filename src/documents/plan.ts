// The plan document: what `devin-migrate plan` writes and `apply`/`verify`/`revoke` read.
// Deterministic (no clock), never carries a key or token value: keys are named by id and by
// their redacted form when the inventory had one.
import { z } from 'zod';

export const PLAN_KIND = 'devin-migrate/plan';
export const PLAN_SCHEMA_VERSION = 1;

export const InputRef = z.object({
  /** As given on the command line, relative to the plan file's folder when possible. */
  path: z.string(),
  sha256: z.string(),
});
export type InputRef = z.infer<typeof InputRef>;

/** The live facts a plan depends on; `apply` re-reads them and refuses when they moved. */
export const StateFacts = z.object({
  organizations: z.array(z.object({ orgId: z.string(), name: z.string() })),
  keys: z.array(z.object({ id: z.string(), type: z.string(), orgId: z.string(), ownerUserId: z.string().nullable() })),
  /** Members who own a legacy key: their enterprise role and org roles decide the plan. */
  owners: z.array(
    z.object({ userId: z.string(), email: z.string(), enterpriseRole: z.string().nullable(), orgRoles: z.array(z.string()) }),
  ),
  roles: z.array(z.object({ roleId: z.string(), level: z.string() })),
  /** Service users the plan counts as already migrated (by name). */
  serviceUsers: z.array(z.object({ name: z.string(), serviceUserId: z.string() })),
});
export type StateFacts = z.infer<typeof StateFacts>;

export const PlanKeyRef = z.object({
  keyId: z.string(),
  type: z.enum(['personal', 'service']),
  /** `apk_user_…abcd`, or null when the inventory never saw the value. */
  redacted: z.string().nullable(),
  createdAt: z.string(),
});
export type PlanKeyRef = z.infer<typeof PlanKeyRef>;

export const PlanOp = z.enum(['create', 'noop', 'revoke-only']);
export type PlanOp = z.infer<typeof PlanOp>;

export const PlanServiceUser = z.object({
  name: z.string(),
  scope: z.enum(['org', 'enterprise']),
  /** The org it is provisioned in; null for enterprise scope. */
  orgId: z.string().nullable(),
  roleId: z.string(),
  ttlSeconds: z.number().int().nullable(),
  /** Set for `noop`: the service user that already carries the planned name. */
  existingId: z.string().nullable(),
});
export type PlanServiceUser = z.infer<typeof PlanServiceUser>;

export const PlanAction = z.object({
  /** Stable id: the service-user name for create/noop, `revoke:<key id>` for revoke-only. */
  id: z.string(),
  op: PlanOp,
  orgId: z.string(),
  orgName: z.string(),
  owner: z.object({ userId: z.string().nullable(), email: z.string().nullable() }).nullable(),
  keys: z.array(PlanKeyRef),
  serviceUser: PlanServiceUser.nullable(),
  /** Code moving to this service user passes `create_as_user_id` with this user id. */
  attribution: z.object({ createAsUserId: z.string() }).nullable(),
  permissions: z.object({
    needed: z.array(z.string()),
    /** What the chosen role grants, when known (built-in, or a roleMap entry with permissions). */
    granted: z.array(z.string()).nullable(),
    /** Granted but not needed. */
    extra: z.array(z.string()),
    /** Needed but not granted (a roleMap role that falls short). */
    missing: z.array(z.string()),
    /** The custom role that would be least privilege, when the chosen role grants more. */
    leastPrivilege: z.object({ level: z.enum(['org', 'enterprise']), permissions: z.array(z.string()) }).nullable(),
  }),
  evidence: z.object({
    source: z.enum(['scan', 'default', 'none']),
    findings: z.number().int(),
    files: z.array(z.string()),
    /** Legacy catalogue ids behind the permissions. */
    endpoints: z.array(z.string()),
  }),
  /** One line each: why this scope, role, attribution, name and op. */
  reasons: z.object({ op: z.string(), scope: z.string(), role: z.string(), attribution: z.string(), name: z.string() }),
  warnings: z.array(z.string()),
});
export type PlanAction = z.infer<typeof PlanAction>;

export const ExcludedKey = z.object({
  keyId: z.string(),
  type: z.enum(['personal', 'service']),
  orgId: z.string(),
  orgName: z.string(),
  ownerEmail: z.string().nullable(),
  reason: z.string(),
});

export const PlanSettings = z.object({
  nameTemplate: z.string(),
  grouping: z.enum(['per-key', 'per-owner-org']),
  ttlSeconds: z.number().int().nullable(),
  attribution: z.boolean(),
});

export const PlanDocument = z.object({
  kind: z.literal(PLAN_KIND),
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  apiBase: z.string(),
  /** When the inventory was collected (from the inventory, not the clock). */
  inventoryGeneratedAt: z.string(),
  inputs: z.object({ inventory: InputRef, scan: InputRef.nullable(), config: InputRef.nullable() }),
  fingerprint: z.object({ sha256: z.string(), facts: StateFacts }),
  settings: PlanSettings,
  /** The validated config, kept so `apply --refresh` re-plans with the same choices. */
  config: z.record(z.string(), z.unknown()),
  summary: z.object({
    keys: z.number().int(),
    create: z.number().int(),
    noop: z.number().int(),
    revokeOnly: z.number().int(),
    excluded: z.number().int(),
  }),
  actions: z.array(PlanAction),
  excluded: z.array(ExcludedKey),
  warnings: z.array(z.string()),
});
export type PlanDocument = z.infer<typeof PlanDocument>;
