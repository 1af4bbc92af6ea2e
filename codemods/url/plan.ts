// What one URL use (leaf) should become, through the catalogue: its v3 string T (holes kept,
// `{org_id}` as the ORG placeholder), and for every boundary between source pieces in the old
// string, where that boundary may fall in the new one (so a base constant and the paths joined
// to it can each keep their own part). Uses that must not or cannot move keep their string and
// carry the marker message that says why.
import {
  compileTemplate,
  hostMayBeDevinApi,
  isDevinApiHost,
  isLegacyPath,
  matchEndpoint,
  matchPath,
  normalizeLegacyPath,
  V3_ENDPOINTS,
  type EndpointMatch,
} from '../../src/catalog/index.js';
import { hasHole, holeChar, isHoleChar, methodsOf, ORG, renderText, showUrl, type Leaf, type Part, type Value } from './model.js';

export interface LeafPlan {
  /** The old URL string (holes as private-use characters). */
  L: string;
  /** The new URL string (equal to L when the use keeps its URL). */
  T: string;
  /** True when the use keeps its URL: a constraint, never demoted. */
  hard: boolean;
  /** New positions a boundary at old position `b` may take, best first. */
  cands(b: number): number[];
  /** Marker messages when the rewrite is applied (notes, method change, id prefix). */
  notes: string[];
  /** Marker message when the use is a legacy call left as it is. */
  reason?: string;
  /** The v3 endpoint's path the use moves to, when it is one (for messages). */
  v3Path?: string;
  /** This use kept as it is, with a marker message (when the rewrite cannot be applied). */
  keep(reason?: string): LeafPlan;
}

