// `devin-migrate demo` as a user runs it: a child process, offline, into a fresh folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKeys } from '../../src/catalog/index.js';
import { SECTION_TITLES } from '../../src/report/index.js';
import { cli, ROOT } from '../support/cli.js';


let work: string;
let out: string;
let run: { code: number; stdout: string; stderr: string; ms: number };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'devin-migrate-demo-'));
  out = join(work, 'out');
  const started = Date.now();
  // No proxy variables and CI set: the plain renderer, and any attempt to leave loopback fails.
  const r = cli(['demo', '--out', out], { cwd: work, env: { NO_COLOR: '1' } });
  run = { ...r, ms: Date.now() - started };
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('devin-migrate demo', () => {
  it('runs every step in under 30 seconds and prints where the report is', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.ms).toBeLessThan(30_000);
    expect(run.stdout.trim()).toBe(join(out, 'report.html'));
    for (const step of ['fake Devin API', 'Copy the sample app', 'Inventory', 'Scan', 'Plan', 'Apply', 'report']) {
      expect(run.stderr).toContain(step);
    }
    expect(run.stderr).toContain('What to look at');
  });

  it('runs again into the same folder from a fresh start (the earlier journal is not taken for this run)', () => {
    const again = cli(['demo', '--out', out], { cwd: work, env: { NO_COLOR: '1' } });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/Apply: [^\n]*8 service users created/);
  }, 120_000);

  it('writes every document, and the tokens only to secrets.env with mode 0600', () => {
    const files = readdirSync(out);
    for (const f of ['inventory.json', 'scan.json', 'migrate.json', 'plan.json', 'plan.journal.jsonl', 'secrets.env', 'verify.json', 'codemod.json', 'report.html', 'report.md', 'sample-app']) {
      expect(files).toContain(f);
    }
    expect(statSync(join(out, 'secrets.env')).mode & 0o777).toBe(0o600);
    const secrets = readFileSync(join(out, 'secrets.env'), 'utf8');
    const tokens = findKeys(secrets).map((k) => k.value);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((t) => t.startsWith('cog_'))).toBe(true);
  });

  it('shows no key or token value anywhere but secrets.env', () => {
    const tokens = findKeys(readFileSync(join(out, 'secrets.env'), 'utf8')).map((k) => k.value);
    const texts: [string, string][] = [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
      ...['inventory.json', 'scan.json', 'plan.json', 'plan.journal.jsonl', 'verify.json', 'codemod.json', 'report.html', 'report.md'].map(
        (f): [string, string] => [f, readFileSync(join(out, f), 'utf8')],
      ),
    ];
    for (const [name, text] of texts) {
      expect({ name, keys: findKeys(text).map((k) => k.value.slice(0, 8)) }).toEqual({ name, keys: [] });
      for (const t of tokens) expect(text.includes(t), `${name} holds a token`).toBe(false);
    }
  });

  it('reports every section with data: plan applied and verified, the bot in use, codemod markers open', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const title of Object.values(SECTION_TITLES)) expect(html).toContain(`>${title}</h2>`);
    expect(html).not.toContain('class="missing-input"');
    expect(html).not.toMatch(/<script/i);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/\| Migrated \| \d+ of \d+/);
    expect(md).toContain('✓ verified');
    expect(md).toContain('✓ used');
    expect(md).toContain('✓ safe to revoke');
    expect(md).toMatch(/### Markers still open \([1-9]\d*\)/);
  });

  it('commits the copy first, so the codemod ran on a clean tree and its work is a git diff', () => {
    const diff = spawnSync('git', ['-C', join(out, 'sample-app'), 'diff', '--stat'], { encoding: 'utf8' });
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(/\d+ files? changed/);
    const codemod = JSON.parse(readFileSync(join(out, 'codemod.json'), 'utf8')) as { mode: string; totals: { changed: number; errors: number } };
    expect(codemod.mode).toBe('write');
    expect(codemod.totals.changed).toBeGreaterThan(0);
    expect(codemod.totals.errors).toBe(0);
  });

  it('leaves the copied sample app type-checking', () => {
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(out, 'sample-app'), '--noEmit'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(tsc.status, tsc.stdout).toBe(0);
  });
});

describe('demo steps', () => {
  it('reports a step run without the steps before it as a demo failure (exit 3), not an unexpected error', async () => {
    const { DEMO_STEPS, createDemoState } = await import('../../src/demo/index.js');
    const { DemoStepError } = await import('../../src/demo/demo-step-error.js');
    const { exitCodeFor } = await import('../../src/cli/exit-codes.js');
    const dir = mkdtempSync(join(tmpdir(), 'devin-migrate-demo-step-'));
    const switchOver = DEMO_STEPS.find((s) => s.id === 'switch-over')!;
    const failure = await switchOver.run(createDemoState({ outDir: dir, sampleApp: join(ROOT, 'fixtures', 'sample-app') }), () => {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DemoStepError);
    expect((failure as InstanceType<typeof DemoStepError>).message).toBe('demo: the fake API is missing (a previous step did not run)');
    expect(exitCodeFor((failure as InstanceType<typeof DemoStepError>).kind)).toBe(3);
  });
});
