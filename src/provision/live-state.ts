// Before apply changes anything: re-read the live state the plan was computed from (with the
// inventory's own collection code) and refuse the plan when it moved, or re-plan (--refresh).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ApiClient } from '../api/index.js';
import type { InventoryDocument } from '../documents/inventory.js';
import type { PlanDocument } from '../documents/plan.js';
import { readDocument } from '../documents/read.js';
import { ScanDocument } from '../documents/scan.js';
import { InputError, SafetyError } from '../errors.js';
import { collectInventory, type InventoryProgress } from '../inventory/index.js';
import { buildPlan } from '../plan/build.js';
import { parsePlanConfig } from '../plan/config.js';
import { canonicalJson, diffFacts, sha256, stateFacts } from '../plan/fingerprint.js';

/** The plan no longer matches the enterprise; `changes` says what moved. */
export class StalePlanError extends SafetyError {
  constructor(readonly changes: readonly string[]) {
    super(`the plan is stale: ${changes.length} change(s) in the live state since it was made`, {
      hint: 'run plan again from a fresh inventory, or pass --refresh to re-plan from the live state and apply that',
    });
  }
}

export async function readLiveInventory(
  legacy: ApiClient,
  v3: ApiClient,
  opts: { concurrency?: number; onProgress?: (p: InventoryProgress) => void } = {},
): Promise<InventoryDocument> {
  // Audit logs only inform the inventory summary, never the plan: skip them.
  return collectInventory({ legacy, v3, auditDays: 0, concurrency: opts.concurrency ?? 4, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
}

/** What moved between the plan's facts and the live state (empty: nothing). */
export function driftOf(plan: PlanDocument, live: InventoryDocument): string[] {
  const watched = plan.actions.filter((a) => a.op === 'noop' && a.serviceUser).map((a) => a.serviceUser!.name);
  return diffFacts(plan.fingerprint.facts, stateFacts(live, watched));
}

/** One line per action that differs between two plans. */
export function diffPlans(before: PlanDocument, after: PlanDocument): string[] {
  const a = new Map(before.actions.map((x) => [x.id, x]));
  const b = new Map(after.actions.map((x) => [x.id, x]));
  const describe = (x: PlanDocument['actions'][number]) =>
    x.serviceUser ? `${x.op} ${x.serviceUser.scope} ${x.serviceUser.roleId} (${x.keys.map((k) => k.keyId).join(', ')})` : `${x.op} (${x.keys.map((k) => k.keyId).join(', ')})`;
  const out: string[] = [];
  for (const [id, x] of a) {
    const y = b.get(id);
    if (!y) out.push(`- ${id}: ${describe(x)}`);
    else if (describe(x) !== describe(y)) out.push(`~ ${id}: ${describe(x)} -> ${describe(y)}`);
  }
  for (const [id, y] of b) if (!a.has(id)) out.push(`+ ${id}: ${describe(y)}`);
  return out;
}

/** Re-plan from the live state with the plan's own config and scan. */
export function replan(plan: PlanDocument, planPath: string, live: InventoryDocument): PlanDocument {
  const config = parsePlanConfig(plan.config, `the config kept in ${planPath}`);
  let scan: ScanDocument | null = null;
  let scanRef = plan.inputs.scan;
  if (plan.inputs.scan) {
    const scanPath = resolve(dirname(resolve(planPath)), plan.inputs.scan.path);
    if (!existsSync(scanPath)) {
      throw new InputError(`--refresh needs the scan result the plan was made with, ${scanPath}, which is gone`, {
        hint: 'restore it, or run plan again instead of --refresh',
      });
    }
    scan = readDocument(scanPath, ScanDocument, 'scan result');
    scanRef = { path: plan.inputs.scan.path, sha256: sha256(readFileSync(scanPath)) };
  }
  const liveFacts = { ...live, generatedAt: '', durationMs: 0 };
  return buildPlan({
    inventory: live,
    scan,
    config,
    inputs: {
      inventory: { path: `live:${live.apiBase}`, sha256: sha256(canonicalJson(liveFacts)) },
      scan: scanRef,
      config: plan.inputs.config,
    },
  });
}
