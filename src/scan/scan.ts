// `devin-migrate scan`: offline search of a source tree for legacy keys, v1/v2 endpoint
// references and key-carrying env vars. Two passes over the files:
//   1. read every candidate; a file whose bytes contain none of the prefilter literals is done
//      with; the others are analysed (keys, env names, string expressions, bindings);
//   2. once the names bound to Devin URLs anywhere are known, files that contain one of those
//      names but failed the prefilter (a module that imports `API_BASE` from ./config) are read
//      again and analysed; then every analysed file's endpoints are classified.
import { InputError } from '../errors.js';
import type { Finding, ScanDocument } from '../documents/scan.js';
import { SCAN_KIND, SCAN_SCHEMA_VERSION } from '../documents/scan-kind.js';
import { walk, type PathProblem, type WalkedFile } from '../files/walk.js';
import { analyzeFile, type FileAnalysis } from './analyze-file.js';
import { classifyFile, localBindings } from './classify-file.js';
import { legacyBaseOf, urlParts } from './devin-url.js';
import { finalizeFindings } from './finalize.js';
import { languageFromShebang, languageOf, type Lang } from './languages.js';
import { containsAny, Prefilter } from './prefilter.js';
import { ProjectNames } from './project-names.js';
import { decode, FileReader } from './read-file.js';
import { SCAN_RULES } from './rules.js';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export interface ScanOptions {
  paths: readonly string[];
  cwd: string;
  /** Extra API hosts besides api.devin.ai and *.devinenterprise.com. */
  hosts?: readonly string[];
  maxFileSize?: number;
  /** Honour .gitignore files and .git/info/exclude (default true). */
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
  /** How the work split: files analysed in each pass, names that triggered the second one. */
  stats: { firstPass: number; secondPass: number; secondPassNames: string[] };
}

function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

/**
 * Files likely to define a base URL (config modules, .env, CI and container files) are read
 * first, so the names they bind are known before most other files are read (fewer re-reads
 * in the second pass). The order changes no result: findings are sorted at the end.
 */
const LIKELY_DEFINITION = /(?:^|[/._-])(?:config|conf|constants?|consts|settings|env|environment|api|client|devin)(?:[/._-]|$)/i;

/** A file to scan: its kind from its name, 'sniff' or null (named on the command line) when only its first line can tell. */
type ScanFile = WalkedFile<Lang | 'sniff'>;

function readingOrder(files: readonly ScanFile[]): ScanFile[] {
  const first: ScanFile[] = [];
  const rest: ScanFile[] = [];
  for (const f of files) (f.kind === 'env' || f.kind === 'dockerfile' || f.kind === 'yaml' || LIKELY_DEFINITION.test(f.rel) ? first : rest).push(f);
  return first.length === 0 ? rest : [...first, ...rest];
}

