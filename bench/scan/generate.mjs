// Build the synthetic source tree the scan benchmark reads: FILES files (default 20,000), about
// 4 KB each (about 80 MB), in packages of TS/JS, Python, JSON, Markdown, YAML and shell, plus
// some text the scanner does not read (CSS, TXT). About 1% of the files use the Devin API in
// the shapes of fixtures/scan (base constants, axios, requests, curl in CI, keys, .env), and a
// few of those import a base constant from a config module without naming the host, which
// makes the scanner's second pass run. Deterministic (seeded), so runs compare.
import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Bump `version` when the generator changes, so a stale tree is rebuilt.
export const DEFAULTS = { files: 20_000, devinShare: 0.01, seed: 20260114, version: 2 };

const WORDS = 'user order invoice cart item price total account profile search index cache queue worker job task report export import config client server request response handler route model view store state event message notify email payment refund shipment product catalog review rating tenant region'.split(' ');

// Fake keys: shaped like real ones (so the scanner reports them), obviously not real.
const FAKE = (n) => `Fake0000BenchKey0000Tree${String(n).padStart(6, '0')}`;

function pick(r, xs) {
  return xs[Math.floor(r() * xs.length)];
}
function ident(r) {
  return `${pick(r, WORDS)}${pick(r, WORDS).replace(/^./, (c) => c.toUpperCase())}`;
}

const FILLERS = {
  ts: (r) => `export async function ${ident(r)}(id: string, opts: { limit?: number } = {}): Promise<unknown> {\n  const res = await fetch(\`/api/${pick(r, WORDS)}s/\${id}?limit=\${opts.limit ?? 20}\`);\n  if (!res.ok) throw new Error('${pick(r, WORDS)} failed: ' + res.status);\n  const body = (await res.json()) as Record<string, unknown>;\n  return Object.entries(body).filter(([k]) => k !== '${pick(r, WORDS)}').map(([k, v]) => ({ k, v }));\n}\n\n`,
  js: (r) => `function ${ident(r)}(items, total) {\n  // sum the ${pick(r, WORDS)} values and round to cents\n  let acc = 0;\n  for (const it of items) acc += it.${pick(r, WORDS)} * (it.qty || 1);\n  return Math.round((acc + total) * 100) / 100;\n}\nmodule.exports.${ident(r)} = (x) => x.map((y) => y.${pick(r, WORDS)});\n\n`,
  py: (r) => `def ${pick(r, WORDS)}_${pick(r, WORDS)}(session, ${pick(r, WORDS)}_id, limit=50):\n    """Fetch the ${pick(r, WORDS)} records for one ${pick(r, WORDS)}."""\n    rows = session.query("SELECT * FROM ${pick(r, WORDS)} WHERE id = %s LIMIT %s", (${pick(r, WORDS)}_id, limit))\n    return [dict(row) for row in rows if row.get("${pick(r, WORDS)}") is not None]\n\n\n`,
  json: (r) => `  "${ident(r)}": { "enabled": ${r() < 0.5}, "limit": ${Math.floor(r() * 1000)}, "path": "/api/v1/${pick(r, WORDS)}s", "label": "${pick(r, WORDS)} ${pick(r, WORDS)}" },\n`,
  md: (r) => `## ${pick(r, WORDS)} ${pick(r, WORDS)}\n\nThe ${pick(r, WORDS)} service keeps a ${pick(r, WORDS)} per ${pick(r, WORDS)}; see the ${pick(r, WORDS)} docs.\n\n\`\`\`bash\ncurl -s https://api.example.com/v1/${pick(r, WORDS)}s | jq .\n\`\`\`\n\n`,
  yml: (r) => `  ${pick(r, WORDS)}-${pick(r, WORDS)}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm run ${pick(r, WORDS)} -- --${pick(r, WORDS)}=${Math.floor(r() * 99)}\n`,
  sh: (r) => `${pick(r, WORDS)}_${pick(r, WORDS)}() {\n  local ${pick(r, WORDS)}="$1"\n  echo "processing \${${pick(r, WORDS)}}" >&2\n  find . -name "*.${pick(r, WORDS)}" -mtime -${Math.floor(r() * 9)} | xargs wc -l\n}\n\n`,
  css: (r) => `.${pick(r, WORDS)}-${pick(r, WORDS)} { margin: ${Math.floor(r() * 20)}px; color: #${Math.floor(r() * 0xffffff).toString(16).padStart(6, '0')}; }\n`,
  txt: (r) => `${pick(r, WORDS)} ${pick(r, WORDS)} ${pick(r, WORDS)} ${pick(r, WORDS)} ${pick(r, WORDS)} ${pick(r, WORDS)}.\n`,
};

