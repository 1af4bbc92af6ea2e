// `devin-migrate scan PATH...`: offline search of code for legacy keys, v1/v2 endpoint references
// and key-carrying env vars. No key, no network.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { Finding, ScanDocument } from '../../documents/scan.js';
import { toJson, writeFileAtomic } from '../../documents/write.js';
import { UsageError } from '../../errors.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

const FORMATS = ['table', 'json', 'md', 'sarif'] as const;
type ScanFormat = (typeof FORMATS)[number];
const FAIL_ON = ['secret', 'error', 'finding', 'none'] as const;
type FailOn = (typeof FAIL_ON)[number];

interface ScanFlags {
  format?: ScanFormat;
  json?: boolean;
  out?: string;
  failOn: FailOn;
  baseline?: string;
  writeBaseline?: string;
  ignoreFile?: string;
  maxFileSize: string;
  host: string[];
  gitignore: boolean;
  color: boolean;
}

const HELP = `
Examples:
  devin-migrate scan .
  devin-migrate scan src scripts .github --format sarif --out devin-migrate.sarif
  devin-migrate scan . --json --out scan.json          # input for plan and report
  devin-migrate scan . --write-baseline .devin-migrate-baseline.json
  devin-migrate scan . --baseline .devin-migrate-baseline.json --fail-on finding
  devin-migrate scan . --host api.devin.acme.internal

Finds, offline, in TS/JS, Python, shell, YAML (CI workflows), JSON, .env*, Dockerfiles and
Markdown code blocks:
  secrets    hard-coded legacy keys (apk_user_…, apk_…) and service-user tokens (cog_…)
  endpoints  v1/v2 URLs and paths (with the catalogue entries, their v3 replacement and the v3
             permission), legacy base URLs, and DELETE /v2/enterprise/api-keys (error)
  env        variables that carry a Devin key (DEVIN_API_KEY, DEVIN_*_TOKEN, …)
Keys are shown as prefix and last 4 characters only, in every format.

Files: .gitignore (nested too, and above up to the repository top), .git/info/exclude and the
ignore file (gitignore syntax; default .devin-migrate-ignore in each scanned directory) are
honoured; node_modules, .git, symbolic links, binaries and files over --max-file-size are
skipped. A path that does not exist or holds no files is an error.
Suppress one line with a comment containing devin-migrate-ignore on it or on the line above.

Exit codes:
  0  no findings that --fail-on counts (after the baseline and inline ignores)
  1  findings that --fail-on counts: secret (default: hard-coded keys), error (keys and the
     revoke-all call), finding (any finding); none never exits 1
  2  usage or input error: bad flags, a path that does not exist or holds no files, unreadable
     baseline or ignore file`;

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`--max-file-size ${s} is not a size`, { hint: 'use bytes or a unit: 500kb, 1mb, 2mb' });
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function failing(findings: readonly Finding[], failOn: FailOn): boolean {
  switch (failOn) {
    case 'none':
      return false;
    case 'finding':
      return findings.length > 0;
    case 'error':
      return findings.some((f) => f.severity === 'error');
    case 'secret':
      return findings.some((f) => f.category === 'secret');
  }
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description('Find legacy Devin keys, v1/v2 endpoint references and key env vars in code (offline)')
    .argument('[paths...]', 'files or directories to scan (default: .)')
    .addOption(new Option('--format <format>', 'table, json, md or sarif').choices([...FORMATS]))
    .option('--json', 'same as --format json (the ScanDocument that plan and report read)')
    .option('--out <file>', 'write the output to this file (atomically) instead of stdout')
    .addOption(new Option('--fail-on <what>', 'which findings make the exit code 1').choices([...FAIL_ON]).default('secret'))
    .option('--baseline <file>', 'leave out findings whose fingerprints this baseline file lists')
    .option('--write-baseline <file>', 'write every current finding to this baseline file, then exit 0')
    .option('--ignore-file <file>', 'extra ignore patterns, gitignore syntax (default: .devin-migrate-ignore if present)')
    .option('--max-file-size <size>', 'skip files larger than this', '1mb')
    .option('--host <name>', 'another Devin API host to recognise (repeatable)', collect, [])
    .option('--no-gitignore', 'do not honour .gitignore files and .git/info/exclude')
    .option('--no-color', 'no colours in the table (also NO_COLOR)')
    .addHelpText('after', HELP)
    .action(async (paths: string[], flags: ScanFlags) => {
      await runScan(paths, flags, ctx);
    });
}

