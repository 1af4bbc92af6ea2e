// Pieces of the scanner that the fixtures exercise only indirectly: the lexers, binding names,
// method detection, fingerprints and the baseline.
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindingNames } from '../../src/scan/bindings.js';
import { codeExpressions, shellExpressions } from '../../src/scan/expressions.js';
import { lexJs } from '../../src/scan/lex-js.js';
import { lexPython } from '../../src/scan/lex-python.js';
import type { Part } from '../../src/scan/string-token.js';
import { detectMethod } from '../../src/scan/method.js';
import { baselineOf, readBaseline, scan, writeBaseline } from '../../src/scan/index.js';
import { InputError } from '../../src/errors.js';
import { copyCase } from './helpers.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'devin-migrate-scan-engine-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

type Parts = { parts: Part[] }[];
const show = (xs: Parts) => xs.map((e) => e.parts.map((p) => (p.kind === 'text' ? p.text : `<${p.kind}:${p.kind === 'ref' ? p.name : p.source}>`)).join(''));
const texts = (src: string, lang: 'js' | 'python') => show(codeExpressions(src, lang));

describe('lexers', () => {
  it('skip comments and regex literals, keep template parts and fold + chains', () => {
    const src = [
      "// 'not a string'",
      "const re = /['\"]x/g; const h = 10 / 2;",
      "/* 'nor this' */ const u = BASE + '/sessions/' + id + '/message';",
      'const t = `${BASE}/sessions/${ids[0]}`;',
    ].join('\n');
    expect(texts(src, 'js')).toEqual(['<ref:BASE>/sessions/<ref:id>/message', '<ref:BASE>/sessions/<hole:${ids[0]}>']);
  });

  it('read Python prefixes, triple quotes and f-string fields with format specs', () => {
    const src = ['# "comment"', 'a = f"{BASE_URL}/sessions/{sid!r}"', "b = rb'raw\\d'", 'c = """multi', 'line"""', 'd = f"{x:>10}/{{literal}}"'].join('\n');
    expect(show(lexPython(src))).toEqual(['<ref:BASE_URL>/sessions/<ref:sid>', 'raw\\d', 'multi\nline', '<ref:x>/{literal}']);
  });

  it('keep only strings that may be paths: text with a slash, or text joined to a name', () => {
    const src = "import x from './x';\nconst a = 'utf8';\nconst b = BASE + 'sessions';\nconst c = `${y}`;\nconst d = '/v1/secrets';";
    expect(texts(src, 'js')).toEqual(['./x', '<ref:BASE>sessions', '/v1/secrets']);
    expect(show(lexJs(src))).toHaveLength(5);
  });

  it('find URLs, $VAR/path words and versioned paths in shell text', () => {
    const src = 'curl "$BASE/sessions/${ID}" https://api.devin.ai/v1/secrets\nX=/v2/enterprise/members';
    const found = shellExpressions(src, 'shell').map((e) => src.slice(e.start, e.end));
    expect(found).toEqual(['$BASE/sessions/${ID}', 'https://api.devin.ai/v1/secrets', '/v2/enterprise/members']);
  });
});

describe('binding names', () => {
  it.each([
    ['const BASE = ', [{ name: 'BASE', env: false, shared: true }]],
    ['export const API: string = ', [{ name: 'API', env: false, shared: true }]],
    ['const BASE = process.env.DEVIN_API_URL || ', [{ name: 'BASE', env: false, shared: true }, { name: 'DEVIN_API_URL', env: true, shared: true }]],
    ['BASE_URL = os.environ.get("DEVIN_URL", ', [{ name: 'BASE_URL', env: false, shared: true }, { name: 'DEVIN_URL', env: true, shared: true }]],
    ['BASE="${DEVIN_API_URL:-', [{ name: 'BASE', env: false, shared: true }, { name: 'DEVIN_API_URL', env: true, shared: true }]],
    ['  baseURL: ', [{ name: 'baseURL', env: false, shared: false }]],
    ['    self.base_url = ', [{ name: 'self.base_url', env: false, shared: false }]],
    ['ENV DEVIN_URL ', [{ name: 'DEVIN_URL', env: true, shared: true }]],
    ['return ', []],
    ['if (a === ', []],
  ] as const)('%s', (before, names) => {
    expect(bindingNames(before)).toEqual(names);
  });
});

