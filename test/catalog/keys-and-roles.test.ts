import { describe, expect, it } from 'vitest';
import {
  BUILTIN_ROLES,
  ENTERPRISE_PERMISSIONS,
  ORG_PERMISSIONS,
  findKeys,
  isDevinApiHost,
  keyRuleFor,
  keyWorksWith,
  redactKey,
  redactText,
  requiredKeyFor,
} from '../../src/catalog/index.js';

const BODY = 'Fake0000TestKey0000Catalog0042';
const personal = `apk_user_${BODY}`;
const service = `apk_${BODY}`;
const token = `cog_${BODY}`;

describe('key prefixes', () => {
  it.each([
    [personal, 'personal', ['v1', 'v2']],
    [service, 'service', ['v1']],
    [token, 'service-user', ['v3']],
  ] as const)('classifies %s and knows which versions take it', (value, kind, versions) => {
    expect(keyRuleFor(value)?.kind).toBe(kind);
    for (const v of ['v1', 'v2', 'v3'] as const) expect(keyWorksWith(value, v)).toBe((versions as readonly string[]).includes(v));
  });

  it('says which key each version needs and where to get it', () => {
    expect(requiredKeyFor('v2')).toMatch(/Enterprise Admin.*apk_user_.*Settings > API Keys/);
    expect(requiredKeyFor('v3')).toMatch(/cog_.*Service Users/);
  });

  it('shows a key as its prefix and last four characters only', () => {
    expect(redactKey(personal)).toBe('apk_user_…0042');
    expect(redactKey(service)).toBe('apk_…0042');
    expect(redactKey('cog_short')).toBe('cog_…');
    expect(redactText(`Bearer ${token} and ${personal}`)).toBe('Bearer cog_…0042 and apk_user_…0042');
    expect(redactText(`${personal}_old and x${token}cog_${BODY}`)).toBe('apk_user_…0042_old and xcog_…0042cog_…0042');
  });

  it('finds real-shaped keys and ignores placeholders, prefix checks and identifiers', () => {
    expect(findKeys(`a="${personal}" b='${service}' c=${token}`).map((k) => k.prefix)).toEqual(['apk_user_', 'apk_', 'cog_']);
    for (const text of [
      'apk_user_...',
      'apk_user_YOUR_KEY',
      'apk_user_YOUR_LEGACY_KEY_GOES_HERE_PLEASE',
      "key.startsWith('apk_user')",
      'const apk_user_rating = 3',
      'cog_YOUR_SERVICE_USER_KEY',
      `xapk_user_${BODY}`,
    ]) {
      expect(findKeys(text), text).toEqual([]);
    }
  });
});

describe('built-in roles', () => {
  it('are ordered so that each grants everything the one below grants, within a level', () => {
    const [orgMember, orgAdmin, accountMember, accountAdmin] = BUILTIN_ROLES;
    for (const p of orgMember!.permissions) expect(orgAdmin!.permissions).toContain(p);
    for (const p of accountMember!.permissions) expect(accountAdmin!.permissions).toContain(p);
    for (const p of orgAdmin!.permissions) expect(accountAdmin!.permissions).toContain(p);
  });

  it('never grant ManageServiceUsers, and only admins may impersonate', () => {
    for (const r of BUILTIN_ROLES) expect(r.permissions).not.toContain('ManageServiceUsers');
    expect(BUILTIN_ROLES.filter((r) => r.permissions.includes('ImpersonateOrgSessions')).map((r) => r.roleId)).toEqual([
      'org_admin',
      'account_admin',
    ]);
  });

  it('keep org roles free of enterprise permissions other than ReadAccountMeta', () => {
    for (const r of BUILTIN_ROLES.filter((r) => r.level === 'org')) {
      const enterpriseOnly = r.permissions.filter(
        (p) => (ENTERPRISE_PERMISSIONS as readonly string[]).includes(p) && !['ReadAccountMeta', 'ManageAccountKnowledge', 'ManageAccountPlaybooks'].includes(p),
      );
      expect(enterpriseOnly, r.roleId).toEqual([]);
    }
    expect(ORG_PERMISSIONS.length).toBeGreaterThan(5);
  });
});

describe('API hosts', () => {
  it('knows api.devin.ai, dedicated devinenterprise.com domains and configured hosts', () => {
    expect(isDevinApiHost('api.devin.ai')).toBe(true);
    expect(isDevinApiHost('api.acme.devinenterprise.com')).toBe(true);
    expect(isDevinApiHost('api.devin.ai.evil.com')).toBe(false);
    expect(isDevinApiHost('devin.internal:8443', ['devin.internal'])).toBe(true);
  });
});
