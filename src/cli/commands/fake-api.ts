// `devin-migrate fake-api`: serve the fake Devin API (src/fake) on loopback until SIGINT or
// SIGTERM. The ready line on stdout is the one place this tool prints key values on purpose:
// they are fake keys that open only this local fake.
import { Command, InvalidArgumentError, Option } from 'commander';
import { startFakeApi, type FakeApiOptions, type FakeFaults } from '../../fake/index.js';
import { UsageError } from '../../errors.js';
import { setExit } from '../action.js';
import { say, type CliContext } from '../context.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import { wholeNumber } from '../args.js';

interface FakeApiFlags {
  port: number;
  host: string;
  seed?: string;
  scale?: { orgs: number; users: number; keys: number; seed?: number };
  latency?: number;
  rateLimit?: number;
  errorRate?: number;
  resetRate?: number;
  faultSeed?: number;
}

const HELP = `
Examples:
  devin-migrate fake-api --port 0
  devin-migrate fake-api --seed fixtures/enterprise/demo.json --port 8787
  devin-migrate fake-api --scale orgs=20,users=500,keys=1500,seed=7
  devin-migrate fake-api --latency 50 --rate-limit 20 --error-rate 0.05 --reset-rate 0.01

When ready it prints exactly one JSON line on stdout:
  {"url":"http://127.0.0.1:PORT","credentials":{"enterpriseAdminKey":"apk_user_…",
   "serviceKey":"apk_…","serviceUserToken":"cog_…","orgId":"org-…"}}
These are FAKE keys, derived from the seed, that open nothing but this local fake; it is the one
place devin-migrate prints key values. enterpriseAdminKey works with v1 and v2, serviceKey with
v1 only, serviceUserToken (an enterprise service user with role account_admin) with v3.

It serves v1, v2 and v3 as documented (key types per version, role permissions, pagination,
validation) until SIGINT or SIGTERM, then exits 0. It listens on loopback unless --host says
otherwise. See src/fake/README.md for what is faked and how.

${EXIT_CODE_HELP}`;


function numberArg(name: string, min: number, max: number, exclusiveMin = false) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (exclusiveMin && n === min)) {
      throw new InvalidArgumentError(`${name} must be a number ${exclusiveMin ? 'above' : 'from'} ${min} ${exclusiveMin ? 'up ' : ''}to ${max}`);
    }
    return n;
  };
}

/** `orgs=N,users=M,keys=K[,seed=S]`. */
export function parseScale(raw: string): { orgs: number; users: number; keys: number; seed?: number } {
  const out: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const m = /^\s*(orgs|users|keys|seed)=(\d+)\s*$/.exec(part);
    if (!m) throw new InvalidArgumentError(`--scale takes orgs=N,users=M,keys=K[,seed=S]; cannot read "${part.trim()}"`);
    if (m[1]! in out) throw new InvalidArgumentError(`--scale names ${m[1]} twice`);
    out[m[1]!] = Number(m[2]);
  }
  for (const [k, min] of [['orgs', 1], ['users', 2], ['keys', 2]] as const) {
    if (out[k] === undefined) throw new InvalidArgumentError(`--scale needs ${k}=N (orgs=N,users=M,keys=K)`);
    if (out[k]! < min || out[k]! > 1_000_000) throw new InvalidArgumentError(`--scale ${k} must be between ${min} and 1000000`);
  }
  return { orgs: out.orgs!, users: out.users!, keys: out.keys!, ...(out.seed !== undefined ? { seed: out.seed } : {}) };
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('fake-api')
    .description('Serve a local fake of the Devin API (v1, v2, v3) with a demo or generated enterprise, for trying the tool and for tests')
    .addOption(new Option('--port <n>', 'port to listen on (0: a free one)').argParser(wholeNumber('--port', 0, 65535)).default(0))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--seed <demo|path>', 'enterprise seed: demo, or the path of a seed JSON (default: demo)')
    .addOption(new Option('--scale <spec>', 'a generated enterprise instead: orgs=N,users=M,keys=K[,seed=S]').argParser(parseScale))
    .addOption(new Option('--latency <ms>', 'added to every response').argParser(wholeNumber('--latency', 0, 60_000)))
    .addOption(new Option('--rate-limit <rps>', 'answer 429 with Retry-After above this many requests per second').argParser(numberArg('--rate-limit', 0, 100_000, true)))
    .addOption(new Option('--error-rate <p>', 'share of requests answered 502/503/504 (0..1)').argParser(numberArg('--error-rate', 0, 1)))
    .addOption(new Option('--reset-rate <p>', 'share of connections dropped without an answer (0..1)').argParser(numberArg('--reset-rate', 0, 1)))
    .addOption(new Option('--fault-seed <n>', 'seed of the fault decisions (same seed, same faults)').argParser(wholeNumber('--fault-seed', 0, 2 ** 31)))
    .addHelpText('after', HELP)
    .action(async (flags: FakeApiFlags) => {
      await runFakeApi(flags, ctx);
    });
}

async function runFakeApi(flags: FakeApiFlags, ctx: CliContext): Promise<void> {
  if (flags.seed !== undefined && flags.scale !== undefined) {
    throw new UsageError('--seed and --scale both describe the enterprise; give one of them');
  }
  const faults: FakeFaults = {
    ...(flags.latency !== undefined ? { latencyMs: flags.latency } : {}),
    ...(flags.rateLimit !== undefined ? { rateLimitRps: flags.rateLimit } : {}),
    ...(flags.errorRate !== undefined ? { errorRate: flags.errorRate } : {}),
    ...(flags.resetRate !== undefined ? { resetRate: flags.resetRate } : {}),
    ...(flags.faultSeed !== undefined ? { seed: flags.faultSeed } : {}),
  };
  const opts: FakeApiOptions = {
    host: flags.host,
    port: flags.port,
    faults,
    ...(flags.scale ? { scale: flags.scale } : { seed: flags.seed ?? 'demo' }),
  };
  const api = await startFakeApi(opts);
  // Wait for a signal before printing, so a signal that arrives right after the line is handled.
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  ctx.stdout.write(`${JSON.stringify({ url: api.url, credentials: api.credentials })}\n`);
  say(ctx, `fake Devin API (${api.state.name}) listening on ${api.url}; stop with Ctrl-C`);
  const signal = await stopped;
  await api.close();
  say(ctx, `fake Devin API stopped (${signal}) after ${api.calls.length} requests`);
  setExit(EXIT.OK);
}
