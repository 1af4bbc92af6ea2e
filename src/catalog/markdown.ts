// The catalogue as Markdown tables for MIGRATION.md. MIGRATION.md holds the output between
// markers; `npm run docs` rewrites it and a test fails when the two drift.
import { KEY_RULES } from './keys.js';
import { LEGACY_ENDPOINTS, type LegacyEndpoint } from './legacy-endpoints.js';
import { v3Endpoint } from './v3-endpoints.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');
const code = (s: string) => `\`${s}\``;

function row(e: LegacyEndpoint): string {
  const legacy = e.paths.map((p) => code(`${e.method} ${p}`)).join('<br>');
  if (e.forbidden) return `| ${legacy} | **never called** | – | ${cell(e.note ?? '')} |`;
  if (e.v3 === null) return `| ${legacy} | no v3 equivalent | – | ${cell(e.note ?? '')} |`;
  const t = v3Endpoint(e.v3);
  const path = t.path.replace(/\{session_id\}/g, '{devin_id}');
  const notes = [
    e.note,
    ...(e.fields ?? []).map((f) => (f.to ? `${f.in} \`${f.from}\` → \`${f.to}\`: ${f.note}` : `${f.in} \`${f.from}\` removed: ${f.note}`)),
    e.attribution ? 'add `create_as_user_id` to keep personal-key attribution (needs `ImpersonateOrgSessions`)' : undefined,
  ].filter(Boolean) as string[];
  return `| ${legacy} | ${code(`${t.method} ${path}`)} | ${code(t.permission)} | ${cell(notes.join('; '))} |`;
}

export function renderEndpointTables(): string {
  const head = '| Legacy call | v3 call | v3 permission | Notes |\n|---|---|---|---|';
  const section = (title: string, version: 'v1' | 'v2') =>
    `### ${title}\n\n${head}\n${LEGACY_ENDPOINTS.filter((e) => e.version === version).map(row).join('\n')}\n`;
  const keys = [
    '| Prefix | Credential | Works with | Where to get it |',
    '|---|---|---|---|',
    ...KEY_RULES.map((k) => `| ${code(k.prefix)} | ${k.label} | ${k.versions.join(', ')}${k.note ? ` (${k.note})` : ''} | ${k.whereToGet} |`),
  ].join('\n');
  return [
    '### Key types\n',
    keys,
    '',
    section('v1 (organization-scoped) → v3', 'v1'),
    section('v2 enterprise → v3', 'v2'),
  ].join('\n');
}

export const TABLE_START = '<!-- endpoint-table:start (generated from src/catalog by `npm run docs`; do not edit) -->';
export const TABLE_END = '<!-- endpoint-table:end -->';

/** MIGRATION.md with its generated block replaced. */
export function withEndpointTables(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('MIGRATION.md has no endpoint-table markers');
  return `${doc.slice(0, start + TABLE_START.length)}\n\n${renderEndpointTables()}\n${doc.slice(end)}`;
}
