// The keys-per-organization chart as inline SVG: for each organization one bar for personal
// keys and one for service keys, each stacked by migration state. Hand-built (no library, no
// script): rectangles, a shared scale with grid lines, counts inside segments that fit them, a
// <title> per segment for hover, and a text legend above.
import { KEY_STATE_LABEL, type ChartOrg, type KeyState, type KeysByOrgChart } from '../types.js';
import { esc } from './escape.js';
import { STATE_COLOR } from './palette.js';

/** More organizations than this are summed into one "other organizations" group. */
export const CHART_MAX_ORGS = 20;

const W = 1000;
const LABEL_W = 250;
const TOTAL_W = 56;
const BAR_H = 16;
const ROW_H = 22;
const ORG_GAP = 10;
const AXIS_H = 22;

function niceStep(max: number): number {
  if (max <= 5) return 1;
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function collapse(orgs: ChartOrg[], states: readonly KeyState[]): ChartOrg[] {
  if (orgs.length <= CHART_MAX_ORGS) return orgs;
  const shown = orgs.slice(0, CHART_MAX_ORGS - 1);
  const rest = orgs.slice(CHART_MAX_ORGS - 1);
  const other: ChartOrg = {
    orgId: '(other)',
    orgName: `${rest.length} other organizations`,
    gone: false,
    series: (['personal', 'service'] as const).map((type) => {
      const counts = Object.fromEntries(states.map((s) => [s, 0])) as Record<KeyState, number>;
      let total = 0;
      for (const o of rest) {
        const s = o.series.find((x) => x.type === type)!;
        for (const st of states) counts[st] += s.counts[st];
        total += s.total;
      }
      return { type, counts, total };
    }),
  };
  return [...shown, other];
}

export function chartLegend(states: readonly KeyState[]): string {
  return `<div class="legend" aria-hidden="true">${states
    .map((s) => `<span><span class="sw" style="background:${STATE_COLOR[s].fill}"></span>${esc(KEY_STATE_LABEL[s])}</span>`)
    .join('')}</div>`;
}

export function chartSvg(chart: KeysByOrgChart): string {
  const orgs = collapse(chart.orgs, chart.states);
  const max = Math.max(1, ...orgs.flatMap((o) => o.series.map((s) => s.total)));
  const step = niceStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const barW = W - LABEL_W - TOTAL_W;
  const scale = (n: number) => (n / axisMax) * barW;
  const height = AXIS_H + orgs.length * (2 * ROW_H + ORG_GAP) + 4;

  const parts: string[] = [];
  // Grid and axis labels.
  for (let v = 0; v <= axisMax; v += step) {
    const x = LABEL_W + scale(v);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${AXIS_H - 4}" x2="${x.toFixed(1)}" y2="${height - 2}" stroke="#d8dee4" stroke-width="1"/>`);
    parts.push(`<text x="${x.toFixed(1)}" y="${AXIS_H - 8}" text-anchor="middle" font-size="11" fill="#57606a">${v}</text>`);
  }
  let y = AXIS_H;
  for (const org of orgs) {
    parts.push(`<g class="org" data-org="${esc(org.orgId)}"><title>${esc(org.orgName)}</title>`);
    parts.push(`<text class="org-name" x="0" y="${y + ROW_H / 2 + 4}" font-size="13" font-weight="600" fill="#1b1f24">${esc(truncate(org.orgName, 24))}</text>`);
    if (org.gone) parts.push(`<text x="0" y="${y + ROW_H + ROW_H / 2 + 4}" font-size="11" fill="#57606a">organization deleted</text>`);
    for (const series of org.series) {
      const barY = y + (ROW_H - BAR_H) / 2;
      parts.push(`<text x="${LABEL_W - 8}" y="${barY + BAR_H - 4}" text-anchor="end" font-size="11" fill="#57606a">${series.type}</text>`);
      let x = LABEL_W;
      for (const st of chart.states) {
        const n = series.counts[st];
        if (n === 0) continue;
        const w = scale(n);
        const { fill, text } = STATE_COLOR[st];
        parts.push(
          `<rect class="seg st-${st}" x="${x.toFixed(1)}" y="${barY}" width="${Math.max(w - 1, 1).toFixed(1)}" height="${BAR_H}" rx="2" fill="${fill}"><title>${esc(`${org.orgName}: ${n} ${series.type} ${n === 1 ? 'key' : 'keys'} ${KEY_STATE_LABEL[st]}`)}</title></rect>`,
        );
        if (w >= 22) {
          parts.push(`<text x="${(x + w / 2).toFixed(1)}" y="${barY + BAR_H - 4}" text-anchor="middle" font-size="11" font-weight="600" fill="${text}">${n}</text>`);
        }
        x += w;
      }
      parts.push(`<text x="${(x + 6).toFixed(1)}" y="${barY + BAR_H - 4}" font-size="11" fill="#1b1f24" font-variant-numeric="tabular-nums">${series.total}</text>`);
      y += ROW_H;
    }
    parts.push('</g>');
    y += ORG_GAP;
  }
  const total = chart.orgs.reduce((n, o) => n + o.series.reduce((m, s) => m + s.total, 0), 0);
  return `<svg viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif">
<title id="chart-title">Legacy keys per organization, by type and migration state</title>
<desc id="chart-desc">${esc(`${total} legacy keys in ${chart.orgs.length} organizations; each organization has a bar for personal and one for service keys, split by state.`)}</desc>
${parts.join('\n')}
</svg>`;
}
