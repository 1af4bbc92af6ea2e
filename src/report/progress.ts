// Where each legacy key stands, from every document given: the inventory (a service user with
// the planned name already exists), the plan (a replacement is planned, or the key is to be
// revoked without one), the journal (created, token stored, verify's checks and observed use,
// revoked) and the verify result (token verified, used since). The rule for "safe to revoke" is
// the one `devin-migrate revoke` applies, so this list is what revoke would do.
import type { InventoryDocument, LegacyKey } from '../documents/inventory.js';
import type { JournalRecord } from '../documents/journal.js';
import type { PlanAction, PlanDocument } from '../documents/plan.js';
import type { VerifyDocument, VerifyEntry } from '../documents/verify.js';
import { serviceUserNames } from '../plan/naming.js';
import { verifyHistory } from '../provision/verify-evidence.js';
import type { KeyState, StepStatus } from './types.js';

export interface KeyProgress {
  key: LegacyKey;
  state: KeyState;
  serviceUser: string | null;
  /** The plan's op for the key, `excluded`, or null without a plan. */
  op: string | null;
  created: StepStatus;
  verified: StepStatus;
  usedSince: StepStatus;
  revoked: boolean;
  note: string;
}

export interface ProgressInputs {
  inventory: InventoryDocument;
  plan?: PlanDocument | undefined;
  journal?: readonly JournalRecord[] | undefined;
  verify?: VerifyDocument | undefined;
}

/** Service users that already exist under the name the planner would give a key. */
function existingReplacements(inventory: InventoryDocument): Map<string, string> {
  const existing = new Set(inventory.serviceUsers.map((u) => u.name));
  const out = new Map<string, string>();
  if (existing.size === 0 || inventory.keys.length === 0) return out;
  for (const [keyId, name] of serviceUserNames(inventory.keys)) if (existing.has(name)) out.set(keyId, name);
  return out;
}

function fromInventory(inventory: InventoryDocument): Map<string, KeyProgress> {
  const replaced = existingReplacements(inventory);
  const out = new Map<string, KeyProgress>();
  for (const key of inventory.keys) {
    const su = replaced.get(key.id) ?? null;
    out.set(key.id, {
      key,
      state: su ? 'created' : 'unplanned',
      serviceUser: su,
      op: null,
      created: su ? 'done' : 'pending',
      verified: 'unknown',
      usedSince: 'unknown',
      revoked: false,
      note: su ? 'a service user with the default planned name exists; plan and verify it' : 'no plan yet',
    });
  }
  return out;
}

/** What the journal and the verify result say about one plan action. */
interface ActionFacts {
  created: StepStatus;
  createNote: string | null;
  tokenNote: string | null;
  verified: StepStatus;
  verifyNote: string | null;
  usedSince: StepStatus;
  usedAt: string | null;
}

function journalFacts(records: readonly JournalRecord[], action: PlanAction): ActionFacts {
  const f: ActionFacts = { created: 'pending', createNote: null, tokenNote: null, verified: 'unknown', verifyNote: null, usedSince: 'unknown', usedAt: null };
  for (const r of records) {
    if (r.action !== action.id) continue;
    if (r.event === 'create-result' || r.event === 'found') Object.assign(f, { created: 'done', createNote: null });
    else if (r.event === 'create-failed' && f.created !== 'done') Object.assign(f, { created: 'failed', createNote: `create failed: ${r.reason}` });
    else if (r.event === 'token-stored') f.tokenNote = `token stored (${r.sinks.join(', ')})`;
    else if (r.event === 'token-failed') f.tokenNote = `token not stored: ${r.reason}`;
  }
  const h = verifyHistory(records, action.id);
  if (h.latest) {
    f.verified = h.latest.ok ? 'done' : 'failed';
    f.verifyNote = h.latest.ok ? null : [h.latest.detail.outcome ?? 'not verified', h.latest.detail.text].filter(Boolean).join(': ');
    if (h.latest.serviceUserId) f.created = 'done';
  }
  if (h.observedUseAt !== null) Object.assign(f, { usedSince: 'done', usedAt: new Date(h.observedUseAt).toISOString() });
  else if (h.latest?.detail.notUsed) f.usedSince = 'pending';
  return f;
}

