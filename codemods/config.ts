// config: `.env*` files and JSON manifests (package.json preference defaults, `*.json` configs).
// Legacy Devin base URLs become the v3 root (`…/v1` and `…/v2` -> `…/v3`, `…/v2/enterprise` ->
// `…/v3/enterprise`: the form the endpoints transform gives an env-overridable base, with
// `/organizations/${DEVIN_ORG_ID}` in each path), or what the code now joins to them; a `.env`
// base whose code stays on v1/v2 (endpoints kept a call built on it) stays, marked; enterprise
// endpoint URLs become their v3 twins; org-scoped endpoint URLs are reported (they need the org
// id, which a plain value cannot hold).
// Edits are textual: every other byte, comment and line ending stays as it was. `.env` markers
// are `# TODO(devin-migrate): …`; JSON cannot hold comments, so its notes go in the result.
import { isDevinApiHost, isLegacyPath, keyRuleFor, matchPath, normalizeLegacyPath, findKeys } from '../src/catalog/index.js';
import { PUBLIC_PREFIXES } from './env-lookup.js';
import { MARKER_PREFIX } from './markers.js';
import type { CodemodOptions, Edit } from './types.js';
import { applyEdits } from './transform-text.js';

export interface ConfigResult {
  text: string;
  edits: number;
  /** Markers written into the file (.env). */
  markers: string[];
  /** What JSON could not carry as a comment, and facts worth knowing (rewritten bases). */
  notes: string[];
  /** Legacy URLs left in place that no comment marks (JSON). */
  unresolved: number;
  error?: string;
}

/** What the code transforms learnt that config values must agree with. */
export interface ConfigContext {
  /** The new base path code now joins to this variable's value (`/v3`, `/v3/enterprise`, ``). */
  envBase?(name: string): string | undefined;
  /**
   * Set when code joins a path that keeps its legacy URL to this variable's value: the name of
   * the base it overrides there (`BASE`, or '' when it has none). The value stays as it is.
   */
  envKept?(name: string): string | undefined;
}

export interface ConfigTransform {
  name: 'config';
  description: string;
  matches(fileName: string): boolean;
  mayApply(text: string): boolean;
  apply(fileName: string, text: string, options: CodemodOptions, context?: ConfigContext): ConfigResult;
}

