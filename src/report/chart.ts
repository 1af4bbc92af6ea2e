// Data for the keys-per-organization chart: one bar per (org, key type), split by state.
import type { InventoryDocument } from '../documents/inventory.js';
import { KEY_STATES, type ChartOrg, type KeyState, type KeysByOrgChart } from './types.js';

function emptyCounts(): Record<KeyState, number> {
  return Object.fromEntries(KEY_STATES.map((s) => [s, 0])) as Record<KeyState, number>;
}

export function keysByOrg(inventory: InventoryDocument, stateOf: (keyId: string) => KeyState): KeysByOrgChart {
  const names = new Map(inventory.organizations.map((o) => [o.orgId, o.name]));
  const orgs = new Map<string, ChartOrg>();
  for (const k of inventory.keys) {
    let org = orgs.get(k.orgId);
    if (!org) {
      org = {
        orgId: k.orgId,
        orgName: names.get(k.orgId) ?? k.orgName,
        gone: !names.has(k.orgId),
        series: (['personal', 'service'] as const).map((type) => ({ type, counts: emptyCounts(), total: 0 })),
      };
      orgs.set(k.orgId, org);
    }
    const series = org.series.find((s) => s.type === k.type)!;
    series.counts[stateOf(k.id)]++;
    series.total++;
  }
  // Biggest organizations first: that is where the work is.
  const list = [...orgs.values()].sort((a, b) => {
    const ta = a.series.reduce((n, s) => n + s.total, 0);
    const tb = b.series.reduce((n, s) => n + s.total, 0);
    return tb - ta || (a.orgName < b.orgName ? -1 : a.orgName > b.orgName ? 1 : 0);
  });
  const max = Math.max(0, ...list.flatMap((o) => o.series.map((s) => s.total)));
  return { states: KEY_STATES, orgs: list, max };
}
