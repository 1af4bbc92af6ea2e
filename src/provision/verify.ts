// Owned by the verify/revoke helper; apply's helper: do not implement these.
// Verification of provisioned service users: each new token answers GET /v3/self as the planned
// principal in the planned org, the service user holds the planned role, and the evidence that
// the integration switched over (a key used by someone other than verify; see verify-evidence.ts).
// Nothing here prints; results are journaled (ids and outcomes only) and returned.
import {
  ApiHttpError,
  collect,
  mapLimit,
  v3Self,
  v3ServiceUserKeys,
  v3ServiceUsers,
  type ApiClient,
  type V3ServiceUser,
} from '../api/index.js';
import { keyWorksWith, redactText } from '../catalog/index.js';
import type { PlanAction, PlanDocument } from '../documents/plan.js';
import {
  VERIFY_KIND,
  VERIFY_SCHEMA_VERSION,
  type UsageState,
  type VerifyDocument,
  type VerifyEntry,
  type VerifyOutcome,
} from '../documents/verify.js';
import { actionState, type Journal } from './journal.js';
import type { SecretsReader } from './secrets-read.js';
import { tokenKindLabel } from './secrets-read.js';
import {
  DEFAULT_USE_MARGIN_S,
  apiTimeMs,
  foreignUse,
  formatVerifyIntent,
  formatVerifyResult,
  ownUseFloor,
  verifyHistory,
} from './verify-evidence.js';

export type VerifyEvent = { type: 'checked'; entry: VerifyEntry; done: number; total: number };

export interface VerifyOptions {
  plan: PlanDocument;
  planSha256: string;
  /** Enterprise service-user token (lists service users and their keys; GETs only). */
  v3: ApiClient;
  journal: Journal;
  /** Null when no secrets file was given: `create` actions are then `missing-token`. */
  secrets: SecretsReader | null;
  useMarginS?: number;
  concurrency?: number;
  now?: () => number;
  onEvent?: (e: VerifyEvent) => void;
}

/** The actions that have a service user to verify. */
export function verifiableActions(plan: PlanDocument): PlanAction[] {
  return plan.actions.filter((a) => (a.op === 'create' || a.op === 'noop') && a.serviceUser);
}

function roleIdsOf(su: V3ServiceUser, orgId: string | null): string[] {
  return su.role_assignments.filter((r) => (r.org_id ?? null) === orgId).map((r) => r.role.role_id);
}

function allRoleIds(su: V3ServiceUser): string[] {
  return su.role_assignments.map((r) => (r.org_id ? `${r.role.role_id}@${r.org_id}` : r.role.role_id));
}

/** Latest `last_used_at` of each key of a service user (ms), all keys, revoked ones included. */
async function keyUses(v3: ApiClient, serviceUserId: string): Promise<(number | null)[]> {
  const keys = await collect(v3ServiceUserKeys(v3, serviceUserId, { status: 'all' }));
  return keys.map((k) => apiTimeMs(k.last_used_at));
}

