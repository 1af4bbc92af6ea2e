// Cut-over readiness: per legacy key, the chain an admin checks before `revoke`. A key is safe
// to revoke once its replacement exists, the replacement's token is verified and has been used
// since (the code runs on it). Keys the plan revokes without a replacement (owner gone,
// organization deleted) are safe as they are: `devin-migrate revoke` retires them first.
import type { KeyProgress } from './progress.js';
import type { ReadinessRow, ReadinessSection } from './types.js';

// The work list first: safe to revoke, then by how far along, and what is done at the end.
const STATE_ORDER = { 'in-use': 1, verified: 1, created: 2, planned: 3, unplanned: 4, revoked: 5 } as const;

export function isSafeToRevoke(p: KeyProgress): boolean {
  if (p.revoked || p.op === 'excluded' || p.op === null) return false;
  if (p.op === 'revoke-only') return true;
  return p.created === 'done' && p.verified === 'done' && p.usedSince === 'done';
}

export function readinessSection(progress: Iterable<KeyProgress>, orgName: (orgId: string) => string): ReadinessSection {
  const rows: ReadinessRow[] = [...progress]
    .map((p) => ({
      legacyKeyId: p.key.id,
      keyType: p.key.type,
      orgName: orgName(p.key.orgId),
      owner: p.key.ownerEmail ?? p.key.ownerUserId,
      serviceUser: p.serviceUser,
      created: p.created,
      verified: p.verified,
      usedSince: p.usedSince,
      safeToRevoke: isSafeToRevoke(p),
      revoked: p.revoked,
      note: p.note,
      order: isSafeToRevoke(p) ? 0 : STATE_ORDER[p.state],
    }))
    .sort((a, b) => a.order - b.order || (a.orgName < b.orgName ? -1 : a.orgName > b.orgName ? 1 : 0) || (a.legacyKeyId < b.legacyKeyId ? -1 : 1))
    .map(({ order: _order, ...row }) => row);
  return {
    available: true,
    rows,
    safe: rows.filter((r) => r.safeToRevoke).length,
    revoked: rows.filter((r) => r.revoked).length,
  };
}