describe('method detection', () => {
  const at = (src: string, needle = 'URL') => {
    const i = src.indexOf(needle);
    return detectMethod(src, i, i + needle.length, src.includes('requests') ? 'python' : src.includes('curl') ? 'shell' : 'js');
  };
  it.each([
    ['axios.post(URL, body)', 'POST'],
    ["request('PATCH', URL)", 'PATCH'],
    ["axios({ method: 'delete', url: URL })", 'DELETE'],
    ["fetch(URL, { headers, method: 'PUT' })", 'PUT'],
    ['fetch(URL)', 'GET'],
    ['requests.delete(URL)', 'DELETE'],
    ['curl -X PATCH URL', 'PATCH'],
    ["curl URL \\\n  -d '{}'", 'POST'],
    ['curl -s URL', 'GET'],
    ["const u = URL;\nfetch(other, { method: 'POST' })", null],
  ] as const)('%s -> %s', (src, method) => {
    expect(at(src)).toBe(method);
  });
});

describe('method from a query string', () => {
  it('reads a URL built apart from its call with a query string as a GET, when the catalogue has a GET for it', () => {
    const dir = tree({
      'a.ts': [
        "const BASE = 'https://api.devin.ai/v1';",
        'const list = `${BASE}/sessions?limit=10`;',
        'const msg = `${BASE}/sessions/${id}/message?x=1`;',
        'const plain = `${BASE}/sessions`;',
      ].join('\n'),
    });
    const found = scan({ paths: ['.'], cwd: dir }).document.findings.filter((f) => f.ruleId === 'devin/legacy-endpoint');
    expect(found.map((f) => [f.line, f.endpoint!.method, f.endpoint!.legacyIds])).toEqual([
      [2, 'GET', ['v1.sessions.list']],
      [3, null, ['v1.sessions.message']],
      [4, null, ['v1.sessions.create', 'v1.sessions.list']],
    ]);
  });
});

describe('fingerprints and baseline', () => {
  const base = "const BASE = 'https://api.devin.ai/v1';\nfetch(`${BASE}/sessions`, { method: 'POST' });\nfetch(`${BASE}/sessions`, { method: 'POST' });\n";

  it('survive unrelated edits above a finding and tell repeated lines apart', () => {
    const a = scan({ paths: ['.'], cwd: tree({ 'a.ts': base }) }).document.findings;
    const b = scan({ paths: ['.'], cwd: tree({ 'a.ts': `// a comment\nimport x from 'y';\n\n${base}` }) }).document.findings;
    expect(a.map((f) => f.line)).not.toEqual(b.map((f) => f.line));
    expect(b.map((f) => f.fingerprint)).toEqual(a.map((f) => f.fingerprint));
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(a.length);
  });

  it('change when the finding itself changes', () => {
    const a = scan({ paths: ['.'], cwd: tree({ 'a.ts': base }) }).document.findings;
    const b = scan({ paths: ['.'], cwd: tree({ 'a.ts': base.replace(/sessions/g, 'secrets') }) }).document.findings;
    expect(b[1]!.fingerprint).not.toBe(a[1]!.fingerprint);
    expect(b[0]!.fingerprint).toBe(a[0]!.fingerprint); // the base line did not change
  });

  it('suppress baselined findings and report only new ones', () => {
    const dir = tree({ 'a.ts': base });
    const first = scan({ paths: ['.'], cwd: dir });
    const file = join(dir, 'baseline.json');
    writeBaseline(file, first.allFindings, new Date(0));
    expect(readFileSync(file, 'utf8')).not.toContain('api.devin.ai');
    writeFileSync(join(dir, 'b.py'), 'import requests\nrequests.get("https://api.devin.ai/v1/secrets")\n');
    const second = scan({ paths: ['.'], cwd: dir, baseline: readBaseline(file) });
    expect(second.document.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['b.py:2']);
    expect(second.document.suppressed).toBe(first.document.findings.length);
    expect(baselineOf(first.allFindings, new Date(0)).entries).toHaveLength(3);
  });
});

