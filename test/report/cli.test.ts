// `devin-migrate report` as a child process: format choice, output place, exit codes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { CASES_DIR } from './cases.js';

const FULL = join(CASES_DIR, 'inventory-scan-plan');

const run = (args: string[], cwd = FULL) => cli(args, { cwd });

let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'devin-migrate-report-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('devin-migrate report', () => {
  it('writes a self-contained HTML file when --out ends in .html and says so on stderr', () => {
    const file = join(out, 'report.html');
    const r = run(['report', '--inventory', 'inventory.json', '--scan', 'scan.json', '--plan', 'plan.json', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${file} (html)`);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import|url\(/i);
  });

  it.each([
    ['report.md', '# Devin API migration report'],
    ['report.json', '"kind": "devin-migrate/report"'],
  ])('infers the format from %s', (name, marker) => {
    const file = join(out, name);
    const r = run(['report', '--inventory', 'inventory.json', '--plan', 'plan.json', '--out', file]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(marker);
  });

  it('prints Markdown to stdout without --out, and JSON with --json', () => {
    const md = run(['report', '--inventory', 'inventory.json']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('## What to do next');
    const json = run(['report', '--inventory', 'inventory.json', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).kind).toBe('devin-migrate/report');
  });

  it('refuses an --out whose extension names no format, and contradicting flags (exit 2)', () => {
    const r = run(['report', '--inventory', 'inventory.json', '--out', join(out, 'report.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot tell the report format from');
    const both = run(['report', '--inventory', 'inventory.json', '--json', '--format', 'md']);
    expect(both.code).toBe(2);
  });

  it('reads every document of a finished run, the journal and verify result only with their plan', () => {
    const dir = join(CASES_DIR, 'full');
    const file = join(out, 'full.md');
    const args = ['--scan', 'scan.json', '--journal', 'journal.jsonl', '--verify', 'verify.json', '--codemod', 'codemod.json'];
    const r = run(['report', '--inventory', 'inventory.json', '--plan', 'plan.json', ...args, '--out', file], dir);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md).not.toContain('_no ');
    expect(md).toContain('✓ revoked');
    const noPlan = run(['report', '--inventory', 'inventory.json', '--journal', 'journal.jsonl'], dir);
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toContain('--journal needs --plan');
    const noPlanVerify = run(['report', '--inventory', 'inventory.json', '--verify', 'verify.json'], dir);
    expect(noPlanVerify.code).toBe(2);
  });

  it('names the file and field when a document is missing or of the wrong kind (exit 2)', () => {
    const missing = run(['report', '--inventory', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read inventory .*nope\.json/);
    const wrong = run(['report', '--inventory', 'plan.json']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/inventory .*plan\.json is not valid: kind/);
  });
});
