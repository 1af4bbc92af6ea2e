// Read and check an enterprise seed: schema (zod), then cross-references (a key's org exists,
// a role id is known, ids are unique). Every problem is one readable line naming the field.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRole } from '../catalog/index.js';
import { InputError } from '../errors.js';
import { EnterpriseSeed, type ParsedSeed } from './seed-schema.js';

/** fixtures/enterprise/demo.json, found from this module both in src/ (tests) and dist/src/ (CLI). */
export function demoSeedPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fixtures', 'enterprise', 'demo.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new InputError('the demo enterprise seed fixtures/enterprise/demo.json is missing from the package', {
    hint: 'reinstall devin-migrate or pass --seed PATH',
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)';
}

/** Validate a parsed JSON value as a seed; `source` names it in errors. */
export function parseSeed(value: unknown, source = 'the seed'): ParsedSeed {
  const r = EnterpriseSeed.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 3).map((i) => `${formatPath(i.path)}: ${i.message}`);
    const more = r.error.issues.length > 3 ? ` (and ${r.error.issues.length - 3} more)` : '';
    throw new InputError(`${source} is not a valid enterprise seed: ${issues.join('; ')}${more}`, {
      hint: 'compare it with fixtures/enterprise/demo.json',
    });
  }
  const problems = checkReferences(r.data);
  if (problems.length > 0) {
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    throw new InputError(`${source} is not a consistent enterprise seed: ${problems.slice(0, 3).join('; ')}${more}`, {
      hint: 'every org, user, role and key id a seed refers to must be defined in it',
    });
  }
  return r.data;
}

export function readSeedFile(path: string): ParsedSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the seed file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, {
      hint: 'pass --seed demo or the path of an enterprise seed JSON',
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`the seed file ${path} is not JSON: ${(e as Error).message}`, { hint: 'fix the file or pass --seed demo' });
  }
  return parseSeed(value, `the seed file ${path}`);
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

export function checkReferences(seed: ParsedSeed): string[] {
  const out: string[] = [];
  const orgs = new Set(seed.organizations.map((o) => o.orgId));
  const users = new Set(seed.users.map((u) => u.userId));
  const roles = new Map<string, 'org' | 'enterprise'>(seed.roles.map((r) => [r.roleId, r.roleType]));
  const roleLevel = (id: string) => roles.get(id) ?? builtinRole(id)?.level;
  const sus = new Set(seed.serviceUsers.map((s) => s.serviceUserId));
  for (const [what, ids] of [
    ['organization id', seed.organizations.map((o) => o.orgId)],
    ['user id', seed.users.map((u) => u.userId)],
    ['role id', seed.roles.map((r) => r.roleId)],
    ['legacy key id', seed.legacyKeys.map((k) => k.id)],
    ['service user id', seed.serviceUsers.map((s) => s.serviceUserId)],
    ['service-user key id', seed.serviceUsers.flatMap((s) => s.apiKeys.map((k) => k.apiKeyId))],
    ['session id', seed.sessions.map((s) => s.sessionId)],
  ] as const) {
    for (const d of duplicates([...ids])) out.push(`${what} ${d} is defined twice`);
  }
  seed.roles.forEach((r, i) => {
    if (builtinRole(r.roleId)) out.push(`roles[${i}].roleId ${r.roleId} redefines a built-in role`);
  });
  seed.users.forEach((u, i) => {
    if (u.enterpriseRole !== null && roleLevel(u.enterpriseRole) !== 'enterprise')
      out.push(`users[${i}].enterpriseRole ${u.enterpriseRole} is not an enterprise-level role`);
    u.orgRoles.forEach((r, j) => {
      if (!orgs.has(r.orgId)) out.push(`users[${i}].orgRoles[${j}].orgId ${r.orgId} is not an organization of the seed`);
      if (roleLevel(r.roleId) !== 'org') out.push(`users[${i}].orgRoles[${j}].roleId ${r.roleId} is not an org-level role`);
    });
  });
  seed.legacyKeys.forEach((k, i) => {
    if (!orgs.has(k.orgId)) out.push(`legacyKeys[${i}].orgId ${k.orgId} is not an organization of the seed`);
    if (k.type === 'personal' && (k.userId === null || !users.has(k.userId)))
      out.push(`legacyKeys[${i}] is a personal key whose userId ${k.userId ?? 'null'} is not a user of the seed`);
    if (k.type === 'service' && k.userId !== null) out.push(`legacyKeys[${i}] is a service key and must have userId null`);
  });
  seed.serviceUsers.forEach((s, i) => {
    const level = roleLevel(s.roleId);
    if (level === undefined) out.push(`serviceUsers[${i}].roleId ${s.roleId} is not a known role`);
    else if (s.orgId === null && level !== 'enterprise') out.push(`serviceUsers[${i}] is an enterprise service user with the org-level role ${s.roleId}`);
    else if (s.orgId !== null && level !== 'org') out.push(`serviceUsers[${i}] is an organization service user with the enterprise role ${s.roleId}`);
    if (s.orgId !== null && !orgs.has(s.orgId)) out.push(`serviceUsers[${i}].orgId ${s.orgId} is not an organization of the seed`);
  });
  seed.sessions.forEach((s, i) => {
    if (!orgs.has(s.orgId)) out.push(`sessions[${i}].orgId ${s.orgId} is not an organization of the seed`);
    if (s.userId !== null && !users.has(s.userId)) out.push(`sessions[${i}].userId ${s.userId} is not a user of the seed`);
    if (s.serviceUserId !== null && !sus.has(s.serviceUserId)) out.push(`sessions[${i}].serviceUserId ${s.serviceUserId} is not a service user of the seed`);
  });
  const c = seed.credentials;
  const key = (id: string) => seed.legacyKeys.find((k) => k.id === id);
  const admin = key(c.enterpriseAdminKeyId);
  const adminUser = seed.users.find((u) => u.userId === admin?.userId);
  if (!admin || admin.type !== 'personal' || adminUser?.enterpriseRole !== 'account_admin' || admin.revokedAt !== null)
    out.push(`credentials.enterpriseAdminKeyId ${c.enterpriseAdminKeyId} must be a live personal key of an account_admin user`);
  const svc = key(c.serviceKeyId);
  if (!svc || svc.type !== 'service' || svc.revokedAt !== null) out.push(`credentials.serviceKeyId ${c.serviceKeyId} must be a live service key`);
  const suKey = seed.serviceUsers.find((s) => s.apiKeys.some((k) => k.apiKeyId === c.serviceUserKeyId));
  if (!suKey || suKey.orgId !== null) out.push(`credentials.serviceUserKeyId ${c.serviceUserKeyId} must be a key of an enterprise service user`);
  if (!orgs.has(c.orgId)) out.push(`credentials.orgId ${c.orgId} is not an organization of the seed`);
  return out;
}
