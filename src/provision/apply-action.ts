// Converge one plan action: make sure exactly one service user with the planned name exists and
// that its token reached the secrets sink. Every remote write is journaled before it is sent
// and after it answers; a POST that failed ambiguously is never sent again before the name has
// been looked up; a token lost between creation and storage is replaced by rotating the key.
import {
  ApiHttpError,
  NetworkError,
  collect,
  v3ProvisionEnterpriseServiceUser,
  v3ProvisionOrgServiceUser,
  v3CreateServiceUserKey,
  v3RotateServiceUserKey,
  v3ServiceUserKeys,
  v3ServiceUsers,
  type ApiClient,
  type V3ServiceUser,
} from '../api/index.js';
import { fillTemplate, redactText, v3Endpoint } from '../catalog/index.js';
import type { PlanAction } from '../documents/plan.js';
import type { Journal } from './journal.js';
import type { TokenSinks } from './secrets.js';

export type ActionOutcome = 'created' | 'rotated' | 'present' | 'failed' | 'skipped' | 'would-create' | 'would-rotate';

export interface ActionResult {
  id: string;
  name: string;
  outcome: ActionOutcome;
  serviceUserId: string | null;
  /** Why: the API's reason for a failure, or what was found. */
  detail: string;
  status: number | null;
  /** The failure came from the secrets sink (the run stops). */
  sinkFailure?: boolean;
}

export interface ConvergeContext {
  v3: ApiClient;
  journal: Journal;
  sinks: TokenSinks | null;
  dryRun: boolean;
  /** Live service users by name (read once at the start). */
  live: Map<string, V3ServiceUser[]>;
  /** Set when a sink failed: no new creation starts. */
  stopped: { value: boolean; reason: string };
  maxAttempts: number;
  sleep: (ms: number) => Promise<void>;
  /** A dry run announces each write it would send. */
  onWould: (method: string, path: string, note: string) => void;
}

interface FailureInfo {
  status: number | null;
  reason: string;
  /** Worth another try (429, 408, 5xx, network). */
  retryable: boolean;
  /** May have been carried out (408, 5xx, a broken connection): look up before sending again. */
  ambiguous: boolean;
  retryAfterMs: number | null;
}

function classify(e: unknown): FailureInfo {
  if (e instanceof ApiHttpError) {
    const reason = redactText(e.detail ? `${e.status}: ${e.detail}` : e.message);
    // A 429 is refused before the server acts on it, so it needs no look-up; 408 and 5xx may
    // have been carried out.
    const ambiguous = e.status === 408 || e.status >= 500;
    return { status: e.status, reason, retryable: ambiguous || e.status === 429, ambiguous, retryAfterMs: e.retryAfterMs };
  }
  if (e instanceof NetworkError) {
    return { status: null, reason: redactText(e.message), retryable: true, ambiguous: e.maybeApplied, retryAfterMs: null };
  }
  throw e;
}

