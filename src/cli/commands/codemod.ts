// `devin-migrate codemod PATH...`: rewrite TS/JS code (and .env / JSON configs) from the legacy
// Devin API to v3, in place, as a dry run (diffs), or as a CI check.
import { Command, Option } from 'commander';
import { TRANSFORM_NAMES } from '../../../codemods/names.js';
import type { CodemodMode } from '../../../codemods/runner.js';
import { DEFAULT_CODEMOD_OPTIONS } from '../../../codemods/types.js';
import { toJson } from '../../documents/write.js';
import { UsageError } from '../../errors.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

interface CodemodFlags {
  orgIdExpr: string;
  createAsUserIdExpr: string;
  attribution: 'add' | 'none';
  transform: string[];
  dryRun?: boolean;
  check?: boolean;
  json?: boolean;
  allowDirty?: boolean;
}

const HELP = `
Examples:
  devin-migrate codemod src --dry-run             # print unified diffs, write nothing
  devin-migrate codemod src scripts               # rewrite in place (clean git tree required)
  devin-migrate codemod . --check                 # CI: exit 1 while work or markers remain
  devin-migrate codemod src --transform endpoints --transform keys
  devin-migrate codemod src --org-id-expr 'config.devin.orgId' --attribution none
  devin-migrate codemod src --json > codemod.json # result document for \`report\`

Transforms, in the order they run on each file:
  keys         hard-coded apk_user_/apk_/cog_ keys -> process.env.DEVIN_API_KEY (+ rotate marker)
  endpoints    v1/v2 URLs and paths -> v3 through the endpoint catalogue: literals, templates,
               '+', new URL, base constants (also imported), axios baseURL, thin wrappers
  attribution  create_as_user_id on session creation (--attribution none to skip)
  pagination   offset/skip loops -> cursor (first/after)
  fields       renamed body/response/query fields
  config       .env* and JSON files: legacy base URLs, DEVIN_ORG_ID next to the key

v1 org paths become /v3/organizations/\${DEVIN_ORG_ID}/… with
  const DEVIN_ORG_ID = process.env.DEVIN_ORG_ID;
added once per module, or use --org-id-expr. What cannot be rewritten safely gets one marker
comment, // TODO(devin-migrate): … (# in .env files), never duplicated on re-runs; see
MIGRATION.md for each marker. Untouched files and regions stay byte-identical; a file whose
result would not parse is not written and is reported as an error.

Files: .ts .tsx .mts .cts .js .jsx .mjs .cjs (+ .env* and *.json for config); .gitignore,
.git/info/exclude and .devin-migrate-ignore are honoured, node_modules skipped. Writing needs a
clean git tree under the given paths unless --allow-dirty; --dry-run and --check never write.

Exit codes:
  0  done (or, with --check, nothing left to do)
  1  --check: files would change, markers or unresolved JSON values remain; otherwise some
     files could not be rewritten (reported as errors, left as they were)
  2  usage or input error: unknown transform, a path that matches no files, a dirty tree`;

export function register(program: Command, ctx: CliContext): void {
  program
    .command('codemod')
    .description('rewrite code from the legacy Devin API (v1/v2, apk_ keys) to v3, or show/check what would change')
    .argument('<paths...>', 'files or directories to rewrite')
    .option('--org-id-expr <expr>', 'expression for the org id in v3 org paths', DEFAULT_CODEMOD_OPTIONS.orgIdExpr)
    .option('--create-as-user-id-expr <expr>', 'expression added as create_as_user_id', DEFAULT_CODEMOD_OPTIONS.createAsUserIdExpr)
    .addOption(new Option('--attribution <mode>', 'add create_as_user_id to session creation, or not').choices(['add', 'none']).default('add'))
    .option('--transform <name>', `run only this transform (repeatable): ${TRANSFORM_NAMES.join(', ')}`, (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--dry-run', 'print unified diffs to stdout and write nothing')
    .option('--check', 'write nothing; exit 1 while files would change or markers remain')
    .option('--json', 'print the result document (JSON) to stdout')
    .option('--allow-dirty', 'rewrite even with uncommitted changes under the paths')
    .addHelpText('after', HELP)
    .action(async (paths: string[], flags: CodemodFlags) => {
      if (flags.dryRun && flags.check) throw new UsageError('--dry-run and --check cannot be combined', { hint: 'use --check in CI, --dry-run to read the diffs' });
      if (!flags.orgIdExpr.trim()) throw new UsageError('--org-id-expr is empty', { hint: "pass an expression such as 'process.env.DEVIN_ORG_ID'" });
      const mode: CodemodMode = flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'write';
      // Loaded here: the TypeScript parser costs half a second, other commands should not pay it.
      const { runCodemod, workRemains } = await import('../../../codemods/runner.js');
      const { document, diffs } = runCodemod({
        paths,
        cwd: ctx.cwd,
        transforms: flags.transform,
        options: { orgIdExpr: flags.orgIdExpr.trim(), createAsUserIdExpr: flags.createAsUserIdExpr.trim(), attribution: flags.attribution },
        mode,
        allowDirty: Boolean(flags.allowDirty),
        diffs: !flags.json, // --json prints the document instead of the diffs
      });
      if (flags.json) ctx.stdout.write(toJson(document));
      else if (mode === 'dry-run') for (const d of diffs) ctx.stdout.write(d);
      for (const f of document.files) if (f.action === 'error') say(ctx, `devin-migrate: ${f.path}: ${f.error}`);
      if (mode !== 'write' && !flags.json) {
        for (const f of document.files) for (const n of f.notes) say(ctx, `note: ${f.path}: ${n}`);
      }
      const t = document.totals;
      const secs = (document.durationMs / 1000).toFixed(2);
      const verb = mode === 'write' ? 'changed' : 'would change';
      say(
        ctx,
        `codemod${mode === 'write' ? '' : ` --${mode}`}: ${t.changed} ${verb}, ${t.unchanged} unchanged, ${t.skipped} skipped, ${t.errors} error${t.errors === 1 ? '' : 's'}` +
          ` (${t.markersAdded} marker${t.markersAdded === 1 ? '' : 's'} added, ${t.markersPresent} present${t.unresolved ? `, ${t.unresolved} unresolved` : ''}) in ${secs}s`,
      );
      if (mode === 'check') setExit(workRemains(document) ? EXIT.FINDINGS : EXIT.OK);
      else setExit(t.errors > 0 ? EXIT.FINDINGS : EXIT.OK);
    });
}