const maxOf = (xs: readonly (number | null)[]) => xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : Math.max(m, x)), null);
const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function verifyPlan(opts: VerifyOptions): Promise<VerifyDocument> {
  const now = opts.now ?? Date.now;
  const marginMs = (opts.useMarginS ?? DEFAULT_USE_MARGIN_S) * 1000;
  const actions = verifiableActions(opts.plan);
  const records = [...opts.journal.records];
  // One listing of every live service user: ids, names and role assignments.
  const live = actions.length > 0 ? await collect(v3ServiceUsers(opts.v3)) : [];
  const byId = new Map(live.map((s) => [s.service_user_id, s]));
  const byName = new Map<string, V3ServiceUser[]>();
  for (const s of live) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);

  let done = 0;
  const entries = await mapLimit(actions, Math.max(1, opts.concurrency ?? 4), async (action) => {
    const entry = await verifyOne(action);
    done++;
    opts.onEvent?.({ type: 'checked', entry, done, total: actions.length });
    return entry;
  });

  async function verifyOne(action: PlanAction): Promise<VerifyEntry> {
    const su = action.serviceUser!;
    const history = verifyHistory(records, action.id);
    const stored = action.op === 'create' ? opts.secrets?.get(su.name) : undefined;
    const entry: VerifyEntry = {
      action: action.id,
      op: action.op as 'create' | 'noop',
      name: su.name,
      serviceUserId: null,
      planned: { scope: su.scope, orgId: su.orgId, roleId: su.roleId },
      found: null,
      checks: { token: 'skipped', principal: 'skipped', org: 'skipped', role: 'skipped' },
      outcome: 'pending',
      problems: [],
      notes: [],
      usage: 'unknown',
      lastUsedAt: null,
      ownCheckAt: isoOrNull(history.lastOwnCheck),
      legacyKeyIds: action.keys.map((k) => k.keyId),
    };

    // Which service user: the one the journal (or the secrets file, or the plan) names, else the
    // only live one with the planned name.
    const expectedId =
      (action.op === 'noop' ? su.existingId : null) ?? actionState(records, action.id).serviceUserId ?? stored?.serviceUserId ?? null;
    const named = byName.get(su.name) ?? [];
    let target: V3ServiceUser | undefined = expectedId ? byId.get(expectedId) : undefined;
    if (!target && !expectedId && named.length === 1) target = named[0];
    if (!target) {
      entry.serviceUserId = expectedId;
      if (expectedId) entry.problems.push(`service user ${expectedId} (named by the journal) does not exist any more`);
      else if (named.length > 1) entry.problems.push(`${named.length} service users are named ${su.name}; none is recorded in the journal`);
      else entry.problems.push(`no service user named ${su.name} yet: run apply`);
      return finish(entry, 'pending', null, null, null);
    }
    entry.serviceUserId = target.service_user_id;
    const roleIds = roleIdsOf(target, su.orgId);
    entry.found = { principalId: null, principalName: null, orgId: null, roleIds: allRoleIds(target) };
    entry.checks.role = roleIds.includes(su.roleId) ? 'ok' : 'mismatch';
    if (entry.checks.role === 'mismatch') {
      const what = `the service user holds ${entry.found.roleIds.join(', ') || 'no role'}, the plan says ${su.roleId}${su.orgId ? ` in ${su.orgId}` : ' (enterprise)'}`;
      // An existing service user (noop) keeps its role: the plan warned about the difference.
      if (action.op === 'noop') entry.notes.push(`role: ${what}; the plan leaves existing service users unchanged (see its warnings)`);
      else entry.problems.push(`role: ${what}`);
    }

    // Use by someone else since verify's earlier checks, read BEFORE this run's own call.
    const before = await keyUses(opts.v3, target.service_user_id);
    const seenNow = foreignUse(before, ownUseFloor(opts.plan, action, history), marginMs);
    const usedAt = seenNow ?? history.observedUseAt;

    if (action.op === 'noop') {
      // devin-migrate never held this token: identity from the listing only.
      entry.found.orgId = target.role_assignments[0]?.org_id ?? null;
      entry.checks.org = target.role_assignments.some((r) => (r.org_id ?? null) === su.orgId) ? 'ok' : 'mismatch';
      if (entry.checks.org === 'mismatch') entry.problems.push(`org: the service user is not assigned in ${su.orgId ?? 'the enterprise'}`);
      entry.checks.principal = target.name === su.name ? 'ok' : 'mismatch';
      const outcome: VerifyOutcome = entry.problems.length === 0 ? 'verified' : 'mismatch';
      return finish(entry, outcome, null, null, usedAt, 'existed before the plan; token not held by devin-migrate, checked through the enterprise listing');
    }

    if (!stored) {
      entry.checks.token = 'mismatch';
      entry.problems.push(opts.secrets ? `no token for ${su.name} in ${opts.secrets.path} (${opts.secrets.where(su.name)})` : 'no secrets file given (--secrets-out)');
      return finish(entry, 'missing-token', null, null, usedAt);
    }
    if (stored.serviceUserId && stored.serviceUserId !== target.service_user_id) {
      entry.problems.push(`the secrets file says the token belongs to ${stored.serviceUserId}, the journal says ${target.service_user_id}`);
    }
    if (!keyWorksWith(stored.token, 'v3')) {
      entry.checks.token = 'mismatch';
      entry.problems.push(`the stored value for ${su.name} is ${tokenKindLabel(stored.token)}, not a service-user token`);
      return finish(entry, 'rejected', null, null, usedAt);
    }

    // The own check: journaled before it is sent, so it is never mistaken for use later.
    const ownAt = now();
    opts.journal.append({ action: action.id, event: 'verify', serviceUserId: target.service_user_id, ok: false, detail: formatVerifyIntent(ownAt) });
    entry.ownCheckAt = isoOrNull(ownAt);
    const client = opts.v3.withKey(stored.token, { readOnly: true });
    let self;
    try {
      self = await v3Self(client);
    } catch (e) {
      if (e instanceof ApiHttpError && e.status >= 400 && e.status < 500) {
        entry.checks.token = 'mismatch';
        entry.problems.push(`the token was refused: ${redactText(e.detail ? `${e.status} ${e.detail}` : `${e.status}`)}`);
        return finish(entry, 'rejected', ownAt, null, usedAt);
      }
      throw e;
    }
    entry.checks.token = 'ok';
    // The API's own timestamp of the call just made, when it records use synchronously.
    const after = await keyUses(opts.v3, target.service_user_id);
    const apiSeen = maxOf(after);

    entry.found.principalId = self.service_user_id;
    entry.found.principalName = self.service_user_name;
    entry.found.orgId = self.org_id;
    entry.checks.principal = self.service_user_id === target.service_user_id && self.service_user_name === su.name ? 'ok' : 'mismatch';
    if (entry.checks.principal === 'mismatch') {
      entry.problems.push(
        `principal: the token is ${self.service_user_name ?? '?'} (${self.service_user_id ?? self.principal_type ?? 'not a service user'}), the plan expects ${su.name} (${target.service_user_id})`,
      );
    }
    entry.checks.org = (self.org_id ?? null) === su.orgId ? 'ok' : 'mismatch';
    if (entry.checks.org === 'mismatch') entry.problems.push(`org: the token is scoped to ${self.org_id ?? 'the enterprise'}, the plan says ${su.orgId ?? 'the enterprise'}`);
    const outcome: VerifyOutcome = entry.problems.length === 0 ? 'verified' : 'mismatch';
    return finish(entry, outcome, ownAt, apiSeen, usedAt);
  }

  function finish(entry: VerifyEntry, outcome: VerifyOutcome, ownAt: number | null, apiSeen: number | null, usedAt: number | null, note?: string): VerifyEntry {
    entry.outcome = outcome;
    const usage: UsageState = entry.serviceUserId === null || outcome === 'pending' ? 'unknown' : usedAt !== null ? 'in-use' : 'unused';
    entry.usage = usage;
    entry.lastUsedAt = isoOrNull(usedAt);
    const text = [note, ...entry.problems, ...entry.notes].filter(Boolean).join(', ');
    opts.journal.append({
      action: entry.action,
      event: 'verify',
      serviceUserId: entry.serviceUserId,
      ok: outcome === 'verified',
      detail: formatVerifyResult({ outcome, ownCheckAt: ownAt, apiSeenAt: apiSeen, usage, usedAt, text }),
    });
    return entry;
  }

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const count = (o: VerifyOutcome) => entries.filter((e) => e.outcome === o).length;
  return {
    kind: VERIFY_KIND,
    schemaVersion: VERIFY_SCHEMA_VERSION,
    apiBase: opts.plan.apiBase,
    planSha256: opts.planSha256,
    journal: opts.journal.path,
    generatedAt: new Date(now()).toISOString(),
    useMarginSeconds: Math.round(marginMs / 1000),
    summary: {
      total: entries.length,
      verified: count('verified'),
      inUse: entries.filter((e) => e.usage === 'in-use').length,
      mismatch: count('mismatch'),
      missingToken: count('missing-token'),
      rejected: count('rejected'),
      pending: count('pending'),
    },
    serviceUsers: entries,
    revokeOnly: opts.plan.actions
      .filter((a) => a.op === 'revoke-only')
      .map((a) => ({ action: a.id, legacyKeyIds: a.keys.map((k) => k.keyId), reason: a.reasons.op })),
  };
}

/** Every replacement verified and in use: nothing left for the integration to do. */
export function verifyComplete(doc: VerifyDocument): boolean {
  return doc.serviceUsers.every((e) => e.outcome === 'verified' && e.usage === 'in-use');
}
