// inventory (+ scan, + config) -> plan. Pure: no I/O, no clock; the same inputs give the same
// plan whatever order the inventory lists things in.
import { builtinRole, type Permission } from '../catalog/index.js';
import type { InventoryDocument, LegacyKey, Member } from '../documents/inventory.js';
import {
  PLAN_KIND,
  PLAN_SCHEMA_VERSION,
  type InputRef,
  type PlanAction,
  type PlanDocument,
  type PlanKeyRef,
} from '../documents/plan.js';
import type { ScanDocument } from '../documents/scan.js';
import { parsePlanConfig, ttlSeconds, type PlanConfig } from './config.js';
import { attributeFindings } from './evidence.js';
import { factsHash, stateFacts } from './fingerprint.js';
import { defaultNeeds, emptyNeeds, mergeNeeds, needsFromFindings, sortPermissions, type Needs } from './needs.js';
import { ownerToken, renderName, serviceUserNames } from './naming.js';
import { chooseRole } from './roles.js';

export interface BuildPlanInput {
  inventory: InventoryDocument;
  scan?: ScanDocument | null;
  /** Validated config (parsePlanConfig), or undefined for the defaults. */
  config?: PlanConfig;
  inputs: { inventory: InputRef; scan: InputRef | null; config: InputRef | null };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An owner counts as Enterprise Admin when their enterprise role is an admin role. */
export function isEnterpriseAdmin(member: Member | undefined, inventory: InventoryDocument): boolean {
  const role = member?.enterpriseRole;
  if (!role) return false;
  if (role === 'account_admin' || role === 'enterprise_admin') return true;
  const known = inventory.roles.find((r) => r.roleId === role);
  return known !== undefined && known.level === 'enterprise' && /admin/i.test(known.roleName);
}

function selected(key: LegacyKey, sel: { keys?: string[] | undefined; orgs?: string[] | undefined } | undefined): string | null {
  if (!sel) return null;
  const lower = (s: string) => s.toLowerCase();
  const k = (sel.keys ?? []).find((s) => lower(s) === lower(key.id) || lower(s) === lower(key.ownerEmail ?? '\u0000'));
  if (k) return `key ${k}`;
  const o = (sel.orgs ?? []).find((s) => s === key.orgId || lower(s) === lower(key.orgName));
  if (o) return `org ${o}`;
  return null;
}

function keyRef(k: LegacyKey): PlanKeyRef {
  return { keyId: k.id, type: k.type, redacted: k.redacted, createdAt: k.createdAt };
}

export function buildPlan(input: BuildPlanInput): PlanDocument {
  const inventory = input.inventory;
  const config = input.config ?? parsePlanConfig({});
  const ttl = ttlSeconds(config);
  const warnings: string[] = [];
  const orgs = new Map(inventory.organizations.map((o) => [o.orgId, o]));
  const members = new Map(inventory.members.map((m) => [m.userId, m]));
  const serviceUsersByName = new Map<string, InventoryDocument['serviceUsers'][number]>();
  for (const s of [...inventory.serviceUsers].sort((a, b) => cmp(a.serviceUserId, b.serviceUserId))) {
    if (!serviceUsersByName.has(s.name)) serviceUsersByName.set(s.name, s);
  }
  const keys = [...inventory.keys].sort((a, b) => cmp(a.id, b.id));

  // Names over every key of the inventory, so include/exclude never renames anything.
  const names = serviceUserNames(keys, config.nameTemplate, config.grouping);

  // Include / exclude.
  const hasInclude = Boolean(config.include && ((config.include.keys?.length ?? 0) > 0 || (config.include.orgs?.length ?? 0) > 0));
  const excluded: PlanDocument['excluded'] = [];
  const kept: LegacyKey[] = [];
  for (const k of keys) {
    const inc = hasInclude ? selected(k, config.include) : 'all';
    const exc = selected(k, config.exclude);
    const reason = !inc ? 'not selected by config include' : exc ? `excluded by config exclude (${exc})` : null;
    if (reason) excluded.push({ keyId: k.id, type: k.type, orgId: k.orgId, orgName: k.orgName, ownerEmail: k.ownerEmail, reason });
    else kept.push(k);
  }
  for (const [what, sel] of [['include', config.include], ['exclude', config.exclude]] as const) {
    for (const s of sel?.keys ?? []) {
      if (!keys.some((k) => selected(k, { keys: [s] }))) warnings.push(`config ${what}.keys entry ${s} matches no legacy key`);
    }
    for (const s of sel?.orgs ?? []) {
      if (!keys.some((k) => selected(k, { orgs: [s] }))) warnings.push(`config ${what}.orgs entry ${s} matches no legacy key`);
    }
  }

  // Revoke only: the owner left or the org is gone; nothing to provision, never dropped.
  const actions: PlanAction[] = [];
  const live: LegacyKey[] = [];
  for (const k of kept) {
    const orgGone = !orgs.has(k.orgId);
    const ownerGone = k.type === 'personal' && (k.ownerUserId === null || !members.has(k.ownerUserId));
    if (!orgGone && !ownerGone) {
      live.push(k);
      continue;
    }
    const why = orgGone
      ? `its organization ${k.orgName} (${k.orgId}) no longer exists`
      : `its owner ${k.ownerEmail ?? k.ownerUserId ?? '(unknown)'} is no longer a member of the enterprise`;
    actions.push({
      id: `revoke:${k.id}`,
      op: 'revoke-only',
      orgId: k.orgId,
      orgName: k.orgName,
      owner: k.type === 'personal' ? { userId: k.ownerUserId, email: k.ownerEmail } : null,
      keys: [keyRef(k)],
      serviceUser: null,
      attribution: null,
      permissions: { needed: [], granted: null, extra: [], missing: [], leastPrivilege: null },
      evidence: { source: 'none', findings: 0, files: [], endpoints: [] },
      reasons: {
        op: `revoke only: ${why}; no service user replaces it (devin-migrate revoke)`,
        scope: 'none',
        role: 'none',
        attribution: 'none',
        name: 'none',
      },
      warnings: [],
    });
  }

  // Scan evidence per key.
  const attribution = input.scan ? attributeFindings(input.scan, live, config.integrations) : null;
  if (attribution) warnings.push(...attribution.warnings);

  // Group the live keys by service-user name (one per key, or per owner and org).
  const groups = new Map<string, LegacyKey[]>();
  for (const k of live) {
    const name = names.get(k.id)!;
    groups.set(name, [...(groups.get(name) ?? []), k]);
  }

  for (const [name, groupKeys] of groups) {
    groupKeys.sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id));
    const first = groupKeys[0]!;
    const personal = first.type === 'personal';
    const owner = first.ownerUserId ? members.get(first.ownerUserId) : undefined;
    const ea = personal && isEnterpriseAdmin(owner, inventory);
    const actionWarnings: string[] = [];

