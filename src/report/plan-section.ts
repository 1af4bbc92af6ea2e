// The plan as the admin reads it: one row per legacy key (a service user may replace several),
// with the roles that grant more than the code needs called out, and the permission matrix of
// the planned service users.
import { ALL_PERMISSIONS, isEnterprisePermission, isPermission } from '../catalog/index.js';
import type { InventoryDocument } from '../documents/inventory.js';
import type { PlanAction, PlanDocument } from '../documents/plan.js';
import type { KeyState, MatrixCell, MatrixSection, PlanRow, PlanSection } from './types.js';

export function roleLabel(inventory: InventoryDocument, roleId: string): string {
  const role = inventory.roles.find((r) => r.roleId === roleId);
  return role ? `${role.roleName} (${roleId})` : roleId;
}

function attributionText(a: PlanAction): string {
  return a.attribution ? `create_as_user_id ${a.attribution.createAsUserId}` : 'none';
}

export function planSection(
  plan: PlanDocument,
  inventory: InventoryDocument,
  stateOf: (keyId: string) => KeyState,
): PlanSection {
  const rows: PlanRow[] = [];
  for (const a of plan.actions) {
    for (const k of a.keys) {
      rows.push({
        legacyKeyId: k.keyId,
        keyType: k.type,
        orgName: a.orgName,
        owner: a.owner?.email ?? a.owner?.userId ?? null,
        serviceUser: a.serviceUser?.name ?? null,
        scope: a.serviceUser?.scope ?? null,
        role: a.serviceUser ? roleLabel(inventory, a.serviceUser.roleId) : null,
        attribution: attributionText(a),
        reason: a.op === 'create' ? a.reasons.role : a.reasons.op,
        // The per-row reasons that say something beyond the defaults: why enterprise scope, why
        // no attribution, and the plan's warnings.
        details: [
          a.serviceUser?.scope === 'enterprise' ? a.reasons.scope : '',
          a.serviceUser && !a.attribution ? a.reasons.attribution : '',
          ...a.warnings,
        ].filter(Boolean),
        extraPermissions: a.permissions.extra,
        missingPermissions: a.permissions.missing,
        action: a.op,
        state: stateOf(k.keyId),
      });
    }
  }
  for (const x of plan.excluded) {
    rows.push({
      legacyKeyId: x.keyId,
      keyType: x.type,
      orgName: x.orgName,
      owner: x.ownerEmail,
      serviceUser: null,
      scope: null,
      role: null,
      attribution: 'none',
      reason: x.reason,
      details: [],
      extraPermissions: [],
      missingPermissions: [],
      action: 'excluded',
      state: stateOf(x.keyId),
    });
  }
  const overGranted = plan.actions.filter((a) => a.serviceUser && a.permissions.extra.length > 0).length;
  return {
    available: true,
    rows,
    overGranted,
    summary: { ...plan.summary },
    notes: plan.warnings,
  };
}

const PERMISSION_ORDER = new Map<string, number>(ALL_PERMISSIONS.map((p, i) => [p, i]));

export function matrixSection(plan: PlanDocument, inventory: InventoryDocument): MatrixSection {
  const actions = plan.actions.filter((a) => a.serviceUser);
  const used = new Set<string>();
  for (const a of actions) for (const p of [...a.permissions.needed, ...(a.permissions.granted ?? []), ...a.permissions.missing]) used.add(p);
  const levelOf = (p: string): 'org' | 'enterprise' => (isPermission(p) && isEnterprisePermission(p) ? 'enterprise' : 'org');
  const permissions = [...used].sort(
    (a, b) =>
      (levelOf(a) === levelOf(b) ? 0 : levelOf(a) === 'org' ? -1 : 1) ||
      (PERMISSION_ORDER.get(a) ?? 999) - (PERMISSION_ORDER.get(b) ?? 999) ||
      (a < b ? -1 : a > b ? 1 : 0),
  );
  const rows = actions.map((a) => {
    const needed = new Set(a.permissions.needed);
    const extra = new Set(a.permissions.extra);
    const missing = new Set(a.permissions.missing);
    const granted = a.permissions.granted ? new Set(a.permissions.granted) : null;
    const cells = permissions.map((p): MatrixCell => {
      if (missing.has(p)) return 'missing';
      if (extra.has(p)) return 'extra';
      if (needed.has(p)) return granted === null || granted.has(p) ? 'needed' : 'missing';
      return 'none';
    });
    return { serviceUser: a.serviceUser!.name, role: roleLabel(inventory, a.serviceUser!.roleId), cells };
  });
  return { available: true, permissions, levels: permissions.map(levelOf), rows };
}