describe('files', () => {
  it('skips files over the size cap and counts them', () => {
    const dir = tree({ 'big.ts': `const u = 'https://api.devin.ai/v1/sessions';\n${'// pad\n'.repeat(400)}`, 'small.ts': "const u = 'https://api.devin.ai/v1/secrets';\n" });
    const r = scan({ paths: ['.'], cwd: dir, maxFileSize: 1024 });
    expect(r.document.skipped?.tooLarge).toBe(1);
    expect(r.document.findings.map((f) => f.file)).toEqual(['small.ts']);
  });

  it('reads a file named on the command line whatever its extension', () => {
    const dir = tree({ 'notes.txt': 'curl -X POST https://api.devin.ai/v1/sessions\n' });
    const r = scan({ paths: ['notes.txt'], cwd: dir });
    expect(r.document.findings.map((f) => f.endpoint?.legacyIds)).toEqual([['v1.sessions.create']]);
  });

  it('applies --ignore-file patterns relative to each scanned directory', () => {
    const dir = tree({ 'keep.ts': "x('https://api.devin.ai/v1/sessions')", 'gen/skip.ts': "x('https://api.devin.ai/v1/sessions')", 'ignore.txt': 'gen/\n' });
    const r = scan({ paths: ['.'], cwd: dir, ignoreFile: 'ignore.txt' });
    expect(r.document.findings.map((f) => f.file)).toEqual(['keep.ts']);
  });

  it('leaves out what the repository’s .git/info/exclude ignores', () => {
    const dir = tree({ '.git/info/exclude': '# git ls-files --exclude-from=.git/info/exclude\nscratch/\n', 'app.ts': "x('https://api.devin.ai/v1/sessions')", 'scratch/try.ts': "x('https://api.devin.ai/v1/sessions')" });
    const r = scan({ paths: ['.'], cwd: dir });
    expect(r.document.findings.map((f) => f.file)).toEqual(['app.ts']);
    expect(r.document.skipped?.ignored).toBe(1);
  });

  it('refuses a path that does not exist, and one that holds no files it reads', () => {
    const dir = tree({ 'README.txt': 'nothing', 'empty/.keep': '' });
    expect(() => scan({ paths: ['missing'], cwd: dir })).toThrow(InputError);
    expect(() => scan({ paths: ['empty'], cwd: dir })).toThrow(/nothing to scan in empty/);
    expect(() => scan({ paths: ['README.txt'], cwd: dir, maxFileSize: 2 })).toThrow(/nothing to scan in README.txt/);
    expect(() => scan({ paths: ['.'], cwd: dir, ignoreFile: 'nope' })).toThrow(/ignore file nope does not exist/);
  });

  it('scans a file named after a directory that holds it once, and does not call that path empty', () => {
    const dir = tree({ 'app.ts': "x('https://api.devin.ai/v1/sessions')", 'lib/b.ts': "y('https://api.devin.ai/v1/secrets')" });
    for (const paths of [['.', 'app.ts'], ['app.ts', '.'], ['.', 'lib', 'lib/b.ts']]) {
      const r = scan({ paths, cwd: dir });
      expect(r.document.findings.map((f) => f.file).sort()).toEqual(['app.ts', 'lib/b.ts']);
    }
  });
});

describe('own output', () => {
  it('does not scan the documents devin-migrate writes (scan JSON, SARIF, Markdown)', () => {
    const dir = tree({ 'a.ts': "fetch('https://api.devin.ai/v1/secrets', { method: 'POST' });\n" });
    const first = scan({ paths: ['.'], cwd: dir }).document;
    writeFileSync(join(dir, 'scan.json'), JSON.stringify(first, null, 2));
    writeFileSync(join(dir, 'scan.sarif.json'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'devin-migrate' } }, results: [{ message: { text: 'POST https://api.devin.ai/v1/secrets' } }] }] }, null, 2));
    writeFileSync(join(dir, 'scan.md'), '# devin-migrate scan\n\n```\ncurl https://api.devin.ai/v1/sessions\n```\n');
    const again = scan({ paths: ['.'], cwd: dir }).document;
    expect(again.findings.map((f) => f.file)).toEqual(['a.ts']);
    expect(again.skipped?.ignored).toBe(3);
  });
});

