// Behaviour of the attribution, pagination and fields transforms on small sources, through the
// real pipeline (transformText: parse, edits, re-parse), and of config on a JSON value. The
// fixture folders cover the larger shapes; these pin single behaviours and options.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attributionTransform } from '../../codemods/attribution.js';
import { configTransform } from '../../codemods/config.js';
import { fieldsTransform } from '../../codemods/fields.js';
import { paginationTransform } from '../../codemods/pagination.js';
import { countMarkers } from '../../codemods/markers.js';
import { transformText } from '../../codemods/transform-text.js';
import { DEFAULT_CODEMOD_OPTIONS, EMPTY_PROJECT_INDEX, type CodemodOptions, type Transform } from '../../codemods/types.js';
import { SESSION_STATUS_MAP } from '../../src/catalog/index.js';

const ALL = [attributionTransform, paginationTransform, fieldsTransform];

function run(text: string, transforms: readonly Transform[], options: Partial<CodemodOptions> = {}, fileName = 'src/devin.ts'): string {
  const opts = { ...DEFAULT_CODEMOD_OPTIONS, ...options };
  const r = transformText(fileName, text, transforms, opts, EMPTY_PROJECT_INDEX);
  expect(r.error).toBeUndefined();
  // Every result is a fixed point.
  const again = transformText(fileName, r.text, transforms, opts, EMPTY_PROJECT_INDEX);
  expect(again.text).toBe(r.text);
  return r.text;
}

const lines = (...ls: string[]) => ls.join('\n') + '\n';

