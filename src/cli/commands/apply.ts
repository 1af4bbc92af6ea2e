// `devin-migrate apply plan.json`: provision the plan's service users, resumably, with every new
// token going straight to a 0600 secrets file or a command, never to the terminal.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import { redactText } from '../../catalog/index.js';
import { createApiClient, type ApiEvent } from '../../api/index.js';
import { PlanDocument } from '../../documents/plan.js';
import { readDocument } from '../../documents/read.js';
import { toJson, writeFileAtomic } from '../../documents/write.js';
import { UsageError } from '../../errors.js';
import { sha256 } from '../../plan/fingerprint.js';
import {
  CommandSink,
  EnvFileSink,
  Journal,
  JsonFileSink,
  StalePlanError,
  TokenSinks,
  applyPlan,
  checkSecretsPath,
  prepareApply,
  type ApplyEvent,
  type ApplySummary,
  type TokenSink,
} from '../../provision/index.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { LEGACY_KEY_ENV, readKey, V3_KEY_ENV } from '../credentials.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import { wholeNumber } from '../args.js';
import { askYesNo, planBaseUrl } from '../plan-target.js';

interface ApplyFlags {
  dryRun?: boolean;
  refresh?: boolean;
  journal?: string;
  secretsOut?: string;
  secretsFormat?: 'env' | 'json';
  secretsCmd?: string;
  concurrency: number;
  yes?: boolean;
  json?: boolean;
  apiUrl?: string;
  keyFile?: string;
  legacyKeyFile?: string;
}


const HELP = `
Examples:
  export DEVIN_API_KEY=…          # an enterprise service user's token (cog_…), role account_admin
  export DEVIN_LEGACY_API_KEY=…   # an Enterprise Admin's personal key (apk_user_…), to re-read legacy state
  devin-migrate apply plan.json --dry-run
  devin-migrate apply plan.json --secrets-out ~/.config/devin-migrate/tokens.env --yes
  devin-migrate apply plan.json --secrets-cmd 'vault kv put secret/devin/$DEVIN_SERVICE_USER_NAME token=-' --yes

Before changing anything, apply re-reads the live state (legacy keys, orgs, key owners, roles,
already-migrated service users) and refuses the plan when it moved since planning, showing what
moved; --refresh re-plans from the live state instead, prints what changed, writes the new plan
next to the old one (<plan>.refreshed.json) and applies that.

--dry-run makes every read it needs and prints (stdout) every call in order, method and path,
including the writes it would send; the client refuses any write, so nothing changes.

Resumable: the journal (default: <plan without .json>.journal.jsonl, next to the plan) records
each write before it is sent and after it answers, ids only. A re-run looks service users up by
name before creating, so an interrupted run converges with no duplicates; a POST that failed
ambiguously is followed by a look-up, never a blind retry; a service user whose token was lost
(created, but the run died before the token was stored) gets its key rotated.

Tokens go, the moment they exist, to:
  --secrets-out FILE   created 0600, rewritten atomically; refused inside a git work tree unless
                       git-ignored. env format: one line DEVIN_TOKEN_<NAME>=<token> per service
                       user (NAME: the service-user name upper-cased, non-alphanumerics as _),
                       after a "# <name> (<id>, <scope>, role <role>)" comment. json format:
                       { "<name>": { envVar, serviceUserId, scope, orgId, roleId, apiKeyId, token } }.
                       Format: --secrets-format, else json for a .json path, else env.
  --secrets-cmd CMD    run with /bin/sh once per token, the token on stdin (no newline), with
                       DEVIN_SERVICE_USER_NAME, DEVIN_SERVICE_USER_ID, DEVIN_SERVICE_USER_SCOPE,
                       DEVIN_ORG_ID, DEVIN_ROLE_ID and DEVIN_TOKEN_ENV_NAME set (Devin keys are
                       removed from its environment). A non-zero exit stops new creations.
Tokens are never printed, journaled or written into the plan.

The API base is the plan's; DEVIN_API_URL must agree with it, --api-url overrides it explicitly.
A run that would create service users (or replace tokens an interrupted run lost) says how many
and asks on a terminal; without one, pass --yes. A re-run with nothing left to write asks nothing.

${EXIT_CODE_HELP}
  apply: 0 every planned service user exists with its token stored (or a dry run), 2 refused
  (stale plan, unsafe secrets path, secrets sink failed), 3 some creation failed (the summary
  gives the API's reason).`;