// Devin usage, in the shapes real code has (see fixtures/scan).
const DEVIN = [
  ['ts', (r, n) => `const DEVIN_BASE = 'https://api.devin.ai/v1';\nexport const create = (p: string) => fetch(\`\${DEVIN_BASE}/sessions\`, { method: 'POST', body: JSON.stringify({ prompt: p }) });\nexport const get = (id: string) => fetch(\`\${DEVIN_BASE}/sessions/\${id}\`);\n`],
  ['ts', (r, n) => `import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.devin.ai/v2/enterprise', headers: { Authorization: \`Bearer \${process.env.DEVIN_API_KEY}\` } });\nexport const members = () => api.get('/members');\nexport const orgs = () => api.get('/organizations');\n`],
  ['py', (r, n) => `import os\nimport requests\nBASE_URL = os.getenv("DEVIN_API_URL", "https://api.devin.ai/v1")\n\ndef start(prompt):\n    return requests.post(f"{BASE_URL}/sessions", json={"prompt": prompt}).json()\n`],
  ['yml', (r, n) => `  devin:\n    runs-on: ubuntu-latest\n    env:\n      DEVIN_API_KEY: \${{ secrets.DEVIN_API_KEY }}\n    steps:\n      - run: curl -X POST https://api.devin.ai/v1/sessions -H "Authorization: Bearer $DEVIN_API_KEY" -d '{}'\n`],
  ['md', (r, n) => `## Devin\n\n\`\`\`bash\ncurl https://api.devin.ai/v2/enterprise/audit-logs -H "Authorization: Bearer $DEVIN_API_KEY"\n\`\`\`\n`],
  ['ts', (r, n) => `export const LEGACY_KEY = 'apk_user_${FAKE(n)}';\nexport const headers = { Authorization: \`Bearer \${LEGACY_KEY}\` };\n`],
  ['js', (r, n) => `const { API_BASE } = require('../../config/devin-config');\nmodule.exports = () => fetch(\`\${API_BASE}/playbooks\`);\n`],
  // Consumers that name neither the host nor DEVIN_: found through the names their modules
  // import. config/constants.ts is read early (a config module); shared/urls.ts sits in the
  // middle of the tree, so files read before it are checked again in the second pass.
  ['ts', (r, n) => `import { API_BASE } from '../../config/constants';\nexport const secrets = () => fetch(\`\${API_BASE}/secrets\`, { method: 'GET' });\n`],
  ['ts', (r, n) => `import { ENTERPRISE_BASE } from '../../../pkg-20/src/shared/urls';\nexport const roles = () => fetch(\`\${ENTERPRISE_BASE}/roles\`);\n`],
];

const LANG_MIX = [
  ['ts', 0.4], ['js', 0.2], ['py', 0.15], ['json', 0.05], ['md', 0.08], ['yml', 0.04], ['sh', 0.03], ['css', 0.03], ['txt', 0.02],
];

function chooseLang(r) {
  let x = r();
  for (const [l, w] of LANG_MIX) {
    if ((x -= w) < 0) return l;
  }
  return 'ts';
}

function body(r, lang, size) {
  let s = lang === 'json' ? '{\n' : lang === 'yml' ? 'name: ci\non: [push]\njobs:\n' : '';
  while (s.length < size) s += FILLERS[lang](r);
  if (lang === 'json') s += '  "end": true\n}\n';
  return s;
}

/** Create the tree under `dir` unless it is there with the same parameters; returns its stats. */
export async function generate(dir, opts = {}) {
  const o = { ...DEFAULTS, ...opts };
  const stamp = `${dir}.stamp.json`;
  const want = JSON.stringify(o);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return JSON.parse(readFileSync(`${dir}.stats.json`, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  // The project's seeded PRNG, from the build (run.mjs builds it before generating).
  const { mulberry32 } = await import(new URL('../../dist/src/fake/prng.js', import.meta.url).href);
  const r = mulberry32(o.seed);
  let bytes = 0;
  let devinFiles = 0;
  const made = new Set();
  const write = (rel, text) => {
    const p = join(dir, rel);
    const d = p.slice(0, p.lastIndexOf('/'));
    if (!made.has(d)) {
      mkdirSync(d, { recursive: true });
      made.add(d);
    }
    writeFileSync(p, text);
    bytes += Buffer.byteLength(text);
  };
  write('.gitignore', 'generated/\n*.min.js\n');
  write('config/devin-config.ts', "export const API_BASE = 'https://api.devin.ai/v1';\n");
  write('config/constants.ts', "export const API_BASE = 'https://api.devin.ai/v1';\nexport const RETRIES = 3;\n");
  write('packages/pkg-20/src/shared/urls.ts', "export const ENTERPRISE_BASE = 'https://api.devin.ai/v2/enterprise';\n");
  const perPkg = 500;
  for (let i = 0; i < o.files - 4; i++) {
    const pkg = `packages/pkg-${String(Math.floor(i / perPkg)).padStart(2, '0')}`;
    const mod = `src/mod-${String(Math.floor((i % perPkg) / 50)).padStart(2, '0')}`;
    const devin = r() < o.devinShare;
    const size = 400 + Math.floor(r() * r() * 11_000) + Math.floor(r() * 1_500);
    if (devin) {
      const [lang, make] = pick(r, DEVIN);
      const filler = body(r, lang === 'yml' ? 'yml' : lang, Math.max(0, size - 400));
      const text = lang === 'yml' ? filler + make(r, i) : make(r, i) + filler;
      write(`${pkg}/${mod}/devin-${i}.${lang}`, text);
      devinFiles++;
      continue;
    }
    const lang = chooseLang(r);
    write(`${pkg}/${mod}/${pick(r, WORDS)}-${i}.${lang}`, body(r, lang, size));
  }
  const stats = { files: o.files, bytes, devinFiles };
  writeFileSync(`${dir}.stats.json`, JSON.stringify(stats));
  writeFileSync(stamp, want);
  return stats;
}
