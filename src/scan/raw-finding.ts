// A finding before it has a line, column, excerpt and fingerprint (finalize.ts adds them).
import type { Finding } from '../documents/scan.js';

export interface RawFinding {
  ruleId: string;
  /** Offset in the file text where the finding starts. */
  offset: number;
  /** What the fingerprint is computed from (never a key value: keys are redacted first). */
  content: string;
  message: string;
  endpoint?: Finding['endpoint'];
  key?: Finding['key'];
  envVar?: string;
}
