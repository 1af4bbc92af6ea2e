// Owned by the verify/revoke helper; apply's helper: do not implement these.
// `devin-migrate verify plan.json`: check each new token with GET /v3/self against the plan, and
// report which replacements the integration has started using.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { createApiClient, type ApiEvent } from '../../api/index.js';
import { PlanDocument } from '../../documents/plan.js';
import { readDocument } from '../../documents/read.js';
import type { VerifyDocument, VerifyEntry } from '../../documents/verify.js';
import { toJson } from '../../documents/write.js';
import { UsageError } from '../../errors.js';
import { sha256 } from '../../plan/fingerprint.js';
import { Journal, readJournal } from '../../provision/journal.js';
import { readSecretsFile, secretsFormatFor } from '../../provision/secrets-read.js';
import type { SecretsFormat } from '../../provision/secrets.js';
import { DEFAULT_USE_MARGIN_S } from '../../provision/verify-evidence.js';
import { verifiableActions, verifyComplete, verifyPlan } from '../../provision/verify.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { readKey, V3_KEY_ENV } from '../credentials.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import { wholeNumber } from '../args.js';
import { planBaseUrl } from '../plan-target.js';
import { defaultJournalPath } from './apply.js';

interface VerifyFlags {
  secretsOut?: string;
  secretsFormat?: SecretsFormat;
  journal?: string;
  json?: boolean;
  useMargin: number;
  concurrency: number;
  apiUrl?: string;
  keyFile?: string;
}


const HELP = `
Examples:
  export DEVIN_API_KEY=…     # the enterprise service user's token (cog_…) used for apply
  devin-migrate verify plan.json --secrets-out ~/.config/devin-migrate/tokens.env
  devin-migrate verify plan.json --secrets-out tokens.json --json > verify.json

For each service user the plan creates, verify reads its token from the secrets file apply
wrote (same --secrets-out and --secrets-format as apply) and calls GET /v3/self with it: the
principal must be the planned service user (id from the journal, and name), scoped to the
planned org (none for enterprise scope); the enterprise listing must show the planned role.
Service users that already existed (plan op noop) are checked through the listing only.

Then it reports which new service users are in use: a key of theirs used by someone other
than verify. verify's own GET /v3/self also sets last_used_at, so it never counts: each check
is journaled before it is sent ("own check at"), the last_used_at the API shows right after
it is journaled too ("seen by the API at"), and a use counts only when it is later than both
(and later than the own check by more than --use-margin, for APIs that record use lazily or
clocks that disagree). Uses between two verify runs are read before the run's own call, so
running verify again never hides them. Keep using the same journal: it holds that history.

Results go to the journal (ids and outcomes only), where revoke and report read them; --json
prints the result document on stdout. Tokens are never printed.

${EXIT_CODE_HELP}
  verify: 0 every replacement is verified and in use (revoke may proceed); 1 some are not yet:
  pending (not applied), missing token, mismatch (principal, org or role differ from the plan),
  rejected (the API refused the token) or not used since creation; the table says which.`;

export function register(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('Check each new service-user token against the plan (GET /v3/self) and report which are in use')
    .argument('<plan>', 'plan.json written by `devin-migrate plan` (and applied)')
    .option('--secrets-out <file>', 'the secrets file apply wrote the tokens to')
    .addOption(new Option('--secrets-format <format>', 'env (.env lines) or json (default: from the extension)').choices(['env', 'json']))
    .option('--journal <file>', 'the apply/verify/revoke journal (default: next to the plan)')
    .option('--json', 'print the result document as JSON on stdout')
    .addOption(
      new Option('--use-margin <seconds>', 'a use counts only this long after verify\'s own check').argParser(wholeNumber('--use-margin', 0, 86_400)).default(DEFAULT_USE_MARGIN_S),
    )
    .addOption(new Option('--concurrency <n>', 'service users checked at once').argParser(wholeNumber('--concurrency', 1, 32)).default(4))
    .option('--api-url <url>', 'override the plan\'s API base URL')
    .option('--key-file <path>', `file holding the enterprise service user's token (instead of ${V3_KEY_ENV})`)
    .addHelpText('after', HELP)
    .action(async (planArg: string, flags: VerifyFlags) => {
      await runVerify(planArg, flags, ctx);
    });
}

