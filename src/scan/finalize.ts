// From raw findings of one file to document findings: line, column, redacted excerpt, stable
// fingerprint, and inline `devin-migrate-ignore` suppression.
import { createHash } from 'node:crypto';
import { redactText } from '../catalog/index.js';
import type { Finding } from '../documents/scan.js';
import { IGNORE_LINE_ABOVE, IGNORE_SAME_LINE } from './ignore-comment.js';
import type { Lines } from './lines.js';
import type { RawFinding } from './raw-finding.js';
import { scanRule } from './rules.js';

const EXCERPT_MAX = 200;


export function isSuppressedInline(lines: Lines, lineIndex: number): boolean {
  if (IGNORE_SAME_LINE.test(lines.line(lineIndex))) return true;
  return lineIndex > 0 && IGNORE_LINE_ABOVE.test(lines.line(lineIndex - 1));
}

/**
 * The line, keys redacted first (so shortening never leaves part of a key), then shortened
 * around the column. A long line is first cut to a window whose edges are moved out to token
 * boundaries, so no key is cut in half before redaction sees it.
 */
export function excerptOf(line: string, column: number): string {
  let text = line;
  let col = column;
  if (line.length > 4 * EXCERPT_MAX) {
    let s = Math.max(0, column - 1 - 2 * EXCERPT_MAX);
    let e = Math.min(line.length, column - 1 + 2 * EXCERPT_MAX);
    while (s > 0 && /\w/.test(line[s - 1]!) && column - 1 - s < 4 * EXCERPT_MAX) s--;
    while (e < line.length && /\w/.test(line[e]!) && e - column < 4 * EXCERPT_MAX) e++;
    // A token longer than the stretch allowed above is dropped rather than cut.
    while (s < column - 1 && s > 0 && /\w/.test(line[s - 1]!)) s++;
    while (e > column && e < line.length && /\w/.test(line[e]!)) e--;
    text = line.slice(s, e);
    col = column - s;
  }
  const red = redactText(text);
  const trimmed = red.trim();
  if (trimmed.length <= EXCERPT_MAX && text === line) return trimmed;
  const lead = red.length - red.trimStart().length;
  const at = Math.max(0, Math.min(col - 1 - lead - 40, trimmed.length - EXCERPT_MAX));
  const head = at > 0 || text !== line ? '…' : '';
  const tail = at + EXCERPT_MAX < trimmed.length || text !== line ? '…' : '';
  return `${head}${trimmed.slice(at, at + EXCERPT_MAX)}${tail}`;
}

export function fingerprintOf(ruleId: string, file: string, content: string, occurrence: number): string {
  const normalised = redactText(content).replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\0${file}\0${normalised}\0${occurrence}`).digest('hex').slice(0, 32);
}

export interface Finalized {
  findings: Finding[];
  /** Dropped by an inline comment. */
  suppressed: number;
}

export function finalizeFindings(file: string, lines: Lines, raw: readonly RawFinding[]): Finalized {
  const sorted = [...raw].sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
  const occurrences = new Map<string, number>();
  const findings: Finding[] = [];
  let suppressed = 0;
  for (const r of sorted) {
    const rule = scanRule(r.ruleId);
    const key = `${r.ruleId}\0${r.content}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const li = lines.indexOf(r.offset);
    if (isSuppressedInline(lines, li)) {
      suppressed++;
      continue;
    }
    const { line, column } = lines.position(r.offset);
    const f: Finding = {
      ruleId: r.ruleId,
      category: rule.category,
      severity: rule.severity,
      file,
      line,
      column,
      message: redactText(r.message),
      excerpt: excerptOf(lines.line(li), column),
      fingerprint: fingerprintOf(r.ruleId, file, r.content, occurrence),
    };
    if (r.endpoint) f.endpoint = { ...r.endpoint, legacyPath: redactText(r.endpoint.legacyPath) };
    if (r.key) f.key = r.key;
    if (r.envVar) f.envVar = r.envVar;
    findings.push(f);
  }
  return { findings, suppressed };
}
