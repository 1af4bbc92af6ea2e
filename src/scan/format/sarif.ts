// SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`): rules with their
// default level, results with ruleId, level, message, a physical location relative to the
// source root and a partial fingerprint that survives unrelated edits.
import type { ScanDocument, ScanRuleInfo } from '../../documents/scan.js';

export const SARIF_FINGERPRINT_KEY = 'devinMigrate/v1';

export interface SarifOptions {
  toolVersion: string;
  /** Absolute directory the result paths are relative to (becomes %SRCROOT%). */
  srcRoot?: string;
}

function uriOf(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function dirUri(abs: string): string {
  const p = abs.replace(/\\/g, '/');
  return `file://${p.startsWith('/') ? '' : '/'}${p.split('/').map(encodeURIComponent).join('/')}${p.endsWith('/') ? '' : '/'}`;
}

export function renderSarif(doc: ScanDocument, opts: SarifOptions): string {
  const rules: ScanRuleInfo[] = doc.rules ?? [];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'devin-migrate',
        version: opts.toolVersion,
        informationUri: 'https://docs.devin.ai/api-reference/getting-started/migration-guide',
        rules: rules.map((r) => ({
          id: r.id,
          name: r.id.replace(/^devin\//, '').replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase()),
          shortDescription: { text: r.description },
          fullDescription: { text: r.description },
          help: { text: r.help },
          defaultConfiguration: { level: r.severity },
          properties: {
            tags: r.category === 'secret' ? ['security', 'secret', 'devin-migrate'] : ['devin-migrate', r.category],
            ...(r.category === 'secret' ? { 'security-severity': '8.0' } : {}),
          },
        })),
      },
    },
    columnKind: 'utf16CodeUnits',
    results: doc.findings.map((f) => ({
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
      level: f.severity,
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(f.file), ...(opts.srcRoot ? { uriBaseId: 'SRCROOT' } : {}) },
            region: { startLine: f.line, startColumn: f.column, snippet: { text: f.excerpt } },
          },
        },
      ],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
      ...(f.endpoint ? { properties: { legacyIds: f.endpoint.legacyIds, v3: f.endpoint.v3.map((v) => `${v.method} ${v.path}`) } } : {}),
    })),
  };
  if (opts.srcRoot) run.originalUriBaseIds = { SRCROOT: { uri: dirUri(opts.srcRoot) } };
  const log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}
