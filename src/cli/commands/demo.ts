// `devin-migrate demo`: the whole migration of a made-up enterprise against the embedded fake API,
// in one command and one folder, ending with the report. Offline; nothing leaves loopback.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import { redactText } from '../../catalog/index.js';
import type { DemoState, DemoStep } from '../../demo/index.js';
import { InputError } from '../../errors.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';

interface DemoFlags {
  out: string;
}

const HELP = `
Examples:
  devin-migrate demo
  devin-migrate demo --out /tmp/devin-demo
  npm run demo

Starts the fake Devin API in-process on a free loopback port with the demo enterprise (four
organizations, personal and service keys, an owner who left, an organization that was deleted),
copies the sample app (fixtures/sample-app) into DIR/sample-app, and runs every step on it:
inventory -> scan -> plan -> apply -> verify -> codemod -> (the bot switches to its new token,
simulated) -> verify -> report. Each step calls the same layer function as its command and
writes the document that command would write, into DIR:

  inventory.json  scan.json  migrate.json (plan config)  plan.json  plan.journal.jsonl
  secrets.env (0600: the new service-user tokens, fake)  verify.json  codemod.json
  report.html  report.md  sample-app/ (rewritten to v3)

The keys and tokens are fake and open nothing but the fake API, which stops when the demo ends.
Works offline. Re-running replaces DIR's contents.

${EXIT_CODE_HELP}`;

/** The sample app shipped with the package (fixtures/sample-app), found from this file. */
export function sampleAppPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 7; i++) {
    const candidate = join(dir, 'fixtures', 'sample-app');
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new InputError('the sample app fixtures/sample-app is missing from the package', { hint: 'reinstall devin-migrate' });
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('Run the whole migration against the embedded fake API on a sample app, and write the report')
    .option('--out <dir>', 'folder for everything the demo writes', 'demo-out')
    .addHelpText('after', HELP)
    .action(async (flags: DemoFlags) => {
      await runDemoCommand(flags, ctx);
    });
}

async function runDemoCommand(flags: DemoFlags, ctx: CliContext): Promise<void> {
  const outDir = resolve(ctx.cwd, flags.out);
  mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  // Loaded here: the demo pulls in every layer (the codemod's TypeScript parser among them),
  // which other commands should not pay for at start-up.
  const { closeDemo, createDemoState, DEMO_STEPS } = await import('../../demo/index.js');
  const state = createDemoState({ outDir, sampleApp: sampleAppPath() });
  try {
    await runSteps(state, DEMO_STEPS, ctx);
  } finally {
    await closeDemo(state);
  }
  const shown = (name: Parameters<DemoState['path']>[0]) => {
    const rel = relative(ctx.cwd, state.path(name));
    return rel.startsWith('..') ? state.path(name) : rel;
  };
  say(ctx, '');
  say(ctx, `demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s. Open the report:`);
  say(ctx, `  ${shown('report')}`);
  say(ctx, 'What to look at:');
  say(ctx, '  - the report: what to do next, keys per organization, the plan with over-granted roles, the permission matrix,');
  say(ctx, '    code findings, the codemod\'s open markers, and cut-over readiness (which legacy keys are safe to revoke, and why)');
  say(ctx, `  - ${shown('plan')}: one action per legacy key, with the reason for every scope, role and attribution`);
  say(
    ctx,
    state.sampleRepo
      ? `  - ${shown('sampleApp')}: the rewritten sample app; \`git -C ${shown('sampleApp')} diff\` shows the codemod's changes and its TODO(devin-migrate) markers`
      : `  - ${shown('sampleApp')}: the rewritten sample app; diff it against fixtures/sample-app and read its TODO(devin-migrate) markers`,
  );
  say(ctx, `  - ${shown('journal')}: what apply and verify did, one JSON line per step (ids only)`);
  say(ctx, `  - ${shown('secrets')}: the new (fake) service-user tokens, mode 0600; never printed`);
  ctx.stdout.write(`${state.path('report')}\n`);
  setExit(EXIT.OK);
}

async function runSteps(state: DemoState, steps: readonly DemoStep[], ctx: CliContext): Promise<void> {
  // The live renderer redraws in place; it needs a terminal that reports its width.
  const live = ctx.interactive && ((ctx.stderr as NodeJS.WriteStream).columns ?? 0) > 0;
  const list = new Listr(
    steps.map((step) => ({
      title: step.title,
      task: async (_c: unknown, task: { title: string; output: string }) => {
        const summary = await step.run(state, (line) => {
          task.output = redactText(line);
        });
        task.title = `${step.title}: ${redactText(summary)}`;
      },
    })),
    {
      concurrent: false,
      exitOnError: true,
      registerSignalListeners: false,
      // A terminal gets the live renderer; CI, pipes and tests get one plain line per event.
      renderer: live ? 'default' : 'simple',
      fallbackRenderer: 'simple',
      rendererOptions: {
        logger: new ListrLogger({
          processOutput: new ProcessOutput(ctx.stderr as NodeJS.WriteStream, ctx.stderr as NodeJS.WriteStream),
        }),
      },
    },
  );
  await list.run();
}