describe('attribution', () => {
  it('adds create_as_user_id on its own line with the indentation and trailing comma of the body', () => {
    const src = lines(
      "await fetch('https://api.devin.ai/v1/sessions', {",
      "  method: 'POST',",
      '  body: JSON.stringify({',
      '    prompt,',
      "    tags: ['a'],",
      '  }),',
      '});',
    );
    expect(run(src, [attributionTransform])).toBe(
      lines(
        "await fetch('https://api.devin.ai/v1/sessions', {",
        "  method: 'POST',",
        '  body: JSON.stringify({',
        '    prompt,',
        "    tags: ['a'],",
        '    create_as_user_id: process.env.DEVIN_CREATE_AS_USER_ID,',
        '  }),',
        '});',
      ),
    );
  });

  it('adds it inline to a single-line body, with the expression from the options', () => {
    const src = "await axios.post('https://api.devin.ai/v1/sessions', { prompt: text });\n";
    expect(run(src, [attributionTransform], { createAsUserIdExpr: 'config.devinUserId' })).toBe(
      "await axios.post('https://api.devin.ai/v1/sessions', { prompt: text, create_as_user_id: config.devinUserId });\n",
    );
  });

  it('changes nothing when attribution is none or the property is already there', () => {
    const src = "await fetch('https://api.devin.ai/v1/sessions', { method: 'POST', body: JSON.stringify({ prompt }) });\n";
    expect(run(src, [attributionTransform], { attribution: 'none' })).toBe(src);
    const present = "await fetch('https://api.devin.ai/v1/sessions', { method: 'POST', body: JSON.stringify({ prompt, 'create_as_user_id': u }) });\n";
    expect(run(present, [attributionTransform])).toBe(present);
  });

  it('recognises the v3 path the endpoints transform writes, and a relative wrapper path', () => {
    const v3 = "await fetch(`https://api.devin.ai/v3/organizations/${process.env.DEVIN_ORG_ID}/sessions`, { method: 'POST', body: JSON.stringify({ prompt }) });\n";
    expect(run(v3, [attributionTransform])).toContain('{ prompt, create_as_user_id: process.env.DEVIN_CREATE_AS_USER_ID }');
    const wrapper = "await devinFetch('/sessions', { method: 'POST', body: JSON.stringify({ prompt }) });\n";
    expect(run(wrapper, [attributionTransform])).toContain('create_as_user_id');
  });

  it('leaves list calls, other hosts and files that are not about Devin alone', () => {
    const list = "await fetch('https://api.devin.ai/v1/sessions?limit=5');\n";
    expect(run(list, [attributionTransform])).toBe(list);
    const other = "await fetch('https://example.com/v1/sessions', { method: 'POST', body: JSON.stringify({ prompt }) });\n";
    expect(run(other, [attributionTransform])).toBe(other);
    const unrelated = "await api.post('/sessions', { user, password });\n";
    expect(run(unrelated, [attributionTransform], {}, 'src/login.ts')).toBe(unrelated);
  });

  it('traces a wrapper parameter to the literals its callers pass, and marks one it cannot trace', () => {
    const src = lines(
      'const API = "https://api.devin.ai/v1";',
      'function create(body: object) {',
      "  return fetch(`${API}/sessions`, { method: 'POST', body: JSON.stringify(body) });",
      '}',
      "create({ prompt: 'a' });",
      'export function start(input: object) {',
      "  return fetch(`${API}/sessions`, { method: 'POST', body: JSON.stringify(input) });",
      '}',
    );
    const out = run(src, [attributionTransform]);
    expect(out).toContain("create({ prompt: 'a', create_as_user_id: process.env.DEVIN_CREATE_AS_USER_ID });");
    expect(out).toContain(
      '  // TODO(devin-migrate): add `create_as_user_id: process.env.DEVIN_CREATE_AS_USER_ID` to this create-session body (the body arrives as the parameter `input`)',
    );
    expect(countMarkers(out)).toBe(1);
  });

  it('marks instead of editing when a ternary URL sends the same body to another endpoint too', () => {
    const src = "await fetch(id ? `https://api.devin.ai/v1/sessions/${id}/message` : 'https://api.devin.ai/v1/sessions', { method: 'POST', body: JSON.stringify({ prompt }) });\n";
    const out = run(src, [attributionTransform]);
    expect(out).toContain('(this call also reaches other endpoints)');
    expect(out).toContain('JSON.stringify({ prompt })');
  });

  it('keeps CRLF line endings', () => {
    const src = "await fetch('https://api.devin.ai/v1/sessions', {\r\n  method: 'POST',\r\n  body: JSON.stringify({\r\n    prompt\r\n  }),\r\n});\r\n";
    const out = run(src, [attributionTransform]);
    expect(out).toContain('    prompt,\r\n    create_as_user_id: process.env.DEVIN_CREATE_AS_USER_ID\r\n  }),');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('pagination', () => {
  it('renames limit to first, drops offset=0 and reads items instead of sessions', () => {
    const src = lines(
      "const res = await fetch('https://api.devin.ai/v1/sessions?offset=0&limit=10');",
      'const { sessions } = (await res.json()) as any;',
    );
    expect(run(src, [paginationTransform])).toBe(
      lines("const res = await fetch('https://api.devin.ai/v1/sessions?first=10');", 'const { items: sessions } = (await res.json()) as any;'),
    );
  });

  it('turns a do/while offset loop into a cursor loop', () => {
    const src = lines(
      'async function all() {',
      '  let offset = 0;',
      '  let page: any;',
      '  do {',
      '    const res = await fetch(`https://api.devin.ai/v1/sessions?limit=50&offset=${offset}`);',
      '    page = await res.json();',
      '    offset += 50;',
      '  } while (page.sessions.length === 50);',
      '}',
    );
    expect(run(src, [paginationTransform])).toBe(
      lines(
        'async function all() {',
        "  let cursor = '';",
        '  let page: any;',
        '  do {',
        "    const res = await fetch(`https://api.devin.ai/v1/sessions?first=50${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`);",
        '    page = await res.json();',
        "    cursor = page.end_cursor ?? '';",
        '  } while (page.has_next_page);',
        '}',
      ),
    );
  });

  it('marks an offset loop it cannot prove (the offset is read for something else)', () => {
    const src = lines(
      'async function all() {',
      '  let offset = 0;',
      '  while (true) {',
      '    const res = await fetch(`https://api.devin.ai/v1/sessions?limit=50&offset=${offset}`);',
      '    const page: any = await res.json();',
      '    if (page.sessions.length < 50) break;',
      '    offset += 50;',
      '    console.log(offset);',
      '  }',
      '}',
    );
    const out = run(src, [paginationTransform]);
    expect(out).toContain('  // TODO(devin-migrate): v3 pages by cursor, not offset: pass `after: <previous response>.end_cursor`');
    expect(out).toContain('&offset=${offset}');
    expect(out).toContain('page.items.length < 50');
  });

  it('leaves a v3 page that already reads items alone', () => {
    const src = lines(
      'const res = await fetch(`https://api.devin.ai/v3/organizations/${org}/secrets?first=100`);',
      'const page: any = await res.json();',
      'console.log(page.items.length, page.has_next_page);',
    );
    expect(run(src, ALL)).toBe(src);
  });
});

describe('fields', () => {
  it('maps clean status_enum values and marks the others', () => {
    const src = lines(
      'const res = await fetch(`https://api.devin.ai/v1/sessions/${id}`);',
      'const s: any = await res.json();',
      "if (s.status_enum === 'blocked') ask();",
      "if (s.status_enum === 'suspend_requested') wait();",
    );
    const out = run(src, [fieldsTransform]);
    expect(out).toContain("if (s.status_detail === 'waiting_for_user') ask();");
    expect(out).toContain("// TODO(devin-migrate): v1 status_enum 'suspend_requested': no v3 equivalent");
    expect(out).toContain("if (s.status_enum === 'suspend_requested') wait();");
  });

  it('renames id only on values that come from a secrets call', () => {
    const src = lines(
      "const res = await fetch('https://api.devin.ai/v1/secrets');",
      'const list = (await res.json()) as any[];',
      'const user = { id: 1 };',
      'console.log(list.map((s) => s.id), user.id);',
    );
    expect(run(src, [fieldsTransform])).toContain('console.log(list.map((s) => s.secret_id), user.id);');
  });

  it('removes v1-only create fields and quotes the catalogue note', () => {
    const src = "await fetch('https://api.devin.ai/v1/sessions', { method: 'POST', body: JSON.stringify({ prompt, idempotent: true }) });\n";
    expect(run(src, [fieldsTransform])).toBe(
      '// TODO(devin-migrate): `idempotent` was removed from this request body (v3 does not take it): v3 has no idempotent create; look sessions up by tag or title before creating\n' +
        "await fetch('https://api.devin.ai/v1/sessions', { method: 'POST', body: JSON.stringify({ prompt }) });\n",
    );
  });

  it('marks reads of messages with the v3 messages endpoint, once per polling loop', () => {
    const src = lines(
      'for (;;) {',
      '  const r = await fetch(`https://api.devin.ai/v1/session/${id}`);',
      '  const session: any = await r.json();',
      '  for (const m of session.messages) print(m);',
      '  n = session.messages.length;',
      '}',
    );
    const out = run(src, [fieldsTransform]);
    expect(out.split('\n')[0]).toBe(
      '// TODO(devin-migrate): v3 sessions carry no `messages`: read them with GET /v3/organizations/{org_id}/sessions/{devin_id}/messages (paginated with first/after; items are { created_at, event_id, message, source })',
    );
    expect(countMarkers(out)).toBe(1);
  });

  it('marks created_at as Unix seconds on v1-shaped code but not on code that already reads v3 fields', () => {
    const v1 = lines('const r = await fetch(`https://api.devin.ai/v1/sessions/${id}`);', 'const s: any = await r.json();', 'show(new Date(s.created_at));');
    expect(run(v1, [fieldsTransform])).toContain('// TODO(devin-migrate): `created_at` changed on v3: ISO-8601 string becomes Unix seconds');
    const v3 = lines('const r = await fetch(`https://api.devin.ai/v3/organizations/${org}/sessions/${id}`);', 'const s: any = await r.json();', 'show(s.status_detail, new Date(s.created_at * 1000));');
    expect(run(v3, [fieldsTransform])).toBe(v3);
  });

  it('marks, and does not rename, status_enum read on a value it cannot trace to a session response', () => {
    const src = lines(
      'interface V1Session { status_enum: string; messages: unknown[] }',
      'export async function wait(client: { getSession(id: string): Promise<V1Session> }) {',
      "  const s = await client.getSession('devin-1');",
      "  return s.status_enum === 'finished';",
      '}',
    );
    const out = run(src, [fieldsTransform]);
    expect(out).toContain("  // TODO(devin-migrate): if this is a v1 session's `status_enum` (devin-migrate could not trace the value to a session response)");
    expect(out).toContain("  return s.status_enum === 'finished';");
    expect(out).toContain('// TODO(devin-migrate): update this type for v3 (the response it describes changed): `status_enum` is `status_detail` on v3');
  });

  it('reads the first of pull_requests where v1 read pull_request.url', () => {
    const src = lines('const r = await fetch(`https://api.devin.ai/v1/sessions/${id}`);', 'const s: any = await r.json();', 'link(s.pull_request?.url);');
    const out = run(src, [fieldsTransform]);
    expect(out).toContain('link(s.pull_requests[0]?.pr_url);');
    expect(countMarkers(out)).toBe(1);
  });
});

describe('the status map in the catalogue', () => {
  it('covers every v1 status_enum value and maps only onto v3 status_detail values', () => {
    // Reference §3.4.
    const v1 = ['working', 'blocked', 'expired', 'finished', 'suspend_requested', 'suspend_requested_frontend', 'resume_requested', 'resume_requested_frontend', 'resumed'];
    const v3Detail = ['working', 'waiting_for_user', 'waiting_for_approval', 'finished', 'inactivity', 'user_request', 'usage_limit_exceeded', 'out_of_credits', 'out_of_quota', 'no_quota_allocation', 'payment_declined', 'org_usage_limit_exceeded', 'total_session_limit_exceeded', 'error'];
    expect(SESSION_STATUS_MAP.map((m) => m.v1).sort()).toEqual([...v1].sort());
    for (const m of SESSION_STATUS_MAP) if (m.v3) expect(v3Detail).toContain(m.v3.value);
    expect(SESSION_STATUS_MAP.filter((m) => m.v3).map((m) => [m.v1, m.v3!.value])).toEqual([
      ['working', 'working'],
      ['blocked', 'waiting_for_user'],
      ['finished', 'finished'],
    ]);
  });
});

describe('the three transforms in pipeline order', () => {
  const dirs = ['attribution', 'pagination', 'fields'].map((t) => `fixtures/codemods/${t}`);
  const inputs = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.input.ts')).map((f) => `${d}/${f}`));

  it.each(inputs)('%s comes out parseable and unchanged by a second run', (file) => {
    run(readFileSync(file, 'utf8'), ALL, {}, file);
  });
});

describe('config', () => {
  it('moves a JSON base to v3 without claiming the code that reads it moved: no transform follows a JSON value into code', () => {
    const pkg = '{\n  "devin": { "enterpriseBase": "https://api.devin.ai/v2/enterprise" }\n}\n';
    const r = configTransform.apply('package.json', pkg, DEFAULT_CODEMOD_OPTIONS);
    expect(r.text).toContain('"https://api.devin.ai/v3/enterprise"');
    expect(r.notes.join('\n')).toMatch(/devin\.enterpriseBase: now the v3 enterprise root; devin-migrate does not follow JSON values into the code that reads them/);
    expect(r.notes.join('\n')).not.toMatch(/rewrites them where the code shows this base/);
  });
});
