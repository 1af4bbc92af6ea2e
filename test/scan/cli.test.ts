// `devin-migrate scan` as a child process of the built CLI: exit codes, --fail-on, baseline
// round trip, formats and --out, and that no key value leaves in any of them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScanDocument } from '../../src/documents/scan.js';
import { cli, MAIN, ROOT } from '../support/cli.js';
import { copyCase } from './helpers.js';

const run = (args: string[], cwd: string) => cli(['scan', ...args], { cwd });

// The fake keys of fixtures/scan/non-secrets, assembled so this file does not hold them whole.
const BODY = 'Fake0000TestKey0000Fixture';
const KEYS = [`apk_user_${BODY}0001`, `apk_${BODY}0002`, `cog_${BODY}0003`, `apk_user_${BODY}0004`];

describe('devin-migrate scan (CLI)', () => {
  it('exits 1 on a hard-coded key by default and prints a table without the key', () => {
    const dir = copyCase('non-secrets');
    const r = run(['.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('devin/personal-api-key');
    expect(r.stdout).toContain('apk_user_…0001');
    expect(r.stdout).not.toContain('\x1b['); // not a terminal: no colour
    for (const k of KEYS) expect(r.stdout + r.stderr).not.toContain(k);
  });

  it('exits 0 on endpoint findings under the default --fail-on secret, 1 under finding, 0 under none', () => {
    const dir = copyCase('base-template');
    const dflt = run(['.'], dir);
    expect(dflt.code).toBe(0);
    expect(dflt.stdout).toContain('v1.sessions.create');
    expect(run(['.', '--fail-on', 'finding'], dir).code).toBe(1);
    expect(run(['.', '--fail-on', 'none'], dir).code).toBe(0);
  });

  it('--fail-on error counts the enterprise-wide revoke', () => {
    const dir = copyCase('revoke-all');
    expect(run(['.'], dir).code).toBe(0);
    const r = run(['.', '--fail-on', 'error'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error\s+cleanup\.ts:5:15\s+devin\/forbidden-revoke-all/);
  });

  it('exits 0 with "no findings" on a tree without Devin usage', () => {
    const r = run(['.'], copyCase('unrelated-code'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no findings; 2 files scanned/m);
  });

  it('exits 2 on a path that does not exist, naming it', () => {
    const r = run(['src', 'does-not-exist'], copyCase('base-template'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/path does-not-exist does not exist/);
  });

  it('exits 2 on bad flags', () => {
    const dir = copyCase('base-template');
    expect(run(['.', '--format', 'xml'], dir).code).toBe(2);
    expect(run(['.', '--fail-on', 'sometimes'], dir).code).toBe(2);
    expect(run(['.', '--max-file-size', 'huge'], dir).code).toBe(2);
    const both = run(['.', '--json', '--format', 'md'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/contradict/);
    expect(run(['.', '--baseline', 'missing.json'], dir).code).toBe(2);
  });

  it('round-trips a baseline: known findings are suppressed, a new one fails the gate', () => {
    const dir = copyCase('non-secrets');
    const write = run(['.', '--write-baseline', 'baseline.json'], dir);
    expect(write.code).toBe(0);
    expect(write.stderr).toMatch(/wrote 6 fingerprints to baseline\.json/);
    const baseline = readFileSync(join(dir, 'baseline.json'), 'utf8');
    for (const k of KEYS) expect(baseline).not.toContain(k);

    const again = run(['.', '--baseline', 'baseline.json', '--fail-on', 'finding'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/no findings; .*6 suppressed/);

    // Unrelated lines above a known finding do not make it new.
    const file = join(dir, 'src/fake-keys.ts');
    writeFileSync(file, `// moved down\n\n${readFileSync(file, 'utf8')}`);
    expect(run(['.', '--baseline', 'baseline.json', '--fail-on', 'finding'], dir).code).toBe(0);

    writeFileSync(join(dir, 'src/new.ts'), `export const K = 'cog_${BODY}0009';\n`);
    const gate = run(['.', '--baseline', 'baseline.json', '--json'], dir);
    expect(gate.code).toBe(1);
    const doc = ScanDocument.parse(JSON.parse(gate.stdout));
    expect(doc.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['devin/service-user-token src/new.ts:1']);
    expect(doc.suppressed).toBe(6);
  });

  it('writes no key value in any format, to stdout or to --out', () => {
    const dir = copyCase('non-secrets');
    const outDir = mkdtempSync(join(tmpdir(), 'devin-migrate-scan-out-'));
    const comparable = (s: string, format: string) => (format === 'json' ? { ...JSON.parse(s), generatedAt: 0, durationMs: 0 } : s);
    for (const format of ['table', 'json', 'md', 'sarif']) {
      const out = run(['.', '--format', format], dir);
      const file = run(['.', '--format', format, '--out', join(outDir, `out.${format}`)], dir);
      expect(out.code).toBe(1);
      expect(file.code).toBe(1);
      expect(file.stdout).toBe('');
      expect(file.stderr).toMatch(new RegExp(`wrote .*out\\.${format} \\(${format}\\)`));
      const written = readFileSync(join(outDir, `out.${format}`), 'utf8');
      expect(comparable(written, format)).toEqual(comparable(out.stdout, format));
      for (const text of [out.stdout, out.stderr, file.stderr, written]) {
        for (const k of KEYS) expect(text, `${format}`).not.toContain(k);
        expect(text).not.toContain(BODY);
      }
    }
    // --out leaves no temp file behind.
    expect(readdirSync(outDir).sort()).toEqual(['out.json', 'out.md', 'out.sarif', 'out.table']);
  });

  it('--json is --format json and is a valid ScanDocument with catalogue ids and v3 permissions', () => {
    const dir = copyCase('python-requests');
    const a = run(['.', '--json'], dir);
    const b = run(['.', '--format', 'json'], dir);
    const strip = (s: string) => ({ ...JSON.parse(s), generatedAt: 0, durationMs: 0 });
    expect(strip(a.stdout)).toEqual(strip(b.stdout));
    const doc = ScanDocument.parse(JSON.parse(a.stdout));
    const create = doc.findings.find((f) => f.endpoint?.legacyIds.includes('v1.sessions.create'))!;
    expect(create.endpoint!.v3).toEqual([{ id: 'org.sessions.create', method: 'POST', path: '/v3/organizations/{org_id}/sessions', permission: 'ManageOrgSessions' }]);
    expect(a.stderr).toMatch(/^scan: \d+ findings in 3 files/m);
  });

  // A terminal is faked with util-linux `script`, where it exists.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('colours the table on a terminal, and not with NO_COLOR or --no-color', () => {
    const dir = copyCase('revoke-all');
    const onTty = (cmd: string) =>
      spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm' } }).stdout;
    expect(onTty(`${process.execPath} ${MAIN} scan .`)).toContain('\x1b[31merror');
    expect(onTty(`NO_COLOR=1 ${process.execPath} ${MAIN} scan .`)).not.toContain('\x1b[');
    expect(onTty(`${process.execPath} ${MAIN} scan . --no-color`)).not.toContain('\x1b[');
  });

  it('--help documents the exit codes and shows examples', () => {
    const r = run(['--help'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:/);
    expect(r.stdout).toMatch(/1 {2}findings that --fail-on counts/);
    expect(r.stdout).toMatch(/devin-migrate scan \. --baseline/);
  });
});
