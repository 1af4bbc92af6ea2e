// What each command loads before it does anything: start-up is most of a short run (a codemod
// --check in CI, a scan of one folder), so the heavy packages stay out of the commands that do not
// need them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'devin-migrate-start-up-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const code = join(work, 'code');
mkdirSync(code);
writeFileSync(join(code, 'client.ts'), "const BASE = 'https://api.devin.ai/v1';\nexport const list = () => fetch(`${BASE}/sessions?limit=10`);\n");

/** The files of node_modules packages a run of the CLI loaded, as `package/path`. */
function loadedPackages(args: string[], log: string): string[] {
  const r = cli(args, { cwd: code, env: { LOADED_MODULES_LOG: log, NODE_OPTIONS: `--import=${join(ROOT, 'test/support/loaded/preload.mjs')}` } });
  expect(r.stderr).not.toMatch(/unexpected error|Error:/);
  const lines = readFileSync(log, 'utf8').split('\n');
  return [...new Set(lines.flatMap((l) => (/\/node_modules\/(.+)$/.exec(l)?.[1] ?? []) as string[]))];
}

describe('start-up', () => {
  it('codemod loads the TypeScript compiler alone, not zod or the ts-morph wrapper bundles', () => {
    const loaded = loadedPackages(['codemod', '.', '--dry-run', '--allow-dirty'], join(work, 'codemod.log'));
    expect(loaded).toContain('@ts-morph/common/dist/typescript.js');
    expect(loaded.filter((p) => /^(zod|undici|msw|listr2)\/|ts-morph\.js$|ts-morph-common\.js$/.test(p))).toEqual([]);
  });

  it('scan loads neither zod nor the TypeScript compiler', () => {
    const loaded = loadedPackages(['scan', '.'], join(work, 'scan.log'));
    expect(loaded.some((p) => p.startsWith('commander/'))).toBe(true);
    expect(loaded.filter((p) => /^(zod|undici|msw|listr2|ts-morph|@ts-morph)\//.test(p))).toEqual([]);
  });
});
