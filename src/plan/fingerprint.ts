// The live facts a plan was computed from, their hash, and a readable diff between two sets of
// facts (what `apply` shows when it refuses a stale plan).
import { createHash } from 'node:crypto';
import type { InventoryDocument } from '../documents/inventory.js';
import type { StateFacts } from '../documents/plan.js';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Facts that matter to a plan: every legacy key, every org, the members who own keys (role
 * and org roles), the roles, and the service users the plan counts as already migrated
 * (`watchedNames`). Unrelated members and service users do not make a plan stale, nor do the
 * service users `apply` itself creates (they are not watched).
 */
export function stateFacts(inventory: InventoryDocument, watchedNames: readonly string[]): StateFacts {
  const ownerIds = new Set(inventory.keys.map((k) => k.ownerUserId).filter((x): x is string => x !== null));
  const watched = new Set(watchedNames);
  return {
    organizations: inventory.organizations.map((o) => ({ orgId: o.orgId, name: o.name })).sort((a, b) => cmp(a.orgId, b.orgId)),
    keys: inventory.keys
      .map((k) => ({ id: k.id, type: k.type, orgId: k.orgId, ownerUserId: k.ownerUserId }))
      .sort((a, b) => cmp(a.id, b.id)),
    owners: inventory.members
      .filter((m) => ownerIds.has(m.userId))
      .map((m) => ({
        userId: m.userId,
        email: m.email,
        enterpriseRole: m.enterpriseRole,
        orgRoles: m.orgRoles.map((r) => `${r.orgId}:${r.roleId}`).sort(cmp),
      }))
      .sort((a, b) => cmp(a.userId, b.userId)),
    roles: inventory.roles.map((r) => ({ roleId: r.roleId, level: r.level })).sort((a, b) => cmp(a.roleId, b.roleId)),
    serviceUsers: inventory.serviceUsers
      .filter((s) => watched.has(s.name))
      .map((s) => ({ name: s.name, serviceUserId: s.serviceUserId }))
      .sort((a, b) => cmp(a.name, b.name) || cmp(a.serviceUserId, b.serviceUserId)),
  };
}

/** Canonical JSON: object keys sorted, so the hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => cmp(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function factsHash(facts: StateFacts): string {
  return sha256(canonicalJson(facts));
}

function diffBy<T>(
  what: string,
  before: readonly T[],
  after: readonly T[],
  id: (x: T) => string,
  show: (x: T) => string,
): string[] {
  const a = new Map(before.map((x) => [id(x), x]));
  const b = new Map(after.map((x) => [id(x), x]));
  const out: string[] = [];
  for (const [k, x] of a) {
    const y = b.get(k);
    if (!y) out.push(`- ${what} ${show(x)} is gone`);
    else if (canonicalJson(x) !== canonicalJson(y)) out.push(`~ ${what} ${show(x)} changed: ${show(y)}`);
  }
  for (const [k, y] of b) if (!a.has(k)) out.push(`+ ${what} ${show(y)} is new`);
  return out;
}

/** One line per difference, `-` gone, `+` new, `~` changed; empty when equal. */
export function diffFacts(before: StateFacts, after: StateFacts): string[] {
  return [
    ...diffBy('organization', before.organizations, after.organizations, (o) => o.orgId, (o) => `${o.orgId} (${o.name})`),
    ...diffBy(
      'legacy key',
      before.keys,
      after.keys,
      (k) => k.id,
      (k) => `${k.id} (${k.type}, org ${k.orgId}${k.ownerUserId ? `, owner ${k.ownerUserId}` : ''})`,
    ),
    ...diffBy(
      'key owner',
      before.owners,
      after.owners,
      (m) => m.userId,
      (m) => `${m.email} (${m.enterpriseRole ?? 'no enterprise role'}; ${m.orgRoles.join(' ') || 'no org roles'})`,
    ),
    ...diffBy('role', before.roles, after.roles, (r) => r.roleId, (r) => `${r.roleId} (${r.level})`),
    ...diffBy('service user', before.serviceUsers, after.serviceUsers, (s) => s.name, (s) => `${s.name} (${s.serviceUserId})`),
  ];
}
