// Typed calls to the v1 API (personal apk_user_ or service apk_ key). Kept for verification
// and the demo: showing a legacy call before it is rewritten.
import type { ApiClient } from './client.js';
import { legacyRef } from './endpoints.js';
import { paginateV1 } from './paginate.js';
import { V1CreatedSession, V1MessageSent, V1Session } from './schemas/v1.js';

export type { V1CreatedSession, V1Session } from './schemas/v1.js';

export interface V1CreateSessionInput {
  prompt: string;
  title?: string;
  tags?: string[];
  idempotent?: boolean;
  [field: string]: unknown;
}

export function v1CreateSession(client: ApiClient, body: V1CreateSessionInput): Promise<V1CreatedSession> {
  return client.request({ endpoint: legacyRef('v1.sessions.create'), body, schema: V1CreatedSession });
}

export function v1Sessions(client: ApiClient, opts: { limit?: number; userEmail?: string; tags?: string[] } = {}): AsyncGenerator<V1Session> {
  return paginateV1(client, {
    endpoint: legacyRef('v1.sessions.list'),
    envelope: 'sessions',
    query: { user_email: opts.userEmail, tags: opts.tags },
    item: V1Session,
    pageSize: opts.limit,
  });
}

export function v1Session(client: ApiClient, sessionId: string): Promise<V1Session> {
  return client.request({ endpoint: legacyRef('v1.sessions.get'), params: { session_id: sessionId }, schema: V1Session });
}

/** Send a message; resolves to the API's `detail` when it declined (e.g. suspended), else null. */
export async function v1SendMessage(client: ApiClient, sessionId: string, message: string): Promise<string | null> {
  const r = await client.request({
    endpoint: legacyRef('v1.sessions.message'),
    params: { session_id: sessionId },
    body: { message },
    schema: V1MessageSent,
  });
  return r?.detail ?? null;
}
