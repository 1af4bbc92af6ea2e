// `devin-migrate scan`: offline search of a source tree for legacy keys, v1/v2 endpoint
// references and key-carrying env vars. Two passes over the files:
//   1. read every candidate; a file whose bytes contain none of the prefilter literals is done
//      with; the others are analysed (keys, env names, string expressions, bindings);
//   2. once the names bound to Devin URLs anywhere are known, files that contain one of those
//      names but failed the prefilter (a module that imports `API_BASE` from ./config) are read
//      again and analysed; then every analysed file's endpoints are classified.
import { InputError } from '../errors.js';
import { SCAN_KIND, SCAN_SCHEMA_VERSION, type Finding, type ScanDocument } from '../documents/scan.js';
import { analyzeFile, type FileAnalysis } from './analyze-file.js';
import { classifyFile, fileBindings } from './classify-file.js';
import { legacyBaseOf } from './devin-url.js';
import { finalizeFindings } from './finalize.js';
import { languageFromShebang, type Lang } from './languages.js';
import { containsAny, Prefilter } from './prefilter.js';
import { ProjectNames } from './project-names.js';
import { decode, readCandidate } from './read-file.js';
import { SCAN_RULES } from './rules.js';
import { walk, type WalkedFile } from './walk.js';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export interface ScanOptions {
  paths: readonly string[];
  cwd: string;
  /** Extra API hosts besides api.devin.ai and *.devinenterprise.com. */
  hosts?: readonly string[];
  maxFileSize?: number;
  gitignore?: boolean;
  /** Ignore file; undefined or null looks for `.devin-migrate-ignore` in each scanned directory. */
  ignoreFile?: string | null;
  /** Fingerprints to leave out (from a baseline file). */
  baseline?: ReadonlySet<string>;
  now?: () => Date;
}

export interface ScanResult {
  document: ScanDocument;
  /** Every finding before the baseline was applied (what --write-baseline records). */
  allFindings: Finding[];
}

interface Missed {
  file: WalkedFile;
  lang: Lang;
}

function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

export function scan(opts: ScanOptions): ScanResult {
  const started = Date.now();
  const now = opts.now ?? (() => new Date());
  const hosts = (opts.hosts ?? []).map((h) => h.toLowerCase());
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const walked = walk({ paths: opts.paths, cwd: opts.cwd, gitignore: opts.gitignore, ignoreFile: opts.ignoreFile });
  const prefilter = new Prefilter(hosts);
  const skipped = { ignored: walked.ignored, tooLarge: 0, binary: 0, unreadable: 0 };
  let filesScanned = 0;
  const analyses: FileAnalysis[] = [];
  const missed: Missed[] = [];

  const read = (f: WalkedFile): { buf: Buffer; lang: Lang } | null => {
    const r = readCandidate(f.abs, maxSize);
    if (r.kind === 'too-large') skipped.tooLarge++;
    else if (r.kind === 'binary') skipped.binary++;
    else if (r.kind === 'unreadable') skipped.unreadable++;
    if (r.kind !== 'text') return null;
    let lang: Lang | null = f.lang === 'sniff' ? null : f.lang;
    if (lang === null) {
      lang = languageFromShebang(r.buf.subarray(0, 200).toString('latin1'));
      // An extensionless file named on the command line reads as shell-like text.
      if (lang === null && f.explicit) lang = 'config';
      if (lang === null) return null;
    }
    return { buf: r.buf, lang };
  };

  // Pass 1.
  const perRoot = walked.roots.map(() => 0);
  for (const f of walked.files) {
    const got = read(f);
    if (!got) continue;
    filesScanned++;
    perRoot[f.root]!++;
    if (prefilter.test(got.buf)) analyses.push(analyzeFile(f.rel, decode(got.buf), got.lang, hosts));
    else missed.push({ file: f, lang: got.lang });
  }

  const empty = perRoot.findIndex((n) => n === 0);
  if (empty !== -1) {
    const p = opts.paths[empty]!;
    throw new InputError(`nothing to scan in ${p}: no text file of a kind the scanner reads (binary and files over the size cap are skipped)`, {
      hint: 'pass source, config or CI files, or raise --max-file-size',
    });
  }

  // Names bound to Devin URLs anywhere; simple names only (`BASE`, not `this.base`).
  const collectNames = (): ProjectNames => {
    const project = new ProjectNames();
    for (const a of analyses) {
      for (const [name, b] of fileBindings(a, () => undefined, hosts)) {
        if (name.includes('.')) continue;
        project.add(name, { value: b.value, kind: b.env ? 'env' : 'code', file: a.file, legacyBase: legacyBaseOf(b.value, hosts) !== null });
      }
    }
    return project;
  };
  let project = collectNames();

  // Pass 2: files that mention such a name but none of the prefilter literals.
  const names = project.names().filter((n) => !prefilter.covers(n)).map((n) => Buffer.from(n, 'utf8'));
  if (names.length > 0 && missed.length > 0) {
    let added = 0;
    for (const m of missed) {
      const r = readCandidate(m.file.abs, maxSize);
      if (r.kind !== 'text' || !containsAny(r.buf, names)) continue;
      analyses.push(analyzeFile(m.file.rel, decode(r.buf), m.lang, hosts));
      added++;
    }
    if (added > 0) project = collectNames();
  }

  let suppressed = 0;
  const all: Finding[] = [];
  for (const a of analyses) {
    const raw = [...a.findings, ...classifyFile(a, { extraHosts: hosts, project })];
    if (raw.length === 0) continue;
    const fin = finalizeFindings(a.file, a.lines, raw);
    suppressed += fin.suppressed;
    all.push(...fin.findings);
  }
  all.sort(compareFindings);
  const kept = opts.baseline ? all.filter((f) => !opts.baseline!.has(f.fingerprint)) : all;
  suppressed += all.length - kept.length;

  const document: ScanDocument = {
    kind: SCAN_KIND,
    schemaVersion: SCAN_SCHEMA_VERSION,
    generatedAt: now().toISOString(),
    durationMs: Date.now() - started,
    roots: walked.roots,
    filesScanned,
    suppressed,
    skipped,
    rules: SCAN_RULES.map((r) => ({ id: r.id, category: r.category, severity: r.severity, description: r.description, help: r.help })),
    findings: kept,
  };
  return { document, allFindings: all };
}
