// The baseline file: fingerprints of findings an admin has accepted, so a CI gate fails only on
// new ones. It holds no excerpts and no key material, only rule, file and fingerprint.
import { z } from 'zod';
import type { Finding } from '../documents/scan.js';
import { readDocument } from '../documents/read.js';
import { toJson, writeFileAtomic } from '../documents/write.js';

export const BASELINE_KIND = 'devin-migrate/scan-baseline';

export const BaselineDocument = z.object({
  kind: z.literal(BASELINE_KIND),
  schemaVersion: z.literal(1),
  generatedAt: z.string(),
  entries: z.array(z.object({ fingerprint: z.string(), ruleId: z.string(), file: z.string() })),
});
export type BaselineDocument = z.infer<typeof BaselineDocument>;

export function readBaseline(path: string): Set<string> {
  const doc = readDocument(path, BaselineDocument, 'baseline file');
  return new Set(doc.entries.map((e) => e.fingerprint));
}

export function baselineOf(findings: readonly Finding[], now: Date): BaselineDocument {
  const entries = findings
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { kind: BASELINE_KIND, schemaVersion: 1, generatedAt: now.toISOString(), entries };
}

export function writeBaseline(path: string, findings: readonly Finding[], now: Date): void {
  writeFileAtomic(path, toJson(baselineOf(findings, now)));
}
