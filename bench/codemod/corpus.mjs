// Deterministic corpora for the codemod benchmark:
//   dense:  2,000 TS files, each with several Devin calls in the shapes real integrations use
//           (base constant + templates, `+` joins, axios instance, fetch wrapper, full URLs);
//   sparse: a 20,000-file monorepo of ordinary TS (imports, classes, helpers) where about 1% of
//           the files call Devin, some through a shared constants module.
// Each corpus is its own git repository so the parent repo's .gitignore (bench/.work/) does not
// hide it from the codemod.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The project's seeded PRNG, from the build (run.mjs builds it before generating).
const loadRng = async () => (await import(new URL('../../dist/src/fake/prng.js', import.meta.url).href)).mulberry32;

const DEVIN_SHAPES = [
  (i) => `const DEVIN_API_BASE_${i} = 'https://api.devin.ai/v1';

export async function createSession${i}(prompt: string) {
  const res = await fetch(\`\${DEVIN_API_BASE_${i}}/sessions\`, {
    method: 'POST',
    headers: { Authorization: \`Bearer \${process.env.DEVIN_API_KEY}\` },
    body: JSON.stringify({ prompt, tags: ['bench-${i}'] }),
  });
  return res.json();
}

export async function sendMessage${i}(id: string, message: string) {
  await fetch(\`\${DEVIN_API_BASE_${i}}/sessions/\${id}/message\`, { method: 'POST', body: JSON.stringify({ message }) });
}

export const getSession${i} = (id: string) => fetch(DEVIN_API_BASE_${i} + '/sessions/' + id).then((r) => r.json());
`,
  (i) => `const client${i} = axios.create({ baseURL: 'https://api.devin.ai/v1', timeout: 30_000 });

export async function listSecrets${i}() {
  return (await client${i}.get('/secrets')).data;
}

export async function deleteSecret${i}(secretId: string) {
  await client${i}.delete(\`/secrets/\${secretId}\`);
}

export async function playbooks${i}() {
  return (await client${i}.get('/playbooks')).data as unknown[];
}
`,
  (i) => `async function devinFetch${i}(path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(\`https://api.devin.ai/v1\${path}\`, { ...init, headers: { Authorization: 'Bearer ' + process.env.DEVIN_API_KEY } });
  if (!res.ok) throw new Error(\`Devin \${res.status}\`);
  return res.json();
}

export const tags${i} = (id: string, tags: string[]) => devinFetch${i}(\`/sessions/\${id}/tags\`, { method: 'PUT', body: JSON.stringify({ tags }) });
export const knowledge${i} = () => devinFetch${i}('/knowledge');
export const terminate${i} = (id: string) => devinFetch${i}(\`/sessions/\${id}\`, { method: 'DELETE' });
`,
  (i) => `export async function enterpriseReport${i}(token: string) {
  const h = { headers: { Authorization: \`Bearer \${token}\` } };
  const members = await (await fetch('https://api.devin.ai/v2/enterprise/members', h)).json();
  const audit = await (await fetch('https://api.devin.ai/v2/enterprise/audit-logs?limit=50', h)).json();
  const cycles = await (await fetch('https://api.devin.ai/v2/enterprise/consumption/cycles', h)).json();
  return { members, audit, cycles };
}
`,
];

const FILLER = [
  (i, r) => `export interface Record${i} {
  id: string;
  name: string;
  createdAt: number;
  tags: readonly string[];
}

export function normalize${i}(input: Partial<Record${i}>): Record${i} {
  return {
    id: input.id ?? 'r-${i}',
    name: (input.name ?? '').trim().toLowerCase(),
    createdAt: input.createdAt ?? ${Math.floor(r() * 1e9)},
    tags: [...new Set(input.tags ?? [])].sort(),
  };
}
`,
  (i, r) => `export class Cache${i}<K, V> {
  private readonly map = new Map<K, { value: V; at: number }>();
  constructor(private readonly ttlMs = ${1000 + Math.floor(r() * 9000)}) {}
  get(key: K, now = Date.now()): V | undefined {
    const hit = this.map.get(key);
    if (!hit || now - hit.at > this.ttlMs) return undefined;
    return hit.value;
  }
  set(key: K, value: V, now = Date.now()): void {
    this.map.set(key, { value, at: now });
  }
}
`,
  (i) => `export async function fetchJson${i}<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(\`\${url}: \${res.status}\`);
  return (await res.json()) as T;
}

export const routes${i} = { list: '/api/items', detail: (id: string) => \`/api/items/\${id}\` };
`,
  (i, r) => `export function score${i}(values: number[]): number {
  let total = 0;
  for (const [k, v] of values.entries()) total += v * ${(r() * 3).toFixed(3)} + k;
  return values.length ? total / values.length : 0;
}

export const THRESHOLD_${i} = ${Math.floor(r() * 100)};
`,
];

function write(path, text) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function initRepo(dir) {
  execFileSync('git', ['init', '-q'], { cwd: dir });
}

export async function makeDense(dir, files = 2000) {
  if (existsSync(join(dir, '.done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = (await loadRng())(42);
  for (let f = 0; f < files; f++) {
    const parts = [`// Devin integration module ${f}\nimport axios from 'axios';\n`];
    const n = 2 + Math.floor(r() * 3);
    for (let k = 0; k < n; k++) parts.push(DEVIN_SHAPES[Math.floor(r() * DEVIN_SHAPES.length)](`${f}_${k}`));
    parts.push(FILLER[Math.floor(r() * FILLER.length)](f, r));
    write(join(dir, 'src', `m${Math.floor(f / 100)}`, `devin${f}.ts`), parts.join('\n'));
  }
  initRepo(dir);
  writeFileSync(join(dir, '.done'), '');
  return dir;
}

export async function makeSparse(dir, files = 20000, devinShare = 0.01) {
  if (existsSync(join(dir, '.done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = (await loadRng())(7);
  write(join(dir, 'packages', 'shared', 'src', 'devin-constants.ts'), "export const DEVIN_API_BASE = 'https://api.devin.ai/v1';\n");
  for (let f = 0; f < files; f++) {
    const pkg = `pkg${f % 40}`;
    const parts = [];
    if (f > 0) parts.push(`import { normalize${f - 1} } from './file${f - 1}';\n`.replace(`./file${f - 1}`, f % 500 === 0 ? `../../shared/src/util` : `./file${f - 1}`));
    const devin = r() < devinShare;
    if (devin && r() < 0.5) {
      parts.push(`import { DEVIN_API_BASE } from '../../shared/src/devin-constants';\n`);
      parts.push(`export const devinSessions${f} = () => fetch(\`\${DEVIN_API_BASE}/sessions\`);\nexport const devinMessage${f} = (id: string, m: string) => fetch(\`\${DEVIN_API_BASE}/sessions/\${id}/message\`, { method: 'POST', body: JSON.stringify({ message: m }) });\n`);
    } else if (devin) {
      parts.push(DEVIN_SHAPES[Math.floor(r() * DEVIN_SHAPES.length)](`${f}`).replace('axios.create', "(await import('axios')).default.create"));
    }
    for (let k = 0; k < 2; k++) parts.push(FILLER[Math.floor(r() * FILLER.length)](`${f}_${k}`, r));
    parts.push(FILLER[0](f, r));
    write(join(dir, 'packages', pkg, 'src', `file${f}.ts`), parts.join('\n'));
  }
  write(join(dir, 'packages', 'shared', 'src', 'util.ts'), 'export const normalize = (s: string) => s.trim();\n');
  initRepo(dir);
  writeFileSync(join(dir, '.done'), '');
  return dir;
}
