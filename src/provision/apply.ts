// `apply`: check the plan against the live state, then converge every action with bounded
// concurrency, journaling each remote write, and hand new tokens to the secrets sink at once.
// Nothing here prints; progress goes through `onEvent`.
import { mapLimit, type ApiClient } from '../api/index.js';
import type { InventoryDocument } from '../documents/inventory.js';
import type { PlanDocument } from '../documents/plan.js';
import type { InventoryProgress } from '../inventory/index.js';
import { ActionConverger, liveByName, type ActionResult } from './apply-action.js';
import type { Journal } from './journal.js';
import { StalePlanError, diffPlans, driftOf, readLiveInventory, replan } from './live-state.js';
import type { TokenSinks } from './secrets.js';

export type ApplyEvent =
  | { type: 'phase'; phase: 'live-state' | 'lookup' | 'provision'; detail?: string }
  | { type: 'inventory'; progress: InventoryProgress }
  | { type: 'would'; method: string; path: string; note: string }
  | { type: 'action-start'; id: string; name: string }
  | { type: 'action-done'; result: ActionResult; done: number; total: number };

export interface PrepareOptions {
  plan: PlanDocument;
  planPath: string;
  /** Enterprise Admin's personal key (reads only). */
  legacy: ApiClient;
  v3: ApiClient;
  /** Re-plan from the live state instead of refusing a stale plan. */
  refresh: boolean;
  concurrency?: number;
  onEvent?: (e: ApplyEvent) => void;
}

export interface Prepared {
  /** The plan to apply: the given one, or the refreshed one. */
  plan: PlanDocument;
  live: InventoryDocument;
  /** Set with --refresh when the live state had moved. */
  refreshed: { stateChanges: string[]; planChanges: string[] } | null;
}

/** Re-read the live state; refuse a stale plan (StalePlanError) or re-plan with `refresh`. */
export async function prepareApply(opts: PrepareOptions): Promise<Prepared> {
  opts.onEvent?.({ type: 'phase', phase: 'live-state' });
  const live = await readLiveInventory(opts.legacy, opts.v3, {
    concurrency: opts.concurrency ?? 4,
    onProgress: (progress) => opts.onEvent?.({ type: 'inventory', progress }),
  });
  const changes = driftOf(opts.plan, live);
  if (changes.length === 0) return { plan: opts.plan, live, refreshed: null };
  if (!opts.refresh) throw new StalePlanError(changes);
  const plan = replan(opts.plan, opts.planPath, live);
  return { plan, live, refreshed: { stateChanges: changes, planChanges: diffPlans(opts.plan, plan) } };
}

export interface ApplyOptions {
  plan: PlanDocument;
  v3: ApiClient;
  journal: Journal;
  /** Null only in a dry run. */
  sinks: TokenSinks | null;
  dryRun: boolean;
  concurrency: number;
  onEvent?: (e: ApplyEvent) => void;
  /** Attempts per create or rotate (default 8). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ApplySummary {
  dryRun: boolean;
  created: ActionResult[];
  rotated: ActionResult[];
  present: ActionResult[];
  failed: ActionResult[];
  skipped: ActionResult[];
  wouldCreate: ActionResult[];
  wouldRotate: ActionResult[];
  /** Keys the plan lists as revoke only (nothing to provision). */
  revokeOnly: number;
  tokensStored: number;
  sinks: string[];
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function applyPlan(opts: ApplyOptions): Promise<ApplySummary> {
  const emit = (e: ApplyEvent) => opts.onEvent?.(e);
  const { plan } = opts;
  const toConverge = plan.actions.filter((a) => a.op === 'create' && a.serviceUser);
  const noops = plan.actions.filter((a) => a.op === 'noop' && a.serviceUser);

  emit({ type: 'phase', phase: 'lookup' });
  const live = toConverge.length > 0 ? await liveByName(opts.v3) : new Map();
  const ctx = {
    v3: opts.v3,
    journal: opts.journal,
    sinks: opts.sinks,
    dryRun: opts.dryRun,
    live,
    stopped: { value: false, reason: '' },
    maxAttempts: opts.maxAttempts ?? 8,
    sleep: opts.sleep ?? defaultSleep,
    onWould: (method: string, path: string, note: string) => emit({ type: 'would', method, path, note }),
  };
  const converger = new ActionConverger(ctx);
  emit({ type: 'phase', phase: 'provision', detail: `${toConverge.length} service user(s)` });
  let done = 0;
  // A dry run goes one by one so its list of calls reads in order.
  const results = await mapLimit(toConverge, opts.dryRun ? 1 : Math.max(1, opts.concurrency), async (action) => {
    emit({ type: 'action-start', id: action.id, name: action.serviceUser!.name });
    const r = await converger.converge(action);
    done++;
    emit({ type: 'action-done', result: r, done, total: toConverge.length });
    return r;
  });
  for (const a of noops) {
    results.push({
      id: a.id,
      name: a.serviceUser!.name,
      outcome: 'present',
      serviceUserId: a.serviceUser!.existingId,
      detail: 'already migrated when the plan was made',
      status: null,
    });
  }
  const by = (o: ActionResult['outcome']) => results.filter((r) => r.outcome === o).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const created = by('created');
  const rotated = by('rotated');
  return {
    dryRun: opts.dryRun,
    created,
    rotated,
    present: by('present'),
    failed: by('failed'),
    skipped: by('skipped'),
    wouldCreate: by('would-create'),
    wouldRotate: by('would-rotate'),
    revokeOnly: plan.actions.filter((a) => a.op === 'revoke-only').length,
    tokensStored: created.length + rotated.length,
    sinks: opts.sinks?.labels ?? [],
  };
}
