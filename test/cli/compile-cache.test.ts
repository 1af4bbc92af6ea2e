// The compile cache of the large CommonJS bundles (src/cli/compile-cache.ts), through the built
// CLI: a codemod dry run loads the TypeScript compiler, the biggest of them.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, type CliResult } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'devin-migrate-compile-cache-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const code = join(work, 'code');
mkdirSync(code);
writeFileSync(join(code, 'client.ts'), "const BASE = 'https://api.devin.ai/v1';\nexport const list = () => fetch(`${BASE}/sessions?limit=10`);\n");

function dryRun(env: NodeJS.ProcessEnv): CliResult {
  return cli(['codemod', '.', '--dry-run'], { cwd: code, env });
}

/** Name, content digest and modification time of each cache file (digests: vitest compares megabyte buffers slowly). */
function cacheFiles(dir: string): { name: string; sha1: string; mtimeMs: number }[] {
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, sha1: createHash('sha1').update(readFileSync(join(dir, name))).digest('hex'), mtimeMs: statSync(join(dir, name)).mtimeMs }));
}

describe('compile cache', () => {
  it('keeps the compiled TypeScript bundles between runs, reuses them as they are, and changes no output', () => {
    const dir = join(work, 'reuse');
    const first = dryRun({ NODE_COMPILE_CACHE: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('/v3/organizations/');
    const written = cacheFiles(dir);
    // The TypeScript compiler ts-morph ships (the codemod loads nothing else that large).
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(statSync(dir).mode & 0o777).toBe(0o700);

    const second = dryRun({ NODE_COMPILE_CACHE: dir });
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr.replace(/ in [\d.]+m?s/, '')).toBe(first.stderr.replace(/ in [\d.]+m?s/, ''));
    // Accepted by V8, so not written again.
    expect(cacheFiles(dir)).toEqual(written);
  });

  it('replaces a corrupt cache without a word and gives the same output', () => {
    const dir = join(work, 'corrupt');
    const clean = dryRun({ NODE_COMPILE_CACHE: dir });
    const names = readdirSync(dir);
    for (const name of names) writeFileSync(join(dir, name), Buffer.from('not a code cache'));
    const again = dryRun({ NODE_COMPILE_CACHE: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(clean.stdout);
    expect(again.stderr.replace(/ in [\d.]+m?s/, '')).toBe(clean.stderr.replace(/ in [\d.]+m?s/, ''));
    const garbage = createHash('sha1').update('not a code cache').digest('hex');
    expect(cacheFiles(dir).map((f) => f.name)).toEqual(names.sort());
    for (const f of cacheFiles(dir)) expect(f.sha1).not.toBe(garbage);
  });

  it('writes nothing when NODE_DISABLE_COMPILE_CACHE is set', () => {
    const dir = join(work, 'disabled');
    const r = dryRun({ NODE_COMPILE_CACHE: dir, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.code).toBe(0);
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });

  it('does not read or write a cache directory that others can write to', () => {
    const dir = join(work, 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const planted = join(dir, 'planted.bin');
    writeFileSync(planted, 'x');
    const r = dryRun({ NODE_COMPILE_CACHE: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/v3/organizations/');
    expect(readdirSync(dir)).toEqual(['planted.bin']);
  });

  it('runs normally when the cache directory cannot be created', () => {
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, '');
    const r = dryRun({ NODE_COMPILE_CACHE: join(blocker, 'cache') });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/ENOTDIR|Error/);
  });
});