const OWN_OUTPUT = /^\s*(?:\{\s*"kind"\s*:\s*"devin-migrate\/|# devin-migrate scan\b)|"name"\s*:\s*"devin-migrate"/;

/**
 * devin-migrate's own documents (scan --json/--format sarif/md output, plans, inventories,
 * baselines) quote legacy paths and key variable names; scanning them would report the report.
 */
function isOwnOutput(view: Buffer): boolean {
  return OWN_OUTPUT.test(view.subarray(0, 600).toString('latin1'));
}

interface LiveName {
  name: string;
  bytes: Buffer;
  /** Reading index at which the name became known: files read before it were not checked for it. */
  since: number;
}

/**
 * Values other modules join paths to: a legacy base or a bare Devin host. Only names holding
 * one are followed across files (a full endpoint URL in a `url` constant is not).
 */
function isBaseValue(value: string, hosts: readonly string[]): boolean {
  if (legacyBaseOf(value, hosts) !== null) return true;
  const u = urlParts(value);
  return u !== null && u.host !== null && u.path === '/';
}

function refuse(p: string, problem: PathProblem): InputError {
  if (problem === 'missing') return new InputError(`path ${p} does not exist`, { hint: 'pass files or directories that exist' });
  if (problem === 'not-file-or-directory') return new InputError(`path ${p} is neither a file nor a directory`, { hint: 'pass files or directories' });
  return new InputError(`${p} holds no files the scanner reads (after ignore rules)`, {
    hint: 'pass a directory with source, config or CI files, or check .gitignore, .git/info/exclude and the ignore file',
  });
}

export function scan(opts: ScanOptions): ScanResult {
  const started = Date.now();
  const now = opts.now ?? (() => new Date());
  const hosts = (opts.hosts ?? []).map((h) => h.toLowerCase());
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const walked = walk({ paths: opts.paths, cwd: opts.cwd, classify: languageOf, refuse, gitignore: opts.gitignore, ignoreFile: opts.ignoreFile });
  const prefilter = new Prefilter(hosts);
  const reader = new FileReader(maxSize);
  const skipped = { ignored: walked.ignored, tooLarge: 0, binary: 0, unreadable: 0 };
  let filesScanned = 0;
  const analyses: FileAnalysis[] = [];
  // Files read without a hit, as positions in the reading order (and their kind when it came
  // from a #! line); kept small, there are tens of thousands.
  const missed: number[] = [];
  const sniffed = new Map<number, Lang>();
  const live: LiveName[] = [];
  const liveSet = new Set<string>();
  const liveBytes: Buffer[] = [];

  const read = (f: ScanFile): { view: Buffer; lang: Lang } | null => {
    const r = reader.read(f.abs);
    if (r.kind === 'too-large') skipped.tooLarge++;
    else if (r.kind === 'binary') skipped.binary++;
    else if (r.kind === 'unreadable') skipped.unreadable++;
    if (r.kind !== 'text') return null;
    let lang: Lang | null = f.kind === 'sniff' ? null : f.kind;
    if (lang === null) {
      lang = languageFromShebang(r.view.subarray(0, 200).toString('latin1'));
      // An extensionless file named on the command line reads as shell-like text.
      if (lang === null && f.explicit) lang = 'config';
      if (lang === null) return null;
    }
    return { view: r.view, lang };
  };

  // Names a file binds to Devin URLs become live at once: later files are checked for them.
  const learn = (a: FileAnalysis, index: number) => {
    for (const [name, b] of localBindings(a, hosts)) {
      if (!b.shared || name.includes('.') || liveSet.has(name) || prefilter.covers(name) || !isBaseValue(b.value, hosts)) continue;
      liveSet.add(name);
      live.push({ name, bytes: Buffer.from(name, 'utf8'), since: index });
      liveBytes.push(live[live.length - 1]!.bytes);
    }
  };

  // Pass 1.
  const order = readingOrder(walked.files);
  const perRoot = walked.roots.map(() => 0);
  for (let i = 0; i < order.length; i++) {
    const f = order[i]!;
    const got = read(f);
    if (!got) continue;
    const hit = prefilter.test(got.view) || (liveBytes.length > 0 && containsAny(got.view, liveBytes));
    // (Checked only on hits: every such document names the Devin API.)
    if (hit && (got.lang === 'json' || got.lang === 'markdown') && isOwnOutput(got.view)) {
      skipped.ignored++;
      continue;
    }
    filesScanned++;
    perRoot[f.root]!++;
    if (hit) {
      const a = analyzeFile(f.rel, decode(got.view), got.lang, hosts);
      analyses.push(a);
      learn(a, i);
    } else {
      missed.push(i);
      if (f.kind === 'sniff' || f.kind === null) sniffed.set(i, got.lang);
    }
  }
  // A path whose files an earlier path already named (`scan . a.ts`) owns none: it is covered.
  const owns = walked.roots.map(() => false);
  for (const f of walked.files) owns[f.root] = true;
  const empty = perRoot.findIndex((n, i) => n === 0 && owns[i]);
  if (empty !== -1) {
    const p = opts.paths[empty]!;
    throw new InputError(`nothing to scan in ${p}: no text file of a kind the scanner reads (binary and files over the size cap are skipped)`, {
      hint: 'pass source, config or CI files, or raise --max-file-size',
    });
  }
  const firstPass = analyses.length;

  // Pass 2: files read before a name became known, checked for that name now.
  let added = 0;
  const lastSince = live.length > 0 ? Math.max(...live.map((n) => n.since)) : -1;
  for (const i of missed) {
    if (i >= lastSince) break; // missed is in reading order: no name became known after these
    const names = live.filter((n) => n.since > i).map((n) => n.bytes);
    const f = order[i]!;
    const r = reader.read(f.abs);
    if (r.kind !== 'text' || !containsAny(r.view, names)) continue;
    const lang = f.kind === 'sniff' || f.kind === null ? sniffed.get(i)! : f.kind;
    analyses.push(analyzeFile(f.rel, decode(r.view), lang, hosts));
    added++;
  }
  const project = new ProjectNames();
  for (const a of analyses) {
    for (const [name, b] of localBindings(a, hosts)) {
      if (!b.shared || name.includes('.') || !isBaseValue(b.value, hosts)) continue;
      project.add(name, { value: b.value, kind: b.env ? 'env' : 'code', file: a.file, legacyBase: legacyBaseOf(b.value, hosts) !== null });
    }
  }
  const nameList = live.map((n) => n.name);

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
  return { document, allFindings: all, stats: { firstPass, secondPass: added, secondPassNames: nameList } };
}
