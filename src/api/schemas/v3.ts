// v3 response shapes (reference §6). Unknown fields are stripped; the fields the toolkit reads
// are required with their documented types.
import { z } from 'zod';

const optionalNullableString = z.string().nullish().transform((v) => v ?? null);
/** v3 times are Unix seconds; tolerate ISO strings from older generations. */
const time = z.union([z.number(), z.string()]);

/** The cursor envelope `{ items, end_cursor, has_next_page, total }`. */
export function v3Page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    end_cursor: z.string().nullish(),
    has_next_page: z.boolean().nullish(),
    total: z.number().nullish(),
  });
}

export const V3Self = z.object({
  principal_type: z.string().nullish(),
  service_user_id: optionalNullableString,
  service_user_name: optionalNullableString,
  user_id: optionalNullableString,
  user_name: optionalNullableString,
  org_id: optionalNullableString,
});
export type V3Self = z.infer<typeof V3Self>;

export const V3RoleRef = z.object({
  role_id: z.string(),
  role_name: optionalNullableString,
  role_type: z.string(),
});

export const V3Role = z.object({
  role_id: z.string(),
  role_name: z.string(),
  role_type: z.string(),
});
export type V3Role = z.infer<typeof V3Role>;

export const V3RoleAssignment = z.object({
  role: V3RoleRef,
  org_id: optionalNullableString,
});

export const V3ServiceUser = z.object({
  service_user_id: z.string(),
  name: z.string(),
  expires_at: z.number().nullish().transform((v) => v ?? null),
  role_assignments: z.array(V3RoleAssignment),
});
export type V3ServiceUser = z.infer<typeof V3ServiceUser>;

/** Provisioning answer; `token` is shown once and goes straight to the secrets sink. */
export const V3ProvisionedServiceUser = z.object({
  service_user: V3ServiceUser,
  token: z.string(),
});
export type V3ProvisionedServiceUser = z.infer<typeof V3ProvisionedServiceUser>;

export const V3ApiKey = z.object({
  api_key_id: z.string(),
  api_key_name: optionalNullableString,
  created_at: time.nullish(),
  expires_at: time.nullish(),
  is_active: z.boolean(),
  last_used_at: time.nullish(),
  revoked_at: time.nullish(),
});
export type V3ApiKey = z.infer<typeof V3ApiKey>;

/** A created or rotated key; `token` is shown once. */
export const V3ApiKeyWithToken = z.object({
  api_key_id: z.string(),
  api_key_name: optionalNullableString,
  token: z.string(),
});
export type V3ApiKeyWithToken = z.infer<typeof V3ApiKeyWithToken>;

export const V3Organization = z.object({
  org_id: z.string(),
  name: z.string(),
});
export type V3Organization = z.infer<typeof V3Organization>;

export const V3User = z.object({
  user_id: z.string(),
  email: z.string(),
  name: optionalNullableString,
  role_assignments: z.array(V3RoleAssignment).nullish().transform((v) => v ?? []),
});
export type V3User = z.infer<typeof V3User>;

export const V3Session = z.object({
  session_id: z.string(),
  url: z.string().nullish(),
  status: z.string(),
  status_detail: z.string().nullish(),
  title: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  org_id: z.string(),
  user_id: optionalNullableString,
  service_user_id: optionalNullableString,
  created_at: time,
  updated_at: time.nullish(),
  acus_consumed: z.number().nullish(),
  pull_requests: z.array(z.object({ pr_url: z.string(), pr_state: z.string().nullish() })).nullish(),
});
export type V3Session = z.infer<typeof V3Session>;

export const V3Message = z.object({
  event_id: z.string(),
  message: z.string(),
  source: z.string().nullish(),
  created_at: time,
});
export type V3Message = z.infer<typeof V3Message>;