export function register(program: Command, ctx: CliContext): void {
  program
    .command('apply')
    .description('Provision the plan\'s service users (resumable, journaled); tokens go to a 0600 file or a command')
    .argument('<plan>', 'plan.json written by `devin-migrate plan`')
    .option('--dry-run', 'make no change: print every call it would make, in order')
    .option('--refresh', 're-plan from the live state when it moved since planning, and apply that')
    .option('--journal <file>', 'journal (JSONL) to append to and resume from (default: next to the plan)')
    .option('--secrets-out <file>', 'write new tokens here (0600; must be git-ignored inside a work tree)')
    .addOption(new Option('--secrets-format <format>', 'env (.env lines) or json').choices(['env', 'json']))
    .option('--secrets-cmd <command>', 'hand each new token to this shell command on stdin')
    .addOption(new Option('--concurrency <n>', 'service users provisioned at once').argParser(wholeNumber('--concurrency', 1, 32)).default(4))
    .option('--yes', 'do not ask for confirmation (needed without a terminal)')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--api-url <url>', 'override the plan\'s API base URL')
    .option('--key-file <path>', `file holding the v3 service-user token (instead of ${V3_KEY_ENV})`)
    .option('--legacy-key-file <path>', `file holding the Enterprise Admin's personal key (instead of ${LEGACY_KEY_ENV})`)
    .addHelpText('after', HELP)
    .action(async (planArg: string, flags: ApplyFlags) => {
      await runApply(planArg, flags, ctx);
    });
}

export function defaultJournalPath(planPath: string): string {
  const base = basename(planPath).replace(/\.json$/i, '');
  return join(dirname(planPath), `${base}.journal.jsonl`);
}

function sinkEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (k !== V3_KEY_ENV && k !== LEGACY_KEY_ENV) out[k] = v;
  return out;
}

/** Progress: listr2 on a terminal, plain lines otherwise (stderr either way). */
function progressRenderer(ctx: CliContext, total: number, dryRun: boolean) {
  const line = (e: ApplyEvent): string | null => {
    if (e.type !== 'action-done') return null;
    const r = e.result;
    const id = r.serviceUserId ? ` (${r.serviceUserId})` : '';
    return `[${e.done}/${e.total}] ${r.outcome} ${r.name}${id}${r.outcome === 'failed' || r.outcome === 'skipped' ? `: ${r.detail}` : ''}`;
  };
  if (!ctx.interactive || dryRun || total === 0) {
    return { onEvent: (e: ApplyEvent) => { const l = line(e); if (l) say(ctx, l); }, run: <T>(p: Promise<T>) => p };
  }
  // The task may start after the work has finished (or the other way round): events are kept
  // until the task is there, and the task waits on a promise settled when the work ends.
  let update: ((e: ApplyEvent) => void) | null = null;
  let lastEvent: ApplyEvent | null = null;
  let finish: () => void = () => {};
  const finished = new Promise<void>((res) => (finish = res));
  const list = new Listr(
    [
      {
        title: `Provisioning ${total} service user(s)`,
        task: async (_c, task) => {
          update = (e) => {
            if (e.type === 'action-done') {
              task.title = `Provisioning service users: ${e.done}/${e.total}`;
              task.output = line(e) ?? '';
            } else if (e.type === 'action-start') task.output = `working on ${e.name}`;
          };
          if (lastEvent) update(lastEvent);
          await finished;
        },
        rendererOptions: { persistentOutput: false },
      },
    ],
    {
      exitOnError: false,
      registerSignalListeners: false,
      rendererOptions: { logger: new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) }) },
    },
  );
  return {
    onEvent: (e: ApplyEvent) => {
      lastEvent = e;
      update?.(e);
    },
    run: async <T>(p: Promise<T>) => {
      const shown = list.run();
      try {
        return await p;
      } finally {
        finish();
        await shown;
      }
    },
  };
}