function backoff(attempt: number): number {
  return Math.min(8000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

/** Every live service user with this name (GET, retried by the client). */
export async function lookupByName(v3: ApiClient, name: string): Promise<V3ServiceUser[]> {
  const all = await collect(v3ServiceUsers(v3));
  return all.filter((s) => s.name === name);
}

export async function liveByName(v3: ApiClient): Promise<Map<string, V3ServiceUser[]>> {
  const out = new Map<string, V3ServiceUser[]>();
  for (const s of await collect(v3ServiceUsers(v3))) out.set(s.name, [...(out.get(s.name) ?? []), s]);
  return out;
}

const time = (v: number | string | null | undefined) => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : Date.parse(v) / 1000);

export class ActionConverger {
  constructor(private readonly ctx: ConvergeContext) {}

  private result(action: PlanAction, outcome: ActionOutcome, serviceUserId: string | null, detail: string, status: number | null = null, sinkFailure = false): ActionResult {
    return { id: action.id, name: action.serviceUser!.name, outcome, serviceUserId, detail, status, ...(sinkFailure ? { sinkFailure } : {}) };
  }

  async converge(action: PlanAction): Promise<ActionResult> {
    const { ctx } = this;
    const su = action.serviceUser!;
    const js = ctx.journal.stateOf(action.id);
    if (js.tokenStored && js.serviceUserId) {
      return this.result(action, 'present', js.serviceUserId, 'created by an earlier run; its token was stored then (journal)');
    }
    const live = ctx.live.get(su.name) ?? [];
    if (live.length > 1) {
      return this.result(action, 'failed', null, `${live.length} service users are named ${su.name}; remove the extra ones by hand, then re-run`);
    }
    if (live.length === 1) {
      const found = live[0]!;
      const ours = js.createIntended || js.serviceUserId === found.service_user_id;
      if (!ctx.dryRun) ctx.journal.append({ action: action.id, event: 'found', serviceUserId: found.service_user_id, ours });
      if (!ours) {
        return this.result(action, 'present', found.service_user_id, 'a service user with this name already exists (not created by this plan\'s journal); no new token');
      }
      // Ours, but the token never reached the sink: replace it.
      return this.rotate(action, found.service_user_id);
    }
    if (ctx.stopped.value) return this.result(action, 'skipped', null, `not started: ${ctx.stopped.reason}`);
    return this.create(action);
  }

  private async create(action: PlanAction): Promise<ActionResult> {
    const { ctx } = this;
    const su = action.serviceUser!;
    const endpoint = v3Endpoint(su.scope === 'org' ? 'org.serviceUsers.provision' : 'enterprise.serviceUsers.provision');
    const path = fillTemplate(endpoint.path, su.orgId ? { org_id: su.orgId } : {}, { encode: true });
    if (ctx.dryRun) {
      ctx.onWould('POST', path, `create ${su.name} (${su.scope}, role ${su.roleId}${su.ttlSeconds ? `, ttl ${su.ttlSeconds}s` : ''})`);
      return this.result(action, 'would-create', null, `would create ${su.scope} service user with role ${su.roleId}`);
    }
    let last: FailureInfo | null = null;
    for (let attempt = 1; attempt <= ctx.maxAttempts; attempt++) {
      if (ctx.stopped.value) return this.result(action, 'skipped', null, `not started: ${ctx.stopped.reason}`);
      ctx.journal.append({ action: action.id, event: 'create-intent', name: su.name, scope: su.scope, orgId: su.orgId, roleId: su.roleId, attempt });
      let made;
      try {
        const input = { name: su.name, roleId: su.roleId, ...(su.ttlSeconds ? { ttlSeconds: su.ttlSeconds } : {}) };
        made = su.scope === 'org' ? await v3ProvisionOrgServiceUser(ctx.v3, su.orgId!, input) : await v3ProvisionEnterpriseServiceUser(ctx.v3, input);
      } catch (e) {
        last = classify(e);
        ctx.journal.append({ action: action.id, event: 'create-failed', status: last.status, reason: last.reason, ambiguous: last.ambiguous });
        if (!last.retryable) return this.result(action, 'failed', null, last.reason, last.status);
        await ctx.sleep(last.retryAfterMs ?? backoff(attempt));
        if (!last.ambiguous) continue;
        // Never send the POST again blindly: it may have been carried out.
        const again = await lookupByName(ctx.v3, su.name);
        if (again.length > 1) return this.result(action, 'failed', null, `${again.length} service users are named ${su.name} after an ambiguous failure; remove the extra ones by hand`);
        if (again.length === 1) {
          ctx.journal.append({ action: action.id, event: 'found', serviceUserId: again[0]!.service_user_id, ours: true });
          return this.rotate(action, again[0]!.service_user_id);
        }
        continue;
      }
      const id = made.service_user.service_user_id;
      ctx.journal.append({ action: action.id, event: 'create-result', serviceUserId: id });
      return this.store(action, id, null, made.token, 'created', `created ${su.scope} service user with role ${su.roleId}`);
    }
    return this.result(action, 'failed', null, `gave up after ${ctx.maxAttempts} attempts: ${last?.reason ?? 'unknown'}`, last?.status ?? null);
  }

  /** Replace the lost token of a service user we created: rotate its newest active key. */
  private async rotate(action: PlanAction, serviceUserId: string): Promise<ActionResult> {
    const { ctx } = this;
    let last: FailureInfo | null = null;
    for (let attempt = 1; attempt <= ctx.maxAttempts; attempt++) {
      const active = (await collect(v3ServiceUserKeys(ctx.v3, serviceUserId, { status: 'active' }))).filter((k) => k.is_active);
      active.sort((a, b) => time(b.created_at) - time(a.created_at) || (a.api_key_id < b.api_key_id ? 1 : -1));
      const target = active[0] ?? null;
      const endpoint = v3Endpoint(target ? 'enterprise.serviceUserKeys.rotate' : 'enterprise.serviceUserKeys.create');
      const path = fillTemplate(endpoint.path, { service_user_id: serviceUserId, ...(target ? { api_key_id: target.api_key_id } : {}) }, { encode: true });
      if (ctx.dryRun) {
        ctx.onWould('POST', path, `${target ? 'rotate the key' : 'create a key'} of ${action.serviceUser!.name}: its token was lost by an interrupted run`);
        return this.result(action, 'would-rotate', serviceUserId, 'would replace the token an interrupted run lost');
      }
      if (ctx.stopped.value) return this.result(action, 'skipped', serviceUserId, `not started: ${ctx.stopped.reason}`);
      ctx.journal.append({ action: action.id, event: 'rotate-intent', serviceUserId, apiKeyId: target?.api_key_id ?? null });
      let fresh;
      try {
        fresh = target
          ? await v3RotateServiceUserKey(ctx.v3, serviceUserId, target.api_key_id, { revokeCurrent: true })
          : await v3CreateServiceUserKey(ctx.v3, serviceUserId, { name: 'devin-migrate' });
      } catch (e) {
        last = classify(e);
        ctx.journal.append({ action: action.id, event: 'rotate-failed', serviceUserId, status: last.status, reason: last.reason, ambiguous: last.ambiguous });
        // 400: the key is no longer active (rotated by a run that died): list again.
        if (!last.retryable && last.status !== 400) return this.result(action, 'failed', serviceUserId, last.reason, last.status);
        await ctx.sleep(last.retryAfterMs ?? backoff(attempt));
        continue;
      }
      ctx.journal.append({ action: action.id, event: 'rotate-result', serviceUserId, oldApiKeyId: target?.api_key_id ?? null, apiKeyId: fresh.api_key_id });
      return this.store(action, serviceUserId, fresh.api_key_id, fresh.token, 'rotated', 'an interrupted run lost its token; rotated its key');
    }
    return this.result(action, 'failed', serviceUserId, `gave up rotating after ${ctx.maxAttempts} attempts: ${last?.reason ?? 'unknown'}`, last?.status ?? null);
  }

  private async store(
    action: PlanAction,
    serviceUserId: string,
    apiKeyId: string | null,
    token: string,
    outcome: 'created' | 'rotated',
    detail: string,
  ): Promise<ActionResult> {
    const { ctx } = this;
    const su = action.serviceUser!;
    try {
      await ctx.sinks!.store({ name: su.name, serviceUserId, scope: su.scope, orgId: su.orgId, roleId: su.roleId, apiKeyId }, token);
    } catch (e) {
      const reason = e instanceof Error ? redactText(e.message) : 'unknown error';
      ctx.journal.append({ action: action.id, event: 'token-failed', serviceUserId, reason });
      if (!ctx.stopped.value) {
        ctx.stopped.value = true;
        ctx.stopped.reason = `the secrets sink failed for ${su.name}`;
      }
      return this.result(action, 'failed', serviceUserId, `${outcome === 'created' ? 'created' : 'rotated'}, but the token could not be stored: ${reason}; the next run rotates its key`, null, true);
    }
    ctx.journal.append({ action: action.id, event: 'token-stored', serviceUserId, apiKeyId, sinks: ctx.sinks!.labels });
    return this.result(action, outcome, serviceUserId, detail);
  }
}
