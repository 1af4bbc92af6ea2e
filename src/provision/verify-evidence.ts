// Owned by the verify/revoke helper.
// What the journal's `verify` records say, and the rule that keeps verify from mistaking its
// own GET /v3/self for the integration's use of a new token.
//
// The problem: the API sets `last_used_at` on a service-user key whenever its token is used, so
// verify's own identity check looks exactly like the integration switching over. The rule:
//   1. Before sending GET /v3/self, verify journals an intent ("own check at T_local").
//   2. Right after, it lists the service user's keys and journals the `last_used_at` the API
//      now shows ("seen by the API at T_api": the server's timestamp of verify's own call,
//      when the API records use synchronously).
//   3. A use counts ("in use") only when a key's `last_used_at` is later than every own check:
//      later than T_api (same clock, exact) AND later than T_local + margin (covers an API
//      that records use lazily, and clock skew up to the margin; default 60 s).
//   4. For a service user that existed before the plan (noop), a use must also be later than
//      the inventory the plan was made from.
//   5. Before its own call, verify reads `last_used_at` and compares it with the previous own
//      checks, so a use between two verify runs is seen even though the second run's own call
//      moves `last_used_at` on; that observation is journaled ("in use: yes, last used T") and
//      stays evidence for later runs and for `revoke`.
// Because the intent is journaled before the call, a crash between the call and its result
// record still leaves the own check on file. The rule needs the same journal across runs: with
// another journal, verify's earlier checks would count as use.
//
// Detail grammar (one line, `; ` between fields, free text last):
//   intent:  `checking; own check at <ISO>`
//   result:  `<outcome>[; own check at <ISO>][; seen by the API at <ISO>][; in use: yes, last used <ISO> | in use: not yet][; <free text>]`
import type { JournalRecord } from '../documents/journal.js';
import type { PlanAction, PlanDocument } from '../documents/plan.js';
import type { VerifyOutcome } from '../documents/verify.js';

export const DEFAULT_USE_MARGIN_S = 60;

const INTENT = 'checking';
const OWN = 'own check at ';
const SEEN = 'seen by the API at ';
const USED = 'in use: yes, last used ';
const UNUSED = 'in use: not yet';

export interface VerifyDetail {
  kind: 'intent' | 'result';
  outcome: VerifyOutcome | null;
  ownCheckAt: number | null;
  apiSeenAt: number | null;
  /** A use by someone else observed by this run (ms), or null. */
  usedAt: number | null;
  /** The run said explicitly it saw no use. */
  notUsed: boolean;
  text: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function formatVerifyIntent(ownCheckAt: number): string {
  return `${INTENT}; ${OWN}${iso(ownCheckAt)}`;
}

export function formatVerifyResult(r: {
  outcome: VerifyOutcome;
  ownCheckAt: number | null;
  apiSeenAt: number | null;
  usage: 'in-use' | 'unused' | 'unknown';
  usedAt: number | null;
  text?: string;
}): string {
  const parts: string[] = [r.outcome];
  if (r.ownCheckAt !== null) parts.push(`${OWN}${iso(r.ownCheckAt)}`);
  if (r.apiSeenAt !== null) parts.push(`${SEEN}${iso(r.apiSeenAt)}`);
  if (r.usage === 'in-use' && r.usedAt !== null) parts.push(`${USED}${iso(r.usedAt)}`);
  else if (r.usage === 'unused') parts.push(UNUSED);
  // Free text last, on one line, without the separator that would make it look like a field.
  if (r.text) parts.push(r.text.replace(/\s*\n\s*/g, ' ').replace(/;\s/g, ', '));
  return parts.join('; ');
}

const OUTCOMES = new Set<string>(['verified', 'mismatch', 'missing-token', 'rejected', 'pending']);

function time(s: string): number | null {
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

export function parseVerifyDetail(detail: string): VerifyDetail {
  const parts = detail.split('; ');
  const head = parts[0] ?? '';
  const out: VerifyDetail = {
    kind: head === INTENT ? 'intent' : 'result',
    outcome: OUTCOMES.has(head) ? (head as VerifyOutcome) : null,
    ownCheckAt: null,
    apiSeenAt: null,
    usedAt: null,
    notUsed: false,
    text: '',
  };
  const free: string[] = [];
  for (const p of parts.slice(1)) {
    if (free.length === 0 && p.startsWith(OWN)) out.ownCheckAt = time(p.slice(OWN.length));
    else if (free.length === 0 && p.startsWith(SEEN)) out.apiSeenAt = time(p.slice(SEEN.length));
    else if (free.length === 0 && p.startsWith(USED)) out.usedAt = time(p.slice(USED.length));
    else if (free.length === 0 && p === UNUSED) out.notUsed = true;
    else free.push(p);
  }
  out.text = free.join('; ');
  return out;
}

export interface VerifyHistory {
  /** Latest own check (local clock, ms), intent or result. */
  lastOwnCheck: number | null;
  /** Latest `last_used_at` the API showed right after an own check (server clock, ms). */
  lastApiSeen: number | null;
  /** Latest use by someone else any verify run observed (ms). */
  observedUseAt: number | null;
  /** The latest result record (not intent) for the action. */
  latest: { ok: boolean; serviceUserId: string | null; at: string; detail: VerifyDetail } | null;
}

/** Everything the journal's verify records say about one plan action. */
export function verifyHistory(records: readonly JournalRecord[], action: string): VerifyHistory {
  const h: VerifyHistory = { lastOwnCheck: null, lastApiSeen: null, observedUseAt: null, latest: null };
  const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  for (const r of records) {
    if (r.event !== 'verify' || r.action !== action) continue;
    const d = parseVerifyDetail(r.detail);
    h.lastOwnCheck = max(h.lastOwnCheck, d.ownCheckAt);
    h.lastApiSeen = max(h.lastApiSeen, d.apiSeenAt);
    h.observedUseAt = max(h.observedUseAt, d.usedAt);
    if (d.kind === 'result') h.latest = { ok: r.ok, serviceUserId: r.serviceUserId, at: r.at, detail: d };
  }
  return h;
}

/** Unix seconds or an ISO string (v3 times) to epoch ms. */
export function apiTimeMs(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v * 1000;
  return time(v);
}

/**
 * The latest use of any of these keys that is not verify's own (ms), or null. `before` is the
 * own-check state to compare with (from the journal, plus this run's own check when it was made).
 */
export function foreignUse(
  lastUsed: readonly (number | null)[],
  own: { lastOwnCheck: number | null; lastApiSeen: number | null },
  marginMs: number,
): number | null {
  let best: number | null = null;
  for (const t of lastUsed) {
    if (t === null) continue;
    if (own.lastApiSeen !== null && t <= own.lastApiSeen) continue;
    if (own.lastOwnCheck !== null && t <= own.lastOwnCheck + marginMs) continue;
    if (best === null || t > best) best = t;
  }
  return best;
}

/**
 * What a use must be later than to count. For a service user the plan created: verify's own
 * checks. For one that already existed (noop), also the time of the inventory the plan was made
 * from: its older uses predate the migration and prove nothing about the switch-over.
 */
export function ownUseFloor(plan: PlanDocument, action: PlanAction, h: VerifyHistory): { lastOwnCheck: number | null; lastApiSeen: number | null } {
  if (action.op !== 'noop') return h;
  const inventoryAt = Date.parse(plan.inventoryGeneratedAt);
  if (Number.isNaN(inventoryAt)) return h;
  return { lastOwnCheck: h.lastOwnCheck, lastApiSeen: h.lastApiSeen === null ? inventoryAt : Math.max(h.lastApiSeen, inventoryAt) };
}