function renderSummary(s: ApplySummary, secretsWhere: string): string[] {
  const out: string[] = [];
  if (s.dryRun) {
    out.push(`dry run: would create ${s.wouldCreate.length}, would rotate ${s.wouldRotate.length}, already present ${s.present.length}, revoke only ${s.revokeOnly}; nothing was changed`);
    return out;
  }
  out.push(
    `apply: created ${s.created.length}, rotated ${s.rotated.length}, already present ${s.present.length}, failed ${s.failed.length}, skipped ${s.skipped.length}; ${s.revokeOnly} revoke-only key(s) are left for devin-migrate revoke`,
  );
  for (const f of s.failed) out.push(`  failed ${f.name}: ${f.detail}`);
  for (const f of s.skipped) out.push(`  skipped ${f.name}: ${f.detail}`);
  out.push(s.tokensStored > 0 ? `tokens: ${s.tokensStored} written to ${secretsWhere}` : 'tokens: none new');
  return out;
}

async function runApply(planArg: string, flags: ApplyFlags, ctx: CliContext): Promise<void> {
  const planPath = resolve(ctx.cwd, planArg);
  let plan = readDocument(planPath, PlanDocument, 'plan');
  const planSha = sha256(readFileSync(planPath));
  const dryRun = Boolean(flags.dryRun);
  const creates = () => plan.actions.filter((a) => a.op === 'create').length;

  // Everything that can be refused is refused before the first request.
  const baseUrl = planBaseUrl(plan, flags.apiUrl, ctx);
  const v3Key = readKey({ envVar: V3_KEY_ENV, fileFlag: '--key-file', file: flags.keyFile, version: 'v3', purpose: 'apply (v3 service-user provisioning)' }, ctx.env);
  const legacyKey = readKey(
    { envVar: LEGACY_KEY_ENV, fileFlag: '--legacy-key-file', file: flags.legacyKeyFile, version: 'v2', purpose: 'apply\'s check of the live legacy state (v2)' },
    ctx.env,
  );
  const secretsOut = flags.secretsOut ? resolve(ctx.cwd, flags.secretsOut) : null;
  if (secretsOut) checkSecretsPath(secretsOut);
  if (!dryRun && !secretsOut && !flags.secretsCmd && creates() > 0) {
    throw new UsageError('apply creates service users whose tokens are shown once, and no place to put them was given', {
      hint: 'pass --secrets-out FILE (0600, git-ignored) or --secrets-cmd COMMAND',
    });
  }
  const format = flags.secretsFormat ?? (secretsOut?.toLowerCase().endsWith('.json') ? 'json' : 'env');
  const journalPath = flags.journal ? resolve(ctx.cwd, flags.journal) : defaultJournalPath(planPath);

  const onApiEvent = (e: ApiEvent) => {
    if (dryRun && e.type === 'attempt' && e.status !== null && e.status < 300) ctx.stdout.write(`${e.method} ${e.path}\n`);
    if (e.retryInMs !== undefined) say(ctx, `retrying ${e.method} ${e.path} (${e.status ?? e.error}) in ${(e.retryInMs / 1000).toFixed(1)} s`);
  };
  const legacy = createApiClient({ baseUrl, key: legacyKey, readOnly: true, concurrency: flags.concurrency, onEvent: onApiEvent });
  const v3 = legacy.withKey(v3Key, { readOnly: dryRun, onEvent: onApiEvent });
  let journal: Journal | null = null;
  try {
    say(ctx, `checking the live state at ${baseUrl} against the plan…`);
    let prepared;
    try {
      prepared = await prepareApply({ plan, planPath, legacy, v3, refresh: Boolean(flags.refresh), concurrency: flags.concurrency });
    } catch (e) {
      if (e instanceof StalePlanError) {
        say(ctx, 'the live state moved since the plan was made:');
        for (const c of e.changes) say(ctx, `  ${c}`);
      }
      throw e;
    }
    if (prepared.refreshed) {
      plan = prepared.plan;
      const out = join(dirname(planPath), `${basename(planPath).replace(/\.json$/i, '')}.refreshed.json`);
      say(ctx, `--refresh: the live state moved (${prepared.refreshed.stateChanges.length} change(s)):`);
      for (const c of prepared.refreshed.stateChanges) say(ctx, `  ${c}`);
      say(ctx, prepared.refreshed.planChanges.length ? 'the plan changes:' : 'the plan does not change');
      for (const c of prepared.refreshed.planChanges) say(ctx, `  ${c}`);
      if (!dryRun) {
        writeFileAtomic(out, toJson(plan));
        say(ctx, `wrote the refreshed plan to ${out}; to resume it later keep this journal: --journal ${journalPath}`);
      }
    }
    if (!dryRun && creates() > 0 && !flags.yes) {
      // Ask about what this run would write, not about the plan: a re-run of a finished plan
      // writes nothing and needs no confirmation (as `terraform apply` with no changes).
      const would = await applyPlan({ plan, v3: legacy.withKey(v3Key, { readOnly: true }), journal: Journal.readOnly(journalPath), sinks: null, dryRun: true, concurrency: flags.concurrency });
      const writes = [
        would.wouldCreate.length > 0 ? `create ${would.wouldCreate.length} service user(s)` : null,
        would.wouldRotate.length > 0 ? `replace ${would.wouldRotate.length} token(s) an interrupted run lost` : null,
      ].filter((w): w is string => w !== null);
      if (writes.length > 0) {
        if (!ctx.stdinIsTTY) throw new UsageError(`apply would ${writes.join(' and ')} and no terminal is there to confirm`, { hint: 'pass --yes' });
        if (!(await askYesNo(ctx, `${writes.join(' and ').replace(/^./, (c) => c.toUpperCase())} at ${baseUrl}?`))) {
          say(ctx, 'nothing done');
          setExit(EXIT.OK);
          return;
        }
      }
    }

    journal = dryRun ? Journal.readOnly(journalPath) : Journal.open(journalPath);
    const planHash = prepared.refreshed ? sha256(toJson(plan)) : planSha;
    if (!dryRun) journal.append({ action: '*', event: 'run-start', command: 'apply', planSha256: planHash, pid: process.pid });
    const sinkList: TokenSink[] = [];
    if (secretsOut) sinkList.push(format === 'json' ? new JsonFileSink(secretsOut) : new EnvFileSink(secretsOut));
    if (flags.secretsCmd) sinkList.push(new CommandSink(flags.secretsCmd, sinkEnv(ctx.env)));
    const sinks = dryRun ? null : new TokenSinks(sinkList);

    const progress = progressRenderer(ctx, creates(), dryRun);
    const summary = await progress.run(
      applyPlan({
        plan,
        v3,
        journal,
        sinks,
        dryRun,
        concurrency: flags.concurrency,
        onEvent: (e) => {
          if (e.type === 'would') ctx.stdout.write(`${e.method} ${e.path}  # would ${redactText(e.note)}\n`);
          progress.onEvent(e);
        },
      }),
    );
    if (!dryRun) {
      journal.append({
        action: '*',
        event: 'run-end',
        counts: { created: summary.created.length, rotated: summary.rotated.length, present: summary.present.length, failed: summary.failed.length, skipped: summary.skipped.length },
      });
    }
    const where = [secretsOut ? `${secretsOut} (${format})` : null, flags.secretsCmd ? '--secrets-cmd' : null].filter(Boolean).join(' and ');
    for (const l of renderSummary(summary, where)) say(ctx, l);
    if (!dryRun) say(ctx, `journal: ${journalPath}`);
    if (flags.json) ctx.stdout.write(toJson({ ...summary, journal: dryRun ? null : journalPath, secrets: secretsOut, secretsFormat: secretsOut ? format : null }));
    if (summary.failed.some((f) => f.sinkFailure)) setExit(EXIT.USAGE);
    else if (summary.failed.length > 0) setExit(EXIT.API);
    else setExit(EXIT.OK);
  } finally {
    journal?.close();
    await legacy.close();
  }
}
