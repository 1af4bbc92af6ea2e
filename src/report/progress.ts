// Where each legacy key stands, from every document given: the inventory (a service user with
// the planned name already exists), the plan (a replacement is planned, or the key is to be
// revoked without one), the journal (the replacement was created, the legacy key revoked) and
// the verify result (the token works, it was used since).
import type { InventoryDocument, LegacyKey } from '../documents/inventory.js';
import type { JournalRecord } from '../documents/journal.js';
import type { PlanDocument } from '../documents/plan.js';
import { serviceUserNames } from '../plan/naming.js';
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

function applyPlan(out: Map<string, KeyProgress>, plan: PlanDocument): void {
  for (const a of plan.actions) {
    for (const k of a.keys) {
      const p = out.get(k.keyId);
      if (!p) continue; // a plan from another inventory: the inventory decides which keys exist
      p.op = a.op;
      p.serviceUser = a.serviceUser?.name ?? null;
      if (a.op === 'noop') {
        Object.assign(p, { state: 'created', created: 'done', note: 'replacement already exists; verify its token' });
      } else if (a.op === 'create') {
        Object.assign(p, { state: 'planned', created: 'pending', note: 'apply the plan to create the replacement' });
      } else {
        Object.assign(p, { state: 'planned', created: 'unknown', note: `no replacement: ${a.reasons.op}` });
      }
    }
  }
  for (const x of plan.excluded) {
    const p = out.get(x.keyId);
    if (!p) continue;
    Object.assign(p, { op: 'excluded', state: 'unplanned', serviceUser: null, created: 'unknown', note: `excluded: ${x.reason}` });
  }
}

/** What the journal says about one plan action, in record order (later records win). */
interface ActionLog {
  created: StepStatus;
  createNote: string | null;
  tokenStored: boolean;
  tokenNote: string | null;
  verified: StepStatus;
  verifyNote: string | null;
}

function actionLogs(records: readonly JournalRecord[]): { actions: Map<string, ActionLog>; revokes: Map<string, { ok: boolean; reason: string }> } {
  const actions = new Map<string, ActionLog>();
  const revokes = new Map<string, { ok: boolean; reason: string }>();
  const log = (id: string) => {
    let l = actions.get(id);
    if (!l) actions.set(id, (l = { created: 'pending', createNote: null, tokenStored: false, tokenNote: null, verified: 'unknown', verifyNote: null }));
    return l;
  };
  for (const r of records) {
    switch (r.event) {
      case 'create-result':
      case 'found':
        Object.assign(log(r.action), { created: 'done', createNote: null });
        break;
      case 'create-failed':
        if (log(r.action).created !== 'done') Object.assign(log(r.action), { created: 'failed', createNote: `create failed: ${r.reason}` });
        break;
      case 'token-stored':
        Object.assign(log(r.action), { tokenStored: true, tokenNote: `token stored (${r.sinks.join(', ')})` });
        break;
      case 'token-failed':
        Object.assign(log(r.action), { tokenStored: false, tokenNote: `token not stored: ${r.reason}` });
        break;
      case 'verify':
        Object.assign(log(r.action), { verified: r.ok ? 'done' : 'failed', verifyNote: r.detail });
        break;
      case 'revoke-result':
        revokes.set(r.keyId, { ok: r.ok, reason: r.reason });
        break;
      default:
        break;
    }
  }
  return { actions, revokes };
}

function applyJournal(out: Map<string, KeyProgress>, plan: PlanDocument, records: readonly JournalRecord[]): void {
  const { actions, revokes } = actionLogs(records);
  for (const a of plan.actions) {
    const l = actions.get(a.id);
    for (const k of a.keys) {
      const p = out.get(k.keyId);
      if (!p) continue;
      if (l && a.serviceUser) {
        if (l.created === 'done') p.created = 'done';
        else if (l.created === 'failed' && p.created !== 'done') p.created = 'failed';
        if (l.verified !== 'unknown') p.verified = l.verified;
        if (p.created === 'done') p.state = p.verified === 'done' ? 'verified' : 'created';
        p.note =
          p.created === 'failed'
            ? l.createNote ?? 'create failed'
            : p.verified === 'failed'
              ? `token check failed: ${l.verifyNote ?? 'see the journal'}`
              : p.verified === 'done'
                ? l.verifyNote ?? 'token verified'
                : p.created === 'done'
                  ? `${l.tokenNote ?? 'replacement exists'}; run verify`
                  : p.note;
      }
      const rv = revokes.get(k.keyId);
      if (rv?.ok) Object.assign(p, { revoked: true, state: 'revoked', note: 'legacy key revoked' });
      else if (rv) p.note = `revoke failed: ${rv.reason}`;
    }
  }
}

export function keyProgress(inputs: ProgressInputs): Map<string, KeyProgress> {
  const out = fromInventory(inputs.inventory);
  if (inputs.plan) applyPlan(out, inputs.plan);
  if (inputs.plan && inputs.journal) applyJournal(out, inputs.plan, inputs.journal);
  return out;
}
