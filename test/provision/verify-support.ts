// Setup for verify/revoke tests: the demo enterprise planned (support.ts) and applied in-process
// through the real apply layer, tokens in a 0600 .env file; helpers to simulate the integration
// switching over (each new token used for a v3 call, later than verify's own check).
import { join } from 'node:path';
import { createApiClient, collect, v3Self, v3Sessions, type ApiClient } from '../../src/api/index.js';
import type { PlanDocument } from '../../src/documents/plan.js';
import type { FakeApi } from '../../src/fake/index.js';
import { EnvFileSink, Journal, TokenSinks, applyPlan, envVarName } from '../../src/provision/index.js';
import { readEnvFile, setup, type Setup } from './support.js';

export interface Applied extends Setup {
  secretsPath: string;
  journalPath: string;
  /** Enterprise service-user client (DEVIN_API_KEY): reads only. */
  admin: ApiClient;
  /** Enterprise Admin's personal key client (DEVIN_LEGACY_API_KEY). */
  legacy: ApiClient;
}

export async function applied(opts: { apply?: boolean } = {}): Promise<Applied> {
  const s = await setup();
  const secretsPath = join(s.dir, 'tokens.env');
  const journalPath = join(s.dir, 'plan.journal.jsonl');
  const legacy = createApiClient({ baseUrl: s.fake.url, key: s.fake.credentials.enterpriseAdminKey });
  const admin = legacy.withKey(s.fake.credentials.serviceUserToken, { readOnly: true });
  if (opts.apply !== false) {
    const writer = legacy.withKey(s.fake.credentials.serviceUserToken);
    const journal = Journal.open(journalPath);
    try {
      const summary = await applyPlan({ plan: s.plan, v3: writer, journal, sinks: new TokenSinks([new EnvFileSink(secretsPath)]), dryRun: false, concurrency: 4 });
      if (summary.failed.length > 0) throw new Error(`apply failed in setup: ${summary.failed.map((f) => f.detail).join('; ')}`);
    } finally {
      journal.close();
    }
  }
  return { ...s, secretsPath, journalPath, admin, legacy };
}

export const creates = (plan: PlanDocument) => plan.actions.filter((a) => a.op === 'create');
export const noops = (plan: PlanDocument) => plan.actions.filter((a) => a.op === 'noop');
export const revokeOnly = (plan: PlanDocument) => plan.actions.filter((a) => a.op === 'revoke-only');
export const plannedKeyIds = (plan: PlanDocument) => plan.actions.flatMap((a) => a.keys.map((k) => k.keyId)).sort();

/** Move the fake's clock on (the integration switches over later than verify ran). */
export function advanceClock(fake: FakeApi, ms: number): void {
  const before = fake.state.now;
  fake.state.now = () => before() + ms;
}

/** Use a token for a v3 call, as the integration would: who am I, then list sessions. */
export async function useToken(fake: FakeApi, token: string): Promise<void> {
  const c = createApiClient({ baseUrl: fake.url, key: token, readOnly: true });
  try {
    const self = await v3Self(c);
    await collect(v3Sessions(c, self.org_id ?? fake.credentials.orgId, { first: 5 }));
  } finally {
    await c.close();
  }
}

/** Every new token from the secrets file, by service-user name. */
export function newTokens(a: Applied): Map<string, string> {
  const env = readEnvFile(a.secretsPath);
  const out = new Map<string, string>();
  for (const act of creates(a.plan)) {
    const t = env.get(envVarName(act.serviceUser!.name));
    if (t) out.set(act.serviceUser!.name, t);
  }
  return out;
}

/** The integration already holds the tokens of service users that existed before the plan. */
export function noopTokens(fake: FakeApi, plan: PlanDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const act of noops(plan)) {
    const key = [...fake.state.serviceUserKeys.values()].find((k) => k.serviceUserId === act.serviceUser!.existingId && fake.state.serviceUserKeyIsActive(k));
    if (key) out.set(act.serviceUser!.name, key.value);
  }
  return out;
}

/** Simulate the switch-over: ten minutes later, every replacement's token is used. */
export async function switchOver(a: { fake: FakeApi; plan: PlanDocument }, tokens: Map<string, string>): Promise<void> {
  advanceClock(a.fake, 10 * 60_000);
  for (const t of tokens.values()) await useToken(a.fake, t);
}

export function legacyRevoked(fake: FakeApi): string[] {
  return [...fake.state.legacyKeys.values()].filter((k) => k.revokedAt !== null).map((k) => k.id).sort();
}
