// The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched.
// Every value is escaped here; the model has already been redacted.
import {
  KEY_STATE_LABEL,
  SECTION_TITLES,
  type CodemodSection,
  type FindingsSection,
  type KeyState,
  type MatrixSection,
  type PlanSection,
  type ReadinessSection,
  type ReportModel,
  type SectionId,
  type StepStatus,
  type Unavailable,
} from '../types.js';
import { codemodSummaryText, planSummaryText } from '../text.js';
import { chartLegend, chartSvg } from './chart-svg.js';
import { esc, escWithCode } from './escape.js';
import { REPORT_CSS } from './style.js';

const pill = (cls: string, text: string) => `<span class="pill ${cls}">${esc(text)}</span>`;
const statePill = (s: KeyState) => pill(`st-${s}`, KEY_STATE_LABEL[s]);

function stepPill(s: StepStatus, doneText = 'done'): string {
  switch (s) {
    case 'done':
      return pill('ok', `✓ ${doneText}`);
    case 'failed':
      return pill('bad', '✕ failed');
    case 'pending':
      return pill('muted', 'pending');
    case 'n/a':
      return pill('muted', 'n/a');
    default:
      return pill('muted', '—');
  }
}

function section(id: SectionId, lead: string, body: string): string {
  return `<section id="${id}" data-section="${id}">
<h2>${esc(SECTION_TITLES[id])}</h2>
${lead ? `<p class="lead">${lead}</p>` : ''}
${body}
</section>`;
}

function missing(u: Unavailable): string {
  return `<div class="missing-input">${escWithCode(u.missing)}</div>`;
}

interface TableOpts {
  numeric?: number[];
  cls?: string;
  /** Class of the scroll box around the table. */
  wrap?: string;
  /** Column widths (CSS), for tables that repeat (one per file) and must line up. */
  widths?: string[];
  rowClass?: (i: number) => string | undefined;
}

