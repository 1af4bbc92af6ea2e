// The report as Markdown (GitHub-flavoured tables): the same sections and numbers as the HTML,
// with the chart as a table.
import {
  KEY_STATE_LABEL,
  SECTION_TITLES,
  type ReportModel,
  type SectionId,
  type StepStatus,
  type Unavailable,
} from './types.js';
import { codemodSummaryText, planSummaryText } from './text.js';

/** Text safe inside a table cell: no pipes, no line breaks, no raw HTML. */
function cell(text: string | number | null | undefined): string {
  if (text === null || text === undefined || text === '') return '';
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** Prose with `code` spans: the prose is escaped like a cell, the spans are kept verbatim. */
function prose(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? part.replace(/\|/g, '\\|') : cell(part)))
    .join('');
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${t.replace(/\|/g, '\\|')}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function table(head: string[], rows: string[][], numeric: number[] = []): string {
  const align = head.map((_h, i) => (numeric.includes(i) ? '---:' : '---'));
  return [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const heading = (id: SectionId) => `## ${SECTION_TITLES[id]}`;
const missing = (u: Unavailable) => `_${prose(u.missing)}_`;

function step(s: StepStatus, done: string): string {
  return s === 'done' ? `✓ ${done}` : s === 'failed' ? '✕ failed' : s === 'pending' || s === 'n/a' ? s : '—';
}

export function renderMarkdown(m: ReportModel): string {
  const out: string[] = [];
  const h = m.headline;
  out.push('# Devin API migration report', '');
  out.push(
    `Enterprise at ${code(m.enterprise.apiBase)} · inventory of ${m.enterprise.inventoryAt}${m.enterprise.collectedBy ? ` by ${cell(m.enterprise.collectedBy)}` : ''} · report generated ${m.generatedAt}`,
    '',
  );
  out.push(`Inputs: ${m.inputs.map((i) => `${i.provided ? '✓' : '–'} ${i.name}`).join(', ')}`, '');

  out.push(heading('nextSteps'), '');
  m.nextSteps.forEach((s, i) => out.push(`${i + 1}. ${cell(s.text)}${s.command ? ` ${code(s.command)}` : ''}`));
  out.push('');

  out.push(heading('headline'), '');
  const na = (n: number | null) => (n === null ? 'n/a' : String(n));
  out.push(
    table(
      ['Measure', 'Value'],
      [
        ['Legacy keys', `${h.legacyKeys.total} (${h.legacyKeys.personal} personal, ${h.legacyKeys.service} service)`],
        ['Organizations', `${h.organizations} (${h.organizationsWithKeys} hold legacy keys${h.organizationsGone ? `, ${h.organizationsGone} no longer exist` : ''})`],
        ['Key owners', String(h.owners)],
        ['Migrated', `${h.migrated} of ${h.legacyKeys.total} (${h.revoked} revoked)`],
        ['Service users', String(h.serviceUsers)],
        ['Code findings', h.codeFindings === null ? 'n/a' : `${h.codeFindings} in ${h.filesWithFindings} files`],
        ['Open markers', na(h.openMarkers)],
        ['Safe to revoke', na(h.safeToRevoke)],
      ],
    ),
    '',
  );

  out.push(heading('keysByOrg'), '');
  const c = m.keysByOrg;
  if (c.orgs.length === 0) out.push('_The inventory lists no legacy keys._');
  else {
    out.push(
      table(
        ['Organization', 'Type', ...c.states.map((s) => KEY_STATE_LABEL[s]), 'Total'],
        c.orgs.flatMap((o) => o.series.map((s) => [cell(o.gone ? `${o.orgName} (deleted)` : o.orgName), s.type, ...c.states.map((st) => String(s.counts[st])), String(s.total)])),
        c.states.map((_s, i) => i + 2).concat([c.states.length + 2]),
      ),
    );
  }
  out.push('');

  out.push(heading('plan'), '');
  if (!m.plan.available) out.push(missing(m.plan));
  else {
    out.push(planSummaryText(m.plan), '');
    for (const n of m.plan.notes) out.push(`- ${cell(n)}`);
    if (m.plan.notes.length) out.push('');
    out.push(
      table(
        ['Legacy key', 'Type', 'Organization', 'Owner', 'Action', 'Service user', 'Scope', 'Role', 'Grants more than needed', 'Attribution', 'Reason', 'State'],
        m.plan.rows.map((r) => [
          code(r.legacyKeyId),
          r.keyType,
          cell(r.orgName),
          cell(r.owner),
          r.action,
          r.serviceUser ? code(r.serviceUser) : '—',
          r.scope ?? '—',
          cell(r.role ?? '—'),
          [r.extraPermissions.length ? `⚠ ${cell(r.extraPermissions.join(', '))}` : '', r.missingPermissions.length ? `✕ missing ${cell(r.missingPermissions.join(', '))}` : '']
            .filter(Boolean)
            .join('; '),
          cell(r.attribution),
          cell([r.reason, ...r.details].join(' · ')),
          KEY_STATE_LABEL[r.state],
        ]),
      ),
    );
  }
  out.push('');

  out.push(heading('matrix'), '');
  if (!m.matrix.available) out.push(missing(m.matrix));
  else {
    out.push('● granted and needed · ◆ granted, not needed · ✕ needed, not granted', '');
    const { permissions } = m.matrix;
    out.push(
      table(
        ['Service user', 'Role', ...permissions],
        m.matrix.rows.map((r) => [code(r.serviceUser), cell(r.role), ...r.cells.map((x) => ({ needed: '●', extra: '◆', missing: '✕', none: '' })[x])]),
      ),
    );
  }
  out.push('');

  out.push(heading('findings'), '');
  const f = m.findings;
  if (!f.available) out.push(missing(f));
  else if (f.total === 0) out.push(`_No legacy endpoints or keys found in ${f.filesScanned} files._`);
  else {
    out.push(
      `${f.total} findings in ${f.files.length} of ${f.filesScanned} files scanned: ${f.byCategory.endpoint} legacy endpoints, ${f.byCategory.secret} hard-coded keys, ${f.byCategory.env} environment settings${f.suppressed ? `; ${f.suppressed} suppressed` : ''}.`,
      '',
    );
    for (const file of f.files) {
      out.push(`### ${code(file.file)}`, '');
      out.push(
        table(
          ['Line', 'Kind', 'Finding', 'Legacy', 'v3 replacement', 'Permission'],
          file.findings.map((x) => [
            `${x.line}:${x.column}`,
            `${x.category} (${x.severity})`,
            cell(x.message),
            x.legacy ? code(x.legacy) : '',
            x.replacement ? code(x.replacement) : '',
            x.permission ? code(x.permission) : '',
          ]),
        ),
        '',
      );
    }
  }
  out.push('');

  out.push(heading('codemod'), '');
  const cm = m.codemod;
  if (!cm.available) out.push(missing(cm));
  else {
    out.push(codemodSummaryText(cm), '');
    out.push(table(['Transform', 'Files changed'], cm.tally.map((t) => [cell(t.transform), String(t.files)]), [1]), '');
    out.push(`### Markers still open (${cm.totals.markersPresent})`, '');
    if (cm.openMarkers.length === 0) out.push('_None._');
    else {
      out.push(
        table(
          ['File', 'Open', 'Line: what to do'],
          cm.openMarkers.map((mk) => [
            code(mk.file),
            String(mk.count),
            mk.markers.length ? mk.markers.map((m) => `${m.line === null ? '' : `${m.line}: `}${prose(m.message)}`).join('<br>') : '_not listed in this codemod result_',
          ]),
          [1],
        ),
      );
    }
    if (cm.notes.length) out.push('', '### Notes', '', table(['File', 'Note'], cm.notes.map((n) => [code(n.file), prose(n.note)])));
    if (cm.errors.length) out.push('', '### Files left unchanged', '', table(['File', 'Why'], cm.errors.map((e) => [code(e.file), cell(e.message)])));
  }
  out.push('');

  out.push(heading('readiness'), '');
  const r = m.readiness;
  if (!r.available) out.push(missing(r));
  else {
    out.push(`${r.safe} safe to revoke, ${r.revoked} already revoked. A key is safe once its replacement exists, its token is verified and it has been used since.`, '');
    out.push(
      table(
        ['Legacy key', 'Organization', 'Owner', 'Replacement', 'Created', 'Token verified', 'Used since', 'Revoke', 'Note'],
        r.rows.map((x) => [
          code(x.legacyKeyId),
          cell(x.orgName),
          cell(x.owner),
          x.serviceUser ? code(x.serviceUser) : '',
          step(x.created, 'created'),
          step(x.verified, 'verified'),
          step(x.usedSince, 'used'),
          x.revoked ? '✓ revoked' : x.safeToRevoke ? '✓ safe to revoke' : 'not yet',
          cell(x.note),
        ]),
      ),
    );
  }
  out.push('', '---', '', '_Key values never appear in this report: a key is shown by its id, or by its prefix and last 4 characters at most._', '');
  return out.join('\n');
}
