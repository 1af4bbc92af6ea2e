// v1 routes (reference §4): org-scoped to the key's organization; ISO timestamps; the session
// list envelope `{sessions: [...]}`; send-message answers `null`.
import { z } from 'zod';
import type { FakeEnterprise, SessionRec } from '../enterprise.js';
import { v1Offset } from '../paginate.js';
import { detail, iso, json, readBody } from '../respond.js';
import type { LegacyPrincipal, LegacyRoute } from '../route.js';
import { newSession } from './v3-sessions.js';

function statusEnum(s: SessionRec): string {
  if (s.status === 'exit') return 'finished';
  if (s.status === 'suspended') return 'suspend_requested';
  if (s.statusDetail === 'waiting_for_user' || s.statusDetail === 'waiting_for_approval') return 'blocked';
  if (s.statusDetail === 'finished') return 'finished';
  return 'working';
}

function summary(state: FakeEnterprise, s: SessionRec): Record<string, unknown> {
  return {
    session_id: s.sessionId,
    status: s.status,
    title: s.title,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
    snapshot_id: null,
    playbook_id: s.playbookId,
    pull_request: null,
    structured_output: null,
    status_enum: statusEnum(s),
    tags: s.tags,
    requesting_user_email: s.userId ? (state.users.get(s.userId)?.email ?? null) : null,
  };
}

function sessionInKeyOrg(state: FakeEnterprise, principal: LegacyPrincipal, id: string): SessionRec {
  const s = state.sessions.get(id);
  if (!s || s.orgId !== principal.key.orgId) throw detail(404, `Session ${id} not found`);
  return s;
}

const CreateBody = z.object({
  prompt: z.string().min(1),
  idempotent: z.boolean().optional(),
  title: z.string().nullable().optional(),
  tags: z.array(z.string()).nullable().optional(),
  playbook_id: z.string().nullable().optional(),
});

export const V1_ROUTES: Record<string, LegacyRoute> = {
  'v1.sessions.create': async ({ state, request, principal }) => {
    const body = await readBody(request, CreateBody);
    const { key } = principal;
    if (body.idempotent) {
      const same = [...state.sessions.values()].find((s) => s.apiKeyId === key.id && s.prompt === body.prompt && s.status !== 'exit');
      if (same) return json({ session_id: same.sessionId, url: `https://app.devin.ai/sessions/${same.sessionId.replace(/^devin-/, '')}`, is_new_session: false });
    }
    const s = newSession(state, {
      orgId: key.orgId,
      prompt: body.prompt,
      ...(body.title ? { title: body.title } : {}),
      tags: body.tags ?? [],
      userId: key.userId,
      apiKeyId: key.id,
      playbookId: body.playbook_id ?? null,
    });
    state.audit({ action: 'create_session', orgId: key.orgId, userId: key.userId, serviceUserId: null, data: { session_id: s.sessionId, api_key_id: key.id } });
    return json({ session_id: s.sessionId, url: `https://app.devin.ai/sessions/${s.sessionId.replace(/^devin-/, '')}`, is_new_session: true });
  },

  'v1.sessions.list': ({ state, query, principal }) => {
    const email = query.get('user_email');
    const tags = query.getAll('tags');
    const all = [...state.sessions.values()]
      .filter((s) => s.orgId === principal.key.orgId)
      .filter((s) => !email || (s.userId !== null && state.users.get(s.userId)?.email === email))
      .filter((s) => tags.length === 0 || tags.every((t) => s.tags.includes(t)))
      .reverse(); // newest first
    return json({ sessions: v1Offset(query, all).map((s) => summary(state, s)) });
  },

  'v1.sessions.get': ({ state, params, principal }) => {
    const s = sessionInKeyOrg(state, principal, params.session_id!);
    return json({
      ...summary(state, s),
      messages: s.messages.map((m) => ({
        type: m.source === 'devin' ? 'devin_message' : m === s.messages[0] ? 'initial_user_message' : 'user_message',
        event_id: m.eventId,
        message: m.message,
        timestamp: iso(m.createdAt),
        username: m.userId ? (state.users.get(m.userId)?.name ?? null) : null,
        origin: 'api',
        user_id: m.userId,
      })),
    });
  },

  'v1.sessions.message': async ({ state, request, params, principal }) => {
    const s = sessionInKeyOrg(state, principal, params.session_id!);
    const body = await readBody(request, z.object({ message: z.string().min(1) }));
    if (s.status === 'exit') return json({ detail: 'Devin session already exited' });
    s.messages.push({ eventId: state.newId('event-', 12), createdAt: state.now(), message: body.message, source: 'user', userId: principal.key.userId });
    s.updatedAt = state.now();
    return json(null);
  },

  'v1.sessions.tags': async ({ state, request, params, principal }) => {
    const s = sessionInKeyOrg(state, principal, params.session_id!);
    const body = await readBody(request, z.object({ tags: z.array(z.string()) }));
    s.tags = [...new Set(body.tags)];
    return json({ detail: 'Tags updated successfully' });
  },

  'v1.sessions.terminate': ({ state, params, principal }) => {
    const s = sessionInKeyOrg(state, principal, params.session_id!);
    if (s.status === 'exit') throw detail(400, 'Devin session already exited');
    s.status = 'exit';
    s.statusDetail = 'user_request';
    s.updatedAt = state.now();
    return json({ detail: 'Session terminated' });
  },
};