function applyVerifyEntry(f: ActionFacts, e: VerifyEntry): void {
  if (e.outcome === 'pending') {
    f.created = f.created === 'done' ? f.created : 'pending';
    return;
  }
  if (e.serviceUserId) f.created = 'done';
  f.verified = e.outcome === 'verified' ? 'done' : 'failed';
  f.verifyNote = e.outcome === 'verified' ? null : [e.outcome, ...e.problems].join(': ');
  if (e.usage === 'in-use') Object.assign(f, { usedSince: 'done', usedAt: e.lastUsedAt });
  else if (e.usage === 'unused' && f.usedSince !== 'done') f.usedSince = 'pending';
}

function planOnly(p: KeyProgress, a: PlanAction): void {
  p.op = a.op;
  p.serviceUser = a.serviceUser?.name ?? null;
  if (a.op === 'noop') Object.assign(p, { state: 'created', created: 'done', note: 'replacement already exists; run verify' });
  else if (a.op === 'create') Object.assign(p, { state: 'planned', created: 'pending', note: 'apply the plan to create the replacement' });
  else {
    // revoke-only: nothing to create, verify or wait for; `revoke` retires the key as it is.
    Object.assign(p, { state: 'planned', created: 'n/a', verified: 'n/a', usedSince: 'n/a', note: `no replacement needed: ${a.reasons.op.replace(/^revoke only: /, '')}` });
  }
}

function withFacts(p: KeyProgress, f: ActionFacts): void {
  p.created = f.created === 'pending' && p.created === 'done' ? 'done' : f.created;
  p.verified = f.verified;
  p.usedSince = f.usedSince;
  if (p.created === 'done') p.state = p.verified !== 'done' ? 'created' : p.usedSince === 'done' ? 'in-use' : 'verified';
  if (p.created === 'failed') p.note = f.createNote ?? 'create failed';
  else if (p.verified === 'failed') p.note = `token check failed: ${f.verifyNote ?? 'see the journal'}`;
  else if (p.verified === 'done' && p.usedSince === 'done') p.note = `verified; used ${f.usedAt ?? 'since'}: safe to revoke`;
  else if (p.verified === 'done') p.note = 'verified, not used yet: deploy the new token where the code runs, then verify again';
  else if (p.created === 'done') p.note = `${f.tokenNote ? `${f.tokenNote}; ` : ''}run verify`;
}

export function keyProgress(inputs: ProgressInputs): Map<string, KeyProgress> {
  const out = fromInventory(inputs.inventory);
  const { plan, journal, verify } = inputs;
  if (!plan) return out;
  const verifyByAction = new Map((verify?.serviceUsers ?? []).map((e) => [e.action, e]));
  const revokes = new Map<string, { ok: boolean; reason: string }>();
  for (const r of journal ?? []) if (r.event === 'revoke-result') revokes.set(r.keyId, { ok: r.ok, reason: r.reason });

  for (const a of plan.actions) {
    let facts: ActionFacts | null = null;
    if (a.serviceUser && (journal || verify)) {
      facts = journal ? journalFacts(journal, a) : { created: 'pending', createNote: null, tokenNote: null, verified: 'unknown', verifyNote: null, usedSince: 'unknown', usedAt: null };
      const entry = verifyByAction.get(a.id);
      // The verify document is a snapshot; a later verify result in the journal wins.
      const latestJournalVerify = journal ? verifyHistory(journal, a.id).latest?.at ?? '' : '';
      if (entry && verify && verify.generatedAt >= latestJournalVerify) applyVerifyEntry(facts, entry);
    }
    for (const k of a.keys) {
      const p = out.get(k.keyId);
      if (!p) continue; // a plan from another inventory: the inventory decides which keys exist
      planOnly(p, a);
      if (facts) withFacts(p, facts);
      const rv = revokes.get(k.keyId);
      if (rv?.ok) Object.assign(p, { revoked: true, state: 'revoked', note: `legacy key revoked (${rv.reason})` });
      else if (rv) p.note = `revoke failed: ${rv.reason}`;
    }
  }
  for (const x of plan.excluded) {
    const p = out.get(x.keyId);
    if (!p) continue;
    Object.assign(p, { op: 'excluded', state: 'unplanned', serviceUser: null, created: 'n/a', verified: 'n/a', usedSince: 'n/a', note: `excluded: ${x.reason}` });
  }
  return out;
}
