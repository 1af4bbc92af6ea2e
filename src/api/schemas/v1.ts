// v1 response shapes (reference §4). Unknown fields are stripped.
import { z } from 'zod';

export const V1CreatedSession = z.object({
  session_id: z.string(),
  url: z.string(),
  is_new_session: z.boolean().nullish(),
});
export type V1CreatedSession = z.infer<typeof V1CreatedSession>;

export const V1Session = z.object({
  session_id: z.string(),
  status: z.string(),
  status_enum: z.string().nullish(),
  title: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  requesting_user_email: z.string().nullish(),
  pull_request: z.object({ url: z.string() }).nullish(),
});
export type V1Session = z.infer<typeof V1Session>;

/** `GET /v1/sessions`: `{ sessions: [...] }` (some servers answer a bare array). */
export const V1SessionList = z.union([z.object({ sessions: z.array(V1Session) }), z.array(V1Session)]);

/** Send-message answers null (or nothing) on success, or `{ detail }`. */
export const V1MessageSent = z.union([z.null(), z.object({ detail: z.string().nullish() })]);
