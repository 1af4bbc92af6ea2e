// What an integration needs on v3, as permissions and scope, derived from the catalogue: from
// the scan findings attributed to its key, or (no evidence) from what the key could do on v1/v2.
import {
  ALL_PERMISSIONS,
  LEGACY_ENDPOINTS,
  UNGRANTABLE_PERMISSIONS,
  isPermission,
  v3Endpoint,
  type Permission,
} from '../catalog/index.js';
import type { Finding } from '../documents/scan.js';

export interface Needs {
  permissions: Set<Permission>;
  /** Legacy catalogue ids the permissions come from. */
  endpoints: Set<string>;
  /** v3 endpoint ids. */
  v3: Set<string>;
  /** Some needed endpoint is enterprise-scoped (`/v3/enterprise/*`). */
  enterprise: boolean;
  /** The integration creates sessions (the only call where attribution matters). */
  createsSessions: boolean;
  /** Legacy ids with no v3 equivalent, and permissions dropped as ungrantable. */
  notes: Set<string>;
}

export function emptyNeeds(): Needs {
  return { permissions: new Set(), endpoints: new Set(), v3: new Set(), enterprise: false, createsSessions: false, notes: new Set() };
}

/** The legacy rows whose v3 twin creates a session with optional attribution. */
const ATTRIBUTED_V3 = new Set(LEGACY_ENDPOINTS.filter((e) => e.attribution && e.v3).map((e) => e.v3!));

function addV3(needs: Needs, v3Id: string, permission: string, legacyId: string | null): void {
  if ((UNGRANTABLE_PERMISSIONS as readonly string[]).includes(permission)) {
    needs.notes.add(`${permission} (for ${v3Id}) can never be granted to a service user; left out`);
    return;
  }
  if (!isPermission(permission)) {
    needs.notes.add(`unknown permission ${permission} (for ${v3Id}); left out`);
    return;
  }
  needs.permissions.add(permission);
  needs.v3.add(v3Id);
  if (legacyId) needs.endpoints.add(legacyId);
  let scope: string | null = null;
  try {
    scope = v3Endpoint(v3Id).scope;
  } catch {
    scope = null;
  }
  if (scope === 'enterprise') needs.enterprise = true;
  if (ATTRIBUTED_V3.has(v3Id)) needs.createsSessions = true;
}

/** Add what one catalogue row needs; rows without a v3 twin only leave a note. */
export function addLegacyRow(needs: Needs, legacyId: string): void {
  const row = LEGACY_ENDPOINTS.find((e) => e.id === legacyId);
  if (!row || row.forbidden) return;
  if (row.v3 === null) {
    needs.endpoints.add(row.id);
    needs.notes.add(`${row.id} has no v3 equivalent: ${row.note ?? 'see MIGRATION.md'}`);
    return;
  }
  const ep = v3Endpoint(row.v3);
  addV3(needs, ep.id, ep.permission, row.id);
}

/** What scan findings (already attributed to one key) need. */
export function needsFromFindings(findings: readonly Finding[], into: Needs = emptyNeeds()): Needs {
  for (const f of findings) {
    const ep = f.endpoint;
    if (!ep) continue;
    // Several candidates when the method is unknown: the union is the safe reading.
    for (const v of ep.v3) addV3(into, v.id, v.permission, null);
    for (const id of ep.legacyIds) {
      const row = LEGACY_ENDPOINTS.find((e) => e.id === id);
      if (!row || row.forbidden) continue;
      into.endpoints.add(id);
      if (row.v3 === null) into.notes.add(`${id} has no v3 equivalent: ${row.note ?? 'see MIGRATION.md'}`);
    }
    if (ep.v3.length === 0 && ep.legacyIds.length === 0) into.notes.add(`${ep.legacyPath}: no catalogue row`);
  }
  return into;
}

/** Every v1 row served in one org: sessions, attachments, secrets, knowledge, playbooks. */
export const V1_ORG_ROWS: readonly string[] = LEGACY_ENDPOINTS.filter(
  (e) => e.version === 'v1' && !e.forbidden && e.v3 !== null && v3Endpoint(e.v3).scope === 'org',
).map((e) => e.id);

/** Every v2 row with a v3 twin (the enterprise surface an Enterprise Admin's key reaches). */
export const V2_ROWS: readonly string[] = LEGACY_ENDPOINTS.filter((e) => e.version === 'v2' && !e.forbidden && e.v3 !== null).map(
  (e) => e.id,
);

/** No scan evidence: what the key could do on v1 (and on v2 for an Enterprise Admin's personal key). */
export function defaultNeeds(opts: { enterpriseAdmin: boolean }): Needs {
  const needs = emptyNeeds();
  for (const id of V1_ORG_ROWS) addLegacyRow(needs, id);
  if (opts.enterpriseAdmin) for (const id of V2_ROWS) addLegacyRow(needs, id);
  return needs;
}

export function mergeNeeds(a: Needs, b: Needs): Needs {
  return {
    permissions: new Set([...a.permissions, ...b.permissions]),
    endpoints: new Set([...a.endpoints, ...b.endpoints]),
    v3: new Set([...a.v3, ...b.v3]),
    enterprise: a.enterprise || b.enterprise,
    createsSessions: a.createsSessions || b.createsSessions,
    notes: new Set([...a.notes, ...b.notes]),
  };
}

/** Permissions in catalogue order (stable, and readable: org ones first). */
export function sortPermissions(list: Iterable<string>): string[] {
  const order = new Map(ALL_PERMISSIONS.map((p, i) => [p as string, i]));
  return [...new Set(list)].sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || (a < b ? -1 : a > b ? 1 : 0));
}
