// The fake's in-memory enterprise: organizations, users, roles, legacy keys, service users and
// their keys, sessions, audit logs. Route handlers read and change it; tests inspect it and use
// its helpers to mint credentials. Times are epoch milliseconds.
import { BUILTIN_ROLES, builtinRole, type Permission } from '../catalog/index.js';
import { deriveHex, deriveKeyValue } from './key-values.js';
import type { ParsedSeed } from './seed-schema.js';

export interface OrgRec {
  orgId: string;
  name: string;
  createdAt: number;
  deletedAt: number | null;
  maxCycleAcuLimit: number | null;
}

export interface OrgRoleRec {
  orgId: string;
  roleId: string;
}

export interface UserRec {
  userId: string;
  email: string;
  name: string;
  enterpriseRole: string | null;
  orgRoles: OrgRoleRec[];
  createdAt: number;
  lastLogin: number | null;
  removedAt: number | null;
}

export interface RoleRec {
  roleId: string;
  roleName: string;
  roleType: 'org' | 'enterprise';
  permissions: readonly Permission[];
  builtin: boolean;
}

export interface LegacyKeyRec {
  id: string;
  type: 'personal' | 'service';
  orgId: string;
  userId: string | null;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
  exposeValue: boolean;
  value: string;
}

export interface ServiceUserRec {
  serviceUserId: string;
  name: string;
  roleId: string;
  /** Null for an enterprise service user. */
  orgId: string | null;
  createdAt: number;
  expiresAt: number | null;
  deletedAt: number | null;
}

export interface ServiceUserKeyRec {
  apiKeyId: string;
  serviceUserId: string;
  name: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  value: string;
}

export interface MessageRec {
  eventId: string;
  createdAt: number;
  message: string;
  source: 'user' | 'devin';
  userId: string | null;
}

export interface SessionRec {
  sessionId: string;
  orgId: string;
  title: string;
  prompt: string;
  status: string;
  statusDetail: string | null;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  userId: string | null;
  serviceUserId: string | null;
  apiKeyId: string | null;
  playbookId: string | null;
  isArchived: boolean;
  origin: string;
  messages: MessageRec[];
}

export interface AuditLogRec {
  auditLogId: string;
  action: string;
  createdAt: number;
  orgId: string | null;
  userId: string | null;
  serviceUserId: string | null;
  data: Record<string, unknown>;
}

export type Credential =
  | { kind: 'legacy'; key: LegacyKeyRec }
  | { kind: 'service-user'; key: ServiceUserKeyRec };

export interface CreateServiceUserInput {
  name: string;
  roleId: string;
  /** Omit for an enterprise service user. */
  orgId?: string | null;
  ttlSeconds?: number | null;
  keyName?: string;
}

