// `devin-migrate plan`: inventory (+ scan, + config) -> a reviewable, deterministic plan.
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { redactText } from '../../catalog/index.js';
import { toJson, writeFileAtomic } from '../../documents/write.js';
import { DevinMigrateError, UsageError } from '../../errors.js';
import { hasPendingChanges, planFromFiles, renderPlanMarkdown } from '../../plan/index.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

interface PlanFlags {
  inventory: string;
  scan?: string;
  config?: string;
  out?: string;
  format: 'json' | 'md';
  json?: boolean;
  detailedExitcode?: boolean;
}

const HELP = `
Examples:
  devin-migrate plan --inventory inventory.json --out plan.json
  devin-migrate plan --inventory inventory.json --scan scan.json --config migrate.json --out plan.json
  devin-migrate plan --inventory inventory.json --format md > plan.md

One action per legacy key (or per owner and org with "grouping": "per-owner-org"), grouped by
org then owner: the service user to create (name, org or enterprise scope, role, TTL), whether
its code passes create_as_user_id, and a one-line reason for each choice. Keys already migrated
(a service user with the planned name exists) are no-ops; keys whose owner left or whose org is
gone are listed as "revoke only". The plan holds no key values and no clock time: the same
inputs give a byte-identical plan.

Roles: the permissions come from the catalogue rows the scan found for a key, or, without
evidence, from what the key could do (v1 in its org; plus the v2 enterprise API when the owner
is an Enterprise Admin). The smallest built-in role that grants them is chosen (org_member,
org_admin, account_member, account_admin); when it grants more, the plan names the custom role
that would be least privilege. ImpersonateOrgSessions is added only where attribution is kept.

Which findings belong to which key:
  1. config "integrations": a finding whose file matches one of an entry's "paths" globs
     belongs to that entry's "key" (a key id, or an owner email: all of that owner's keys);
  2. else a file holding a hard-coded key whose redacted form (apk_user_…abcd) equals one
     inventory key's "redacted" gives that file's endpoint findings to that key;
  3. else the finding is unattributed (warned) and keys without evidence use the defaults.

Config file (JSON, every field optional):
  {
    "nameTemplate": "migrated-{owner}-{org}",     placeholders {owner} {org} {orgId} {keyId} {type}
    "grouping": "per-key" | "per-owner-org",
    "ttl": "90d" | 7776000,                        at most one year
    "roleMap": { "org_admin": "role-custom-ci",    built-in role id, key id or owner email ->
                 "jane@corp.example": { "roleId": "role-x", "permissions": ["ManageOrgSessions"] } },
    "include": { "keys": ["apk-…", "jane@corp.example"], "orgs": ["org-…", "Platform"] },
    "exclude": { "keys": [], "orgs": [] },
    "integrations": [ { "key": "apk-…", "paths": ["services/billing/**"] } ],
    "attribution": true
  }

Exit codes (default, the tool's table):
  0  nothing to create   1  service users to create   2  usage or input error
With --detailed-exitcode (Terraform's plan codes):
  0  nothing to create   2  service users to create   1  any error
  (flags that commander itself rejects before the command runs still exit 2)`;

export function register(program: Command, ctx: CliContext): void {
  program
    .command('plan')
    .description('Plan the move from legacy keys to v3 service users (no API calls)')
    .requiredOption('--inventory <file>', 'inventory.json written by `devin-migrate inventory`')
    .option('--scan <file>', 'scan result (scan --format json) to derive least-privilege roles from code')
    .option('--config <file>', 'planner config (JSON): names, grouping, ttl, roleMap, include/exclude, integrations')
    .option('--out <file>', 'write the plan here (default: stdout)')
    .addOption(new Option('--format <format>', 'json (the plan document) or md (for review)').choices(['json', 'md']).default('json'))
    .option('--json', 'same as --format json')
    .option('--detailed-exitcode', "Terraform's plan exit codes: 0 nothing to do, 2 changes pending, 1 error")
    .addHelpText('after', HELP)
    .action((flags: PlanFlags) => {
      try {
        runPlan(flags, ctx);
      } catch (e) {
        if (!flags.detailedExitcode || !(e instanceof DevinMigrateError)) throw e;
        // Terraform semantics: every error is 1, so 2 always means "changes pending".
        say(ctx, `devin-migrate: ${redactText(e.message)}${e.hint ? `; ${redactText(e.hint)}` : ''}`);
        setExit(1);
      }
    });
}

function runPlan(flags: PlanFlags, ctx: CliContext): void {
  if (flags.json && flags.format === 'md') throw new UsageError('--json and --format md contradict each other', { hint: 'pick one' });
  const plan = planFromFiles({
    inventoryPath: flags.inventory,
    scanPath: flags.scan,
    configPath: flags.config,
    outPath: flags.out,
    cwd: ctx.cwd,
  });
  const text = flags.format === 'md' ? renderPlanMarkdown(plan) : toJson(plan);
  if (flags.out) writeFileAtomic(resolve(ctx.cwd, flags.out), text);
  else ctx.stdout.write(text);
  const s = plan.summary;
  say(
    ctx,
    `plan: ${s.create} to create, ${s.noop} already migrated, ${s.revokeOnly} revoke only, ${s.excluded} excluded (${s.keys} legacy keys)` +
      (plan.warnings.length ? `, ${plan.warnings.length} warning(s)` : '') +
      (flags.out ? `; wrote ${flags.out}` : ''),
  );
  for (const w of plan.warnings) say(ctx, `warning: ${w}`);
  const pending = hasPendingChanges(plan);
  if (flags.detailedExitcode) setExit(pending ? 2 : EXIT.OK);
  else setExit(pending ? EXIT.FINDINGS : EXIT.OK);
}
