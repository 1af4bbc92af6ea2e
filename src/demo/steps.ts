// The demo: the whole migration of a made-up enterprise against the embedded fake API, one
// step per layer function, each writing the document the real command would write into one
// folder. No child processes, nothing leaves the loopback interface. The CLI renders the steps
// with listr2; tests and benchmarks run them with runDemo().
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { collect, createApiClient, v3Self, v3Sessions, type ApiClient } from '../api/index.js';
import { runCodemod } from '../../codemods/runner.js';
import { DEFAULT_CODEMOD_OPTIONS } from '../../codemods/types.js';
import type { CodemodDocument } from '../documents/codemod.js';
import type { InventoryDocument } from '../documents/inventory.js';
import type { PlanDocument } from '../documents/plan.js';
import type { ScanDocument } from '../documents/scan.js';
import type { VerifyDocument } from '../documents/verify.js';
import { toJson, writeFileAtomic } from '../documents/write.js';
import { startFakeApi, type FakeApi } from '../fake/server.js';
import { collectInventory } from '../inventory/index.js';
import { buildPlan, parsePlanConfig, sha256 } from '../plan/index.js';
import { applyPlan, checkSecretsPath, EnvFileSink, Journal, prepareApply, TokenSinks, type ApplySummary } from '../provision/index.js';
import { readSecretsFile } from '../provision/secrets-read.js';
import { verifyPlan } from '../provision/verify.js';
import { buildReport, renderReport } from '../report/index.js';
import { scan } from '../scan/index.js';
import { DemoStepError } from './demo-step-error.js';

export interface DemoOptions {
  /** Folder for everything the demo writes; created if missing. */
  outDir: string;
  /** The sample app to copy and migrate (fixtures/sample-app). */
  sampleApp: string;
  now?: () => Date;
}

/** Where each artefact lands, relative to outDir. */
export const DEMO_FILES = {
  sampleApp: 'sample-app',
  inventory: 'inventory.json',
  scan: 'scan.json',
  config: 'migrate.json',
  plan: 'plan.json',
  journal: 'plan.journal.jsonl',
  secrets: 'secrets.env',
  verify: 'verify.json',
  codemod: 'codemod.json',
  report: 'report.html',
  reportMd: 'report.md',
} as const;

export interface DemoState {
  opts: DemoOptions;
  path: (name: keyof typeof DEMO_FILES) => string;
  fake?: FakeApi;
  legacy?: ApiClient;
  v3?: ApiClient;
  inventory?: InventoryDocument;
  scan?: ScanDocument;
  plan?: PlanDocument;
  apply?: ApplySummary;
  verify?: VerifyDocument;
  codemod?: CodemodDocument;
  /** The service user the sample app's bot (src/) moves to. */
  botServiceUser?: string;
  /** The copy is a git repository of its own with the original committed (git was found). */
  sampleRepo?: boolean;
}

export interface DemoStep {
  id: string;
  title: string;
  /** Does the step; `progress` takes a short status line; returns a one-line summary. */
  run(state: DemoState, progress: (line: string) => void): Promise<string>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DemoStepError(`${what} is missing (a previous step did not run)`);
  return value;
}

export function createDemoState(opts: DemoOptions): DemoState {
  return { opts, path: (name) => join(opts.outDir, DEMO_FILES[name]) };
}

/** Close what the steps opened (the fake API and the clients). Safe to call more than once. */
export async function closeDemo(state: DemoState): Promise<void> {
  // withKey clients share one transport: closing one closes both.
  await state.legacy?.close();
  await state.fake?.close();
  state.fake = undefined;
}

/**
 * The demo plan config: the sample app's files belong to two keys of the fake enterprise, so the
 * plan derives each service user's role from what the code calls. The Slack bot (src/) runs on
 * the org's service key; the admin scripts on the Enterprise Admin's personal key.
 */
