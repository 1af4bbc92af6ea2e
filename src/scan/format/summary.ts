// Counts shared by the table and Markdown renderers.
import type { ScanDocument } from '../../documents/scan.js';

export interface ScanSummary {
  total: number;
  files: number;
  byCategory: { secret: number; endpoint: number; env: number };
  bySeverity: { error: number; warning: number; note: number };
}

export function summarize(doc: ScanDocument): ScanSummary {
  const byCategory = { secret: 0, endpoint: 0, env: 0 };
  const bySeverity = { error: 0, warning: 0, note: 0 };
  for (const f of doc.findings) {
    byCategory[f.category]++;
    bySeverity[f.severity]++;
  }
  return { total: doc.findings.length, files: new Set(doc.findings.map((f) => f.file)).size, byCategory, bySeverity };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line: "7 findings in 2 files (1 secret, 5 endpoints, 1 env var); 40 files scanned; 2 suppressed". */
export function summaryLine(doc: ScanDocument): string {
  const s = summarize(doc);
  const head =
    s.total === 0
      ? 'no findings'
      : `${plural(s.total, 'finding')} in ${plural(s.files, 'file')} (${plural(s.byCategory.secret, 'secret')}, ${plural(s.byCategory.endpoint, 'endpoint reference')}, ${plural(s.byCategory.env, 'key env var')})`;
  const tail = [`${plural(doc.filesScanned, 'file')} scanned`];
  if (doc.suppressed > 0) tail.push(`${doc.suppressed} suppressed`);
  const sk = doc.skipped;
  if (sk && sk.tooLarge > 0) tail.push(`${sk.tooLarge} over the size cap skipped`);
  return `${head}; ${tail.join('; ')}`;
}
