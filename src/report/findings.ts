// Code findings grouped by file, each with the v3 call that replaces it and the permission
// that call needs (from the scan document, which took them from the catalogue).
import type { ScanDocument, Finding } from '../documents/scan.js';
import type { FindingRow, FindingsSection } from './types.js';

const SEVERITY_ORDER = { error: 0, warning: 1, note: 2 } as const;

function row(f: Finding): FindingRow {
  const ep = f.endpoint;
  const v3 = ep?.v3 ?? [];
  let legacy: string | null = null;
  let replacement: string | null = null;
  let permission: string | null = null;
  if (ep) {
    legacy = ep.method ? `${ep.method} ${ep.legacyPath}` : ep.legacyPath;
    replacement = v3.length > 0 ? [...new Set(v3.map((c) => `${c.method} ${c.path}`))].join(' or ') : (ep.note ?? 'no v3 equivalent');
    permission = v3.length > 0 ? [...new Set(v3.map((c) => c.permission))].join(' or ') : null;
  } else if (f.key) {
    legacy = f.key.redacted;
    replacement = f.key.kind === 'service-user' ? 'move to a secret store' : 'service-user token (cog_…) from the environment';
  } else if (f.envVar) {
    legacy = f.envVar;
  }
  return {
    line: f.line,
    column: f.column,
    category: f.category,
    severity: f.severity,
    message: f.message,
    legacy,
    replacement,
    permission,
    excerpt: f.excerpt.trim(),
  };
}

export function findingsSection(scan: ScanDocument): FindingsSection {
  const byFile = new Map<string, Finding[]>();
  for (const f of scan.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const files = [...byFile.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, list]) => ({
      file,
      findings: list
        .sort((a, b) => a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
        .map(row),
    }));
  const byCategory = { secret: 0, endpoint: 0, env: 0 };
  for (const f of scan.findings) byCategory[f.category]++;
  return {
    available: true,
    files,
    byCategory,
    total: scan.findings.length,
    suppressed: scan.suppressed,
    filesScanned: scan.filesScanned,
  };
}
