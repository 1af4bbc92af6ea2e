// Owned by the verify/revoke helper; apply's helper: do not implement these.
// Revoke the plan's legacy keys one by one (DELETE /v2/enterprise/api-keys/{id}), only those
// whose replacement verify found working and in use (re-checked live), or that the plan revokes
// without a replacement. Every revocation is journaled before it is sent and after it answers.
// The enterprise-wide revoke-all is not reachable: the client has no function for it and
// refuses its path. Nothing here prints.
import {
  ApiHttpError,
  NetworkError,
  NotFoundError,
  collect,
  v2ApiKeys,
  v2RevokeApiKey,
  v2Self,
  v3ServiceUserKeys,
  type ApiClient,
} from '../api/index.js';
import { redactText } from '../catalog/index.js';
import type { PlanAction, PlanDocument } from '../documents/plan.js';
import { REVOKE_KIND, VERIFY_SCHEMA_VERSION, type RevokeDocument, type RevokeEntry } from '../documents/verify.js';
import { AuthError } from '../errors.js';
import type { Journal } from './journal.js';
import { DEFAULT_USE_MARGIN_S, apiTimeMs, foreignUse, ownUseFloor, verifyHistory } from './verify-evidence.js';

export type RevokeEvent =
  | { type: 'phase'; phase: 'live-keys' | 'use-check' | 'revoke'; detail?: string }
  | { type: 'key'; entry: RevokeEntry };

export interface RevokeCandidate {
  keyId: string;
  action: PlanAction;
}

export interface RevokeOptions {
  plan: PlanDocument;
  planSha256: string;
  /** Enterprise Admin's personal key; read-only in a dry run. */
  legacy: ApiClient;
  /** Enterprise service-user token: re-checks the replacements' key use (GETs only). */
  v3: ApiClient;
  /** Opened for appending, or read-only in a dry run. */
  journal: Journal;
  dryRun: boolean;
  forceUnused: boolean;
  useMarginS?: number;
  /**
   * Asked once, with the keys about to be revoked, before the first DELETE; false declines all.
   * Not called in a dry run or when nothing is eligible.
   */
  confirm: (eligible: readonly RevokeEntry[]) => Promise<boolean>;
  now?: () => number;
  onEvent?: (e: RevokeEvent) => void;
}

/** Every legacy key the plan retires, with its action (create, noop or revoke-only). */
export function revokeCandidates(plan: PlanDocument): RevokeCandidate[] {
  return plan.actions.flatMap((action) => action.keys.map((k) => ({ keyId: k.keyId, action })));
}

/** Keys the journal shows as revoked (or found already revoked) by an earlier run. */
export function journaledRevoked(records: Journal['records']): Set<string> {
  const out = new Set<string>();
  for (const r of records) if (r.event === 'revoke-result' && r.ok) out.add(r.keyId);
  return out;
}

/** Revocations announced whose answer was never recorded (a run that died mid-DELETE). */
export function openRevocations(records: Journal['records']): string[] {
  const open = new Set<string>();
  for (const r of records) {
    if (r.event === 'revoke-intent') open.add(r.keyId);
    else if (r.event === 'revoke-result') open.delete(r.keyId);
  }
  return [...open];
}

/** Keys the journal has not settled yet: what a run still has to look at. */
export function remainingKeys(plan: PlanDocument, records: Journal['records']): RevokeCandidate[] {
  const done = journaledRevoked(records);
  return revokeCandidates(plan).filter((c) => !done.has(c.keyId));
}

