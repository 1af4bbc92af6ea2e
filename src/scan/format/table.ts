// The terminal rendering: one line per finding and its redacted excerpt, then a summary.
import type { Finding, ScanDocument } from '../../documents/scan.js';
import { summaryLine } from './summary.js';

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', note: '\x1b[36m', dim: '\x1b[2m', reset: '\x1b[0m' } as const;

export interface TableOptions {
  color: boolean;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function renderTable(doc: ScanDocument, opts: TableOptions): string {
  const paint = (c: keyof typeof COLOURS, s: string) => (opts.color ? `${COLOURS[c]}${s}${COLOURS.reset}` : s);
  const loc = (f: Finding) => `${f.file}:${f.line}:${f.column}`;
  const locWidth = Math.min(60, Math.max(8, ...doc.findings.map((f) => loc(f).length)));
  const ruleWidth = Math.max(4, ...doc.findings.map((f) => f.ruleId.length));
  const lines: string[] = [];
  if (doc.findings.length > 0) {
    lines.push(paint('dim', `${pad('SEVERITY', 8)}  ${pad('LOCATION', locWidth)}  ${pad('RULE', ruleWidth)}  FINDING`));
    for (const f of doc.findings) {
      lines.push(`${paint(f.severity, pad(f.severity, 8))}  ${pad(loc(f), locWidth)}  ${pad(f.ruleId, ruleWidth)}  ${f.message}`);
      lines.push(paint('dim', `${' '.repeat(10)}| ${f.excerpt}`));
    }
    lines.push('');
  }
  lines.push(summaryLine(doc));
  return `${lines.join('\n')}\n`;
}
