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
export function importsName(text: string, name: string, stems: readonly string[], namespace = false): boolean {
  if (!text.includes(name)) return false;
  const word = new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`);
  for (const c of importClauses(text)) {
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

/** The file reads environment variable `name`. */
export function readsEnv(text: string, name: string, lang: Lang): boolean {
  if (!text.includes(name)) return false;
  if (isShellLike(lang) || lang === 'markdown') return true;
  const n = escape(name);
  return new RegExp(
    String.raw`process\.env(?:\.${n}\b|\[\s*['"]${n}['"]\s*\])|(?:getenv|environ\.get|environ\[|env\.get|Deno\.env\.get)\s*\(?\s*['"]${n}['"]|import\.meta\.env\.${n}\b`,
  ).test(text);
}

export class ProjectNames {
  private readonly byName = new Map<string, ProjectBinding[]>();

  add(name: string, binding: ProjectBinding): void {
    const list = this.byName.get(name);
    if (!list) this.byName.set(name, [binding]);
    else if (!list.some((b) => b.file === binding.file)) list.push(binding);
  }

  get size(): number {
    return this.byName.size;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Every binding of every name. */
  entries(): [string, ProjectBinding][] {
    return [...this.byName.entries()].flatMap(([name, list]) => list.map((b): [string, ProjectBinding] => [name, b]));
  }

  /** Whether `file` can see this binding of `name` (imports it, or reads it from the environment). */
  visible(name: string, b: ProjectBinding, file: string, text: string, lang: Lang): boolean {
    if (b.file === file) return false;
    const segs = name.split('.');
    const last = segs[segs.length - 1]!;
    if (segs[0] === 'process' && segs[1] === 'env') return b.kind === 'env';
    if (b.kind === 'env') return readsEnv(text, last, lang);
    const stems = moduleStems(b.file);
    if (segs.length === 1) return importsName(text, name, stems);
    return segs.length === 2 && importsName(text, segs[0]!, stems, true);
  }

  /**
   * The value of `name` as seen from `file`: `DEVIN_BASE` (imported), `config.DEVIN_BASE`
   * (module imported as `config`), `process.env.DEVIN_API_URL`, `$DEVIN_API_URL`. A legacy base
   * wins over other values when several visible bindings share the name.
   */
  resolve(name: string, file: string, text: string, lang: Lang): string | undefined {
    const segs = name.split('.');
    const list = this.byName.get(segs.length === 1 ? name : segs[segs.length - 1]!);
    if (!list) return undefined;
    const seen = list.filter((b) => this.visible(name, b, file, text, lang));
    return (seen.find((b) => b.legacyBase) ?? seen[0])?.value;
  }
}