export function demoPlanConfig(inventory: InventoryDocument, orgId: string): Record<string, unknown> {
  const serviceKey = inventory.keys.find((k) => k.type === 'service' && k.orgId === orgId);
  const adminKey = inventory.keys.find((k) => k.type === 'personal' && k.orgId === orgId && k.ownerUserId === inventory.collectedBy.userId);
  // Paths are as the scan records them: relative to the sample app, where scan and codemod run.
  const integrations = [
    ...(serviceKey ? [{ key: serviceKey.id, paths: ['src/**', '.env.example'] }] : []),
    ...(adminKey ? [{ key: adminKey.id, paths: ['scripts/**'] }] : []),
  ];
  return { integrations };
}


/**
 * Make the copy a git repository of its own with the original committed: the codemod's changes
 * are then a reviewable `git diff`, its clean-tree check applies, and an ignore rule of a
 * repository around the demo folder (`demo-out/` is git-ignored) does not hide the files from
 * it. False when git is not installed or fails; the demo goes on without.
 */
function commitCopy(dir: string): boolean {
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'init.defaultBranch=main', '-c', 'user.name=devin-migrate demo', '-c', 'user.email=demo@devin-migrate.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      stdio: 'ignore',
      timeout: 20_000,
    });
  for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '--no-verify', '-m', 'sample app before the migration']]) {
    const r = git(...args);
    if (r.error || r.status !== 0) return false;
  }
  return true;
}

/** One verify run (the layer function `devin-migrate verify` calls), journaled like the CLI. */
async function verifyOnce(state: DemoState, progress: (line: string) => void): Promise<VerifyDocument> {
  const plan = need(state.plan, 'the plan');
  const journal = Journal.open(state.path('journal'));
  try {
    const planSha256 = sha256(toJson(plan));
    journal.append({ action: '*', event: 'run-start', command: 'verify', planSha256, pid: process.pid });
    const doc = await verifyPlan({
      plan,
      planSha256,
      v3: need(state.v3, 'the v3 client'),
      journal,
      secrets: readSecretsFile(state.path('secrets'), 'env'),
      // The demo's clock jumps minutes, not hours: the default margin would hide the switch-over.
      useMarginS: 30,
      onEvent: (e) => progress(`${e.done}/${e.total} ${e.entry.outcome} ${e.entry.name}`),
    });
    journal.append({ action: '*', event: 'run-end', counts: { verified: doc.summary.verified, inUse: doc.summary.inUse, failed: doc.summary.total - doc.summary.verified - doc.summary.pending } });
    state.verify = doc;
    writeFileAtomic(state.path('verify'), toJson(doc));
    return doc;
  } finally {
    journal.close();
  }
}

