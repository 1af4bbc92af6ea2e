// Scan documents for planner tests, built from catalogue rows the way the scanner reports them.
import { LEGACY_ENDPOINTS, v3Endpoint } from '../../src/catalog/index.js';
import type { Finding, ScanDocument } from '../../src/documents/scan.js';

let n = 0;

export function endpointFinding(file: string, ...legacyIds: string[]): Finding {
  const rows = legacyIds.map((id) => {
    const row = LEGACY_ENDPOINTS.find((e) => e.id === id);
    if (!row) throw new Error(`no row ${id}`);
    return row;
  });
  const v3 = rows.filter((r) => r.v3).map((r) => {
    const e = v3Endpoint(r.v3!);
    return { id: e.id, method: e.method, path: e.path, permission: e.permission };
  });
  n++;
  return {
    ruleId: 'legacy-endpoint',
    category: 'endpoint',
    severity: 'warning',
    file,
    line: n,
    column: 1,
    message: `calls ${rows[0]!.paths[0]}`,
    excerpt: `fetch('${rows[0]!.paths[0]}')`,
    fingerprint: `fp-${n}`,
    endpoint: {
      legacyIds,
      method: rows.length === 1 ? rows[0]!.method : null,
      legacyPath: rows[0]!.paths[0]!,
      v3,
      note: rows.some((r) => !r.v3) ? 'no v3 equivalent' : null,
    },
  };
}

export function keyFinding(file: string, redacted: string, excerpt = `const KEY = '${redacted}'`): Finding {
  n++;
  return {
    ruleId: 'hardcoded-key',
    category: 'secret',
    severity: 'error',
    file,
    line: n,
    column: 1,
    message: 'hard-coded Devin key',
    excerpt,
    fingerprint: `fp-${n}`,
    key: { kind: redacted.startsWith('apk_user_') ? 'personal' : 'service', redacted },
  };
}

export function scan(findings: Finding[]): ScanDocument {
  return {
    kind: 'devin-migrate/scan',
    schemaVersion: 1,
    generatedAt: '2026-03-01T00:00:00Z',
    durationMs: 1,
    roots: ['.'],
    filesScanned: 10,
    suppressed: 0,
    findings,
  };
}
