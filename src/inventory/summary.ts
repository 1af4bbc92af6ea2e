// The short human summary of an inventory: keys by type and organization, owners, and how many
// keys already have their service user (a re-run after a partial migration shows progress).
import type { InventoryDocument } from '../documents/inventory.js';
import { DEFAULT_NAME_TEMPLATE, serviceUserNames, type Grouping } from '../plan/naming.js';

export interface InventorySummary {
  keys: number;
  personal: number;
  service: number;
  /** Distinct owners of personal keys. */
  owners: number;
  /** Owners of personal keys who are no longer members of the enterprise. */
  ownersGone: number;
  organizations: number;
  members: number;
  serviceUsers: number;
  /** Keys whose planned service user already exists. */
  alreadyMigrated: number;
  byOrg: { orgId: string; orgName: string; personal: number; service: number }[];
  keyCreationEvents: number;
}

/** Keys whose planned service-user name (src/plan/naming.ts) already exists on v3. */
export function migratedKeyIds(
  doc: Pick<InventoryDocument, 'keys' | 'serviceUsers'>,
  template: string = DEFAULT_NAME_TEMPLATE,
  grouping: Grouping = 'per-key',
): Set<string> {
  const existing = new Set(doc.serviceUsers.map((s) => s.name));
  const names = serviceUserNames(doc.keys, template, grouping);
  return new Set([...names].filter(([, name]) => existing.has(name)).map(([id]) => id));
}

export function summarizeInventory(doc: InventoryDocument, template?: string, grouping?: Grouping): InventorySummary {
  const memberIds = new Set(doc.members.map((m) => m.userId));
  const owners = new Set(doc.keys.flatMap((k) => (k.type === 'personal' && k.ownerUserId ? [k.ownerUserId] : [])));
  const byOrg = new Map<string, { orgId: string; orgName: string; personal: number; service: number }>();
  for (const k of doc.keys) {
    const row = byOrg.get(k.orgId) ?? { orgId: k.orgId, orgName: k.orgName, personal: 0, service: 0 };
    row[k.type]++;
    byOrg.set(k.orgId, row);
  }
  return {
    keys: doc.keys.length,
    personal: doc.keys.filter((k) => k.type === 'personal').length,
    service: doc.keys.filter((k) => k.type === 'service').length,
    owners: owners.size,
    ownersGone: [...owners].filter((o) => !memberIds.has(o)).length,
    organizations: doc.organizations.length,
    members: doc.members.length,
    serviceUsers: doc.serviceUsers.length,
    alreadyMigrated: migratedKeyIds(doc, template, grouping).size,
    byOrg: [...byOrg.values()].sort((a, b) => b.personal + b.service - (a.personal + a.service) || (a.orgId < b.orgId ? -1 : 1)),
    keyCreationEvents: doc.auditEvidence.length,
  };
}

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** A few lines for stderr. At most `maxOrgs` organizations are listed; the rest are counted. */
export function renderSummary(s: InventorySummary, maxOrgs = 10): string {
  const lines = [
    `${n(s.keys, 'legacy key')}: ${s.personal} personal (apk_user_), ${s.service} service (apk_), in ${s.byOrg.length} of ${n(s.organizations, 'organization')}`,
    `${n(s.owners, 'key owner')}${s.ownersGone ? ` (${s.ownersGone} no longer ${s.ownersGone === 1 ? 'a member' : 'members'})` : ''}, ${n(s.members, 'member')}, ${n(s.serviceUsers, 'service user')} on v3`,
    `${s.alreadyMigrated} of ${n(s.keys, 'key')} already ${s.alreadyMigrated === 1 ? 'has its' : 'have their'} service user; ${s.keys - s.alreadyMigrated} to migrate`,
    `${n(s.keyCreationEvents, 'key-creation event')} in the audit log window`,
  ];
  if (s.byOrg.length > 0) {
    const width = Math.max(...s.byOrg.slice(0, maxOrgs).map((o) => o.orgName.length), 12);
    lines.push('keys by organization:');
    for (const o of s.byOrg.slice(0, maxOrgs)) {
      lines.push(`  ${o.orgName.padEnd(width)}  ${String(o.personal).padStart(4)} personal  ${String(o.service).padStart(4)} service  (${o.orgId})`);
    }
    if (s.byOrg.length > maxOrgs) lines.push(`  … and ${s.byOrg.length - maxOrgs} more organizations`);
  }
  return `${lines.join('\n')}\n`;
}
