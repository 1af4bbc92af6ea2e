// Second look at one file: resolve each string expression against the names the file and the
// project bind, and classify what it calls through the catalogue.
//
// When is a string a Devin API reference?
//   - A URL on a Devin host (api.devin.ai, *.devinenterprise.com, --host) with a v1/v2 path:
//     always.
//   - A path that starts with a version (`/v1/sessions`, `/v2/enterprise/members`): only when the
//     file has Devin context (a Devin host, a DEVIN_* variable name or a key appears in it).
//   - Any other path (`'/sessions'`, `` `/sessions/${id}` ``, `${this.base}/sessions`): only when
//     the file also has a legacy Devin base — a v1/v2 base URL literal, a constant holding one,
//     or a constant or env variable imported from another scanned file that holds one. The path is
//     joined to each such base and looked up in the catalogue; no match, no finding. This keeps
//     `/sessions` in unrelated code (an Express route, another API) out of the report.
import {
  LEGACY_ENDPOINTS,
  matchEndpoint,
  matchPath,
  isLegacyPath,
  type EndpointMatch,
} from '../catalog/index.js';
import type { Finding } from '../documents/scan.js';
import type { FileAnalysis, LocalBinding } from './analyze-file.js';
import { cleanPath, isDevinValue, isLegacyBasePath, legacyBaseOf, urlParts } from './devin-url.js';
import { detectMethod } from './method.js';
import { FileView, type ProjectNames } from './project-names.js';
import type { RawFinding } from './raw-finding.js';
import { resolveExpr } from './resolve.js';
import { isShellLike } from './languages.js';
import type { Part } from './string-token.js';

export interface ClassifyContext {
  extraHosts: readonly string[];
  project: ProjectNames;
}

/** Names the file binds to Devin URLs (two passes, so a base may be defined from a host constant). */
export function fileBindings(
  a: FileAnalysis,
  external: (name: string) => string | undefined,
  extraHosts: readonly string[],
): Map<string, LocalBinding> {
  const bound = new Map<string, LocalBinding>();
  const lookup = (n: string) => bound.get(n)?.value ?? external(n);
  for (let pass = 0; pass < 2; pass++) {
    for (const { expr, names } of a.exprs) {
      if (names.length === 0) continue;
      const r = resolveExpr(expr, lookup);
      if (r.leadingUnknown || !isDevinValue(r.value, extraHosts, a.devinContext)) continue;
      for (const n of names) if (!bound.has(n.name)) bound.set(n.name, { value: r.value, env: n.env, shared: n.shared });
    }
  }
  return bound;
}

/** The file's own bindings, computed once per analysis. */
export function localBindings(a: FileAnalysis, extraHosts: readonly string[]): Map<string, LocalBinding> {
  return (a.local ??= fileBindings(a, () => undefined, extraHosts));
}

function joinPath(base: string, rel: string): string {
  return cleanPath(`${base.replace(/\/+$/, '')}/${rel.replace(/^\/+/, '')}`);
}

/**
 * The literal segment right after a catalogue path's base (`/v1/sessions/…` -> sessions,
 * `/v2/enterprise/members` -> members): a path whose segment there is not one of these
 * matches no row, so the catalogue need not be asked (most strings in a file are such paths).
 */
const FIRST_SEGMENTS: ReadonlySet<string> = new Set(
  LEGACY_ENDPOINTS.flatMap((e) => e.paths.map((p) => p.replace(/^\/(?:beta\/)?v[12](?:\/enterprise(?=\/))?/, '').split('/')[1] ?? '')),
);

function firstSegment(path: string): string {
  return path.replace(/^\/(?:beta\/)?v[12](?:\/enterprise(?=\/))?/, '').split('/')[1] ?? '';
}

const lookups = new Map<string, EndpointMatch[]>();

function lookupPath(path: string, method: string | null): EndpointMatch[] {
  if (!FIRST_SEGMENTS.has(firstSegment(path))) return [];
  const key = `${method ?? ''} ${path}`;
  const hit = lookups.get(key);
  if (hit) return hit;
  let found: EndpointMatch[] = [];
  if (method) {
    const m = matchEndpoint(method, path);
    if (m) found = [m];
  }
  if (found.length === 0) found = matchPath(path);
  if (lookups.size > 10_000) lookups.clear();
  lookups.set(key, found);
  return found;
}

/**
 * A query string on a call whose method the code does not show (`/sessions?limit=50`) means a
 * read: GET, when the catalogue has a GET for the path.
 */
function readByQuery(path: string, search: string): 'GET' | null {
  if (search.length <= 1) return null;
  return lookupPath(path, 'GET').some((m) => m.entry.method === 'GET') ? 'GET' : null;
}

