// The Markdown rendering: a summary and one table row per finding.
import type { Finding, ScanDocument } from '../../documents/scan.js';
import { summaryLine } from './summary.js';

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(s: string): string {
  if (!s) return '';
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${cell(s)}${ticks.length > 1 ? ' ' : ''}${ticks}`;
}

function replacement(f: Finding): string {
  const ep = f.endpoint;
  if (ep) {
    if (ep.v3.length > 0) return ep.v3.map((v) => code(`${v.method} ${v.path}`)).join(' or ');
    return cell(ep.note ?? 'no v3 equivalent');
  }
  if (f.key) return f.key.kind === 'service-user' ? 'move to a secret store, rotate' : 'service-user token (cog_…) from the environment';
  if (f.envVar) return `put a service-user token in ${code(f.envVar)}`;
  return '';
}

export function renderMarkdown(doc: ScanDocument): string {
  const out: string[] = ['# devin-migrate scan', '', `${summaryLine(doc)}.`, ''];
  if (doc.findings.length === 0) return `${out.join('\n')}\n`;
  out.push('| Severity | Location | Rule | Finding | v3 replacement | Permission |', '|---|---|---|---|---|---|');
  for (const f of doc.findings) {
    const perms = f.endpoint ? [...new Set(f.endpoint.v3.map((v) => v.permission))].join(', ') : '';
    out.push(
      `| ${f.severity} | ${code(`${f.file}:${f.line}:${f.column}`)} | ${code(f.ruleId)} | ${cell(f.message)}<br>${code(f.excerpt)} | ${replacement(f)} | ${cell(perms)} |`,
    );
  }
  return `${out.join('\n')}\n`;
}
