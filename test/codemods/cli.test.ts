// `devin-migrate codemod` as a child process (needs `npx tsc -p tsconfig.build.json` first):
// what it writes, prints and exits with, in throwaway git repositories.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodemodDocument } from '../../src/documents/codemod.js';
import { MAIN } from '../support/cli.js';

const made: string[] = [];

// A fake key of the real shape, assembled so this file does not look like it holds one.
const FAKE_KEY = ['apk', 'user', 'fake0000test1111fake2222clit'].join('_');

const LEGACY = `const DEVIN_API_BASE = 'https://api.devin.ai/v1';

export const create = (prompt: string) =>
  fetch(\`\${DEVIN_API_BASE}/sessions\`, { method: 'POST', body: JSON.stringify({ prompt }) });

export const send = (id: string, message: string) =>
  fetch(\`\${DEVIN_API_BASE}/sessions/\${id}/message\`, { method: 'POST', body: JSON.stringify({ message }) });
`;

const UNRELATED = `// Not Devin: must come out byte-identical.\r\nexport const stripe = 'https://api.stripe.com/v1/customers';\r\n`;

function repo(files: Record<string, string>, commit = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'devin-migrate-codemod-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  git('config', 'commit.gpgsign', 'false');
  if (commit) {
    git('add', '-A');
    git('commit', '-q', '-m', 'init');
  }
  return dir;
}

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, 'codemod', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, input: '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('devin-migrate codemod (child process)', () => {
  it('--dry-run prints a unified diff, writes nothing and ends with the tally on stderr', () => {
    const dir = repo({ 'src/devin.ts': LEGACY, 'src/other.ts': UNRELATED });
    const r = cli(dir, 'src', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/src/devin.ts');
    expect(r.stdout).toContain('+++ b/src/devin.ts');
    expect(r.stdout).toContain('+const DEVIN_API_BASE = `https://api.devin.ai/v3/organizations/${DEVIN_ORG_ID}`;');
    expect(r.stdout).toContain('/sessions/${id}/messages');
    expect(r.stdout).not.toContain('other.ts');
    expect(readFileSync(join(dir, 'src/devin.ts'), 'utf8')).toBe(LEGACY);
    expect(r.stderr).toMatch(/codemod --dry-run: 1 would change, 1 unchanged, 0 skipped, 0 errors \(0 markers added, 0 present\) in \d+\.\d\ds/);
  });

  it('rewrites in place: the changed file is v3, the untouched one byte-identical (CRLF kept), and a second run changes nothing', () => {
    const dir = repo({ 'src/devin.ts': LEGACY, 'src/other.ts': UNRELATED });
    const first = cli(dir, '.');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/codemod: 1 changed, 1 unchanged/);
    const out = readFileSync(join(dir, 'src/devin.ts'), 'utf8');
    expect(out).toContain("const DEVIN_ORG_ID = process.env.DEVIN_ORG_ID;\n\nconst DEVIN_API_BASE = `https://api.devin.ai/v3/organizations/${DEVIN_ORG_ID}`;");
    expect(readFileSync(join(dir, 'src/other.ts'), 'utf8')).toBe(UNRELATED);
    execFileSync('git', ['commit', '-qam', 'codemod'], { cwd: dir });
    const second = cli(dir, '.');
    expect(second.stderr).toMatch(/codemod: 0 changed, 2 unchanged/);
    expect(readFileSync(join(dir, 'src/devin.ts'), 'utf8')).toBe(out);
  });

  it('--check exits 1 while legacy calls or markers remain and 0 once the code is clean, writing nothing', () => {
    const dir = repo({ 'a.ts': LEGACY });
    const pending = cli(dir, '.', '--check');
    expect(pending.code).toBe(1);
    expect(readFileSync(join(dir, 'a.ts'), 'utf8')).toBe(LEGACY);
    expect(cli(dir, '.').code).toBe(0);
    execFileSync('git', ['commit', '-qam', 'codemod'], { cwd: dir });
    expect(cli(dir, '.', '--check').code).toBe(0);

    const marked = repo({ 'b.ts': "export const keys = () => fetch('https://api.devin.ai/v2/enterprise/api-keys');\n" });
    expect(cli(marked, '.').code).toBe(0);
    execFileSync('git', ['commit', '-qam', 'codemod'], { cwd: marked });
    const left = cli(marked, '.', '--check');
    expect(left.code).toBe(1);
    expect(left.stderr).toMatch(/0 would change, 1 unchanged, 0 skipped, 0 errors \(0 markers added, 1 present\)/);

    // The same with CRLF line endings: the marker line ends in \r.
    const crlf = repo({ 'c.ts': "export const keys = () => fetch('https://api.devin.ai/v2/enterprise/api-keys');\r\n" });
    expect(cli(crlf, '.').code).toBe(0);
    execFileSync('git', ['commit', '-qam', 'codemod'], { cwd: crlf });
    const crlfLeft = cli(crlf, '.', '--check');
    expect(crlfLeft.code).toBe(1);
    expect(crlfLeft.stderr).toMatch(/\(0 markers added, 1 present\)/);
  });

  it('--check keeps failing on a legacy URL a JSON value holds that no rewrite can carry, escaped quotes around it or not', () => {
    const pkg = '{\n  "scripts": { "sessions": "curl https://api.devin.ai/v1/sessions -H \\"Authorization: Bearer $DEVIN_API_KEY\\"" }\n}\n';
    const dir = repo({ 'package.json': pkg, 'a.ts': 'export const x = 1;\n' });
    const r = cli(dir, '.', '--check');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/0 would change, 2 unchanged, 0 skipped, 0 errors \(0 markers added, 0 present, 1 unresolved\)/);
    const doc = JSON.parse(cli(dir, '.', '--dry-run', '--json').stdout) as { files: { path: string; notes: string[]; unresolved: number }[] };
    const entry = doc.files.find((f) => f.path === 'package.json')!;
    expect(entry.unresolved).toBe(1);
    expect(entry.notes.join('\n')).toMatch(/scripts\.sessions: \/v1\/sessions becomes \/v3\/organizations\/\{org_id\}\/sessions/);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(pkg);
  });

  it('reports a key hard-coded in a JSON value without printing it, and --check keeps failing while it is there', () => {
    const pkg = `{\n  "config": { "devinKey": "${FAKE_KEY}" }\n}\n`;
    const dir = repo({ 'package.json': pkg, 'a.ts': 'export const x = 1;\n' });
    const r = cli(dir, '.', '--check');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain(FAKE_KEY);
    expect(r.stderr).toMatch(/config\.devinKey: a personal API key \(apk_user_…\) is hard-coded here/);
    expect(r.stderr).toMatch(/0 would change, 2 unchanged, 0 skipped, 0 errors \(0 markers added, 0 present, 1 unresolved\)/);
    const doc = cli(dir, '.', '--dry-run', '--json');
    expect(doc.stdout).not.toContain(FAKE_KEY);
    expect((JSON.parse(doc.stdout) as { files: { path: string; unresolved: number }[] }).files.find((f) => f.path === 'package.json')!.unresolved).toBe(1);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(pkg);
  });

  it('refuses a dirty tree under the given paths (exit 2, nothing written) unless --allow-dirty', () => {
    const dir = repo({ 'src/devin.ts': LEGACY, 'docs/notes.ts': 'export {};\n' });
    writeFileSync(join(dir, 'src/wip.ts'), 'export const wip = 1;\n');
    const refused = cli(dir, 'src');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to rewrite files: 1 uncommitted change under the given paths \(first: src\/wip\.ts\); commit or stash them/);
    expect(readFileSync(join(dir, 'src/devin.ts'), 'utf8')).toBe(LEGACY);
    // A dirty file elsewhere does not matter.
    const other = repo({ 'src/devin.ts': LEGACY });
    writeFileSync(join(other, 'README.md'), 'draft\n');
    expect(cli(other, 'src').code).toBe(0);
    const forced = cli(dir, 'src', '--allow-dirty');
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'src/devin.ts'), 'utf8')).toContain('/v3/organizations/');
  });

  it('a path that matches no files, or an unknown transform, is a usage error (exit 2)', () => {
    const dir = repo({ 'a.ts': LEGACY, 'README.md': '# x\n' });
    const missing = cli(dir, 'nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope matches no files/);
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty/readme.txt'), 'x');
    expect(cli(dir, 'empty', '--dry-run').code).toBe(2);
    expect(cli(dir, 'README.md', '--dry-run').code).toBe(2);
    const unknown = cli(dir, '.', '--transform', 'nope', '--dry-run');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown transform nope; choose from keys, endpoints/);
  });

  it('--json prints a result document that validates, per file with action, transforms, edits and markers', () => {
    const dir = repo({
      'src/devin.ts': LEGACY,
      'src/keys.ts': "export const k = () => fetch('https://api.devin.ai/v2/enterprise/api-keys');\n",
      'src/other.ts': UNRELATED,
      '.env.example': 'DEVIN_API_KEY=\nDEVIN_API_URL=https://api.devin.ai/v1\n',
    });
    const r = cli(dir, '.', '--dry-run', '--json', '--attribution', 'none');
    expect(r.code).toBe(0);
    const doc = CodemodDocument.parse(JSON.parse(r.stdout));
    expect(doc.mode).toBe('dry-run');
    expect(doc.options.transforms).toEqual(['keys', 'endpoints', 'pagination', 'fields', 'config']);
    const byPath = Object.fromEntries(doc.files.map((f) => [f.path, f]));
    expect(byPath['src/devin.ts']).toMatchObject({ action: 'changed', transforms: ['endpoints'], markersAdded: [] });
    expect(byPath['src/keys.ts']!.markersAdded[0]).toMatch(/^GET \/v2\/enterprise\/api-keys has no v3 equivalent/);
    expect(byPath['src/other.ts']).toMatchObject({ action: 'unchanged', edits: 0 });
    expect(byPath['.env.example']).toMatchObject({ action: 'changed', transforms: ['config'] });
    expect(doc.totals).toMatchObject({ changed: 3, unchanged: 1, errors: 0 });
    const phases = doc.phasesMs!;
    expect(phases.find + phases.read + phases.transform + phases.output).toBeLessThanOrEqual(doc.durationMs + 4);
    expect(r.stderr).toMatch(/codemod --dry-run: 3 would change/);
  });

  it('--json lists every open marker with its line, those of earlier runs included, with key-shaped text redacted', () => {
    const dir = repo({
      'src/keys.ts': "import x from './x';\n\nexport const k = () => fetch('https://api.devin.ai/v2/enterprise/api-keys');\n",
      'src/old.ts': `export const a = 1;\n// TODO(devin-migrate): rotate ${FAKE_KEY} by hand\nexport const b = 2;\n`,
    });
    const r = cli(dir, '.', '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(FAKE_KEY);
    const doc = CodemodDocument.parse(JSON.parse(r.stdout));
    const byPath = Object.fromEntries(doc.files.map((f) => [f.path, f]));
    // The marker takes line 3, above the call it is about (now on line 4).
    expect(byPath['src/keys.ts']!.openMarkers).toEqual([{ line: 3, message: expect.stringMatching(/^GET \/v2\/enterprise\/api-keys has no v3 equivalent/) }]);
    expect(byPath['src/old.ts']).toMatchObject({ action: 'unchanged', markersPresent: 1, openMarkers: [{ line: 2, message: 'rotate apk_user_…clit by hand' }] });
  });

  it('follows tsconfig paths aliases, also from a config the tsconfig extends, so an aliased wrapper moves with its paths', () => {
    const wrapper = "const BASE = 'https://api.devin.ai/v1';\nexport const post = (path: string, body: unknown) => fetch(`${BASE}${path}`, { method: 'POST', body: JSON.stringify(body) });\n";
    const caller = "import { post } from '@/lib/http';\nexport const say = (id: string, message: string) => post(`/sessions/${id}/message`, { message });\n";
    const dir = repo({
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }\n',
      // Comments and a trailing comma, as tsconfig allows.
      'tsconfig.json': '{\n  // shared settings\n  "extends": "./tsconfig.base",\n  "include": ["src"],\n}\n',
      'src/lib/http.ts': wrapper,
      'src/app/actions.ts': caller,
    });
    const r = cli(dir, 'src', '--allow-dirty');
    expect(r.code).toBe(0);
    // Unresolved, the wrapper's base would stay v1 with a cannot-see marker and the path unchanged.
    expect(readFileSync(join(dir, 'src/app/actions.ts'), 'utf8')).toContain('post(`/sessions/${id}/messages`, { message })');
    expect(readFileSync(join(dir, 'src/lib/http.ts'), 'utf8')).toContain('const BASE = `https://api.devin.ai/v3/organizations/${DEVIN_ORG_ID}`;');
  });

  it("reads each package's own tsconfig paths in a monorepo, so callers in one package follow another's functions through an alias to a file", () => {
    const sdk = "export async function fetchSession(id: string) {\n  const res = await fetch(`https://api.devin.ai/v1/sessions/${id}`);\n  return res.json();\n}\n";
    const bot = "import { fetchSession } from '@acme/sdk';\nexport async function status(id: string) {\n  const s = await fetchSession(id);\n  return s.status_enum;\n}\n";
    const dir = repo({
      'packages/sdk/src/api.ts': sdk,
      'packages/bot/tsconfig.json': '{ "compilerOptions": { "paths": { "@acme/sdk": ["../sdk/src/api.ts"] } } }\n',
      'packages/bot/src/status.ts': bot,
    });
    const r = cli(dir, '.', '--allow-dirty');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'packages/bot/src/status.ts'), 'utf8')).toContain('return s.status_detail;');
    // The SDK's function is imported in the run: no marker for callers elsewhere.
    expect(readFileSync(join(dir, 'packages/sdk/src/api.ts'), 'utf8')).not.toContain('no module here imports it');
  });

  it('keeps non-ASCII text byte for byte, and skips binary and oversized files with the reason', () => {
    const utf8 = "// Café → naïve: ünïcödé comments stay as they are.\nvoid fetch('https://api.devin.ai/v2/enterprise/members'); // 日本語\n";
    const dir = repo({
      'src/utf8.ts': utf8,
      'src/binary.ts': 'export const a = 1;\u0000\u0001',
      'src/huge.ts': `export const big = '${'x'.repeat(1024 * 1024)}';\n`,
    });
    const r = cli(dir, 'src', '--json');
    expect(r.code).toBe(0);
    const byPath = Object.fromEntries(CodemodDocument.parse(JSON.parse(r.stdout)).files.map((f) => [f.path, f]));
    expect(byPath['src/utf8.ts']!.action).toBe('changed');
    expect(readFileSync(join(dir, 'src/utf8.ts'), 'utf8')).toBe(utf8.replace('/v2/enterprise/members', '/v3/enterprise/members/users'));
    expect(byPath['src/binary.ts']).toMatchObject({ action: 'skipped', error: 'binary' });
    expect(byPath['src/huge.ts']).toMatchObject({ action: 'skipped', error: 'larger than 1024 KB' });
  });

  it('never prints a key: the dry-run diff and the markers show none of it', () => {
    const dir = repo({ 'src/client.ts': `export const DEVIN_API_KEY = '${FAKE_KEY}';\n` });
    const r = cli(dir, 'src', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(FAKE_KEY);
    expect(r.stdout).toContain('+export const DEVIN_API_KEY = process.env.DEVIN_API_KEY;');
    expect(r.stdout).toContain('apk_user_…clit');
  });

  it('honours .gitignore and skips node_modules', () => {
    const dir = repo({
      '.gitignore': 'generated/\n',
      'src/devin.ts': LEGACY,
      'generated/devin.ts': LEGACY,
      'node_modules/pkg/index.js': "fetch('https://api.devin.ai/v1/sessions');\n",
    });
    const r = cli(dir, '.', '--dry-run', '--json');
    const doc = CodemodDocument.parse(JSON.parse(r.stdout));
    expect(doc.files.map((f) => f.path)).toEqual(['src/devin.ts']);
  });

  it('rewrites a directory named on the command line though a .gitignore above ignores it', () => {
    const dir = repo({ '.gitignore': '/generated/\n', 'src/devin.ts': LEGACY, 'generated/devin.ts': LEGACY });
    const r = cli(dir, 'generated', '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect(CodemodDocument.parse(JSON.parse(r.stdout)).files.map((f) => f.path)).toEqual(['generated/devin.ts']);
  });

  it('leaves out what .devin-migrate-ignore in a named directory ignores', () => {
    const dir = repo({ '.devin-migrate-ignore': 'legacy-client/\n', 'src/devin.ts': LEGACY, 'legacy-client/devin.ts': LEGACY });
    const r = cli(dir, '.', '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect(CodemodDocument.parse(JSON.parse(r.stdout)).files.map((f) => f.path)).toEqual(['src/devin.ts']);
  });

  it('a file whose rewrite would not parse is reported as an error and left as it was (exit 1)', () => {
    const broken = "export const f = () => fetch('https://api.devin.ai/v1/sessions'\nexport const g = ;\n";
    const dir = repo({ 'broken.ts': broken, 'ok.ts': LEGACY });
    const r = cli(dir, '.');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.ts: the rewrite would not parse/);
    expect(readFileSync(join(dir, 'broken.ts'), 'utf8')).toBe(broken);
    expect(readFileSync(join(dir, 'ok.ts'), 'utf8')).toContain('/v3/organizations/');
  });
});