function chooseFormat(flags: ScanFlags): ScanFormat {
  if (flags.json && flags.format && flags.format !== 'json') {
    throw new UsageError(`--json and --format ${flags.format} contradict each other`, { hint: 'pick one' });
  }
  return flags.json ? 'json' : (flags.format ?? 'table');
}

async function runScan(paths: string[], flags: ScanFlags, ctx: CliContext): Promise<void> {
  const format = chooseFormat(flags);
  const maxFileSize = parseSize(flags.maxFileSize);
  for (const h of flags.host) {
    if (!/^[a-z0-9.-]+(?::\d+)?$/i.test(h)) throw new UsageError(`--host ${h} is not a host name`, { hint: 'pass a bare host such as api.acme.devinenterprise.com' });
  }
  // Loaded here so other commands do not pay for the scanner (and the baseline's zod schema
  // only when a baseline is used).
  const s = await import('../../scan/scan.js');
  const b = flags.baseline || flags.writeBaseline ? await import('../../scan/baseline.js') : null;
  const baseline = flags.baseline ? b!.readBaseline(resolve(ctx.cwd, flags.baseline)) : undefined;
  const now = new Date();
  const { document, allFindings } = s.scan({
    paths: paths.length > 0 ? paths : ['.'],
    cwd: ctx.cwd,
    hosts: flags.host,
    maxFileSize,
    gitignore: flags.gitignore,
    ignoreFile: flags.ignoreFile ?? null,
    baseline,
    now: () => now,
  });
  const text = await render(document, format, flags, ctx);
  const { summaryLine } = await import('../../scan/format/summary.js');
  if (flags.out) {
    writeFileAtomic(resolve(ctx.cwd, flags.out), text);
    say(ctx, `scan: wrote ${flags.out} (${format}); ${summaryLine(document)}`);
  } else {
    ctx.stdout.write(text);
    if (format !== 'table') say(ctx, `scan: ${summaryLine(document)}`);
  }
  if (flags.writeBaseline) {
    b!.writeBaseline(resolve(ctx.cwd, flags.writeBaseline), allFindings, now);
    say(ctx, `scan: wrote ${allFindings.length} fingerprints to ${flags.writeBaseline}; later scans with --baseline ${flags.writeBaseline} report only new findings`);
    setExit(EXIT.OK);
    return;
  }
  setExit(failing(document.findings, flags.failOn) ? EXIT.FINDINGS : EXIT.OK);
}

async function render(doc: ScanDocument, format: ScanFormat, flags: ScanFlags, ctx: CliContext): Promise<string> {
  let text: string;
  switch (format) {
    case 'json':
      text = toJson(doc);
      break;
    case 'md':
      text = (await import('../../scan/format/markdown.js')).renderMarkdown(doc);
      break;
    case 'sarif':
      text = (await import('../../scan/format/sarif.js')).renderSarif(doc, { toolVersion: packageVersion(), srcRoot: ctx.cwd });
      break;
    case 'table': {
      const stdoutTTY = Boolean((ctx.stdout as { isTTY?: boolean }).isTTY);
      const color = ctx.color && flags.color && stdoutTTY && !flags.out && !('NO_COLOR' in ctx.env);
      text = (await import('../../scan/format/table.js')).renderTable(doc, { color });
      break;
    }
  }
  // Belt and braces: every finding was redacted where it was made; nothing key-shaped leaves here.
  const { redactText } = await import('../../catalog/index.js');
  return redactText(text);
}
