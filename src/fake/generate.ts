// A generated enterprise of any size, for benchmarks and scale tests: the same options give the
// same enterprise, byte for byte. Shape: two Enterprise Admins, the rest members of one to
// three organizations (about one in ten an org admin), keys mostly personal, one in five a
// service key, some users gone with their keys still live, one enterprise service user for the
// migration (account_admin).
import { deriveHex } from './key-values.js';
import { mulberry32, pick, pickIndex } from './prng.js';
import { SEED_KIND, SEED_SCHEMA_VERSION, type EnterpriseSeed } from './seed-schema.js';

export interface GenerateOptions {
  orgs: number;
  users: number;
  keys: number;
  /** PRNG seed; default 1. */
  seed?: number;
}

const TAKEN_AT = Date.parse('2026-03-01T00:00:00.000Z');
const DAY = 86_400_000;

const ORG_WORDS = ['Platform', 'Payments', 'Mobile', 'Data', 'Growth', 'Security', 'Infra', 'Search', 'Billing', 'Identity', 'Checkout', 'Analytics'];
const FIRST = ['ada', 'alan', 'grace', 'linus', 'barbara', 'ken', 'margaret', 'dennis', 'frances', 'john', 'radia', 'edsger', 'sophie', 'tim', 'hedy', 'donald'];
const LAST = ['lovelace', 'turing', 'hopper', 'torvalds', 'liskov', 'thompson', 'hamilton', 'ritchie', 'allen', 'backus', 'perlman', 'dijkstra', 'wilson', 'berners', 'lamarr', 'knuth'];

export function generateEnterprise(opts: GenerateOptions): EnterpriseSeed {
  for (const [name, v, min] of [['orgs', opts.orgs, 1], ['users', opts.users, 2], ['keys', opts.keys, 2]] as const) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer of at least ${min}`);
  }
  const seed = opts.seed ?? 1;
  const rng = mulberry32(seed);
  const id = (kind: string, i: number, len = 12) => deriveHex(`generated:${seed}:${kind}:${i}`, len);
  const at = (maxDaysAgo: number, minDaysAgo = 0) => new Date(TAKEN_AT - (minDaysAgo + rng() * (maxDaysAgo - minDaysAgo)) * DAY).toISOString();

  const organizations = Array.from({ length: opts.orgs }, (_, i) => ({
    orgId: `org-${id('org', i)}`,
    name: i < ORG_WORDS.length ? ORG_WORDS[i]! : `${ORG_WORDS[i % ORG_WORDS.length]} ${Math.floor(i / ORG_WORDS.length) + 1}`,
    createdAt: at(900, 400),
  }));

  const users = Array.from({ length: opts.users }, (_, i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const n = Math.floor(i / (FIRST.length * LAST.length));
    const orgCount = 1 + pickIndex(rng, Math.min(3, opts.orgs));
    const orgIdx = new Set<number>(i < 2 ? [0] : []);
    while (orgIdx.size < orgCount) orgIdx.add(pickIndex(rng, opts.orgs));
    return {
      userId: `user-${id('user', i)}`,
      email: `${first}.${last}${n > 0 ? n : ''}@example.com`,
      name: `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}${n > 0 ? ` ${n}` : ''}`,
      enterpriseRole: i < 2 ? 'account_admin' : 'account_member',
      orgRoles: [...orgIdx].sort((a, b) => a - b).map((o) => ({ orgId: organizations[o]!.orgId, roleId: i < 2 || rng() < 0.1 ? 'org_admin' : 'org_member' })),
      createdAt: at(800, 300),
      lastLogin: at(30),
      // About one in forty users has left; never the two admins.
      removedAt: i >= 2 && rng() < 0.025 ? at(60) : null,
    };
  });

  const legacyKeys = Array.from({ length: opts.keys }, (_, i) => {
    const keyId = `apk-${id('key', i, 32)}`;
    const service = i === 1 || (i > 1 && rng() < 0.2);
    if (service) {
      return { id: keyId, type: 'service' as const, orgId: i === 1 ? organizations[0]!.orgId : pick(rng, organizations).orgId, userId: null, createdAt: at(400, 30), exposeValue: i % 7 === 3 };
    }
    const user = i === 0 ? users[0]! : pick(rng, users);
    return {
      id: keyId,
      type: 'personal' as const,
      orgId: i === 0 ? organizations[0]!.orgId : pick(rng, user.orgRoles).orgId,
      userId: user.userId,
      createdAt: at(400, 30),
      exposeValue: i % 7 === 3,
    };
  });

  const adminSu = `service-user-${id('su', 0, 16)}`;
  const adminSuKey = `key-${id('su-key', 0, 16)}`;
  return {
    kind: SEED_KIND,
    schemaVersion: SEED_SCHEMA_VERSION,
    name: `Generated enterprise (seed ${seed}, ${opts.orgs} orgs, ${opts.users} users, ${opts.keys} keys)`,
    takenAt: new Date(TAKEN_AT).toISOString(),
    organizations,
    users,
    roles: [],
    legacyKeys,
    serviceUsers: [
      {
        serviceUserId: adminSu,
        name: 'devin-migrate-admin',
        roleId: 'account_admin',
        orgId: null,
        createdAt: at(10, 5),
        apiKeys: [{ apiKeyId: adminSuKey, name: 'migration', createdAt: at(5) }],
      },
    ],
    sessions: [],
    auditLogs: legacyKeys.map((k, i) => ({
      auditLogId: `audit-log-${id('audit', i, 16)}`,
      action: k.type === 'service' ? 'create_service_api_key' : 'create_user_api_key',
      createdAt: k.createdAt,
      orgId: k.orgId,
      userId: k.userId,
      data: { api_key_id: k.id },
    })),
    credentials: { enterpriseAdminKeyId: legacyKeys[0]!.id, serviceKeyId: legacyKeys[1]!.id, serviceUserKeyId: adminSuKey, orgId: organizations[0]!.orgId },
  };
}
