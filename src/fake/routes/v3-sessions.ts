// v3 sessions (reference §6.5): create (with create_as_user_id), list, get, messages, tags,
// archive, terminate; plus the enterprise-wide read twins.
import { z } from 'zod';
import type { FakeEnterprise, SessionRec } from '../enterprise.js';
import { v3Page } from '../paginate.js';
import { boolQuery, invalid, json, problem, readBody, unix } from '../respond.js';
import type { V3Route } from '../route.js';
import { missingPermission } from '../auth.js';
import { sessionItem, sessionOr404 } from './v3-shapes.js';

const CreateBody = z.object({
  prompt: z.string().min(1),
  title: z.string().nullable().optional(),
  tags: z.array(z.string()).max(50).nullable().optional(),
  create_as_user_id: z.string().min(1).nullable().optional(),
  playbook_id: z.string().nullable().optional(),
});

const TagsBody = z.object({ tags: z.array(z.string()).max(50) });

function newSession(state: FakeEnterprise, fields: Partial<SessionRec> & { orgId: string; prompt: string }): SessionRec {
  const now = state.now();
  const sessionId = state.newId('devin-');
  const s: SessionRec = {
    sessionId,
    title: fields.title ?? fields.prompt.slice(0, 60),
    status: 'running',
    statusDetail: 'working',
    tags: [],
    createdAt: now,
    updatedAt: now,
    userId: null,
    serviceUserId: null,
    apiKeyId: null,
    playbookId: null,
    isArchived: false,
    origin: 'api',
    messages: [],
    ...fields,
  };
  s.messages.push({ eventId: state.newId('event-', 12), createdAt: now, message: s.prompt, source: 'user', userId: s.userId });
  state.sessions.set(sessionId, s);
  return s;
}

export { newSession };

function listSessions(state: FakeEnterprise, orgId: string | null, query: URLSearchParams): SessionRec[] {
  const ids = query.getAll('session_ids');
  const tags = query.getAll('tags');
  return [...state.sessions.values()]
    .filter((s) => orgId === null || s.orgId === orgId)
    .filter((s) => orgId !== null || !query.get('org_id') || s.orgId === query.get('org_id'))
    .filter((s) => ids.length === 0 || ids.includes(s.sessionId))
    .filter((s) => tags.length === 0 || tags.every((t) => s.tags.includes(t)))
    .reverse(); // newest first
}

function mutable(s: SessionRec): void {
  if (s.isArchived) throw problem(400, `Session ${s.sessionId} is archived and cannot be modified`);
}

export const V3_SESSION_ROUTES: Record<string, V3Route> = {
  'org.sessions.create': async ({ state, request, params, principal }) => {
    const body = await readBody(request, CreateBody);
    const orgId = params.org_id!;
    let userId: string | null = null;
    if (body.create_as_user_id) {
      if (!principal.permissions.has('ImpersonateOrgSessions')) missingPermission('ImpersonateOrgSessions');
      const perms = state.userPermissionsIn(body.create_as_user_id, orgId);
      if (perms === null) {
        throw invalid(['body', 'create_as_user_id'], `User ${body.create_as_user_id} is not a member of organization ${orgId}`, 'value_error');
      }
      if (!perms.has('UseDevinSessions')) {
        throw invalid(['body', 'create_as_user_id'], `User ${body.create_as_user_id} lacks UseDevinSessions in organization ${orgId}`, 'value_error');
      }
      userId = body.create_as_user_id;
    }
    const s = newSession(state, {
      orgId,
      prompt: body.prompt,
      ...(body.title ? { title: body.title } : {}),
      tags: body.tags ?? [],
      userId,
      serviceUserId: principal.serviceUser.serviceUserId,
      playbookId: body.playbook_id ?? null,
    });
    state.audit({ action: 'create_session', orgId, userId, serviceUserId: principal.serviceUser.serviceUserId, data: { session_id: s.sessionId } });
    return json(sessionItem(s));
  },

  'org.sessions.list': ({ state, params, query }) => {
    const page = v3Page(query, listSessions(state, params.org_id!, query));
    return json({ ...page, items: page.items.map(sessionItem) });
  },

  'org.sessions.get': ({ state, params }) => json(sessionItem(sessionOr404(state, params.org_id!, params.devin_id!))),

  'org.sessions.messages.list': ({ state, params, query }) => {
    const s = sessionOr404(state, params.org_id!, params.devin_id!);
    const page = v3Page(query, s.messages);
    return json({
      ...page,
      items: page.items.map((m) => ({ event_id: m.eventId, created_at: unix(m.createdAt), message: m.message, source: m.source })),
    });
  },

  'org.sessions.messages.send': async ({ state, request, params }) => {
    const s = sessionOr404(state, params.org_id!, params.devin_id!);
    const body = await readBody(request, z.object({ message: z.string().min(1), message_as_user_id: z.string().nullable().optional() }));
    mutable(s);
    s.messages.push({ eventId: state.newId('event-', 12), createdAt: state.now(), message: body.message, source: 'user', userId: body.message_as_user_id ?? null });
    // Sending a message resumes a suspended session (reference §6.5).
    if (s.status === 'suspended') s.status = 'resuming';
    s.updatedAt = state.now();
    return json(sessionItem(s));
  },

  'org.sessions.terminate': ({ state, params, query }) => {
    const s = sessionOr404(state, params.org_id!, params.devin_id!);
    if (s.status === 'exit') throw problem(400, `Session ${s.sessionId} already exited`);
    s.status = 'exit';
    s.statusDetail = 'user_request';
    if (boolQuery(query, 'archive', false)) s.isArchived = true;
    s.updatedAt = state.now();
    return json(sessionItem(s));
  },

  'org.sessions.archive': ({ state, params }) => {
    const s = sessionOr404(state, params.org_id!, params.devin_id!);
    s.isArchived = true;
    if (s.status === 'running') s.status = 'suspended';
    s.updatedAt = state.now();
    return json(sessionItem(s));
  },

  'org.sessions.tags.get': ({ state, params }) => json({ tags: sessionOr404(state, params.org_id!, params.devin_id!).tags }),

  'org.sessions.tags.replace': async ({ state, request, params }) => {
    const s = sessionOr404(state, params.org_id!, params.devin_id!);
    const body = await readBody(request, TagsBody);
    mutable(s);
    s.tags = [...new Set(body.tags)];
    return json({ tags: s.tags });
  },

  'org.sessions.tags.append': async ({ state, request, params }) => {
    const s = sessionOr404(state, params.org_id!, params.devin_id!);
    const body = await readBody(request, TagsBody);
    mutable(s);
    const tags = [...new Set([...s.tags, ...body.tags])];
    if (tags.length > 50) throw invalid(['body', 'tags'], 'A session may carry at most 50 tags', 'too_big');
    s.tags = tags;
    return json({ tags: s.tags });
  },

  'enterprise.sessions.list': ({ state, query }) => {
    const page = v3Page(query, listSessions(state, null, query));
    return json({ ...page, items: page.items.map(sessionItem) });
  },

  'enterprise.sessions.get': ({ state, params }) => json(sessionItem(sessionOr404(state, null, params.devin_id!))),
};