// No backslash in a path: in JSON it starts an escape (`curl \"https://…/v1/sessions\"`).
const URL_RE = /\b(https?:\/\/[A-Za-z0-9.-]+(?::\d+)?)(\/[^\s"'`#?\\]*)?/g;
const LOCKFILES = /(?:^|\/)(?:package-lock|npm-shrinkwrap|composer-lock|bun-lock)\.json$/;

/** The variable that holds the key, with its bundler prefix (`VITE_`, `NEXT_PUBLIC_`…) captured. */
const KEY_VAR_RE = new RegExp(`^(${PUBLIC_PREFIXES.join('|')})?DEVIN_(?:API_KEY|SERVICE_USER_TOKEN|TOKEN|KEY)$`);
/** A line that sets the org id already, prefixed or not. */
const ORG_VAR_RE = new RegExp(`^\\s*(?:export\\s+)?(?:${PUBLIC_PREFIXES.join('|')})?DEVIN_ORG_ID\\s*=`);

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isEnvFile(path: string): boolean {
  const b = baseName(path);
  return /^\.env(?:\..+)?$/.test(b) || /\.env(?:\.[A-Za-z0-9_-]+)?$/.test(b);
}

function isExampleEnv(path: string): boolean {
  return /\.(?:example|sample|template|dist|defaults)$/i.test(baseName(path));
}

export function isJsonConfig(path: string): boolean {
  return /\.json$/i.test(path) && !LOCKFILES.test(path);
}

type UrlRewrite = { kind: 'base'; next: string } | { kind: 'endpoint'; next: string } | { kind: 'report'; message: string };

/** What a legacy Devin URL in a config value becomes. */
export function rewriteConfigUrl(url: string, codeBase?: string): UrlRewrite | null {
  const m = /^(https?:\/\/([^/?#]+))(\/[^?#]*)?(.*)$/.exec(url);
  if (!m) return null;
  const [, origin, host, rawPath = '', rest = ''] = m;
  if (!isDevinApiHost(host!) || !isLegacyPath(rawPath || '/')) return null;
  const trailing = rawPath.length > 1 && rawPath.endsWith('/') ? '/' : '';
  const path = normalizeLegacyPath(rawPath);
  const bare = /^(?:\/beta)?\/v([12])(\/enterprise)?$/.exec(path);
  // The code that reads this variable decided its base: the value follows it.
  if (bare && codeBase !== undefined) return { kind: 'base', next: `${origin}${codeBase.replace(/\/$/, '')}${trailing}${rest}` };
  if (bare) return { kind: 'base', next: `${origin}/v3${bare[2] ?? ''}${trailing}${rest}` };
  const matches = matchPath(path);
  if (matches.length === 0) return { kind: 'report', message: `${path} is not a v1/v2 endpoint devin-migrate knows; move it to v3 by hand` };
  if (matches.some((x) => x.entry.forbidden)) return { kind: 'report', message: `${path} may be the enterprise-wide revoke-all, which devin-migrate never rewrites` };
  const v3 = new Set(matches.map((x) => x.v3?.path ?? null));
  const only = matches[0]!.v3;
  if (v3.size !== 1 || !only) {
    const notes = [...new Set(matches.map((x) => x.entry.note).filter(Boolean))].join('; ');
    return { kind: 'report', message: `${path} has no single v3 equivalent${notes ? `: ${notes}` : ''}` };
  }
  if (only.missing.length > 0) {
    return { kind: 'report', message: `${path} becomes ${only.endpoint.path}, which needs ${only.missing.map((x) => `{${x}}`).join(', ')}; a plain value cannot hold it, so build this URL in code from the v3 base` };
  }
  return { kind: 'endpoint', next: `${origin}${only.path}${trailing}${rest}` };
}

/** What a rewritten base means for the code that joins paths to it. */
function baseNote(next: string): string {
  if (/^https?:\/\/[^/]+\/?$/.test(next)) return 'now the host only, as the code that reads it expects: the code joins whole /v3/… paths to it';
  return /\/v3\/enterprise\/?$/.test(next)
    ? 'now the v3 enterprise root; some paths were renamed on v3 (members -> members/users, groups -> idp-groups…): devin-migrate codemod rewrites them where the code shows this base'
    : 'now the v3 root; org paths joined to it need /organizations/{org_id} in front (…/v3/organizations/{org_id}/sessions) and enterprise paths /enterprise: devin-migrate codemod rewrites them where the code shows this base';
}

/**
 * Why a legacy base stays in an .env file: code built on it stays on v1/v2 (endpoints kept it).
 * Whether another base it overrides moved is not said: on a re-run that one is no longer moved,
 * and the marker must read the same.
 */
function keptNote(base: string): string {
  const where = base ? `\`${base}\`, which this value overrides,` : 'the base this value overrides';
  return `kept as it is: in the code, ${where} stays on v1/v2 because code built on it keeps its legacy URL (see the devin-migrate marker there); change this value to the v3 base when that code moves`;
}

/**
 * What a rewritten JSON base means: no code transform follows a JSON value into the code that
 * reads it (`pkg.devin.enterpriseUrl`), so that code's paths were not moved with it.
 */
function jsonBaseNote(next: string): string {
  const unfollowed = 'devin-migrate does not follow JSON values into the code that reads them, so the paths that code joins to it were not moved:';
  return /\/v3\/enterprise\/?$/.test(next)
    ? `now the v3 enterprise root; ${unfollowed} check them against v3 (members -> members/users, groups -> idp-groups…; some, like api-keys, have no v3 equivalent; see MIGRATION.md)`
    : `now the v3 root; ${unfollowed} org paths need /organizations/{org_id} in front (…/v3/organizations/{org_id}/sessions), enterprise paths /enterprise, and some were renamed or have no v3 equivalent (see MIGRATION.md)`;
}

function envMarker(message: string): string {
  return `# ${MARKER_PREFIX} ${message.replace(/\s*\n\s*/g, ' ').trim()}`;
}

function applyEnv(fileName: string, text: string, context: ConfigContext = {}): ConfigResult {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: Edit[] = [];
  const markers: string[] = [];
  const notes: string[] = [];
  const lines: { start: number; end: number; body: string }[] = [];
  for (let pos = 0; pos <= text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const body = text.slice(pos, end).replace(/\r$/, '');
    lines.push({ start: pos, end, body });
    if (nl < 0) break;
    pos = nl + 1;
  }
  const hasOrgVar = lines.some((l) => ORG_VAR_RE.test(l.body));
  const addMarker = (lineIdx: number, message: string): void => {
    const comment = envMarker(message);
    for (let i = lineIdx - 1; i >= 0 && lines[i]!.body.trim().startsWith('#'); i--) if (lines[i]!.body.trim() === comment) return;
    const at = lines[lineIdx]!.start;
    edits.push({ start: at, end: at, text: `${comment}${eol}` });
    markers.push(message);
  };
  let orgAdded = hasOrgVar;
  lines.forEach((line, i) => {
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.]*)(\s*=\s*)(.*)$/.exec(line.body);
    if (!m) return;
    const [, lead, name, eq, value] = m;
    const valueStart = line.start + lead!.length + name!.length + eq!.length;
    const kept = context.envKept?.(name!);
    for (const u of value!.matchAll(URL_RE)) {
      const url = u[0];
      const r = rewriteConfigUrl(url, context.envBase?.(name!));
      if (!r) continue;
      if (kept !== undefined) {
        addMarker(i, `${name}: ${keptNote(kept)}`);
        continue;
      }
      const start = valueStart + u.index!;
      if (r.kind === 'report') {
        addMarker(i, `${name}: ${r.message}`);
        continue;
      }
      edits.push({ start, end: start + url.length, text: r.next });
      if (r.kind === 'base') addMarker(i, `${name}: ${baseNote(r.next)}`);
    }
    // A legacy key kept in an env file still has to be replaced by a service-user token.
    const keys = findKeys(value!);
    const legacy = keys.find((k) => keyRuleFor(k.value)?.kind !== 'service-user');
    if (legacy) addMarker(i, `${name} holds a legacy ${keyRuleFor(legacy.value)!.label}; v3 needs a cog_ service-user token: provision one (devin-migrate apply), then revoke the old key`);
    // The org id sits next to the key in example files.
    // With the key's bundler prefix (`VITE_DEVIN_TOKEN`): code in that bundle reads it so.
    const key = KEY_VAR_RE.exec(name!);
    if (!orgAdded && isExampleEnv(fileName) && key) {
      const orgLine = `${lead}${key[1] ?? ''}DEVIN_ORG_ID=`;
      if (line.end < text.length) edits.push({ start: line.end + 1, end: line.end + 1, text: `${orgLine}${eol}` });
      else edits.push({ start: text.length, end: text.length, text: `${eol}${orgLine}` });
      orgAdded = true;
      notes.push(`added ${key[1] ?? ''}DEVIN_ORG_ID (the organization id for v3 org paths, org-… under Settings > Service Users)`);
    }
  });
  if (edits.length === 0) return { text, edits: 0, markers, notes, unresolved: 0 };
  return { text: applyEdits(text, edits), edits: edits.length, markers, notes, unresolved: 0 };
}

/** String tokens of a JSON text that are values (not keys), with their content ranges. */
function jsonValueStrings(text: string): { start: number; end: number; value: string; path: string }[] {
  const out: { start: number; end: number; value: string; path: string }[] = [];
  const stack: (string | number)[] = [];
  const kinds: ('obj' | 'arr')[] = [];
  let pendingKey: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i + 1, j);
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      if (kinds[kinds.length - 1] === 'obj' && text[k] === ':') pendingKey = raw;
      else {
        const path = [...stack, ...(pendingKey !== null ? [pendingKey] : [])].join('.');
        out.push({ start: i + 1, end: j, value: raw, path });
        pendingKey = null;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      if (pendingKey !== null) stack.push(pendingKey);
      else if (kinds.length > 0) stack.push('[]');
      kinds.push(c === '{' ? 'obj' : 'arr');
      pendingKey = null;
    } else if (c === '}' || c === ']') {
      kinds.pop();
      stack.pop();
    } else if (c === ',') {
      pendingKey = null;
    }
  }
  return out;
}

function applyJson(fileName: string, text: string): ConfigResult {
  const edits: Edit[] = [];
  const notes: string[] = [];
  let unresolved = 0;
  for (const s of jsonValueStrings(text)) {
    // A key in a JSON value cannot become an environment lookup or carry a comment: reported,
    // and counted so that --check keeps failing until it is gone.
    for (const k of findKeys(s.value)) {
      const label = keyRuleFor(k.value)?.label ?? 'Devin key';
      notes.push(`${baseName(fileName)} ${s.path || '(value)'}: a ${label} is hard-coded here: read it from the environment instead and revoke or rotate it (it stays in the git history)`);
      unresolved++;
    }
    // Matched in the raw text between the quotes, so positions hold with escapes around.
    for (const u of s.value.matchAll(URL_RE)) {
      const r = rewriteConfigUrl(u[0]);
      if (!r) continue;
      const where = `${baseName(fileName)} ${s.path || '(value)'}`;
      if (r.kind === 'report') {
        notes.push(`${where}: ${r.message}`);
        unresolved++;
        continue;
      }
      const start = s.start + u.index!;
      edits.push({ start, end: start + u[0].length, text: r.next });
      notes.push(r.kind === 'base' ? `${where}: ${jsonBaseNote(r.next)}` : `${where}: rewritten to ${r.next}`);
    }
  }
  if (edits.length === 0) return { text, edits: 0, markers: [], notes, unresolved };
  const next = applyEdits(text, edits);
  try {
    JSON.parse(next);
  } catch (e) {
    return { text, edits: 0, markers: [], notes, unresolved, error: `the rewrite would not be valid JSON (${(e as Error).message}); file left as it was` };
  }
  return { text: next, edits: edits.length, markers: [], notes, unresolved };
}

export const configTransform: ConfigTransform = {
  name: 'config',
  description: 'rewrite legacy Devin base URLs in .env and JSON files; add DEVIN_ORG_ID next to the key in .env examples',
  matches: (fileName) => isEnvFile(fileName) || isJsonConfig(fileName),
  mayApply: (text) => /api\.devin\.ai|devinenterprise\.com|DEVIN_|apk_/i.test(text),
  apply: (fileName, text, _options, context) => (isEnvFile(fileName) ? applyEnv(fileName, text, context) : applyJson(fileName, text)),
};
