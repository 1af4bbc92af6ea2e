// The commander program: argument parsing, wiring and exit codes, nothing else. Each command
// lives in ./commands/<name>.ts and exports `register(program, ctx)`; its work is a function in
// its own layer that takes a typed options object.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { findKeys, redactText } from '../catalog/index.js';
import { DevinMigrateError, UsageError } from '../errors.js';
import type { CliContext } from './context.js';
import { EXIT, EXIT_CODE_HELP, exitCodeFor } from './exit-codes.js';
type Register = (program: Command, ctx: CliContext) => void;

// Each command is loaded only when it runs: the named command's module alone, or all of them
// for the top-level help. Start-up stays cheap (no TypeScript parser, msw or undici for
// `scan`). One line per command; keep alphabetical.
const COMMANDS: Record<string, () => Promise<{ register: Register }>> = {
  apply: () => import('./commands/apply.js'),
  codemod: () => import('./commands/codemod.js'),
  demo: () => import('./commands/demo.js'),
  'fake-api': () => import('./commands/fake-api.js'),
  inventory: () => import('./commands/inventory.js'),
  plan: () => import('./commands/plan.js'),
  report: () => import('./commands/report.js'),
  revoke: () => import('./commands/revoke.js'),
  scan: () => import('./commands/scan.js'),
  verify: () => import('./commands/verify.js'),
};

/** The modules to load for these arguments: the command named, or every one. */
async function loadCommands(argv: readonly string[]): Promise<Register[]> {
  const name = argv.find((a) => !a.startsWith('-'));
  if (name === undefined && argv.some((a) => a === '-V' || a === '--version')) return [];
  const names = name !== undefined && name in COMMANDS ? [name] : Object.keys(COMMANDS);
  const modules = await Promise.all(names.map((n) => COMMANDS[n]!()));
  return modules.map((m) => m.register);
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(ctx: CliContext, commands: readonly Register[]): Command {
  const program = new Command('devin-migrate')
    .description(
      'Move an enterprise from legacy Devin API keys (apk_user_…, apk_…) and v1/v2 endpoints to v3 service users (cog_…).',
    )
    .version(packageVersion(), '-V, --version')
    .option('--no-color', 'disable colours (also NO_COLOR)')
    .showHelpAfterError(false)
    .addHelpText('after', `\n${EXIT_CODE_HELP}\n\nKeys are read from environment variables or files, never from flags.\nSet DEBUG=devin-migrate for stack traces.`);
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => ctx.stdout.write(s),
    writeErr: (s) => ctx.stderr.write(s),
    outputError: () => {
      /* reported once by run() */
    },
  });
  for (const register of commands) register(program, ctx);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s), outputError: () => {} });
  }
  return program;
}

function oneLine(e: DevinMigrateError): string {
  const msg = redactText(e.message).replace(/\s*\n\s*/g, ' ');
  return e.hint ? `devin-migrate: ${msg}; ${redactText(e.hint)}` : `devin-migrate: ${msg}`;
}

/** Run the CLI; returns the exit code. Only this function maps errors to exit codes. */
export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const debug = (ctx.env.DEBUG ?? '').split(',').includes('devin-migrate');
  try {
    if (argv.some((a) => findKeys(a).length > 0)) {
      throw new UsageError('a Devin key was passed on the command line, where it leaks into shell history and `ps`', {
        hint: 'put it in the environment variable or key file the command names, and rotate that key',
      });
    }
    const program = buildProgram(ctx, await loadCommands(argv));
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      const msg = e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
      ctx.stderr.write(`devin-migrate: ${redactText(msg)}; run 'devin-migrate --help' for usage\n`);
      return EXIT.USAGE;
    }
    if (e instanceof DevinMigrateError) {
      ctx.stderr.write(`${oneLine(e)}\n`);
      if (debug && e.stack) ctx.stderr.write(`${redactText(e.stack)}\n`);
      return exitCodeFor(e.kind);
    }
    const err = e instanceof Error ? e : new Error(String(e));
    ctx.stderr.write(
      `devin-migrate: unexpected error: ${redactText(err.message)}; set DEBUG=devin-migrate for the stack trace and report it\n`,
    );
    if (debug && err.stack) ctx.stderr.write(`${redactText(err.stack)}\n`);
    return EXIT.API;
  }
}
