// `devin-migrate report`: the admin's report (HTML, Markdown or JSON) from the step documents.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { writeFileAtomic } from '../../documents/write.js';
import { UsageError } from '../../errors.js';
import { buildReport, formatFromPath, renderReport, REPORT_FORMATS, type ReportFormat } from '../../report/index.js';
import { reportInputsFromFiles } from '../../report/from-files.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

interface ReportFlags {
  inventory: string;
  scan?: string;
  plan?: string;
  journal?: string;
  verify?: string;
  codemod?: string;
  out?: string;
  format?: ReportFormat;
  json?: boolean;
}

const HELP = `
Examples:
  devin-migrate report --inventory inventory.json --out report.html
  devin-migrate report --inventory inventory.json --scan scan.json --plan plan.json --out report.html
  devin-migrate report --inventory inventory.json --scan scan.json --plan plan.json \\
    --journal plan.journal.jsonl --verify verify.json --codemod codemod.json --out report.html
  devin-migrate report --inventory inventory.json --plan plan.json --format md > report.md

Only --inventory is required; each other document adds its sections:
  --scan      code findings by file, with the v3 replacement and the permission it needs
  --plan      the plan table (over-granted roles marked), permission matrix, cut-over readiness
  --journal   what apply, verify and revoke did to each key (created, verified, used, revoked)
  --verify    the latest verify result (token checks and use), if newer than the journal's
  --codemod   the codemod tally and the TODO(devin-migrate) markers still open
The format follows the --out extension (.html, .md, .json) unless --format is given; without
--out the report goes to stdout as Markdown.

The HTML file is self-contained: inline CSS and SVG, no script, nothing fetched, printable.
No key value appears in any format: keys are shown by id, or by prefix and last 4 characters.

Exit codes:
  0  the report was written
  2  usage or input error: a missing or invalid document, an --out extension that names no
     format, --journal or --verify without --plan`;

export function register(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description("Write the admin's migration report (HTML, Markdown or JSON) from the step documents")
    .requiredOption('--inventory <file>', 'inventory.json written by `devin-migrate inventory`')
    .option('--scan <file>', 'scan result (scan --json)')
    .option('--plan <file>', 'plan.json written by `devin-migrate plan`')
    .option('--journal <file>', 'the apply/verify/revoke journal (JSON Lines; needs --plan)')
    .option('--verify <file>', 'verify result (verify --json; needs --plan)')
    .option('--codemod <file>', 'codemod result (codemod --json)')
    .option('--out <file>', 'write the report here (default: stdout)')
    .addOption(new Option('--format <format>', 'html, md or json (default: from the --out extension, else md)').choices([...REPORT_FORMATS]))
    .option('--json', 'same as --format json')
    .addHelpText('after', HELP)
    .action((flags: ReportFlags) => {
      runReport(flags, ctx);
    });
}

function chooseFormat(flags: ReportFlags): ReportFormat {
  if (flags.json && flags.format && flags.format !== 'json') {
    throw new UsageError(`--json and --format ${flags.format} contradict each other`, { hint: 'pick one' });
  }
  if (flags.json) return 'json';
  if (flags.format) return flags.format;
  if (!flags.out) return 'md';
  const inferred = formatFromPath(flags.out);
  if (!inferred) {
    throw new UsageError(`cannot tell the report format from ${flags.out}`, { hint: 'name the file .html, .md or .json, or pass --format' });
  }
  return inferred;
}

function runReport(flags: ReportFlags, ctx: CliContext): void {
  const format = chooseFormat(flags);
  for (const [flag, value] of [['--journal', flags.journal], ['--verify', flags.verify]] as const) {
    if (value && !flags.plan) {
      throw new UsageError(`${flag} needs --plan: it names plan actions, the plan says which keys they replace`, {
        hint: 'pass the plan it was written for',
      });
    }
  }
  const inputs = reportInputsFromFiles({
    inventory: flags.inventory,
    scan: flags.scan,
    plan: flags.plan,
    journal: flags.journal,
    verify: flags.verify,
    codemod: flags.codemod,
    cwd: ctx.cwd,
    generatedAt: new Date().toISOString(),
  });
  const model = buildReport(inputs);
  const text = renderReport(model, format);
  if (flags.out) {
    const out = resolve(ctx.cwd, flags.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileAtomic(out, text);
    say(ctx, `report: wrote ${flags.out} (${format}); ${model.nextSteps.length} next ${model.nextSteps.length === 1 ? 'step' : 'steps'}, first: ${model.nextSteps[0]!.text}`);
  } else {
    ctx.stdout.write(text);
  }
  setExit(EXIT.OK);
}