function table(head: string[], rows: string[][], opts: TableOpts = {}): string {
  const num = new Set(opts.numeric ?? []);
  const th = head.map((h, i) => `<th scope="col"${num.has(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const cols = opts.widths ? `<colgroup>${opts.widths.map((w) => `<col style="width:${w}">`).join('')}</colgroup>` : '';
  const body = rows
    .map((r, ri) => {
      const rc = opts.rowClass?.(ri);
      return `<tr${rc ? ` class="${rc}"` : ''}>${r.map((c, i) => `<td${num.has(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const cls = [opts.cls, opts.widths ? 'fixed' : undefined].filter(Boolean).join(' ');
  return `<div class="scroll${opts.wrap ? ` ${opts.wrap}` : ''}"><table${cls ? ` class="${cls}"` : ''}>${cols}<thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** `2026-03-01T09:00:00.000Z` -> `2026-03-01 09:00 UTC`; anything else as given. */
function when(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

function nextStepsHtml(m: ReportModel): string {
  const items = m.nextSteps
    .map((s) => `<li>${esc(s.text)}${s.command ? `<br><code>${esc(s.command)}</code>` : ''}</li>`)
    .join('\n');
  return `<section id="nextSteps" data-section="nextSteps" class="next"><h2>${esc(SECTION_TITLES.nextSteps)}</h2><ol>\n${items}\n</ol></section>`;
}

function tile(n: number | null, label: string, sub: string): string {
  return `<div class="tile${n === null ? ' na' : ''}"><div class="n">${n === null ? 'n/a' : n}</div><div class="l">${esc(label)}</div><div class="s">${esc(sub)}</div></div>`;
}

function headlineHtml(m: ReportModel): string {
  const h = m.headline;
  const tiles = [
    tile(h.legacyKeys.total, 'Legacy keys', `${h.legacyKeys.personal} personal · ${h.legacyKeys.service} service`),
    tile(
      h.organizations,
      'Organizations',
      `${h.organizationsWithKeys} hold legacy keys${h.organizationsGone ? ` (${h.organizationsGone} no longer ${h.organizationsGone === 1 ? 'exists' : 'exist'})` : ''}`,
    ),
    tile(h.owners, 'Key owners', 'people with a personal key'),
    tile(h.migrated, 'Migrated', `of ${h.legacyKeys.total} keys · ${h.revoked} revoked`),
    tile(h.serviceUsers, 'Service users', 'already on v3'),
    tile(h.codeFindings, 'Code findings', h.filesWithFindings === null ? 'no scan given' : `in ${h.filesWithFindings} files`),
    tile(h.openMarkers, 'Open markers', h.openMarkers === null ? 'no codemod result given' : 'TODO(devin-migrate) left'),
    tile(h.safeToRevoke, 'Safe to revoke', h.safeToRevoke === null ? 'needs plan and verify' : 'legacy keys'),
  ];
  return section('headline', '', `<div class="tiles">${tiles.join('\n')}</div>`);
}

function chartHtml(m: ReportModel): string {
  const c = m.keysByOrg;
  if (c.orgs.length === 0) return section('keysByOrg', '', '<div class="missing-input">The inventory lists no legacy keys.</div>');
  const rows = c.orgs.flatMap((o) =>
    o.series.map((s) => [esc(o.gone ? `${o.orgName} (deleted)` : o.orgName), esc(s.type), ...c.states.map((st) => String(s.counts[st])), String(s.total)]),
  );
  const data = `<details class="data"><summary>The chart's numbers as a table</summary>${table(
    ['Organization', 'Type', ...c.states.map((s) => KEY_STATE_LABEL[s]), 'Total'],
    rows,
    { numeric: c.states.map((_s, i) => i + 2).concat([c.states.length + 2]) },
  )}</details>`;
  return section(
    'keysByOrg',
    'Each organization has a bar for personal keys (<code>apk_user_…</code>) and one for service keys (<code>apk_…</code>), split by how far each key has got.',
    `<figure class="chart" style="margin:0">${chartLegend(c.states)}${chartSvg(c)}</figure>${data}`,
  );
}

const ACTION_PILL: Record<string, [string, string]> = {
  create: ['info', 'create'],
  noop: ['ok', 'exists'],
  'revoke-only': ['warn', 'revoke only'],
  excluded: ['muted', 'excluded'],
};

function planHtml(p: PlanSection | Unavailable): string {
  if (!p.available) return section('plan', '', missing(p));
  const rows = p.rows.map((r) => {
    const [cls, label] = ACTION_PILL[r.action] ?? ['muted', r.action];
    const extra =
      r.extraPermissions.length > 0
        ? `<div>${pill('warn', `⚠ grants ${r.extraPermissions.length} more than needed`)}</div><div class="sub extra">${esc(r.extraPermissions.join(', '))}</div>`
        : '';
    const short = r.missingPermissions.length > 0 ? `<div>${pill('bad', `✕ lacks ${r.missingPermissions.join(', ')}`)}</div>` : '';
    return [
      `<div class="mono">${esc(r.legacyKeyId)}</div><div class="sub">${esc(r.keyType)} · ${esc(r.orgName)}${r.owner ? `<br>${esc(r.owner)}` : ''}</div>`,
      `<div>${pill(cls, label)}</div>${r.serviceUser ? `<div class="mono name">${esc(r.serviceUser)}</div><div class="sub">${esc(r.scope ?? '')} scope</div>` : ''}`,
      `<div>${esc(r.role ?? '—')}</div>${extra}${short}`,
      r.attribution === 'none' ? '<span class="sub">none</span>' : `<div>${pill('info', 'keeps creator')}</div><div class="sub mono">${esc(r.attribution.replace(/^create_as_user_id /, ''))}</div>`,
      `<div>${esc(r.reason)}</div>${r.details.length ? `<div class="sub">${r.details.map(esc).join('<br>')}</div>` : ''}`,
      statePill(r.state),
    ];
  });
  const notes = p.notes.length > 0 ? `<ul class="notes">${p.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return section(
    'plan',
    `${esc(planSummaryText(p))} ${
      p.overGranted > 0
        ? `<strong>${p.overGranted}</strong> planned ${p.overGranted === 1 ? 'role grants' : 'roles grant'} more than the code needs (no built-in role is smaller); those rows are marked ⚠.`
        : 'Every planned role is the smallest that covers what the code needs.'
    }`,
    `${notes}${table(['Legacy key', 'Service user', 'Role', 'Attribution', 'Why', 'State'], rows, {
      widths: ['16%', '18%', '17%', '11%', '27%', '11%'],
      rowClass: (i) => (p.rows[i]!.extraPermissions.length > 0 || p.rows[i]!.missingPermissions.length > 0 ? 'flag' : undefined),
    })}`,
  );
}

const CELL = { needed: '●', extra: '◆', missing: '✕', none: '' } as const;
const CELL_TITLE = { needed: 'granted and needed', extra: 'granted, not needed', missing: 'needed, not granted', none: 'not granted' } as const;

function matrixHtml(m: MatrixSection | Unavailable): string {
  if (!m.available) return section('matrix', '', missing(m));
  const firstEnt = m.levels.indexOf('enterprise');
  const edge = (i: number) => (i === firstEnt && i > 0 ? ' first' : '');
  const head = `<tr><th scope="col" class="who">Service user</th>${m.permissions
    .map((p, i) => `<th scope="col" class="perm${edge(i)}${m.levels[i] === 'enterprise' ? ' ent' : ''}"><span>${esc(p)}</span></th>`)
    .join('')}</tr>`;
  const body = m.rows
    .map(
      (r) =>
        `<tr><th scope="row" class="who"><span class="mono">${esc(r.serviceUser)}</span><br><span class="sub">${esc(r.role)}</span></th>${r.cells
          .map((c, i) => `<td class="c ${c}${edge(i)}" title="${esc(`${m.permissions[i]}: ${CELL_TITLE[c]}`)}">${CELL[c]}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return section(
    'matrix',
    `<span class="needed-key">●</span> granted and needed by the code · <span class="extra">◆ granted but not needed</span> · <span class="bad-key">✕ needed but not granted</span>. Columns are the permissions some planned service user holds or needs${
      firstEnt > 0 ? '; those right of the double rule are enterprise-wide' : ''
    }.`,
    `<div class="scroll"><table class="matrix"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`,
  );
}

const SEVERITY_PILL = { error: 'bad', warning: 'warn', note: 'info' } as const;

function findingsHtml(f: FindingsSection | Unavailable): string {
  if (!f.available) return section('findings', '', missing(f));
  if (f.total === 0) return section('findings', `${f.filesScanned} files scanned.`, '<div class="missing-input">No legacy endpoints or keys found in code.</div>');
  const files = f.files
    .map((file) => {
      const rows = file.findings.map((x) => [
        `<span class="mono">${x.line}:${x.column}</span>`,
        `${pill(SEVERITY_PILL[x.severity], x.category)}`,
        `${escWithCode(x.message)}<pre class="excerpt">${esc(x.excerpt)}</pre>`,
        x.legacy ? `<code>${esc(x.legacy)}</code>` : '',
        x.replacement ? `<code>${esc(x.replacement)}</code>` : '',
        x.permission ? x.permission.split(' or ').map((p) => `<code class="perm">${esc(p)}</code>`).join('<br>') : '',
      ]);
      return `<div class="file"><h3>${esc(file.file)} <span class="sub">${file.findings.length} ${file.findings.length === 1 ? 'finding' : 'findings'}</span></h3>${table(
        ['Line', 'Kind', 'Finding', 'Legacy', 'v3 replacement', 'Permission'],
        rows,
        { widths: ['6%', '9%', '35%', '15%', '20%', '15%'] },
      )}</div>`;
    })
    .join('\n');
  return section(
    'findings',
    `${f.total} findings in ${f.files.length} of ${f.filesScanned} files scanned: ${f.byCategory.endpoint} legacy endpoints, ${f.byCategory.secret} hard-coded keys, ${f.byCategory.env} environment settings${f.suppressed ? `; ${f.suppressed} suppressed` : ''}.`,
    files,
  );
}

function codemodHtml(c: CodemodSection | Unavailable): string {
  if (!c.available) return section('codemod', '', missing(c));
  const tally = table(
    ['Transform', 'Files changed'],
    c.tally.map((t) => [esc(t.transform), String(t.files)]),
    { numeric: [1], wrap: 'narrow' },
  );
  const markers =
    c.openMarkers.length === 0
      ? '<p>No <code>TODO(devin-migrate)</code> markers are open.</p>'
      : table(
          ['File', 'Open', 'Line: what to do'],
          c.openMarkers.map((mk) => [
            `<span class="mono">${esc(mk.file)}</span>`,
            String(mk.count),
            mk.markers.length
              ? `<ul class="msgs">${mk.markers.map((m) => `<li>${m.line === null ? '' : `<span class="mono">${m.line}</span>: `}${escWithCode(m.message)}</li>`).join('')}</ul>`
              : '<span class="sub">not listed in this codemod result</span>',
          ]),
          { numeric: [1], widths: ['28%', '7%', '65%'] },
        );
  const notes =
    c.notes.length === 0 ? '' : `<h3>Notes</h3>${table(['File', 'Note'], c.notes.map((n) => [`<span class="mono">${esc(n.file)}</span>`, escWithCode(n.note)]), { widths: ['28%', '72%'] })}`;
  const errors =
    c.errors.length === 0 ? '' : `<h3>Files left unchanged</h3>${table(['File', 'Why'], c.errors.map((e) => [`<span class="mono">${esc(e.file)}</span>`, esc(e.message)]), { widths: ['28%', '72%'] })}`;
  return section(
    'codemod',
    `${esc(codemodSummaryText(c))} Each marker says what is left to do by hand; <code>devin-migrate codemod --check</code> passes once none is left.`,
    `<h3>Tally</h3>${tally}<h3>Markers still open (${c.totals.markersPresent})</h3>${markers}${notes}${errors}`,
  );
}

function readinessHtml(r: ReadinessSection | Unavailable): string {
  if (!r.available) return section('readiness', '', missing(r));
  const rows = r.rows.map((x) => [
    `<span class="mono">${esc(x.legacyKeyId)}</span><br><span class="sub">${esc(x.keyType)} · ${esc(x.orgName)}${x.owner ? ` · ${esc(x.owner)}` : ''}</span>`,
    x.serviceUser ? `<span class="mono">${esc(x.serviceUser)}</span>` : '<span class="sub">none planned</span>',
    stepPill(x.created, 'created'),
    stepPill(x.verified, 'verified'),
    stepPill(x.usedSince, 'used'),
    x.revoked ? pill('st-revoked', '✓ revoked') : x.safeToRevoke ? pill('ok', '✓ safe to revoke') : pill('warn', 'not yet'),
    `<span class="wrap">${esc(x.note)}</span>`,
  ]);
  return section(
    'readiness',
    `Work through this list before <code>devin-migrate revoke</code>: a legacy key is safe to revoke once its replacement exists, its token is verified and the replacement has been used since (so the code runs on it). ${r.safe} safe, ${r.revoked} already revoked.`,
    table(['Legacy key', 'Replacement', 'Created', 'Token verified', 'Used since', 'Revoke', 'Note'], rows, {
      widths: ['20%', '17%', '10%', '11%', '10%', '11%', '21%'],
      rowClass: (i) => (r.rows[i]!.safeToRevoke ? 'safe' : undefined),
    }),
  );
}

export function renderHtml(m: ReportModel): string {
  const inputs = m.inputs
    .map((i) => pill(i.provided ? 'ok' : 'muted', `${i.provided ? '✓' : '–'} ${i.name}${i.generatedAt ? ` · ${when(i.generatedAt)}` : ''}`))
    .join(' ');
  const toc = (Object.entries(SECTION_TITLES) as [SectionId, string][]).map(([id, t]) => `<a href="#${id}">${esc(t)}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Devin API migration report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="top">
<h1>Devin API migration report</h1>
<div class="meta">Enterprise at <code>${esc(m.enterprise.apiBase)}</code> · inventory of ${esc(when(m.enterprise.inventoryAt))}${m.enterprise.collectedBy ? ` by ${esc(m.enterprise.collectedBy)}` : ''} · report generated ${esc(when(m.generatedAt))}</div>
<div class="inputs">${inputs}</div>
</header>
<nav class="toc" aria-label="Sections">${toc}</nav>
${nextStepsHtml(m)}
${headlineHtml(m)}
${chartHtml(m)}
${planHtml(m.plan)}
${matrixHtml(m.matrix)}
${findingsHtml(m.findings)}
${codemodHtml(m.codemod)}
${readinessHtml(m.readiness)}
<footer>Generated by devin-migrate. Key values never appear in this report: a key is shown by its id, or by its prefix and last 4 characters at most.</footer>
</main>
</body>
</html>
`;
}