export const DEMO_STEPS: readonly DemoStep[] = [
  {
    id: 'fake-api',
    title: 'Start the fake Devin API with the demo enterprise',
    async run(state) {
      // Every run has a fresh fake enterprise: the documents of an earlier run into the same folder
      // (its journal above all, which says the service users exist) describe one that is gone.
      for (const name of Object.keys(DEMO_FILES) as (keyof typeof DEMO_FILES)[]) {
        if (name !== 'sampleApp') rmSync(state.path(name), { force: true });
      }
      const fake = await startFakeApi({ seed: 'demo', host: '127.0.0.1', port: 0 });
      state.fake = fake;
      state.legacy = createApiClient({ baseUrl: fake.url, key: fake.credentials.enterpriseAdminKey, readOnly: true });
      state.v3 = state.legacy.withKey(fake.credentials.serviceUserToken, { readOnly: false });
      return `listening on ${fake.url}`;
    },
  },
  {
    id: 'copy',
    title: 'Copy the sample app',
    async run(state) {
      const dest = state.path('sampleApp');
      if (existsSync(dest)) rmSync(dest, { recursive: true, force: true });
      cpSync(state.opts.sampleApp, dest, { recursive: true, filter: (src) => !src.split(sep).includes('node_modules') });
      state.sampleRepo = commitCopy(dest);
      return state.sampleRepo ? `copied to ${dest} and committed (git diff there shows the codemod's work)` : `copied to ${dest}`;
    },
  },
  {
    id: 'inventory',
    title: 'Inventory: legacy keys, members, organizations (v2) and service users (v3)',
    async run(state, progress) {
      const inventory = await collectInventory({
        legacy: need(state.legacy, 'the v2 client'),
        v3: need(state.v3, 'the v3 client'),
        onProgress: (p) => progress(`${p.step}${p.count !== undefined ? ` (${p.count})` : ''}`),
      });
      state.inventory = inventory;
      writeFileAtomic(state.path('inventory'), toJson(inventory));
      const personal = inventory.keys.filter((k) => k.type === 'personal').length;
      return `${plural(inventory.keys.length, 'legacy key')} (${personal} personal) in ${plural(inventory.organizations.length, 'organization')}`;
    },
  },
  {
    id: 'scan',
    title: 'Scan the sample app for legacy endpoints and keys',
    async run(state) {
      // Run from inside the app's repository, as its developers would.
      const result = scan({ paths: ['.'], cwd: state.path('sampleApp'), now: state.opts.now });
      state.scan = result.document;
      writeFileAtomic(state.path('scan'), toJson(result.document));
      const by = (c: string) => result.document.findings.filter((f) => f.category === c).length;
      return `${plural(result.document.findings.length, 'finding')}: ${by('endpoint')} endpoints, ${plural(by('secret'), 'hard-coded key')}`;
    },
  },
  {
    id: 'plan',
    title: 'Plan service users (least-privilege roles from the scan)',
    async run(state) {
      const inventory = need(state.inventory, 'the inventory');
      const scanDoc = need(state.scan, 'the scan');
      const configJson = demoPlanConfig(inventory, need(state.fake, 'the fake API').credentials.orgId);
      writeFileAtomic(state.path('config'), toJson(configJson));
      const ref = (name: 'inventory' | 'scan' | 'config') => ({
        path: relative(state.opts.outDir, state.path(name)).split(sep).join('/'),
        sha256: sha256(toJson(name === 'inventory' ? inventory : name === 'scan' ? scanDoc : configJson)),
      });
      const plan = buildPlan({
        inventory,
        scan: scanDoc,
        config: parsePlanConfig(configJson, DEMO_FILES.config),
        inputs: { inventory: ref('inventory'), scan: ref('scan'), config: ref('config') },
      });
      state.plan = plan;
      writeFileAtomic(state.path('plan'), toJson(plan));
      const s = plan.summary;
      return `${s.create} to create, ${s.noop} already migrated, ${s.revokeOnly} revoke only`;
    },
  },
  {
    id: 'apply',
    title: 'Apply: create the service users, tokens to secrets.env (0600)',
    async run(state, progress) {
      const plan = need(state.plan, 'the plan');
      // The demo's tokens are fake, but the rule is the tool's: no secrets file git could pick up.
      checkSecretsPath(state.path('secrets'));
      const prepared = await prepareApply({
        plan,
        planPath: state.path('plan'),
        legacy: need(state.legacy, 'the v2 client'),
        v3: need(state.v3, 'the v3 client'),
        refresh: false,
      });
      const journal = Journal.open(state.path('journal'));
      try {
        journal.append({ action: '*', event: 'run-start', command: 'apply', planSha256: sha256(toJson(prepared.plan)), pid: process.pid });
        const summary = await applyPlan({
          plan: prepared.plan,
          v3: need(state.v3, 'the v3 client'),
          journal,
          sinks: new TokenSinks([new EnvFileSink(state.path('secrets'))]),
          dryRun: false,
          concurrency: 4,
          onEvent: (e) => {
            if (e.type === 'action-done') progress(`${e.done}/${e.total} ${e.result.outcome} ${e.result.name}`);
          },
        });
        journal.append({
          action: '*',
          event: 'run-end',
          counts: { created: summary.created.length, rotated: summary.rotated.length, present: summary.present.length, failed: summary.failed.length, skipped: summary.skipped.length },
        });
        state.apply = summary;
        if (summary.failed.length > 0) throw new DemoStepError(`apply: ${plural(summary.failed.length, 'service user')} failed: ${summary.failed[0]!.detail}`);
        return `${plural(summary.created.length, 'service user')} created, ${plural(summary.tokensStored, 'token')} in ${DEMO_FILES.secrets}`;
      } finally {
        journal.close();
      }
    },
  },
  {
    id: 'verify',
    title: 'Verify: each new token authenticates as its planned service user',
    async run(state, progress) {
      const doc = await verifyOnce(state, progress);
      const s = doc.summary;
      if (s.verified !== s.total) throw new DemoStepError(`verify: ${s.total - s.verified} of ${s.total} service users did not verify`);
      return `${s.verified} of ${s.total} verified, ${s.inUse} in use yet`;
    },
  },
  {
    id: 'codemod',
    title: 'Codemod: rewrite the sample app to v3',
    async run(state) {
      const { document } = runCodemod({
        paths: ['.'],
        cwd: state.path('sampleApp'),
        transforms: [],
        options: DEFAULT_CODEMOD_OPTIONS,
        mode: 'write',
        // The copy is committed in a repository of its own, so the codemod's clean-tree check
        // holds; without git there is nothing to check against.
        allowDirty: !state.sampleRepo,
      });
      state.codemod = document;
      writeFileAtomic(state.path('codemod'), toJson(document));
      const t = document.totals;
      return `${t.changed} files rewritten, ${t.edits} edits, ${t.markersPresent} TODO markers left`;
    },
  },
  {
    id: 'switch-over',
    title: 'Deploy the bot on its new token (simulated: minutes later, the bot calls v3)',
    async run(state) {
      const fake = need(state.fake, 'the fake API');
      const plan = need(state.plan, 'the plan');
      const config = demoPlanConfig(need(state.inventory, 'the inventory'), fake.credentials.orgId) as { integrations: { key: string }[] };
      const botKey = config.integrations[0]?.key;
      const action = plan.actions.find((a) => a.serviceUser && a.keys.some((k) => k.keyId === botKey));
      if (!action?.serviceUser) return 'no service user replaces the bot key; skipped';
      const stored = readSecretsFile(state.path('secrets'), 'env').get(action.serviceUser.name);
      if (!stored) throw new DemoStepError(`switch-over: no token for ${action.serviceUser.name} in ${DEMO_FILES.secrets}`);
      // Time passes between verify and the deploy; the fake's clock moves on five minutes.
      const before = fake.state.now;
      fake.state.now = () => before() + 5 * 60_000;
      const bot = createApiClient({ baseUrl: fake.url, key: stored.token, readOnly: true });
      try {
        const self = await v3Self(bot);
        await collect(v3Sessions(bot, self.org_id ?? fake.credentials.orgId, { first: 5 }));
      } finally {
        await bot.close();
      }
      state.botServiceUser = action.serviceUser.name;
      return `${action.serviceUser.name} listed sessions on v3`;
    },
  },
  {
    id: 'verify-again',
    title: 'Verify again: which replacements are in use',
    async run(state, progress) {
      const doc = await verifyOnce(state, progress);
      return `${doc.summary.inUse} of ${doc.summary.total} in use${state.botServiceUser ? ` (${state.botServiceUser})` : ''}`;
    },
  },
  {
    id: 'report',
    title: 'Write the report',
    async run(state) {
      const model = buildReport({
        inventory: need(state.inventory, 'the inventory'),
        scan: state.scan,
        plan: state.plan,
        journal: Journal.readOnly(state.path('journal')).records,
        verify: state.verify,
        codemod: state.codemod,
        generatedAt: (state.opts.now?.() ?? new Date()).toISOString(),
      });
      writeFileAtomic(state.path('report'), renderReport(model, 'html'));
      writeFileAtomic(state.path('reportMd'), renderReport(model, 'md'));
      return `${DEMO_FILES.report} and ${DEMO_FILES.reportMd}`;
    },
  },
];

/** Run every step in order without a UI (tests, benchmarks). Always closes the fake API. */
export async function runDemo(opts: DemoOptions, onStep?: (step: DemoStep, summary: string) => void): Promise<DemoState> {
  mkdirSync(opts.outDir, { recursive: true });
  const state = createDemoState(opts);
  try {
    for (const step of DEMO_STEPS) onStep?.(step, await step.run(state, () => {}));
  } finally {
    await closeDemo(state);
  }
  return state;
}
