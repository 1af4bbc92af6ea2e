// v2 enterprise response shapes (reference §5). Unknown fields are stripped; the fields the
// toolkit reads are required with their documented types.
import { z } from 'zod';

const nullableString = z.string().nullable();
const optionalNullableString = z.string().nullish().transform((v) => v ?? null);

/** The skip/limit and page/per_page envelope. `next_cursor` is an integer on v2. */
export function v2Envelope<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().nullish(),
    skip: z.number().nullish(),
    limit: z.number().nullish(),
    has_more: z.boolean(),
    next_cursor: z.union([z.number(), z.string()]).nullish(),
  });
}

export const V2Self = z.object({
  api_key_id: optionalNullableString,
  org_id: optionalNullableString,
  user_email: nullableString,
  user_id: nullableString,
});
export type V2Self = z.infer<typeof V2Self>;

export const V2ApiKeyRaw = z.object({
  id: z.string(),
  org_id: z.string(),
  org_name: z.string(),
  user_id: nullableString,
  user_email: nullableString,
  is_service_key: z.boolean(),
  created_at: z.string(),
  // Only read to be redacted at once (see v2.ts); never returned to callers.
  api_key_value: z.string().nullish(),
});

export const V2Member = z.object({
  user_id: z.string(),
  email: z.string(),
  name: optionalNullableString,
  enterprise_role: optionalNullableString,
  created_at: z.string().nullish(),
  last_login: z.string().nullish(),
});
export type V2Member = z.infer<typeof V2Member>;

/** An item of a member's organizations, and of an organization's members. */
export const V2OrgMembership = z.object({
  org_id: z.string(),
  org_name: optionalNullableString,
  user_id: z.string(),
  email: optionalNullableString,
  name: optionalNullableString,
  org_role: z.string(),
  org_role_name: optionalNullableString,
  enterprise_role: optionalNullableString,
});
export type V2OrgMembership = z.infer<typeof V2OrgMembership>;

export const V2Organization = z.object({
  org_id: z.string(),
  org_name: z.string(),
  created_at: z.string().nullish(),
});
export type V2Organization = z.infer<typeof V2Organization>;

export const V2Role = z.object({
  role_id: z.string(),
  role_name: z.string(),
  role_type: z.string(),
});
export type V2Role = z.infer<typeof V2Role>;

export const V2AuditLog = z.object({
  audit_log_id: z.string(),
  action: z.string(),
  created_at: z.string(),
  user_id: optionalNullableString,
  user_email: optionalNullableString,
  org_id: optionalNullableString,
  data: z.record(z.string(), z.unknown()).nullish(),
});
export type V2AuditLog = z.infer<typeof V2AuditLog>;

export const V2AuditLogPage = z.object({ audit_logs: z.array(V2AuditLog) });

export const V2Status = z.object({ status: z.string() });