describe('redaction', () => {
  it('redacts a key-shaped run glued to other text in excerpts, though it is not reported as a key', () => {
    const body = ['Fake0000TestKey', '0000Glued0001'].join('');
    const dir = tree({ 'a.ts': `const OLD = 'apk_user_${body}_old'; // DEVIN_API_KEY\n` });
    const [f] = scan({ paths: ['.'], cwd: dir }).document.findings;
    expect(f!.ruleId).toBe('devin/key-env-var');
    expect(f!.excerpt).toBe("const OLD = 'apk_user_…0001_old'; // DEVIN_API_KEY");
  });
});

describe('robustness', () => {
  it('finds the method of a curl on the second line of a file that starts with a blank line (was an endless loop)', () => {
    const dir = tree({ 'ci.yml': '\n  curl -X DELETE https://api.devin.ai/v1/sessions/abc\n', 'run.sh': '\\\ncurl -d x https://api.devin.ai/v1/sessions\n' });
    const found = scan({ paths: ['.'], cwd: dir }).document.findings.map((f) => `${f.file} ${f.endpoint?.method}`);
    expect(found).toEqual(['ci.yml DELETE', 'run.sh POST']);
  });

  it('reads a minified one-line file with many URLs in linear time and keeps excerpts short and redacted', () => {
    const body = ['Fake0000TestKey', '0000Minified01'].join('');
    const chunk = `fetch("https://api.devin.ai/v1/sessions/"+a,{method:"POST"});var k="apk_user_${body}";`;
    const line = `${'x=1;'.repeat(5000)}${chunk.repeat(2000)}`;
    const started = Date.now();
    const { document } = scan({ paths: ['.'], cwd: tree({ 'app.min.js': line }), maxFileSize: 4 << 20 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(document.findings.filter((f) => f.ruleId === 'devin/legacy-endpoint')).toHaveLength(2000);
    expect(document.findings.filter((f) => f.ruleId === 'devin/personal-api-key')).toHaveLength(2000);
    for (const f of document.findings) expect(f.excerpt.length).toBeLessThanOrEqual(202);
    expect(JSON.stringify(document)).not.toContain(body.slice(4));
  });

  it('survives random token soup in every language without throwing, hanging or printing a key', () => {
    const body = ['Fake0000TestKey', '0000Soup0001'].join('');
    const toks = ["'", '"', '`', '/', '\\', '${', '}', '{', '(', ')', '+', ' ', '\n', '\r\n', '#', '/*', '*/', '//', '=', ':', ';', 'devin', 'DEVIN_API_KEY', `apk_user_${body}`, `cog_${body}x`, 'https://api.devin.ai/v1', '/sessions', '/v2/enterprise', 'BASE', 'const ', 'f"', '"""', '```', 'ENV ', '$BASE', '${{ env.X }}', 'curl -X POST ', '\\\n', 'fetch(', "method: 'DELETE'", 'é', '\ufeff'];
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const files: Record<string, string> = {};
    const exts = ['ts', 'json', 'py', 'sh', 'yml', 'env', 'md', 'toml'];
    for (let i = 0; i < 160; i++) {
      let s = '';
      for (let j = Math.floor(rnd() * 300); j > 0; j--) s += toks[Math.floor(rnd() * toks.length)];
      files[`f${i}.${exts[i % exts.length]}`] = `devin ${s}`;
    }
    files['Dockerfile'] = files['f0.ts']!;
    const started = Date.now();
    const { document } = scan({ paths: ['.'], cwd: tree(files) });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(document.findings.length).toBeGreaterThan(100);
    expect(JSON.stringify(document)).not.toContain(body);
  });
});

describe('second pass', () => {
  it('reads again only the files read before a name became known, and finds their calls', () => {
    const r = scan({ paths: ['.'], cwd: copyCase('imported-base') });
    expect(r.stats.secondPassNames).toEqual(expect.arrayContaining(['API_BASE', 'REPORTS_BASE']));
    expect(r.stats.secondPass).toBe(1); // src/aaa-reports.ts, read before src/zz/urls.ts
    expect(r.document.findings.some((f) => f.file === 'src/aaa-reports.ts')).toBe(true);
  });
});
