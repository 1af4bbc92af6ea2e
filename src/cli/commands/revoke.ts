// Owned by the verify/revoke helper; apply's helper: do not implement these.
// `devin-migrate revoke plan.json`: revoke legacy keys one by one, only those whose replacement
// is verified and in use (or that the plan revokes without a replacement), after confirmation.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { createApiClient, type ApiEvent } from '../../api/index.js';
import { PlanDocument } from '../../documents/plan.js';
import { readDocument } from '../../documents/read.js';
import type { RevokeDocument, RevokeEntry } from '../../documents/verify.js';
import { toJson } from '../../documents/write.js';
import { UsageError } from '../../errors.js';
import { sha256 } from '../../plan/fingerprint.js';
import { Journal } from '../../provision/journal.js';
import { remainingKeys, revokePlan } from '../../provision/revoke.js';
import { DEFAULT_USE_MARGIN_S } from '../../provision/verify-evidence.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { LEGACY_KEY_ENV, readKey, V3_KEY_ENV } from '../credentials.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import { wholeNumber } from '../args.js';
import { askYesNo, planBaseUrl } from '../plan-target.js';
import { defaultJournalPath } from './apply.js';

interface RevokeFlags {
  dryRun?: boolean;
  forceUnused?: boolean;
  yes?: boolean;
  journal?: string;
  json?: boolean;
  useMargin: number;
  apiUrl?: string;
  keyFile?: string;
  legacyKeyFile?: string;
}


const HELP = `
Examples:
  export DEVIN_LEGACY_API_KEY=…   # an Enterprise Admin's personal key (apk_user_…): revokes
  export DEVIN_API_KEY=…          # the enterprise service user's token: re-checks use
  devin-migrate revoke plan.json --dry-run
  devin-migrate revoke plan.json --yes

revoke retires the plan's legacy keys one by one (DELETE /v2/enterprise/api-keys/{id}):
  - a key with a replacement (plan op create or noop) only once verify passed for that
    replacement (journal) and it is in use: verify saw it used, or its keys' last_used_at,
    read live now, is later than verify's own checks (same rule and --use-margin as verify).
    --force-unused drops the "in use" condition (verification is still required).
  - a key the plan revokes without a replacement (owner left, organization gone) needs no
    verification, only the confirmation every revocation needs.
A key no longer in the live key list, or that the API calls already revoked (404/409, or 401
for the very key revoke authenticates with), counts as done. The Enterprise Admin key revoke
uses, when it is one of the planned keys, is revoked last. The enterprise-wide revoke-all is
never called: the client has no function for it and refuses its path.

Each revocation is journaled before it is sent and after it answers; a re-run skips what the
journal shows done, so it is a no-op once everything is revoked. --dry-run reads only (the
client refuses any write) and prints, on stdout, what it would revoke and why or why not.
On a terminal revoke asks for confirmation; without one it refuses unless --yes is given.

${EXIT_CODE_HELP}
  revoke: 0 every planned key is revoked (or, with --dry-run, would be); 1 some keys wait for
  their replacement to be verified or used, or were not confirmed; 2 refused (no --yes without
  a terminal, missing or revoked admin key); 3 a revocation failed.`;

export function register(program: Command, ctx: CliContext): void {
  program
    .command('revoke')
    .description('Revoke the plan\'s legacy keys one by one, once their replacement is verified and in use')
    .argument('<plan>', 'plan.json written by `devin-migrate plan` (applied and verified)')
    .option('--dry-run', 'make no change: print what would be revoked and why (or why not)')
    .option('--force-unused', 'revoke keys whose verified replacement has not been used yet')
    .option('--yes', 'do not ask for confirmation (needed without a terminal)')
    .option('--journal <file>', 'the apply/verify/revoke journal (default: next to the plan)')
    .option('--json', 'print the result document as JSON on stdout')
    .addOption(
      new Option('--use-margin <seconds>', 'a use counts only this long after verify\'s own check').argParser(wholeNumber('--use-margin', 0, 86_400)).default(DEFAULT_USE_MARGIN_S),
    )
    .option('--api-url <url>', 'override the plan\'s API base URL')
    .option('--key-file <path>', `file holding the enterprise service user's token (instead of ${V3_KEY_ENV})`)
    .option('--legacy-key-file <path>', `file holding the Enterprise Admin's personal key (instead of ${LEGACY_KEY_ENV})`)
    .addHelpText('after', HELP)
    .action(async (planArg: string, flags: RevokeFlags) => {
      await runRevoke(planArg, flags, ctx);
    });
}

function line(e: RevokeEntry): string {
  const what = e.replacement ? ` -> ${e.replacement}` : ' (no replacement)';
  switch (e.outcome) {
    case 'would-revoke':
      return `would revoke ${e.keyId}${what}: ${e.reason}`;
    case 'waiting':
      return `not revoking ${e.keyId}${what}: ${e.reason}`;
    default:
      return `${e.outcome} ${e.keyId}${what}: ${e.reason}`;
  }
}