    // Needs: scan evidence where there is some, else what the key could do on v1/v2.
    let needs: Needs = emptyNeeds();
    const findings = groupKeys.flatMap((k) => attribution?.byKey.get(k.id) ?? []);
    const source: 'scan' | 'default' = findings.length > 0 ? 'scan' : 'default';
    if (source === 'scan') needs = needsFromFindings(findings);
    else needs = mergeNeeds(needs, defaultNeeds({ enterpriseAdmin: ea }));
    for (const n of needs.notes) actionWarnings.push(n);

    // Attribution: personal keys created sessions as their owner; keep that with create_as_user_id.
    const keepAttribution = personal && config.attribution && needs.createsSessions && first.ownerUserId !== null;
    let attributionReason: string;
    if (!personal) attributionReason = 'no: a service key (apk_) never created sessions as a person';
    else if (!config.attribution) attributionReason = 'no: config sets attribution to false';
    else if (!needs.createsSessions) attributionReason = 'no: its code creates no sessions, so there is nothing to attribute';
    else if (first.ownerUserId === null) attributionReason = 'no: the inventory has no user id for the owner';
    else {
      attributionReason = `yes: sessions created with the personal key counted as ${first.ownerEmail ?? first.ownerUserId}; pass create_as_user_id ${first.ownerUserId} (needs ImpersonateOrgSessions)`;
      const inOrg = owner?.orgRoles.some((r) => r.orgId === first.orgId) ?? false;
      if (!inOrg && !ea) actionWarnings.push(`the owner has no role in ${first.orgName}; create_as_user_id needs the user to be a member with UseDevinSessions`);
    }
    const needed = new Set<Permission>(needs.permissions);
    if (keepAttribution) needed.add('ImpersonateOrgSessions');
    else needed.delete('ImpersonateOrgSessions');

    // Role and scope.
    const selectors = [...groupKeys.map((k) => k.id).sort(cmp), ...(first.ownerEmail ? [first.ownerEmail] : [])];
    const decision = chooseRole({
      needed,
      enterpriseEndpoints: needs.enterprise,
      selectors,
      roleMap: config.roleMap,
      knownRoles: inventory.roles,
    });
    actionWarnings.push(...decision.warnings);
    if (personal && owner) {
      // A service user should not hold more than the person whose key it replaces.
      const ownerRoleIds = [owner.enterpriseRole, ...owner.orgRoles.filter((r) => r.orgId === first.orgId).map((r) => r.roleId)];
      const ownerPerms = new Set(ownerRoleIds.flatMap((r) => (r ? builtinRole(r)?.permissions ?? [] : [])));
      const beyond = (decision.granted ?? []).filter((p) => !ownerPerms.has(p as Permission) && p !== 'ReadAccountMeta');
      if (ownerPerms.size > 0 && beyond.length > 0) {
        actionWarnings.push(`${decision.roleId} grants more than the owner's own roles (${ownerRoleIds.filter(Boolean).join(', ')}): ${sortPermissions(beyond).join(', ')}`);
      }
    }