/** Match a path, and if nothing matches, the path without a trailing `${…}` glued to its last segment. */
function matchWithFallback(path: string, fallback: string | null, method: string | null): EndpointMatch[] {
  const m = lookupPath(path, method);
  if (m.length > 0 || fallback === null) return m;
  const p = urlParts(fallback)?.path;
  return p ? lookupPath(p, method) : [];
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function versionOf(path: string): string {
  return /\/v1(?:\/|$)/.test(path) ? 'v1' : 'v2';
}

function endpointOf(matches: EndpointMatch[], method: string | null, legacyPath: string): NonNullable<Finding['endpoint']> {
  const v3 = new Map<string, { id: string; method: string; path: string; permission: string }>();
  for (const m of matches) {
    if (m.v3) v3.set(m.v3.endpoint.id, { id: m.v3.endpoint.id, method: m.v3.method, path: m.v3.path, permission: m.v3.endpoint.permission });
  }
  const notes = uniq(matches.filter((m) => m.entry.note).map((m) => `${m.entry.id}: ${m.entry.note!}`));
  return {
    legacyIds: uniq(matches.map((m) => m.entry.id)),
    method,
    legacyPath,
    v3: [...v3.values()],
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}

function describeEndpoint(ep: NonNullable<Finding['endpoint']>, matches: EndpointMatch[]): string {
  const methods = ep.method ?? uniq(matches.map((m) => m.entry.method)).join('|');
  const head = `${methods} ${ep.legacyPath} (${ep.legacyIds.join(' or ')}${ep.method ? '' : '; method not detected'})`;
  const targets = ep.v3.map((v) => `${v.method} ${v.path} [${v.permission}]`);
  const none = matches.filter((m) => !m.v3).map((m) => m.entry.id);
  const parts = [head];
  if (targets.length > 0) parts.push(`v3: ${targets.join(' or ')}`);
  if (none.length > 0) parts.push(`no v3 equivalent for ${none.join(', ')}`);
  return parts.join('; ');
}

function endpointFinding(offset: number, matches: EndpointMatch[], method: string | null, legacyPath: string): RawFinding {
  const ep = endpointOf(matches, method, legacyPath);
  const forbidden = matches.find((m) => m.entry.forbidden);
  if (forbidden && method === 'DELETE') {
    return {
      ruleId: 'devin/forbidden-revoke-all',
      offset,
      content: `${method} ${legacyPath}`,
      message: `DELETE ${legacyPath} revokes every API key of every user and organization in the enterprise at once (${forbidden.entry.id}): remove this call and revoke keys one at a time after their replacements are verified`,
      endpoint: ep,
    };
  }
  let message = describeEndpoint(ep, matches);
  if (forbidden) message += `; with DELETE this path revokes every API key in the enterprise (${forbidden.entry.id})`;
  return { ruleId: 'devin/legacy-endpoint', offset, content: `${method ?? ''} ${legacyPath}`, message, endpoint: ep };
}

function baseFinding(offset: number, value: string, path: string): RawFinding {
  const version = versionOf(path);
  const use =
    version === 'v1'
      ? 'v3 paths are scoped: use /v3/organizations/{org_id} for org calls, /v3/enterprise for enterprise calls'
      : 'v3 paths are scoped: use /v3/enterprise for enterprise calls, /v3/organizations/{org_id} for org calls';
  const note = `base URL of the ${version} API; ${use}; every path joined to it is reported on its own`;
  return {
    ruleId: 'devin/legacy-base-url',
    offset,
    content: path,
    message: `${version} base URL ${value}: ${use}; every path joined to it is reported on its own`,
    endpoint: { legacyIds: [], method: null, legacyPath: path, v3: [], note },
  };
}

function unknownFinding(offset: number, method: string | null, path: string): RawFinding {
  return {
    ruleId: 'devin/unknown-legacy-endpoint',
    offset,
    content: `${method ?? ''} ${path}`,
    message: `${method ?? 'ANY'} ${path} is a ${versionOf(path)} path that the catalogue does not know: find its v3 replacement in the Devin API reference`,
    endpoint: { legacyIds: [], method, legacyPath: path, v3: [], note: 'not in the endpoint catalogue' },
  };
}

/** A path with at least one literal segment after the version (not just `/v1/${path}`). */
function hasLiteralTail(path: string): boolean {
  const tail = path.replace(/^\/(?:beta\/)?v[12]/, '');
  return tail.split('/').some((seg) => seg !== '' && seg !== 'enterprise' && !/^(?:\$?\{[^}]*\}|\$\w+|\{_\})$/.test(seg));
}

const RELATIVE_PATH = /^\/[A-Za-z0-9._~%{}$@:+-][^\s]*$/;

export function classifyFile(a: FileAnalysis, ctx: ClassifyContext): RawFinding[] {
  if (a.exprs.length === 0) return [];
  const view = new FileView(a.file, a.text, a.lang);
  const external = (name: string) => ctx.project.resolve(name, view);
  const local = localBindings(a, ctx.extraHosts);
  // Bindings again with the project's names only when some name here is not bound locally.
  const unbound = ctx.project.size > 0 && a.exprs.some(({ expr }) => expr.parts.some((p) => p.kind === 'ref' && !local.has(p.name)));
  const bound = unbound ? fileBindings(a, external, ctx.extraHosts) : local;
  const lookup = (n: string) => bound.get(n)?.value ?? external(n);

  // Legacy bases this file can join relative paths to.
  const bases = new Set<string>();
  for (const { value } of bound.values()) {
    const b = legacyBaseOf(value, ctx.extraHosts);
    if (b) bases.add(b);
  }
  for (const [name, b] of ctx.project.entries()) {
    if (b.legacyBase && !bound.has(name) && ctx.project.visible(name, b, view)) bases.add(legacyBaseOf(b.value, ctx.extraHosts)!);
  }
  const resolved = a.exprs.map(({ expr }) => ({ expr, r: resolveExpr(expr, lookup) }));
  for (const { r } of resolved) {
    if (!r.leadingUnknown) {
      const b = legacyBaseOf(r.value, ctx.extraHosts);
      if (b && (r.value.startsWith('/') ? a.devinContext : true)) bases.add(b);
    }
  }
  const devinContext = a.devinContext || bases.size > 0;

  const out: RawFinding[] = [];
  for (const { expr, r } of resolved) {
    if (!r.hasText) continue; // `${BASE}` alone is a use of the base, reported where it is defined
    const u = urlParts(r.value);
    if (!u) continue;
    if (u.host !== null && r.leadingUnknown) continue;
    const absolute = u.host !== null;
    if (absolute && !isDevinValue(r.value, ctx.extraHosts, false)) continue;
    const method = () => detectMethod(a.text, expr.start, expr.end, expr.lang);
    if (isLegacyPath(u.path)) {
      // A versioned path: absolute on a Devin host, or relative in a file about Devin.
      if (!absolute && !devinContext) continue;
      if (!absolute && !r.startsWithBase && !RELATIVE_PATH.test(r.value)) continue;
      if (isLegacyBasePath(u.path)) {
        // `${HOST}/v1` defines a base; `${BASE}/` only uses one (reported where it is defined).
        if (r.startsWithBase && !/\/v[12]/.test(ownText(expr.parts))) continue;
        out.push(baseFinding(expr.start, r.value, u.path));
        continue;
      }
      const m = method() ?? readByQuery(u.path, u.search);
      const matches = matchWithFallback(u.path, r.withoutTrailingHole, m);
      if (matches.length > 0) {
        out.push(endpointFinding(expr.start, matches, m, u.path));
        continue;
      }
      // Unknown to the catalogue: worth a finding only with a literal segment of its own
      // (`/v1/teleport`), not a generic join (`/v1/${path}`, `/v1${suffix}`).
      const trimmed = r.withoutTrailingHole === null ? u.path : (urlParts(r.withoutTrailingHole)?.path ?? '/');
      if (hasLiteralTail(u.path) && hasLiteralTail(trimmed)) out.push(unknownFinding(expr.start, m, u.path));
      continue;
    }
    if (absolute || bases.size === 0 || r.startsWithBase) continue;
    // An unversioned relative path: only against this file's legacy bases.
    if (!RELATIVE_PATH.test(r.value) || u.path === '/') continue;
    if (isShellLike(expr.lang) && !r.leadingUnknown) continue;
    const m = method() ?? [...bases].map((b) => readByQuery(joinPath(b, u.path), u.search)).find((x) => x !== null) ?? null;
    const matches: EndpointMatch[] = [];
    let joined = '';
    for (const base of bases) {
      const path = joinPath(base, u.path);
      const fallback = r.withoutTrailingHole !== null ? joinPath(base, r.withoutTrailingHole) : null;
      const found = matchWithFallback(path, fallback, m);
      if (found.length > 0 && !joined) joined = path;
      matches.push(...found);
    }
    if (matches.length > 0) out.push(endpointFinding(expr.start, dedupeMatches(matches), m, joined));
  }
  return out;
}

function ownText(parts: readonly Part[]): string {
  let s = '';
  for (const p of parts) if (p.kind === 'text') s += p.text;
  return s;
}

function dedupeMatches(ms: EndpointMatch[]): EndpointMatch[] {
  const seen = new Set<string>();
  return ms.filter((m) => (seen.has(m.entry.id) ? false : (seen.add(m.entry.id), true)));
}
