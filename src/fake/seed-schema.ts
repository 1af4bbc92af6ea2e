// The enterprise seed: the JSON a fake enterprise starts from (fixtures/enterprise/*.json, or
// generateEnterprise()). It holds ids, never key values (see key-values.ts). Timestamps are
// ISO-8601 strings; the fake turns them into numbers once.
import { z } from 'zod';
import { isPermission } from '../catalog/index.js';

export const SEED_KIND = 'devin-migrate/enterprise-seed';
export const SEED_SCHEMA_VERSION = 1;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO-8601 date-time' });
const orgId = z.string().regex(/^org-[A-Za-z0-9_-]+$/, { message: 'must look like org-…' });

export const SeedOrganization = z.object({
  orgId,
  name: z.string().min(1),
  createdAt: isoDate,
  /** A deleted organization: gone from every list, but legacy keys may still point at it. */
  deletedAt: isoDate.nullable().default(null),
  maxCycleAcuLimit: z.number().int().nullable().default(null),
});

export const SeedOrgRole = z.object({ orgId, roleId: z.string().min(1) });

export const SeedUser = z.object({
  userId: z.string().regex(/^user-[A-Za-z0-9_-]+$/, { message: 'must look like user-…' }),
  email: z.string().regex(/^[^@\s]+@[^@\s]+$/, { message: 'must be an email address' }),
  name: z.string().min(1),
  /** `account_admin` = Enterprise Admin (the only role v2 accepts), `account_member`, a custom enterprise role, or null. */
  enterpriseRole: z.string().nullable().default('account_member'),
  orgRoles: z.array(SeedOrgRole).default([]),
  createdAt: isoDate,
  lastLogin: isoDate.nullable().default(null),
  /** The user left the enterprise; their keys may still be live. */
  removedAt: isoDate.nullable().default(null),
});

export const SeedRole = z.object({
  roleId: z.string().min(1),
  roleName: z.string().min(1),
  roleType: z.enum(['org', 'enterprise']),
  permissions: z.array(z.string().refine(isPermission, { message: 'is not a known permission (src/catalog/permissions.ts)' })),
});

export const SeedLegacyKey = z.object({
  id: z.string().regex(/^apk-[A-Za-z0-9]+$/, { message: 'must look like apk-…' }),
  type: z.enum(['personal', 'service']),
  orgId,
  /** Owner of a personal key; null for service keys. */
  userId: z.string().nullable().default(null),
  createdAt: isoDate,
  revokedAt: isoDate.nullable().default(null),
  lastUsedAt: isoDate.nullable().default(null),
  /** The v2 list shows `api_key_value` for this key (downstream redaction is tested with it). */
  exposeValue: z.boolean().default(false),
});

export const SeedServiceUserKey = z.object({
  apiKeyId: z.string().min(1),
  name: z.string().min(1),
  createdAt: isoDate,
  expiresAt: isoDate.nullable().default(null),
  revokedAt: isoDate.nullable().default(null),
  lastUsedAt: isoDate.nullable().default(null),
});

export const SeedServiceUser = z.object({
  serviceUserId: z.string().regex(/^service-user-[A-Za-z0-9_-]+$/, { message: 'must look like service-user-…' }),
  name: z.string().min(1).max(256),
  roleId: z.string().min(1),
  /** Null: an enterprise service user; else the organization it belongs to. */
  orgId: orgId.nullable().default(null),
  createdAt: isoDate,
  expiresAt: isoDate.nullable().default(null),
  deletedAt: isoDate.nullable().default(null),
  apiKeys: z.array(SeedServiceUserKey).default([]),
});

export const SeedSession = z.object({
  sessionId: z.string().regex(/^devin-[A-Za-z0-9]+$/, { message: 'must look like devin-…' }),
  orgId,
  title: z.string(),
  prompt: z.string(),
  status: z.enum(['new', 'claimed', 'running', 'exit', 'error', 'suspended', 'resuming']).default('running'),
  statusDetail: z.string().nullable().default('working'),
  tags: z.array(z.string()).default([]),
  createdAt: isoDate,
  userId: z.string().nullable().default(null),
  serviceUserId: z.string().nullable().default(null),
  /** The legacy key that created it (v1), if any. */
  apiKeyId: z.string().nullable().default(null),
});

export const SeedAuditLog = z.object({
  auditLogId: z.string().min(1),
  action: z.string().min(1),
  createdAt: isoDate,
  orgId: z.string().nullable().default(null),
  userId: z.string().nullable().default(null),
  serviceUserId: z.string().nullable().default(null),
  data: z.record(z.string(), z.unknown()).default({}),
});

export const SeedCredentials = z.object({
  /** A personal key of an Enterprise Admin (v1 + v2). */
  enterpriseAdminKeyId: z.string(),
  /** A service key (v1 only). */
  serviceKeyId: z.string(),
  /** A key of the enterprise service user that may manage service users, members, roles, audit logs. */
  serviceUserKeyId: z.string(),
  /** The organization the demo works in. */
  orgId,
});

export const EnterpriseSeed = z.object({
  kind: z.literal(SEED_KIND),
  schemaVersion: z.literal(SEED_SCHEMA_VERSION),
  name: z.string().min(1),
  /** Clock of the seed: when the snapshot was taken (informational). */
  takenAt: isoDate,
  organizations: z.array(SeedOrganization).min(1),
  users: z.array(SeedUser),
  roles: z.array(SeedRole).default([]),
  legacyKeys: z.array(SeedLegacyKey),
  serviceUsers: z.array(SeedServiceUser),
  sessions: z.array(SeedSession).default([]),
  auditLogs: z.array(SeedAuditLog).default([]),
  credentials: SeedCredentials,
});
export type EnterpriseSeed = z.input<typeof EnterpriseSeed>;
export type ParsedSeed = z.output<typeof EnterpriseSeed>;