const t = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** Oldest first, then by id: the maps keep this order, so lists need no sorting per request. */
function chronological<T extends { createdAt: string }>(items: readonly T[], id: (x: T) => string): T[] {
  return [...items].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/**
 * Every map iterates oldest first (seed entries are inserted in creation order, later ones are
 * appended as they are made), which is the order of every list the fake serves.
 */
export class FakeEnterprise {
  readonly name: string;
  readonly orgs = new Map<string, OrgRec>();
  readonly users = new Map<string, UserRec>();
  readonly roles = new Map<string, RoleRec>();
  readonly legacyKeys = new Map<string, LegacyKeyRec>();
  readonly serviceUsers = new Map<string, ServiceUserRec>();
  readonly serviceUserKeys = new Map<string, ServiceUserKeyRec>();
  readonly sessions = new Map<string, SessionRec>();
  readonly auditLogs: AuditLogRec[] = [];
  readonly credentialIds: ParsedSeed['credentials'];
  /** The clock; tests may replace it. */
  now: () => number;
  private readonly byValue = new Map<string, Credential>();
  private counter = 0;

  constructor(seed: ParsedSeed, opts: { now?: () => number } = {}) {
    this.now = opts.now ?? Date.now;
    this.name = seed.name;
    this.credentialIds = seed.credentials;
    for (const r of BUILTIN_ROLES) {
      this.roles.set(r.roleId, { roleId: r.roleId, roleName: r.roleName, roleType: r.level, permissions: r.permissions, builtin: true });
    }
    for (const r of seed.roles) {
      this.roles.set(r.roleId, { roleId: r.roleId, roleName: r.roleName, roleType: r.roleType, permissions: r.permissions as Permission[], builtin: false });
    }
    for (const o of chronological(seed.organizations, (x) => x.orgId)) {
      this.orgs.set(o.orgId, { orgId: o.orgId, name: o.name, createdAt: t(o.createdAt)!, deletedAt: t(o.deletedAt), maxCycleAcuLimit: o.maxCycleAcuLimit });
    }
    for (const u of chronological(seed.users, (x) => x.userId)) {
      this.users.set(u.userId, {
        userId: u.userId,
        email: u.email,
        name: u.name,
        enterpriseRole: u.enterpriseRole,
        orgRoles: u.orgRoles.map((r) => ({ ...r })),
        createdAt: t(u.createdAt)!,
        lastLogin: t(u.lastLogin),
        removedAt: t(u.removedAt),
      });
    }
    for (const k of chronological(seed.legacyKeys, (x) => x.id)) {
      this.addLegacyKey({
        id: k.id,
        type: k.type,
        orgId: k.orgId,
        userId: k.userId,
        createdAt: t(k.createdAt)!,
        revokedAt: t(k.revokedAt),
        lastUsedAt: t(k.lastUsedAt),
        exposeValue: k.exposeValue,
      });
    }
    for (const s of chronological(seed.serviceUsers, (x) => x.serviceUserId)) {
      this.serviceUsers.set(s.serviceUserId, {
        serviceUserId: s.serviceUserId,
        name: s.name,
        roleId: s.roleId,
        orgId: s.orgId,
        createdAt: t(s.createdAt)!,
        expiresAt: t(s.expiresAt),
        deletedAt: t(s.deletedAt),
      });
      for (const k of chronological(s.apiKeys, (x) => x.apiKeyId)) {
        this.addServiceUserKey({
          apiKeyId: k.apiKeyId,
          serviceUserId: s.serviceUserId,
          name: k.name,
          createdAt: t(k.createdAt)!,
          expiresAt: t(k.expiresAt),
          revokedAt: t(k.revokedAt),
          lastUsedAt: t(k.lastUsedAt),
        });
      }
    }
    for (const s of chronological(seed.sessions, (x) => x.sessionId)) {
      const created = t(s.createdAt)!;
      this.sessions.set(s.sessionId, {
        sessionId: s.sessionId,
        orgId: s.orgId,
        title: s.title,
        prompt: s.prompt,
        status: s.status,
        statusDetail: s.statusDetail,
        tags: [...s.tags],
        createdAt: created,
        updatedAt: created,
        userId: s.userId,
        serviceUserId: s.serviceUserId,
        apiKeyId: s.apiKeyId,
        playbookId: null,
        isArchived: false,
        origin: s.apiKeyId || s.serviceUserId ? 'api' : 'webapp',
        messages: [{ eventId: `event-${deriveHex(`${s.sessionId}:0`, 12)}`, createdAt: created, message: s.prompt, source: 'user', userId: s.userId }],
      });
    }
    for (const a of seed.auditLogs) this.auditLogs.push({ ...a, createdAt: t(a.createdAt)! });
    this.auditLogs.sort((a, b) => a.createdAt - b.createdAt);
  }

  // ---- ids and credentials ---------------------------------------------------------------

  /** A new id, deterministic for a given seed and sequence of calls. */
  newId(prefix: string, length = 16): string {
    return `${prefix}${deriveHex(`${this.name}:${prefix}:${++this.counter}`, length)}`;
  }

  private addLegacyKey(k: Omit<LegacyKeyRec, 'value'>): LegacyKeyRec {
    const rec: LegacyKeyRec = { ...k, value: deriveKeyValue(k.type === 'personal' ? 'apk_user_' : 'apk_', k.id) };
    this.legacyKeys.set(rec.id, rec);
    this.byValue.set(rec.value, { kind: 'legacy', key: rec });
    return rec;
  }

  private addServiceUserKey(k: Omit<ServiceUserKeyRec, 'value'>): ServiceUserKeyRec {
    const rec: ServiceUserKeyRec = { ...k, value: deriveKeyValue('cog_', k.apiKeyId) };
    this.serviceUserKeys.set(rec.apiKeyId, rec);
    this.byValue.set(rec.value, { kind: 'service-user', key: rec });
    return rec;
  }

  /** The credential a bearer value belongs to (live or not), or undefined. */
  credential(value: string): Credential | undefined {
    return this.byValue.get(value);
  }

  /** Value of a live personal key of `userId` in `orgId`; mints one (and records it) when none exists. */
  personalKeyFor(userId: string, orgId: string): string {
    const user = this.users.get(userId);
    if (!user) throw new Error(`fake: no user ${userId}`);
    if (!this.orgs.has(orgId)) throw new Error(`fake: no organization ${orgId}`);
    const live = [...this.legacyKeys.values()].find((k) => k.type === 'personal' && k.userId === userId && k.orgId === orgId && k.revokedAt === null);
    if (live) return live.value;
    return this.createLegacyKey('personal', orgId, userId).value;
  }

  /** Mint a new legacy key (as the web app or v2 provisioning would). */
  createLegacyKey(type: 'personal' | 'service', orgId: string, userId: string | null): LegacyKeyRec {
    return this.addLegacyKey({
      id: this.newId('apk-', 32),
      type,
      orgId,
      userId: type === 'personal' ? userId : null,
      createdAt: this.now(),
      revokedAt: null,
      lastUsedAt: null,
      exposeValue: false,
    });
  }

  /** Value of a legacy service key: the given key id, or a live (possibly new) service key of `orgId`. */
  serviceKeyValue(keyIdOrOrgId: string = this.credentialIds.serviceKeyId): string {
    const byId = this.legacyKeys.get(keyIdOrOrgId);
    if (byId) return byId.value;
    if (!this.orgs.has(keyIdOrOrgId)) throw new Error(`fake: no legacy key or organization ${keyIdOrOrgId}`);
    const live = [...this.legacyKeys.values()].find((k) => k.type === 'service' && k.orgId === keyIdOrOrgId && k.revokedAt === null);
    if (live) return live.value;
    return this.createLegacyKey('service', keyIdOrOrgId, null).value;
  }

  /** Value of any key by id (legacy or service-user), live or not. */
  keyValue(id: string): string {
    const v = this.legacyKeys.get(id)?.value ?? this.serviceUserKeys.get(id)?.value;
    if (v === undefined) throw new Error(`fake: no key ${id}`);
    return v;
  }

  /** Provision a service user with one key; returns its token (the only time it is shown). */
  createServiceUser(input: CreateServiceUserInput): { serviceUserId: string; apiKeyId: string; token: string; serviceUser: ServiceUserRec } {
    if (!this.roles.has(input.roleId)) throw new Error(`fake: no role ${input.roleId}`);
    const now = this.now();
    const su: ServiceUserRec = {
      serviceUserId: this.newId('service-user-'),
      name: input.name,
      roleId: input.roleId,
      orgId: input.orgId ?? null,
      createdAt: now,
      expiresAt: input.ttlSeconds ? now + input.ttlSeconds * 1000 : null,
      deletedAt: null,
    };
    this.serviceUsers.set(su.serviceUserId, su);
    const key = this.mintServiceUserKey(su.serviceUserId, input.keyName ?? 'default', su.expiresAt);
    return { serviceUserId: su.serviceUserId, apiKeyId: key.apiKeyId, token: key.value, serviceUser: su };
  }

  mintServiceUserKey(serviceUserId: string, name: string, expiresAt: number | null): ServiceUserKeyRec {
    return this.addServiceUserKey({
      apiKeyId: this.newId('key-'),
      serviceUserId,
      name,
      createdAt: this.now(),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    });
  }

  /** Revoke a legacy or service-user key by id. Returns false when it was already revoked. */
  revokeKey(id: string): boolean {
    const k = this.legacyKeys.get(id) ?? this.serviceUserKeys.get(id);
    if (!k) throw new Error(`fake: no key ${id}`);
    if (k.revokedAt !== null) return false;
    k.revokedAt = this.now();
    return true;
  }

  // ---- reads --------------------------------------------------------------------------------

  liveOrg(orgId: string): OrgRec | undefined {
    const o = this.orgs.get(orgId);
    return o && o.deletedAt === null ? o : undefined;
  }

  liveOrgs(): OrgRec[] {
    return [...this.orgs.values()].filter((o) => o.deletedAt === null);
  }

  liveUser(userId: string): UserRec | undefined {
    const u = this.users.get(userId);
    return u && u.removedAt === null ? u : undefined;
  }

  liveUsers(): UserRec[] {
    return [...this.users.values()].filter((u) => u.removedAt === null);
  }

  role(roleId: string): RoleRec | undefined {
    return this.roles.get(roleId);
  }

  permissionsOf(roleId: string): Set<Permission> {
    const p = new Set<Permission>(this.roles.get(roleId)?.permissions ?? builtinRole(roleId)?.permissions ?? []);
    // Every service user may read its own identity (reference §6.1).
    p.add('ReadAccountMeta');
    return p;
  }

  /** Legacy keys that still work (not revoked), the v2 list's contents. */
  liveLegacyKeys(): LegacyKeyRec[] {
    return [...this.legacyKeys.values()].filter((k) => k.revokedAt === null);
  }

  serviceUserIsLive(su: ServiceUserRec): boolean {
    return su.deletedAt === null && (su.expiresAt === null || su.expiresAt > this.now());
  }

  serviceUserKeyIsActive(k: ServiceUserKeyRec): boolean {
    return k.revokedAt === null && (k.expiresAt === null || k.expiresAt > this.now());
  }

  keysOf(serviceUserId: string): ServiceUserKeyRec[] {
    return [...this.serviceUserKeys.values()].filter((k) => k.serviceUserId === serviceUserId);
  }

  /** Org members: users with a direct role in the org. */
  orgMembers(orgId: string): { user: UserRec; roleId: string }[] {
    const out: { user: UserRec; roleId: string }[] = [];
    for (const u of this.liveUsers()) {
      const r = u.orgRoles.find((x) => x.orgId === orgId);
      if (r) out.push({ user: u, roleId: r.roleId });
    }
    return out;
  }

  /** What a human may do in an org: its org role there, plus its enterprise role's permissions. */
  userPermissionsIn(userId: string, orgId: string): Set<Permission> | null {
    const u = this.liveUser(userId);
    const direct = u?.orgRoles.find((r) => r.orgId === orgId);
    if (!u || !direct) return null;
    const p = new Set<Permission>(this.roles.get(direct.roleId)?.permissions ?? []);
    if (u.enterpriseRole) for (const x of this.roles.get(u.enterpriseRole)?.permissions ?? []) p.add(x);
    return p;
  }

  audit(entry: Omit<AuditLogRec, 'auditLogId' | 'createdAt'> & { createdAt?: number }): AuditLogRec {
    const rec: AuditLogRec = { auditLogId: this.newId('audit-log-'), createdAt: entry.createdAt ?? this.now(), ...entry } as AuditLogRec;
    this.auditLogs.push(rec);
    return rec;
  }

  /** The credentials printed by `fake-api` and handed to tests. */
  credentials(): { enterpriseAdminKey: string; serviceKey: string; serviceUserToken: string; orgId: string } {
    const c = this.credentialIds;
    return {
      enterpriseAdminKey: this.keyValue(c.enterpriseAdminKeyId),
      serviceKey: this.keyValue(c.serviceKeyId),
      serviceUserToken: this.keyValue(c.serviceUserKeyId),
      orgId: c.orgId,
    };
  }
}
