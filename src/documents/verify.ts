// The verify result document (`devin-migrate verify --json`) and the revoke result document
// (`devin-migrate revoke --json`). Ids, names, outcomes and times only: never a token or key value.
import { z } from 'zod';

export const VERIFY_KIND = 'devin-migrate/verify';
export const REVOKE_KIND = 'devin-migrate/revoke';
export const VERIFY_SCHEMA_VERSION = 1;

/**
 * verified: the token answered GET /v3/self as the planned service user, in the planned org, and
 *   the service user holds the planned role (for `noop` actions, whose token devin-migrate never
 *   held, the role and org are checked through the enterprise listing only).
 * mismatch: the token works but the principal, org or role differ from the plan.
 * missing-token: the service user exists but the secrets file has no token for it.
 * rejected: the API refused the token (401/403: revoked, expired or wrong).
 * pending: no service user with the planned name exists yet (apply has not run for it).
 */
export const VerifyOutcome = z.enum(['verified', 'mismatch', 'missing-token', 'rejected', 'pending']);
export type VerifyOutcome = z.infer<typeof VerifyOutcome>;

/** in-use: a key of the service user was used by someone other than verify itself. */
export const UsageState = z.enum(['in-use', 'unused', 'unknown']);
export type UsageState = z.infer<typeof UsageState>;

export const CheckState = z.enum(['ok', 'mismatch', 'skipped']);

export const VerifyEntry = z.object({
  /** Plan action id (the service-user name). */
  action: z.string(),
  op: z.enum(['create', 'noop']),
  name: z.string(),
  /** The service user the journal (or the listing) names; null when none exists. */
  serviceUserId: z.string().nullable(),
  planned: z.object({ scope: z.enum(['org', 'enterprise']), orgId: z.string().nullable(), roleId: z.string() }),
  /** What the API said: GET /v3/self with the token, and the role from the enterprise listing. */
  found: z
    .object({
      principalId: z.string().nullable(),
      principalName: z.string().nullable(),
      orgId: z.string().nullable(),
      roleIds: z.array(z.string()),
    })
    .nullable(),
  checks: z.object({ token: CheckState, principal: CheckState, org: CheckState, role: CheckState }),
  outcome: VerifyOutcome,
  /** One line per problem found (ids and role names only); any problem fails verification. */
  problems: z.array(z.string()),
  /** Observations that do not fail verification (e.g. an existing service user's other role, which the plan leaves unchanged). */
  notes: z.array(z.string()),
  usage: UsageState,
  /** Latest use by someone other than verify (ISO), when in use. */
  lastUsedAt: z.string().nullable(),
  /** When verify itself last used the token (ISO, local clock), or null. */
  ownCheckAt: z.string().nullable(),
  /** The legacy keys this service user replaces (revoked by `revoke` once it is in use). */
  legacyKeyIds: z.array(z.string()),
});
export type VerifyEntry = z.infer<typeof VerifyEntry>;

export const VerifyDocument = z.object({
  kind: z.literal(VERIFY_KIND),
  schemaVersion: z.literal(VERIFY_SCHEMA_VERSION),
  apiBase: z.string(),
  planSha256: z.string(),
  journal: z.string(),
  generatedAt: z.string(),
  /** A use counts only when later than verify's own last check by more than this. */
  useMarginSeconds: z.number().int(),
  summary: z.object({
    total: z.number().int(),
    verified: z.number().int(),
    inUse: z.number().int(),
    mismatch: z.number().int(),
    missingToken: z.number().int(),
    rejected: z.number().int(),
    pending: z.number().int(),
  }),
  serviceUsers: z.array(VerifyEntry),
  /** Plan actions that revoke a key with no replacement (nothing to verify). */
  revokeOnly: z.array(z.object({ action: z.string(), legacyKeyIds: z.array(z.string()), reason: z.string() })),
});
export type VerifyDocument = z.infer<typeof VerifyDocument>;

/**
 * revoked: revoked by this run. already-revoked: gone from the live list, or the API said so
 * (404/409, or 401 for the key the run itself used). would-revoke: dry run. waiting: the
 * replacement is not verified or not in use yet. declined: not confirmed. failed: the API refused.
 */
export const RevokeOutcome = z.enum(['revoked', 'already-revoked', 'would-revoke', 'waiting', 'declined', 'failed']);
export type RevokeOutcome = z.infer<typeof RevokeOutcome>;

export const RevokeEntry = z.object({
  keyId: z.string(),
  action: z.string(),
  op: z.enum(['create', 'noop', 'revoke-only']),
  /** The replacement service user's name, or null for revoke-only. */
  replacement: z.string().nullable(),
  outcome: RevokeOutcome,
  /** Why it was (or would be, or was not) revoked. */
  reason: z.string(),
  status: z.number().int().nullable(),
});
export type RevokeEntry = z.infer<typeof RevokeEntry>;

export const RevokeDocument = z.object({
  kind: z.literal(REVOKE_KIND),
  schemaVersion: z.literal(VERIFY_SCHEMA_VERSION),
  apiBase: z.string(),
  planSha256: z.string(),
  journal: z.string(),
  dryRun: z.boolean(),
  forceUnused: z.boolean(),
  generatedAt: z.string(),
  summary: z.object({
    planned: z.number().int(),
    revoked: z.number().int(),
    alreadyRevoked: z.number().int(),
    wouldRevoke: z.number().int(),
    waiting: z.number().int(),
    declined: z.number().int(),
    failed: z.number().int(),
  }),
  keys: z.array(RevokeEntry),
});
export type RevokeDocument = z.infer<typeof RevokeDocument>;
