// `devin-migrate inventory`: read the enterprise's legacy keys, members, organizations, roles and
// key-creation audit evidence (v2) and the service users that already exist (v3) into one
// versioned JSON document. Nothing is written unless everything was read.
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_API_URL } from '../../catalog/index.js';
import { createApiClient, DEFAULT_CONCURRENCY, type ApiEvent } from '../../api/index.js';
import { toJson, writeFileAtomic } from '../../documents/write.js';
import { AuthError } from '../../errors.js';
import { collectInventory, DEFAULT_AUDIT_DAYS, InventoryAuthError, renderSummary, summarizeInventory, type InventoryProgress } from '../../inventory/index.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { LEGACY_KEY_ENV, readKey, V3_KEY_ENV } from '../credentials.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import { wholeNumber } from '../args.js';

interface InventoryFlags {
  out?: string;
  json?: boolean;
  apiUrl?: string;
  keyFile?: string;
  legacyKeyFile?: string;
  auditDays: number;
  concurrency: number;
  timeout: number;
  maxRetries: number;
}


const HELP = `
Examples:
  export DEVIN_LEGACY_API_KEY=…   # an Enterprise Admin's personal key (apk_user_…), for v2
  export DEVIN_API_KEY=…          # an enterprise service user's token (cog_…), for v3
  devin-migrate inventory --out inventory.json
  devin-migrate inventory --json --api-url https://api.acme.devinenterprise.com > inventory.json
  devin-migrate inventory --legacy-key-file ~/.devin/admin.key --key-file ~/.devin/migrator.key

Reads, following every page:
  v2 (legacy key)  api keys, organizations, members and their org roles, roles, and audit-log
                   entries that record key creation (create_user_api_key, create_service_api_key,
                   create_org_api_key) of the last --audit-days days
  v3 (token)       service users and their role assignments, so that a re-run after a partial
                   migration counts the keys whose service user already exists

Keys come from the environment (${LEGACY_KEY_ENV}, ${V3_KEY_ENV}) or from files (--legacy-key-file,
--key-file), never from flags. The v2 API accepts only an Enterprise Admin's personal key; the v3
service user needs a role that can list service users and roles (ViewAccountMembership), e.g.
account_admin. Key values never reach the document, stdout or stderr: a key the API discloses is
kept only as prefix + last 4 characters.

The document is written atomically and sorted by id (the same enterprise gives the same
document, apart from generatedAt and durationMs). A failure part-way writes nothing.

${EXIT_CODE_HELP}`;


function secondsArg(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 600) throw new InvalidArgumentError('--timeout must be a number of seconds between 0 and 600');
  return n;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('inventory')
    .description('Read legacy keys, members, organizations and roles (v2) and existing service users (v3) into inventory.json')
    .option('--out <file>', 'write the inventory here (default: inventory.json, or none with --json)')
    .option('--json', 'print the inventory document to stdout instead of writing a file')
    .option('--api-url <url>', `API base URL (default: DEVIN_API_URL or ${DEFAULT_API_URL})`)
    .option('--key-file <path>', `file holding the v3 service-user token (instead of ${V3_KEY_ENV})`)
    .option('--legacy-key-file <path>', `file holding the Enterprise Admin's personal key (instead of ${LEGACY_KEY_ENV})`)
    .addOption(new Option('--audit-days <n>', 'audit-log window for key-creation evidence, in days (0: skip)').argParser(wholeNumber('--audit-days', 0, 3650)).default(DEFAULT_AUDIT_DAYS))
    .addOption(new Option('--concurrency <n>', 'requests in flight at once').argParser(wholeNumber('--concurrency', 1, 64)).default(DEFAULT_CONCURRENCY))
    .addOption(new Option('--timeout <seconds>', 'wait this long for an answer before retrying').argParser(secondsArg).default(30))
    .addOption(new Option('--max-retries <n>', 'retries of a failed read (429, 502-504, resets)').argParser(wholeNumber('--max-retries', 0, 10)).default(4))
    .addHelpText('after', HELP)
    .action(async (flags: InventoryFlags) => {
      await runInventory(flags, ctx);
    });
}

const STEP_LABEL: Record<InventoryProgress['step'], string> = {
  self: 'checking both keys',
  keys: 'api keys',
  organizations: 'organizations',
  members: 'members',
  roles: 'roles',
  audit: 'audit log',
  'org-members': 'organization roles',
  'service-users': 'service users (v3)',
};

async function runInventory(flags: InventoryFlags, ctx: CliContext): Promise<void> {
  // Both keys first: a missing or wrong key fails before any request.
  const legacyKey = readKey(
    { envVar: LEGACY_KEY_ENV, fileFlag: '--legacy-key-file', file: flags.legacyKeyFile, version: 'v2', purpose: 'the legacy side of the inventory (v2 enterprise API)' },
    ctx.env,
  );
  const v3Key = readKey(
    { envVar: V3_KEY_ENV, fileFlag: '--key-file', file: flags.keyFile, version: 'v3', purpose: 'the v3 side of the inventory (existing service users)' },
    ctx.env,
  );
  const baseUrl = flags.apiUrl ?? (ctx.env.DEVIN_API_URL?.trim() || DEFAULT_API_URL);
  const onEvent = (e: ApiEvent) => {
    if (e.retryInMs !== undefined) {
      say(ctx, `retrying ${e.method} ${e.path} (${e.status ?? e.error}) in ${(e.retryInMs / 1000).toFixed(1)} s`);
    }
  };
  const legacy = createApiClient({
    baseUrl,
    key: legacyKey,
    readOnly: true, // the inventory only reads
    concurrency: flags.concurrency,
    timeouts: { headersS: flags.timeout, bodyS: flags.timeout },
    retry: { maxRetries: flags.maxRetries },
    onEvent,
  });
  const v3 = legacy.withKey(v3Key);
  const outPath = flags.out ?? (flags.json ? undefined : 'inventory.json');
  try {
    const doc = await collectInventory({
      legacy,
      v3,
      auditDays: flags.auditDays,
      concurrency: Math.max(1, Math.min(flags.concurrency, 8)),
      onProgress: (p) => {
        if (ctx.interactive && p.done && p.count !== undefined) say(ctx, `  ${STEP_LABEL[p.step]}: ${p.count}`);
      },
    }).catch((e: unknown) => {
      if (e instanceof InventoryAuthError) {
        const where = e.side === 'legacy' ? `${LEGACY_KEY_ENV} (or --legacy-key-file)` : `${V3_KEY_ENV} (or --key-file)`;
        throw new AuthError(e.message, { hint: `${e.hint}; put that key in ${where}` });
      }
      throw e;
    });
    const text = toJson(doc);
    if (outPath) writeFileAtomic(resolve(ctx.cwd, outPath), text, 0o600);
    if (flags.json) ctx.stdout.write(text);
    say(ctx, renderSummary(summarizeInventory(doc)).trimEnd());
    if (outPath) say(ctx, `wrote ${outPath} (${doc.keys.length} keys, ${(doc.durationMs / 1000).toFixed(1)} s)`);
    setExit(EXIT.OK);
  } finally {
    await legacy.close();
  }
}
