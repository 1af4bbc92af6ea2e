// Service-user names for migrated keys. Deterministic (same inventory, same names), at most 256
// characters (the v3 limit on names), and collision-safe: when two keys (or two owner-and-org
// groups) would get one name, the oldest keeps it and the others get a short, stable suffix.
// The inventory imports this to count keys that are already migrated, so its exports are a
// contract: `serviceUserName`, `serviceUserNames`, `DEFAULT_NAME_TEMPLATE`.
import { createHash } from 'node:crypto';
import type { InventoryDocument, LegacyKey } from '../documents/inventory.js';
import { InputError } from '../errors.js';

export const DEFAULT_NAME_TEMPLATE = 'migrated-{owner}-{org}';
export const MAX_NAME_LENGTH = 256;

/** `per-key`: one service user per legacy key; `per-owner-org`: one per owner in each org. */
export type Grouping = 'per-key' | 'per-owner-org';

/** Placeholders a template may use. */
export const NAME_PLACEHOLDERS = ['owner', 'org', 'orgId', 'keyId', 'type'] as const;
type Placeholder = (typeof NAME_PLACEHOLDERS)[number];

/** Lower-case ASCII letters, digits and single dashes; never empty. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'x';
}

/** The last 8 letters/digits of an id (`apk-abc…def12345` -> `def12345`); ids are random or sequential at the end. */
export function shortId(id: string): string {
  const alnum = id.toLowerCase().replace(/^apk[-_]/, '').replace(/[^a-z0-9]/g, '');
  return (alnum || slug(id)).slice(-8);
}

/** `{owner}`: the slug of the owner's email local part; service keys have no owner: `svc-<short key id>`. */
export function ownerToken(key: LegacyKey): string {
  if (key.type === 'service' || !key.ownerEmail) return `svc-${shortId(key.id)}`;
  const local = key.ownerEmail.split('@')[0] ?? key.ownerEmail;
  return slug(local);
}

export function validateTemplate(template: string): void {
  if (!template.trim()) throw new InputError('the service-user name template is empty', { hint: `use e.g. ${DEFAULT_NAME_TEMPLATE}` });
  for (const m of template.matchAll(/\{([^}]*)\}/g)) {
    if (!(NAME_PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
      throw new InputError(`the service-user name template uses an unknown placeholder {${m[1]}}`, {
        hint: `use only ${NAME_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      });
    }
  }
  if (!template.includes('{owner}') && !template.includes('{keyId}')) {
    // Without an owner or key part every key of an org would collapse into suffixed variants.
    throw new InputError('the service-user name template must contain {owner} or {keyId}', {
      hint: `use e.g. ${DEFAULT_NAME_TEMPLATE}`,
    });
  }
}

function hash8(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Cut a name to the limit, keeping it unique with a hash of the full name. */
function fit(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  return `${name.slice(0, MAX_NAME_LENGTH - 9).replace(/-+$/, '')}-${hash8(name)}`;
}

/** Fill a template for one key (no collision handling). */
export function renderName(template: string, key: LegacyKey): string {
  const values: Record<Placeholder, string> = {
    owner: ownerToken(key),
    org: slug(key.orgName || key.orgId),
    orgId: slug(key.orgId),
    keyId: shortId(key.id),
    type: key.type,
  };
  return fit(template.replace(/\{(\w+)\}/g, (_w, name: string) => values[name as Placeholder] ?? ''));
}

/** Which keys share one service user: the key itself, or its owner in its org. */
export function groupIdOf(key: LegacyKey, grouping: Grouping): string {
  if (grouping === 'per-owner-org' && key.type === 'personal' && key.ownerUserId) return `${key.ownerUserId}|${key.orgId}`;
  return key.id;
}

/** What tells two colliding groups apart, in the suffix: the key id, or the owner's user id. */
function discriminator(key: LegacyKey, grouping: Grouping): string {
  if (grouping === 'per-owner-org' && key.type === 'personal' && key.ownerUserId) return shortId(key.ownerUserId);
  return shortId(key.id);
}

const older = (a: LegacyKey, b: LegacyKey) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Every key's service-user name, keyed by key id. Collisions: groups are ordered by their
 * oldest key (created_at, then id); the first keeps the plain name, later ones get
 * `-<short id>`; a name that still clashes gets `-<hash of the group>`.
 */
export function serviceUserNames(
  keys: readonly LegacyKey[],
  template: string = DEFAULT_NAME_TEMPLATE,
  grouping: Grouping = 'per-key',
): Map<string, string> {
  validateTemplate(template);
  // Oldest key of each group represents it.
  const groups = new Map<string, LegacyKey[]>();
  for (const k of [...keys].sort(older)) {
    const g = groupIdOf(k, grouping);
    const list = groups.get(g);
    if (list) list.push(k);
    else groups.set(g, [k]);
  }
  const byBase = new Map<string, { groupId: string; first: LegacyKey }[]>();
  for (const [groupId, list] of groups) {
    const base = renderName(template, list[0]!);
    const entry = byBase.get(base) ?? [];
    entry.push({ groupId, first: list[0]! });
    byBase.set(base, entry);
  }
  const groupName = new Map<string, string>();
  const taken = new Set<string>();
  for (const [base, entries] of [...byBase].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    entries.sort((a, b) => older(a.first, b.first));
    entries.forEach((e, i) => {
      let name = i === 0 ? base : fit(`${base}-${discriminator(e.first, grouping)}`);
      if (taken.has(name) || (i > 0 && byBase.has(name))) name = fit(`${base}-${hash8(e.groupId)}`);
      taken.add(name);
      groupName.set(e.groupId, name);
    });
  }
  const out = new Map<string, string>();
  for (const k of keys) out.set(k.id, groupName.get(groupIdOf(k, grouping))!);
  return out;
}

/** One key's service-user name, with collisions resolved against every key of the inventory. */
export function serviceUserName(
  key: LegacyKey,
  inventory: Pick<InventoryDocument, 'keys'>,
  template: string = DEFAULT_NAME_TEMPLATE,
  grouping: Grouping = 'per-key',
): string {
  if (!inventory.keys.some((k) => k.id === key.id)) {
    return serviceUserNames([...inventory.keys, key], template, grouping).get(key.id)!;
  }
  // Callers ask once per key: compute the whole table once per (key list, template, grouping).
  let perList = cache.get(inventory.keys);
  if (!perList) cache.set(inventory.keys, (perList = new Map()));
  const memo = `${grouping}\u0000${template}`;
  let names = perList.get(memo);
  if (!names) perList.set(memo, (names = serviceUserNames(inventory.keys, template, grouping)));
  return names.get(key.id)!;
}

const cache = new WeakMap<readonly LegacyKey[], Map<string, Map<string, string>>>();
