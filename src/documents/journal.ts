// The apply/verify/revoke journal: JSON Lines, append-only, one record per line, fsynced per
// line. Records say what was about to be sent (intent) and what came back (result), by id only:
// never a token, never a key value.
import { z } from 'zod';

export const JOURNAL_VERSION = 1;

const base = {
  v: z.literal(JOURNAL_VERSION),
  /** Wall-clock time of the record (ISO). */
  at: z.string(),
  /** Plan action id (the service-user name, or `revoke:<key id>`); `*` for run-level records. */
  action: z.string(),
};

export const JournalRecord = z.discriminatedUnion('event', [
  z.object({ ...base, event: z.literal('run-start'), command: z.enum(['apply', 'verify', 'revoke']), planSha256: z.string(), pid: z.number().int() }),
  z.object({
    ...base,
    event: z.literal('create-intent'),
    name: z.string(),
    scope: z.enum(['org', 'enterprise']),
    orgId: z.string().nullable(),
    roleId: z.string(),
    attempt: z.number().int(),
  }),
  z.object({ ...base, event: z.literal('create-result'), serviceUserId: z.string() }),
  z.object({
    ...base,
    event: z.literal('create-failed'),
    status: z.number().int().nullable(),
    /** The API's reason (redacted), or the network error. */
    reason: z.string(),
    /** The request may have been carried out: look up by name before trying again. */
    ambiguous: z.boolean(),
  }),
  /** A service user with the planned name exists; `ours` when this journal shows our create intent. */
  z.object({ ...base, event: z.literal('found'), serviceUserId: z.string(), ours: z.boolean() }),
  z.object({ ...base, event: z.literal('rotate-intent'), serviceUserId: z.string(), apiKeyId: z.string().nullable() }),
  z.object({ ...base, event: z.literal('rotate-result'), serviceUserId: z.string(), oldApiKeyId: z.string().nullable(), apiKeyId: z.string() }),
  z.object({ ...base, event: z.literal('rotate-failed'), serviceUserId: z.string(), status: z.number().int().nullable(), reason: z.string(), ambiguous: z.boolean() }),
  z.object({
    ...base,
    event: z.literal('token-stored'),
    serviceUserId: z.string(),
    apiKeyId: z.string().nullable(),
    /** `file:<path>` and/or `cmd`. */
    sinks: z.array(z.string()),
  }),
  z.object({ ...base, event: z.literal('token-failed'), serviceUserId: z.string(), reason: z.string() }),
  z.object({ ...base, event: z.literal('verify'), serviceUserId: z.string().nullable(), ok: z.boolean(), detail: z.string() }),
  z.object({ ...base, event: z.literal('revoke-intent'), keyId: z.string() }),
  z.object({ ...base, event: z.literal('revoke-result'), keyId: z.string(), ok: z.boolean(), status: z.number().int().nullable(), reason: z.string() }),
  z.object({
    ...base,
    event: z.literal('run-end'),
    counts: z.record(z.string(), z.number().int()),
  }),
]);
export type JournalRecord = z.infer<typeof JournalRecord>;
export type JournalEvent = JournalRecord['event'];