const SCHEME_HOST_RE = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i;
const LEGACY_PREFIX_RE = /^(?:\/api)?(?:\/beta)?\/v[12](?:\/enterprise)?(?=\/|$)/;
const ANY_VERSION_PREFIX_RE = /^(?:\/api)?(?:\/beta)?\/v(?:[12](?:\/enterprise)?|3(?:beta1)?(?:\/enterprise|\/organizations(?:\/[^/?#]+)?)?)(?=\/|$)/;
const BARE_BASE_RE = /^(?:\/api)?(?:\/beta)?\/v[12](?:\/enterprise)?\/?$/;

const V3_TEMPLATES = V3_ENDPOINTS.map((e) => compileTemplate(e.path));

interface Seg {
  text: string;
  start: number;
  end: number;
}

function segments(path: string): Seg[] {
  const out: Seg[] = [];
  let i = 1;
  while (i <= path.length) {
    let j = path.indexOf('/', i);
    if (j < 0) j = path.length;
    out.push({ text: path.slice(i, j), start: i, end: j });
    i = j + 1;
  }
  return out;
}

function holesOf(s: string): string {
  let out = '';
  // Code units, not code points: holes are BMP characters, and a surrogate is never one.
  for (let i = 0; i < s.length; i++) if (isHoleChar(s[i]!)) out += s[i]!;
  return out;
}

function lcs(a: string[], b: string[]): Map<number, number> {
  const n = a.length;
  const m = b.length;
  // One flat table, row i at i * w: the length of the longest common subsequence of a[i..] and b[j..].
  const w = m + 1;
  const dp = new Array<number>((n + 1) * w).fill(0);
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i * w + j] = a[i] === b[j] ? dp[(i + 1) * w + j + 1]! + 1 : Math.max(dp[(i + 1) * w + j]!, dp[i * w + j + 1]!);
  const pairs = new Map<number, number>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.set(i, j);
      i++;
      j++;
    } else if (dp[(i + 1) * w + j]! >= dp[i * w + j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function uniq(xs: number[]): number[] {
  return [...new Set(xs)];
}

/**
 * Boundary mapping between an old path and its new path, by aligning their segments: parameters
 * and identical literals are anchors; a boundary next to an anchor keeps its place; one inside a
 * replaced group (`v1` -> `v3/organizations/{org_id}`) may fall anywhere in the new group.
 */
function pathAligner(oldPath: string, ls: Seg[], oldTokens: string[], newPath: string, ts: Seg[], newTokens: string[]): (rel: number) => number[] {
  const pairs = lcs(oldTokens, newTokens);
  const tEnd = (j: number): number => (j < 0 ? 0 : ts[j]!.end);
  const matched = (i: number): number | undefined => pairs.get(i);
  const afterSeg = (i: number): number[] => {
    if (i < 0) return [0];
    const j = matched(i);
    if (j !== undefined) {
      const j2 = i + 1 < ls.length ? matched(i + 1) : ts.length;
      if (j2 !== undefined && j2 > j + 1) {
        const out: number[] = [];
        for (let g = j2 - 1; g >= j; g--) out.push(tEnd(g));
        return out;
      }
      return [tEnd(j)];
    }
    let pi = -1;
    let pj = -1;
    for (let k = i - 1; k >= 0; k--) {
      const mj = matched(k);
      if (mj !== undefined) {
        pi = k;
        pj = mj;
        break;
      }
    }
    let ni = ls.length;
    let nj = ts.length;
    for (let k = i + 1; k < ls.length; k++) {
      const mj = matched(k);
      if (mj !== undefined) {
        ni = k;
        nj = mj;
        break;
      }
    }
    const group: number[] = [];
    for (let g = pj; g <= nj - 1; g++) group.push(g);
    if (i === ni - 1) {
      const out = [tEnd(nj - 1)];
      for (let g = pj + 1; g < nj - 1; g++) out.push(tEnd(g));
      out.push(tEnd(pj));
      return uniq(out);
    }
    const ideal = pj + ((i - pi) / (ni - pi)) * (nj - pj);
    return uniq(group.sort((a, b) => Math.abs(a - ideal) - Math.abs(b - ideal)).map(tEnd));
  };
  return (rel: number): number[] => {
    if (rel <= 0) return [0];
    if (rel >= oldPath.length) return [newPath.length + (rel - oldPath.length)];
    for (let i = 0; i < ls.length; i++) {
      const s = ls[i]!;
      if (rel === s.start - 1) return afterSeg(i - 1);
      if (rel === s.start) return afterSeg(i - 1).map((x) => x + 1);
      if (rel > s.start && rel < s.end) {
        const j = matched(i);
        return j === undefined ? [] : [ts[j]!.start + (rel - s.start)];
      }
      if (rel === s.end) return afterSeg(i);
    }
    return [];
  };
}

interface SplitLeaf {
  origin: number;
  path: string;
  /** The path without a trailing slash. */
  core: string;
}

function split(L: string, leaf: Leaf): SplitLeaf | null {
  const m = SCHEME_HOST_RE.exec(L);
  let origin: number;
  if (m) {
    const host = m[1]!;
    const holed = hasHole(host);
    if (!holed && !isDevinApiHost(host)) return null;
    if (holed && (!leaf.devinContext || !hostMayBeDevinApi(host, hasHole))) return null;
    origin = m[0].length;
  } else if (L.length > 1 && isHoleChar(L[0]!) && L[1] === '/') {
    if (!leaf.devinContext) return null;
    origin = 1;
  } else if (L.startsWith('/') && !L.startsWith('//')) {
    if (!leaf.devinContext) return null;
    origin = 0;
  } else return null;
  const rest = L.slice(origin);
  const path = /^[^?#]*/.exec(rest)![0];
  const core = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return { origin, path, core };
}

function holeParts(parts: Value): Extract<Part, { kind: 'hole' }>[] {
  return parts.filter((p): p is Extract<Part, { kind: 'hole' }> => p.kind === 'hole');
}

/**
 * Every plan has this one shape (the same fields in the same order, absent ones undefined): solve
 * reads plans in its hottest loops, and plans of three shapes made V8 throw its optimised code
 * for them away and compile it again.
 */
function leafPlan(
  L: string,
  T: string,
  hard: boolean,
  cands: LeafPlan['cands'],
  notes: string[],
  reason: string | undefined,
  v3Path: string | undefined,
  keep: LeafPlan['keep'],
): LeafPlan {
  return { L, T, hard, cands, notes, reason, v3Path, keep };
}

function identity(L: string, origin: number, path: string, dissolve: boolean, reason?: string): LeafPlan {
  const prefix = ANY_VERSION_PREFIX_RE.exec(path)?.[0].length ?? 0;
  const cands = (b: number): number[] => {
    const out = [b];
    const rel = b - origin;
    if (dissolve && rel > 0 && rel <= prefix && (path[rel] === '/' || rel === path.length || rel === prefix)) out.push(origin);
    return out;
  };
  return leafPlan(L, L, true, cands, [], reason, undefined, (r) => identity(L, origin, path, dissolve, r));
}

function methodOf(m: EndpointMatch): string {
  return `${m.entry.method} ${m.template}`;
}

const BASE_PATH_RE = /^(?:\/api)?(?:\/beta)?(?:\/v(?:[12]|3(?:beta1)?)(?:\/enterprise|\/organizations\/[^/?#]+)?)?\/?$/;

/** True when a value is a base (host, optionally a version and scope): what a wrapper joins a path to. */
export function isBasePrefix(v: Value): boolean {
  const L = renderText(v);
  const m = SCHEME_HOST_RE.exec(L);
  const rest = m ? L.slice(m[0].length) : L.length > 0 && isHoleChar(L[0]!) ? L.slice(1) : L;
  return BASE_PATH_RE.test(rest);
}

/**
 * New positions (from the path's start) a boundary at `rel` in the old path `core` may take, best
 * first: segments aligned through the two templates, and within the legacy version prefix also the
 * end of the new version or the origin (a base shared with calls that stay).
 */
function boundaryCands(m: EndpointMatch, core: string): (rel: number) => number[] {
  const v3 = m.v3!;
  // Align old and new segments through the two templates.
  const tplSegs = m.template.split('/').slice(1);
  const coreSegs = segments(core);
  const k = coreSegs.length - tplSegs.length;
  const renames = m.entry.paramRenames ?? {};
  const oldTokens = coreSegs.map((s, i) => {
    const t = i < k ? undefined : tplSegs[i - k]!;
    const pm = t && /^\{(\w+)\}$/.exec(t);
    return pm ? `{${renames[pm[1]!] ?? pm[1]!}}` : `=${s.text}`;
  });
  const legacyParams = new Set(Object.keys(m.params).map((p) => renames[p] ?? p));
  const newTokens = v3.endpoint.path
    .split('/')
    .slice(1)
    .map((t) => {
      const pm = /^\{(\w+)\}$/.exec(t);
      if (!pm) return `=${t}`;
      return legacyParams.has(pm[1]!) ? `{${pm[1]!}}` : `=${ORG}`;
    });
  const newSegs = segments(v3.path);
  const align = pathAligner(core, coreSegs, oldTokens, v3.path, newSegs, newTokens);
  const legacyPrefix = LEGACY_PREFIX_RE.exec(core)?.[0].length ?? 0;
  const versionEnd = newSegs[0]?.end ?? 0;
  return (rel) => {
    const inPrefix = rel <= legacyPrefix && (core[rel] === '/' || rel === core.length);
    const out = align(rel).slice();
    if (inPrefix) out.push(versionEnd, 0);
    return uniq(out);
  };
}

const LEGACY_NOTE_SUFFIX = 'see MIGRATION.md';

const planCache = new WeakMap<Leaf, LeafPlan | null>();
const matchCache = new Map<string, EndpointMatch[]>();

/** Catalogue matches for a path (of the methods the call may use, when known), memoised: the same paths recur. */
function matchesFor(method: string | null, path: string): EndpointMatch[] {
  const key = `${method ?? '*'} ${path}`;
  let hit = matchCache.get(key);
  if (!hit) {
    hit = method ? methodsOf(method).map((m) => matchEndpoint(m, path, { orgId: ORG })).filter((m): m is EndpointMatch => m !== null) : matchPath(path, { orgId: ORG });
    if (matchCache.size > 5000) matchCache.clear();
    matchCache.set(key, hit);
  }
  return hit;
}

export function planLeaf(leaf: Leaf): LeafPlan | null {
  const hit = planCache.get(leaf);
  if (hit !== undefined) return hit;
  const plan = planLeafUncached(leaf);
  planCache.set(leaf, plan);
  return plan;
}

/** The marker on a request that may go to Devin or to another host (fields marks the calls it recognises with it too). */
export function sharedHostMarker(otherHost: string, v3Paths: readonly string[]): string {
  return `this request goes to Devin or to ${otherHost}, so its query, body and response were left as they are: where it goes to Devin, apply the v3 changes of ${v3Paths.join(', ')} by hand (see MIGRATION.md)`;
}

/**
 * A URL on a base picked out of a map (`BASES[service]`, evaluate.ts) that holds another host's:
 * not Devin's when the map holds no Devin base; otherwise it may go to either, so the path they
 * share keeps its text. Through a wrapper the marker says so here, when the URL on a Devin base
 * of the map would move (no call recogniser sees the host); a request made with the URL itself
 * is marked by fields, with its query and reads.
 */
function planLeafUncached(leaf: Leaf): LeafPlan | null {
  const at = leaf.parts.findIndex((p) => p.kind === 'hole' && p.choice !== undefined);
  if (at < 0) return planDevinLeaf(leaf);
  const choice = (leaf.parts[at] as Extract<Part, { kind: 'hole' }>).choice!;
  if (!choice.devin) return null;
  const plan = planDevinLeaf(leaf);
  if (!plan || plan.reason) return plan;
  let onDevin: LeafPlan | undefined;
  for (const values of Object.values(choice.entries)) {
    for (const v of values) {
      const p = planDevinLeaf({ ...leaf, parts: [...leaf.parts.slice(0, at), ...v, ...leaf.parts.slice(at + 1)] });
      if (p && !p.hard) onDevin ??= p;
    }
  }
  return plan.keep(leaf.via && onDevin ? sharedHostMarker(choice.otherHost, [onDevin.v3Path ?? showUrl(onDevin.T)]) : undefined);
}

function planDevinLeaf(leaf: Leaf): LeafPlan | null {
  const L = renderText(leaf.parts);
  const sp = split(L, leaf);
  if (!sp) return null;
  const { origin, path, core } = sp;
  const tail = L.slice(origin + core.length);
  const via = leaf.via ? `${leaf.via}: ` : '';

  if (leaf.opaque) {
    return identity(L, origin, path, false, `${via}the legacy base ${showUrl(L)} is handed to code devin-migrate cannot follow, so the paths joined to it are unknown; move them to v3 by hand (${LEGACY_NOTE_SUFFIX})`);
  }

  if (core.startsWith('/v3beta1/')) {
    const asV3 = `/v3${core.slice('/v3beta1'.length)}`;
    const stays = V3_TEMPLATES.some((t) => t.regex.test(core));
    if (!stays && V3_TEMPLATES.some((t) => t.regex.test(asV3))) {
      const T = L.slice(0, origin) + asV3 + tail;
      const shift = asV3.length - core.length;
      const cands = (b: number): number[] => {
        const rel = b - origin;
        if (rel <= 0) return [b];
        if (rel < 1 + 'v3beta1'.length) return [];
        // The end of `/v3beta1` may also move into the path (a base shared with calls that stay).
        return rel === 1 + 'v3beta1'.length ? [b + shift, origin] : [b + shift];
      };
      return leafPlan(L, T, false, cands, [], undefined, undefined, (r) => identity(L, origin, path, true, r));
    }
    return identity(L, origin, path, true);
  }

  if (!isLegacyPath(path)) return leaf.self ? null : identity(L, origin, path, true);

  const normalized = normalizeLegacyPath(core);
  const matches = matchesFor(leaf.method, core);

  if (matches.length === 0) {
    if (BARE_BASE_RE.test(normalized) || normalized === '/v2') {
      if (leaf.self) return null;
      return identity(L, origin, path, false, `${via}the legacy base ${showUrl(L)} is used where devin-migrate cannot see the paths joined to it; move them to v3 by hand (${LEGACY_NOTE_SUFFIX})`);
    }
    if (hasHole(core)) {
      const holes = holeParts(leaf.parts).map((h) => `\`${h.text.slice(0, 60)}\``).join(', ');
      return identity(L, origin, path, false, `${via}${showUrl(normalized)} joins a legacy base with a path devin-migrate cannot see (${holes}); move it to v3 by hand (${LEGACY_NOTE_SUFFIX})`);
    }
    return identity(L, origin, path, true, `${via}${leaf.method ? `${methodsOf(leaf.method).join(' or ')} ` : ''}${showUrl(normalized)} is not a v1/v2 endpoint devin-migrate knows; move it to v3 by hand (${LEGACY_NOTE_SUFFIX})`);
  }

  const forbidden = matches.find((m) => m.entry.forbidden);
  if (forbidden) {
    const others = matches.filter((m) => m !== forbidden).map(methodOf);
    const also = others.length ? ` (the method is not visible here; it may also be ${others.join(', ')})` : '';
    return identity(L, origin, path, false, `${via}${methodOf(forbidden)}: ${forbidden.entry.note ?? 'never rewritten'}${also}; remove this call and revoke keys one at a time with \`devin-migrate revoke\``);
  }

  const nulls = matches.filter((m) => m.v3 === null);
  if (nulls.length === matches.length) {
    const notes = [...new Set(nulls.map((m) => m.entry.note ?? 'no v3 equivalent'))].join('; ');
    return identity(L, origin, path, true, `${via}${nulls.map(methodOf).join(' / ')} has no v3 equivalent: ${notes}`);
  }
  const v3paths = new Set(matches.map((m) => m.v3?.path ?? ''));
  if (nulls.length > 0 || v3paths.size > 1) {
    const what = matches.map((m) => `${methodOf(m)} -> ${m.v3 ? `${m.v3.method} ${m.v3.endpoint.path}` : 'no v3 equivalent'}`).join('; ');
    return identity(L, origin, path, true, `${via}${showUrl(normalized)} depends on the request method, which is not visible here (${what}); move it to v3 by hand`);
  }
  const m = matches[0]!;
  const v3 = m.v3!;
  if (v3.missing.length > 0) {
    return identity(
      L,
      origin,
      path,
      true,
      `${via}${methodOf(m)} becomes ${v3.method} ${v3.endpoint.path}, which needs ${v3.missing.map((x) => `{${x}}`).join(', ')} that this call does not carry${m.entry.note ? `: ${m.entry.note}` : ''}`,
    );
  }
  if (holesOf(v3.path) !== holesOf(core)) {
    return identity(L, origin, path, true, `${via}${methodOf(m)} -> ${v3.method} ${v3.endpoint.path} reorders the path's values; move it by hand`);
  }

  const T = L.slice(0, origin) + v3.path + tail;
  // The boundary mapping is built at the first question: a use made of one literal never asks.
  let boundaries: ((rel: number) => number[]) | undefined;
  const cands = (b: number): number[] => {
    const rel = b - origin;
    if (rel <= 0) return [b];
    boundaries ??= boundaryCands(m, core);
    return boundaries(rel).map((x) => x + origin);
  };
  const notes: string[] = [];
  // With the method known (or the few a condition picks from), the note of each row the call may
  // reach; not known, the first row's, as before any method was read.
  for (const each of leaf.method !== null ? matches : [m]) {
    const to = each.v3!;
    const methodChanges = leaf.method !== null && each.entry.method !== to.method;
    if (each.entry.note || methodChanges) {
      const what = [methodChanges ? `change the request method to ${to.method}` : '', each.entry.note ?? ''].filter(Boolean).join('; ');
      notes.push(`${via}${methodOf(each)} -> ${to.method} ${to.endpoint.path}: ${what}`);
    }
  }
  const renames = m.entry.paramRenames ?? {};
  const idParam = Object.entries(m.params).find(([name]) => (renames[name] ?? name) === 'devin_id');
  if (idParam) {
    // Stripped and not put back in front (`${'devin-' + raw}`): the URL lacks the prefix.
    const holes = holeParts(leaf.parts);
    const stripped = holes.find((h) => {
      const c = holeChar(holes.indexOf(h));
      return h.stripsDevinPrefix && idParam[1].includes(c) && !idParam[1].includes(`devin-${c}`);
    });
    if (stripped) notes.push(`${via}v3 {devin_id} is the whole session id with its devin- prefix, but this URL strips it (\`${stripped.text.slice(0, 60)}\`); pass the id as the API returned it`);
  }
  return leafPlan(L, T, false, cands, notes, undefined, v3.endpoint.path, (r) => identity(L, origin, path, true, r));
}