function usageText(e: VerifyEntry): string {
  if (e.usage === 'in-use') return `in use (last used ${e.lastUsedAt})`;
  if (e.usage === 'unused') return e.op === 'noop' ? 'not used since the inventory the plan was made from' : 'not used (except by verify) since creation';
  return 'usage unknown';
}

function render(doc: VerifyDocument): string[] {
  const out: string[] = [];
  for (const e of doc.serviceUsers) {
    const id = e.serviceUserId ? ` (${e.serviceUserId})` : '';
    out.push(`${e.outcome.padEnd(13)} ${e.name}${id}: ${usageText(e)}`);
    for (const p of e.problems) out.push(`              ${p}`);
    for (const n of e.notes) out.push(`              note: ${n}`);
  }
  const s = doc.summary;
  out.push(
    `verify: ${s.verified}/${s.total} verified, ${s.inUse}/${s.total} in use` +
      [s.mismatch && `, ${s.mismatch} mismatch`, s.missingToken && `, ${s.missingToken} missing token`, s.rejected && `, ${s.rejected} rejected`, s.pending && `, ${s.pending} pending`]
        .filter(Boolean)
        .join(''),
  );
  if (doc.revokeOnly.length > 0) out.push(`${doc.revokeOnly.length} revoke-only key(s) need no replacement (devin-migrate revoke)`);
  return out;
}

async function runVerify(planArg: string, flags: VerifyFlags, ctx: CliContext): Promise<void> {
  const planPath = resolve(ctx.cwd, planArg);
  const plan = readDocument(planPath, PlanDocument, 'plan');
  const planSha = sha256(readFileSync(planPath));
  const baseUrl = planBaseUrl(plan, flags.apiUrl, ctx);
  const v3Key = readKey({ envVar: V3_KEY_ENV, fileFlag: '--key-file', file: flags.keyFile, version: 'v3', purpose: 'verify (v3 service-user listing)' }, ctx.env);
  const creates = verifiableActions(plan).filter((a) => a.op === 'create').length;
  if (!flags.secretsOut && creates > 0) {
    throw new UsageError('verify needs the new tokens, and no secrets file was given', {
      hint: 'pass --secrets-out FILE, the file apply wrote them to (and --secrets-format if it is not guessed from the extension)',
    });
  }
  const secretsPath = flags.secretsOut ? resolve(ctx.cwd, flags.secretsOut) : null;
  const secrets = secretsPath ? readSecretsFile(secretsPath, secretsFormatFor(secretsPath, flags.secretsFormat)) : null;
  const journalPath = flags.journal ? resolve(ctx.cwd, flags.journal) : defaultJournalPath(planPath);
  const applied = readJournal(journalPath).records.filter((r) => r.event === 'run-start' && r.command === 'apply');
  if (applied.length === 0) say(ctx, `note: the journal ${journalPath} has no apply run; service users are looked up by name`);
  else if (!applied.some((r) => r.event === 'run-start' && r.planSha256 === planSha)) {
    say(ctx, `note: the journal's apply runs were for another plan (a --refresh plan?); pass the plan apply used`);
  }

  const onApiEvent = (e: ApiEvent) => {
    if (e.retryInMs !== undefined) say(ctx, `retrying ${e.method} ${e.path} (${e.status ?? e.error}) in ${(e.retryInMs / 1000).toFixed(1)} s`);
  };
  const v3 = createApiClient({ baseUrl, key: v3Key, readOnly: true, concurrency: flags.concurrency, onEvent: onApiEvent });
  const journal = Journal.open(journalPath);
  try {
    journal.append({ action: '*', event: 'run-start', command: 'verify', planSha256: planSha, pid: process.pid });
    say(ctx, `verifying ${verifiableActions(plan).length} service user(s) at ${baseUrl}…`);
    const doc = await verifyPlan({
      plan,
      planSha256: planSha,
      v3,
      journal,
      secrets,
      useMarginS: flags.useMargin,
      concurrency: flags.concurrency,
    });
    const s = doc.summary;
    journal.append({
      action: '*',
      event: 'run-end',
      counts: { verified: s.verified, inUse: s.inUse, mismatch: s.mismatch, missingToken: s.missingToken, rejected: s.rejected, pending: s.pending },
    });
    for (const l of render(doc)) say(ctx, l);
    say(ctx, `journal: ${journalPath}`);
    if (flags.json) ctx.stdout.write(toJson(doc));
    setExit(verifyComplete(doc) ? EXIT.OK : EXIT.FINDINGS);
  } finally {
    journal.close();
    await v3.close();
  }
}
