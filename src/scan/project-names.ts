// Names bound to Devin URLs anywhere in the scanned tree, so a file that imports
// `DEVIN_BASE` from another module, or reads `process.env.DEVIN_API_URL` that a `.env.example`
// or Dockerfile sets, resolves them. A name only resolves in a file that visibly imports it (code
// names) or reads it from the environment (env names): a local variable that happens to share a
// name with a constant elsewhere does not.
import { isShellLike, type Lang } from './languages.js';

export interface ProjectBinding {
  value: string;
  kind: 'code' | 'env';
  file: string;
  /** The value is a legacy base (`…/v1`, `…/v2/enterprise`). */
  legacyBase: boolean;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Module names a file answers to: `src/config.ts` -> config; `src/devin/index.ts` -> index, devin. */
export function moduleStems(file: string): string[] {
  const parts = file.split('/');
  const base = parts[parts.length - 1]!.replace(/\.[^.]+$/, '');
  const stems = [base];
  if ((base === 'index' || base === '__init__') && parts.length > 1) stems.push(parts[parts.length - 2]!);
  return stems;
}

function specifierStem(spec: string): string {
  const last = spec.includes('/') ? spec.slice(spec.lastIndexOf('/') + 1) : spec.slice(spec.lastIndexOf('.') + 1);
  return spec.includes('/') ? last.replace(/\.(?:[cm]?[jt]sx?|json)$/, '') : last;
}

interface ImportClause {
  clause: string;
  stem: string;
  python: boolean;
}

const JS_IMPORT = /\bimport\s+(?:type\s+)?([^'";]*?)\s+from\s+['"]([^'"]+)['"]/g;
const JS_REQUIRE = /\b(?:const|let|var)\s+([^=;]+?)\s*=\s*require\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const PY_FROM = /^[ \t]*from\s+([\w.]+)\s+import\s+(\([^)]*\)|[^\n]+)/gm;
const PY_IMPORT = /^[ \t]*import\s+([\w.]+)(?:\s+as\s+(\w+))?/gm;

function importClauses(text: string): ImportClause[] {
  const out: ImportClause[] = [];
  if (!text.includes('import') && !text.includes('require')) return out;
  for (const m of text.matchAll(JS_IMPORT)) out.push({ clause: m[1]!, stem: specifierStem(m[2]!), python: false });
  for (const m of text.matchAll(JS_REQUIRE)) out.push({ clause: m[1]!, stem: specifierStem(m[2]!), python: false });
  for (const m of text.matchAll(PY_FROM)) out.push({ clause: m[2]!, stem: m[1]!.slice(m[1]!.lastIndexOf('.') + 1), python: true });
  for (const m of text.matchAll(PY_IMPORT)) {
    const mod = m[1]!;
    // `import app.config as cfg` binds cfg; `import config` binds config.
    out.push({ clause: `* as ${m[2] ?? mod.slice(mod.lastIndexOf('.') + 1)}`, stem: mod.slice(mod.lastIndexOf('.') + 1), python: true });
  }
  return out;
}

/**
 * The file imports `name` from a module with one of `stems`: by name (`import { BASE } from
 * './config'`, `from config import BASE`, `from config import *`), or, when `namespace` is set,
 * as a whole module (`import * as cfg from './config'`, `import cfg from './config'`,
 * `const cfg = require('./config')`, `import app.config as cfg`).
 */
export function importsName(text: string, name: string, stems: readonly string[], namespace = false, clauses = importClauses(text)): boolean {
  if (!text.includes(name)) return false;
  const word = new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`);
  for (const c of clauses) {
    if (!stems.includes(c.stem)) continue;
    const clause = c.clause.trim();
    if (namespace) {
      const ns = /^\*\s+as\s+([\w$]+)$/.exec(clause)?.[1] ?? /^([\w$]+)\s*(?:,|$)/.exec(clause)?.[1];
      if (ns === name) return true;
      continue;
    }
    if (c.python && clause === '*') return true;
    const named = c.python ? clause : /\{([^}]*)\}/.exec(clause)?.[1];
    if (named && word.test(named)) return true;
  }
  return false;
}

const ENV_READ =
  /process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])|(?:getenv|environ\.get|environ\[|env\.get|Deno\.env\.get)\s*\(?\s*['"]([A-Za-z_]\w*)['"]|import\.meta\.env\.([A-Za-z_]\w*)/g;

/** Every environment variable a code file reads by name. */
export function envReads(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes('env')) return out;
  for (const m of text.matchAll(ENV_READ)) out.add((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return out;
}

/** The file reads environment variable `name` (shell-like files: any mention is a read). */
export function readsEnv(text: string, name: string, lang: Lang, reads?: Set<string>): boolean {
  if (!text.includes(name)) return false;
  if (isShellLike(lang) || lang === 'markdown') return true;
  return (reads ?? envReads(text)).has(name);
}

/** One file as seen by the project names: its imports parsed once, answers memoised. */
export class FileView {
  private clauses: ImportClause[] | null = null;
  private reads: Set<string> | null = null;
  private readonly memo = new Map<string, boolean>();
  constructor(
    readonly file: string,
    readonly text: string,
    readonly lang: Lang,
  ) {}

  imports(name: string, stems: readonly string[], namespace: boolean): boolean {
    const key = `i${namespace ? 'n' : ''}\0${name}\0${stems.join('/')}`;
    let v = this.memo.get(key);
    if (v === undefined) {
      v = this.text.includes(name) && importsName(this.text, name, stems, namespace, (this.clauses ??= importClauses(this.text)));
      this.memo.set(key, v);
    }
    return v;
  }

  readsEnv(name: string): boolean {
    const key = `e\0${name}`;
    let v = this.memo.get(key);
    if (v === undefined) {
      v = readsEnv(this.text, name, this.lang, (this.reads ??= envReads(this.text)));
      this.memo.set(key, v);
    }
    return v;
  }
}

interface Held extends ProjectBinding {
  stems: string[];
}

export class ProjectNames {
  private readonly byName = new Map<string, Held[]>();
  private all: [string, Held][] | null = null;

  add(name: string, binding: ProjectBinding): void {
    const held: Held = { ...binding, stems: moduleStems(binding.file) };
    const list = this.byName.get(name);
    if (!list) this.byName.set(name, [held]);
    else if (!list.some((b) => b.file === binding.file)) list.push(held);
    this.all = null;
  }

  get size(): number {
    return this.byName.size;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Every binding of every name. */
  entries(): readonly [string, ProjectBinding][] {
    return (this.all ??= [...this.byName.entries()].flatMap(([name, list]) => list.map((b): [string, Held] => [name, b])));
  }

  /** Whether the file can see this binding of `name` (imports it, or reads it from the environment). */
  visible(name: string, b: ProjectBinding, view: FileView): boolean {
    if (b.file === view.file) return false;
    const segs = name.split('.');
    const last = segs[segs.length - 1]!;
    if (segs[0] === 'process' && segs[1] === 'env') return b.kind === 'env';
    if (b.kind === 'env') return view.readsEnv(last);
    const stems = (b as Held).stems ?? moduleStems(b.file);
    if (segs.length === 1) return view.imports(name, stems, false);
    return segs.length === 2 && view.imports(segs[0]!, stems, true);
  }

  /**
   * The value of `name` as seen from a file: `DEVIN_BASE` (imported), `config.DEVIN_BASE`
   * (module imported as `config`), `process.env.DEVIN_API_URL`, `$DEVIN_API_URL`. A legacy base
   * wins over other values when several visible bindings share the name.
   */
  resolve(name: string, view: FileView): string | undefined {
    const dot = name.lastIndexOf('.');
    const list = this.byName.get(dot === -1 ? name : name.slice(dot + 1));
    if (!list) return undefined;
    const seen = list.filter((b) => this.visible(name, b, view));
    return (seen.find((b) => b.legacyBase) ?? seen[0])?.value;
  }
}