function summaryLine(doc: RevokeDocument): string {
  const s = doc.summary;
  const parts = doc.dryRun
    ? [`would revoke ${s.wouldRevoke}`, `already revoked ${s.alreadyRevoked}`, `waiting ${s.waiting}`]
    : [`revoked ${s.revoked}`, `already revoked ${s.alreadyRevoked}`, `waiting ${s.waiting}`, `declined ${s.declined}`, `failed ${s.failed}`];
  return `${doc.dryRun ? 'dry run' : 'revoke'}: ${parts.join(', ')} of ${s.planned} planned legacy key(s)${doc.dryRun ? '; nothing was changed' : ''}`;
}

async function runRevoke(planArg: string, flags: RevokeFlags, ctx: CliContext): Promise<void> {
  const planPath = resolve(ctx.cwd, planArg);
  const plan = readDocument(planPath, PlanDocument, 'plan');
  const planSha = sha256(readFileSync(planPath));
  const dryRun = Boolean(flags.dryRun);
  const baseUrl = planBaseUrl(plan, flags.apiUrl, ctx);
  const legacyKey = readKey(
    { envVar: LEGACY_KEY_ENV, fileFlag: '--legacy-key-file', file: flags.legacyKeyFile, version: 'v2', purpose: 'revoke (v2 key revocation)' },
    ctx.env,
  );
  const v3Key = readKey({ envVar: V3_KEY_ENV, fileFlag: '--key-file', file: flags.keyFile, version: 'v3', purpose: 'revoke\'s live check that replacements are in use (v3)' }, ctx.env);
  const journalPath = flags.journal ? resolve(ctx.cwd, flags.journal) : defaultJournalPath(planPath);
  const journal = dryRun ? Journal.readOnly(journalPath) : Journal.open(journalPath);

  // Refuse before the first request: never prompt without a terminal.
  const remaining = remainingKeys(plan, journal.records).length;
  if (!dryRun && !flags.yes && !ctx.stdinIsTTY && remaining > 0) {
    journal.close();
    throw new UsageError(`revoke may revoke up to ${remaining} legacy key(s) and no terminal is there to confirm`, {
      hint: 'pass --yes (or --dry-run to see what it would do)',
    });
  }

  const onApiEvent = (e: ApiEvent) => {
    if (e.retryInMs !== undefined) say(ctx, `retrying ${e.method} ${e.path} (${e.status ?? e.error}) in ${(e.retryInMs / 1000).toFixed(1)} s`);
  };
  // One connection pool; the v3 client only reads, the legacy one only reads in a dry run.
  const legacy = createApiClient({ baseUrl, key: legacyKey, readOnly: dryRun, concurrency: 2, onEvent: onApiEvent });
  const v3 = legacy.withKey(v3Key, { readOnly: true, onEvent: onApiEvent });
  try {
    if (!dryRun) journal.append({ action: '*', event: 'run-start', command: 'revoke', planSha256: planSha, pid: process.pid });
    if (remaining === 0) say(ctx, 'the journal shows every planned legacy key revoked; nothing to do');
    else say(ctx, `checking ${remaining} legacy key(s) at ${baseUrl}…`);
    const doc = await revokePlan({
      plan,
      planSha256: planSha,
      legacy,
      v3,
      journal,
      dryRun,
      forceUnused: Boolean(flags.forceUnused),
      useMarginS: flags.useMargin,
      confirm: async (eligible) => {
        if (flags.yes) return true;
        for (const e of eligible) say(ctx, `  ${e.keyId}${e.replacement ? ` -> ${e.replacement}` : ' (no replacement)'}: ${e.reason}`);
        return askYesNo(ctx, `Revoke ${eligible.length} legacy key(s) at ${baseUrl}? This cannot be undone.`);
      },
      onEvent: (e) => {
        if (e.type !== 'key') return;
        if (dryRun && !flags.json) ctx.stdout.write(`${line(e.entry)}\n`);
        else if (dryRun) say(ctx, line(e.entry));
        else if (e.entry.outcome !== 'already-revoked' || !e.entry.reason.includes('(journal)')) say(ctx, line(e.entry));
      },
    });
    if (!dryRun) {
      const s = doc.summary;
      journal.append({
        action: '*',
        event: 'run-end',
        counts: { revoked: s.revoked, alreadyRevoked: s.alreadyRevoked, waiting: s.waiting, declined: s.declined, failed: s.failed },
      });
    }
    say(ctx, summaryLine(doc));
    if (!dryRun) say(ctx, `journal: ${journalPath}`);
    if (flags.json) ctx.stdout.write(toJson(doc));
    const failed = doc.keys.filter((k) => k.outcome === 'failed');
    if (failed.some((k) => k.status === 401 || k.status === 403)) setExit(EXIT.USAGE);
    else if (failed.length > 0) setExit(EXIT.API);
    else if (doc.summary.waiting > 0 || doc.summary.declined > 0) setExit(EXIT.FINDINGS);
    else setExit(EXIT.OK);
  } finally {
    journal.close();
    await legacy.close();
  }
}
