// Where each legacy key stands, from every document given: the inventory (a service user with
// the planned name already exists), the plan (a replacement is planned, or the key is to be
// revoked without one), the journal (the replacement was created, the legacy key revoked) and
// the verify result (the token works, it was used since).
import type { InventoryDocument, LegacyKey } from '../documents/inventory.js';
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

export function keyProgress(inputs: ProgressInputs): Map<string, KeyProgress> {
  const out = fromInventory(inputs.inventory);
  if (inputs.plan) applyPlan(out, inputs.plan);
  return out;
}
