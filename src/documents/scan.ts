// The scan result: what `devin-migrate scan --format json` writes and `plan`/`report` read.
import { z } from 'zod';
import { SCAN_KIND, SCAN_SCHEMA_VERSION } from './scan-kind.js';

export { SCAN_KIND, SCAN_SCHEMA_VERSION };

export const Finding = z.object({
  ruleId: z.string(),
  category: z.enum(['secret', 'endpoint', 'env']),
  severity: z.enum(['error', 'warning', 'note']),
  /** Relative to the scan root, POSIX separators. */
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  /** The line, with any key redacted to prefix + last 4. */
  excerpt: z.string(),
  /** Stable across runs and unrelated edits: rule, file, normalised content (not the line number). */
  fingerprint: z.string(),
  endpoint: z
    .object({
      /** Legacy catalogue ids the reference may call (several when the method is unknown). */
      legacyIds: z.array(z.string()),
      method: z.string().nullable(),
      legacyPath: z.string(),
      v3: z.array(z.object({ id: z.string(), method: z.string(), path: z.string(), permission: z.string() })),
      /** Set when some candidate has no v3 equivalent. */
      note: z.string().nullable(),
    })
    .optional(),
  key: z.object({ kind: z.enum(['personal', 'service', 'service-user']), redacted: z.string() }).optional(),
  envVar: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

/** What a rule finds, so renderers (SARIF in `report`) need not import the scanner. */
export const ScanRuleInfo = z.object({
  id: z.string(),
  category: z.enum(['secret', 'endpoint', 'env']),
  severity: z.enum(['error', 'warning', 'note']),
  description: z.string(),
  help: z.string(),
});
export type ScanRuleInfo = z.infer<typeof ScanRuleInfo>;

export const ScanDocument = z.object({
  kind: z.literal(SCAN_KIND),
  schemaVersion: z.literal(SCAN_SCHEMA_VERSION),
  generatedAt: z.string(),
  durationMs: z.number(),
  roots: z.array(z.string()),
  filesScanned: z.number().int(),
  /** Findings dropped by the baseline file or an inline `devin-migrate-ignore` comment. */
  suppressed: z.number().int(),
  /** Files not read: ignore rules, over the size cap, binary, unreadable. */
  skipped: z
    .object({ ignored: z.number().int(), tooLarge: z.number().int(), binary: z.number().int(), unreadable: z.number().int() })
    .optional(),
  /** The rules that ran (every rule, found or not). */
  rules: z.array(ScanRuleInfo).optional(),
  findings: z.array(Finding),
});
export type ScanDocument = z.infer<typeof ScanDocument>;