    // Already migrated?
    const existing = serviceUsersByName.get(name);
    if (existing) {
      const roles = existing.roleAssignments.map((r) => r.roleId);
      if (roles.length > 0 && !roles.includes(decision.roleId)) {
        actionWarnings.push(`${name} exists with role ${roles.join(', ')}, not ${decision.roleId}; apply leaves it unchanged`);
      }
    }

    const orgIdForScope = decision.scope === 'org' ? first.orgId : null;
    const nameReason =
      config.grouping === 'per-owner-org' && groupKeys.length > 1
        ? `${config.nameTemplate} for ${ownerToken(first)} in ${first.orgName}; one service user for this owner's ${groupKeys.length} keys in the org (grouping per-owner-org)`
        : `${config.nameTemplate} with owner ${ownerToken(first)} and org ${first.orgName}${renderName(config.nameTemplate, first) !== name ? ' (suffixed: an older key maps to the same name)' : ''}`;

    actions.push({
      id: name,
      op: existing ? 'noop' : 'create',
      orgId: first.orgId,
      orgName: first.orgName,
      owner: personal ? { userId: first.ownerUserId, email: first.ownerEmail } : null,
      keys: groupKeys.map(keyRef),
      serviceUser: {
        name,
        scope: decision.scope,
        orgId: orgIdForScope,
        roleId: decision.roleId,
        ttlSeconds: ttl,
        existingId: existing?.serviceUserId ?? null,
      },
      attribution: keepAttribution ? { createAsUserId: first.ownerUserId! } : null,
      permissions: {
        needed: sortPermissions(needed),
        granted: decision.granted,
        extra: decision.extra,
        missing: decision.missing,
        leastPrivilege: decision.leastPrivilege,
      },
      evidence: {
        source,
        findings: findings.length,
        files: [...new Set(findings.map((f) => f.file))].sort(cmp),
        endpoints: [...needs.endpoints].sort(cmp),
      },
      reasons: {
        op: existing
          ? `already migrated: service user ${name} (${existing.serviceUserId}) exists`
          : `create: no service user named ${name} yet`,
        scope: decision.reasonScope,
        role:
          source === 'scan'
            ? `${decision.reasonRole}; from ${findings.length} scan finding(s) in ${new Set(findings.map((f) => f.file)).size} file(s)`
            : `${decision.reasonRole}; no scan evidence, so assumed what the key could do: ${ea ? 'v1 in its org and the v2 enterprise API (its owner is an Enterprise Admin)' : 'sessions, attachments, secrets, knowledge and playbooks in its org (v1)'}`,
        attribution: attributionReason,
        name: nameReason,
      },
      warnings: [...new Set(actionWarnings)].sort(cmp),
    });
  }

  // By org, then owner, then name: the order an admin reads the plan in.
  const rank = { create: 0, noop: 1, 'revoke-only': 2 } as const;
  actions.sort(
    (a, b) =>
      cmp(a.orgName, b.orgName) ||
      cmp(a.orgId, b.orgId) ||
      cmp(a.owner?.email ?? '\uffff', b.owner?.email ?? '\uffff') ||
      rank[a.op] - rank[b.op] ||
      cmp(a.id, b.id),
  );
  excluded.sort((a, b) => cmp(a.orgName, b.orgName) || cmp(a.orgId, b.orgId) || cmp(a.keyId, b.keyId));

  const watched = actions.filter((a) => a.op === 'noop').map((a) => a.serviceUser!.name);
  const facts = stateFacts(inventory, watched);

  return {
    kind: PLAN_KIND,
    schemaVersion: PLAN_SCHEMA_VERSION,
    apiBase: inventory.apiBase,
    inventoryGeneratedAt: inventory.generatedAt,
    inputs: input.inputs,
    fingerprint: { sha256: factsHash(facts), facts },
    settings: { nameTemplate: config.nameTemplate, grouping: config.grouping, ttlSeconds: ttl, attribution: config.attribution },
    config: config as unknown as Record<string, unknown>,
    summary: {
      keys: inventory.keys.length,
      create: actions.filter((a) => a.op === 'create').length,
      noop: actions.filter((a) => a.op === 'noop').length,
      revokeOnly: actions.filter((a) => a.op === 'revoke-only').length,
      excluded: excluded.length,
    },
    actions,
    excluded,
    warnings: [...new Set(warnings)].sort(cmp),
  };
}

/** The plan has something for `apply` to do. */
export function hasPendingChanges(plan: PlanDocument): boolean {
  return plan.summary.create > 0;
}
