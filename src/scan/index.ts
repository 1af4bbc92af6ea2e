// The code scanner: see scan.ts for the passes, classify-file.ts for when a string counts as a
// Devin API reference, rules.ts for the rules.
export { scan, DEFAULT_MAX_FILE_SIZE, type ScanOptions, type ScanResult } from './scan.js';
export { SCAN_RULES, scanRule, ruleMatches, type ScanRule } from './rules.js';
export { readBaseline, writeBaseline, baselineOf, BaselineDocument, BASELINE_KIND } from './baseline.js';
export { renderTable } from './format/table.js';
export { renderMarkdown } from './format/markdown.js';
export { renderSarif, SARIF_FINGERPRINT_KEY } from './format/sarif.js';
export { summarize, summaryLine } from './format/summary.js';
export { DEFAULT_IGNORE_FILE } from '../files/walk.js';