function entryOf(c: RevokeCandidate, outcome: RevokeEntry['outcome'], reason: string, status: number | null = null): RevokeEntry {
  return {
    keyId: c.keyId,
    action: c.action.id,
    op: c.action.op,
    replacement: c.action.serviceUser?.name ?? null,
    outcome,
    reason,
    status,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function revokePlan(opts: RevokeOptions): Promise<RevokeDocument> {
  const emit = (e: RevokeEvent) => opts.onEvent?.(e);
  const now = opts.now ?? Date.now;
  const marginMs = (opts.useMarginS ?? DEFAULT_USE_MARGIN_S) * 1000;
  const records = [...opts.journal.records];
  const all = revokeCandidates(opts.plan);
  const doneBefore = journaledRevoked(records);
  const results = new Map<string, RevokeEntry>();
  const settle = (e: RevokeEntry) => {
    results.set(e.keyId, e);
    emit({ type: 'key', entry: e });
  };
  // Records carry the plan action's id (`revoke:<key id>` for revoke-only actions).
  const journalResult = (c: RevokeCandidate, ok: boolean, status: number | null, reason: string) => {
    if (!opts.dryRun) opts.journal.append({ action: c.action.id, event: 'revoke-result', keyId: c.keyId, ok, status, reason });
  };

  for (const c of all) if (doneBefore.has(c.keyId)) settle(entryOf(c, 'already-revoked', 'revoked by an earlier run (journal)'));
  const remaining = all.filter((c) => !doneBefore.has(c.keyId));

  let selfKeyId: string | null = null;
  if (remaining.length > 0) {
    emit({ type: 'phase', phase: 'live-keys' });
    try {
      selfKeyId = (await v2Self(opts.legacy)).api_key_id;
    } catch (e) {
      if (e instanceof ApiHttpError && e.status === 401) {
        const open = openRevocations(records);
        throw new AuthError('the Enterprise Admin key answers 401: it is revoked or invalid', {
          hint:
            open.length > 0
              ? `the journal shows the revocation of ${open.join(', ')} was sent but never answered; if that was this key, it is revoked: pass another Enterprise Admin's key (DEVIN_LEGACY_API_KEY or --legacy-key-file) to finish`
              : 'pass another Enterprise Admin\'s personal key (DEVIN_LEGACY_API_KEY or --legacy-key-file)',
        });
      }
      throw e;
    }
    const live = new Set((await collect(v2ApiKeys(opts.legacy))).map((k) => k.id));
    for (const c of remaining) {
      if (live.has(c.keyId)) continue;
      const reason = 'not in the live key list: already revoked';
      journalResult(c, true, null, reason);
      settle(entryOf(c, 'already-revoked', reason));
    }
  }

  // Decide, per key still live, whether its replacement allows revoking it.
  const toDecide = remaining.filter((c) => !results.has(c.keyId));
  const useChecks = new Map<string, Promise<{ ok: boolean; reason: string }>>();
  if (toDecide.some((c) => c.action.op !== 'revoke-only')) emit({ type: 'phase', phase: 'use-check' });
  const eligible: { c: RevokeCandidate; reason: string }[] = [];
  for (const c of toDecide) {
    if (c.action.op === 'revoke-only') {
      eligible.push({ c, reason: `no replacement needed: ${c.action.reasons.op.replace(/^revoke only: /, '')}` });
      continue;
    }
    let check = useChecks.get(c.action.id);
    if (!check) {
      check = replacementReady(c.action);
      useChecks.set(c.action.id, check);
    }
    const r = await check;
    if (r.ok) eligible.push({ c, reason: r.reason });
    else settle(entryOf(c, 'waiting', r.reason));
  }

  async function replacementReady(action: PlanAction): Promise<{ ok: boolean; reason: string }> {
    const name = action.serviceUser!.name;
    const h = verifyHistory(records, action.id);
    if (!h.latest) return { ok: false, reason: `${name} has not been verified: run devin-migrate verify` };
    if (!h.latest.ok) {
      return { ok: false, reason: `${name} did not pass verification (${h.latest.detail.outcome ?? 'unknown'}${h.latest.detail.text ? `: ${h.latest.detail.text}` : ''}): fix it and run verify again` };
    }
    if (opts.forceUnused) return { ok: true, reason: `${name} verified; use not required (--force-unused)` };
    if (h.observedUseAt !== null) return { ok: true, reason: `${name} verified and in use (verify saw it used at ${iso(h.observedUseAt)})` };
    const suId = h.latest.serviceUserId;
    if (!suId) return { ok: false, reason: `${name}: the journal does not name its service user: run verify again` };
    let uses: (number | null)[];
    try {
      uses = (await collect(v3ServiceUserKeys(opts.v3, suId, { status: 'all' }))).map((k) => apiTimeMs(k.last_used_at));
    } catch (e) {
      if (e instanceof NotFoundError) return { ok: false, reason: `${name}: its service user ${suId} no longer exists` };
      throw e;
    }
    const used = foreignUse(uses, ownUseFloor(opts.plan, action, h), marginMs);
    if (used !== null) return { ok: true, reason: `${name} verified and in use (last used ${iso(used)}, after verification)` };
    return {
      ok: false,
      reason: `${name} is verified but has not been used since verification: deploy its token and let the integration run, then re-run (or pass --force-unused)`,
    };
  }

  // The key this run authenticates with goes last: once it is revoked, nothing else can be.
  eligible.sort((a, b) => Number(a.c.keyId === selfKeyId) - Number(b.c.keyId === selfKeyId));

  if (eligible.length > 0) {
    if (opts.dryRun) {
      for (const { c, reason } of eligible) settle(entryOf(c, 'would-revoke', reason));
    } else {
      const preview = eligible.map(({ c, reason }) => entryOf(c, 'would-revoke', reason));
      if (!(await opts.confirm(preview))) {
        for (const { c } of eligible) settle(entryOf(c, 'declined', 'not confirmed'));
      } else {
        emit({ type: 'phase', phase: 'revoke', detail: `${eligible.length} key(s)` });
        let stop = false;
        for (const { c, reason } of eligible) {
          if (stop) {
            settle(entryOf(c, 'failed', 'not attempted: the Enterprise Admin key answered 401 on an earlier key; pass another admin\'s key and re-run', 401));
            continue;
          }
          opts.journal.append({ action: c.action.id, event: 'revoke-intent', keyId: c.keyId });
          try {
            await v2RevokeApiKey(opts.legacy, c.keyId);
            journalResult(c, true, 200, reason);
            settle(entryOf(c, 'revoked', reason, 200));
          } catch (e) {
            if (e instanceof ApiHttpError && (e.status === 404 || e.status === 409)) {
              const why = `the API says it is already revoked (${e.status})`;
              journalResult(c, true, e.status, why);
              settle(entryOf(c, 'already-revoked', why, e.status));
            } else if (e instanceof ApiHttpError && e.status === 401 && c.keyId === selfKeyId) {
              // The key this run uses answers 401: it is this very key, and it is revoked.
              const why = 'the key in use answers 401: already revoked';
              journalResult(c, true, 401, why);
              settle(entryOf(c, 'already-revoked', why, 401));
            } else if (e instanceof ApiHttpError || e instanceof NetworkError) {
              const status = e instanceof ApiHttpError ? e.status : null;
              const why = redactText(e instanceof ApiHttpError && e.detail ? `${e.status}: ${e.detail}` : e.message);
              journalResult(c, false, status, why);
              settle(entryOf(c, 'failed', why, status));
              // The admin key itself stopped working (revoked by someone, or by this run without
              // the API naming it in v2 self): nothing further can succeed.
              if (status === 401) stop = true;
            } else {
              throw e;
            }
          }
        }
      }
    }
  }

  const keys = all.map((c) => results.get(c.keyId)!).filter(Boolean);
  const n = (o: RevokeEntry['outcome']) => keys.filter((k) => k.outcome === o).length;
  return {
    kind: REVOKE_KIND,
    schemaVersion: VERIFY_SCHEMA_VERSION,
    apiBase: opts.plan.apiBase,
    planSha256: opts.planSha256,
    journal: opts.journal.path,
    dryRun: opts.dryRun,
    forceUnused: opts.forceUnused,
    generatedAt: iso(now()),
    summary: {
      planned: all.length,
      revoked: n('revoked'),
      alreadyRevoked: n('already-revoked'),
      wouldRevoke: n('would-revoke'),
      waiting: n('waiting'),
      declined: n('declined'),
      failed: n('failed'),
    },
    keys,
  };
}
