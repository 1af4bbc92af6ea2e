import { describe, expect, it } from 'vitest';
import type { LegacyKey } from '../../src/documents/inventory.js';
import { MAX_NAME_LENGTH, serviceUserName, serviceUserNames } from '../../src/plan/naming.js';

const key = (id: string, email: string | null, org: string, createdAt = '2024-01-01T00:00:00Z'): LegacyKey => ({
  id,
  type: email ? 'personal' : 'service',
  orgId: `org-${slugless(org)}`,
  orgName: org,
  ownerUserId: email ? `user-${email.toLowerCase()}` : null,
  ownerEmail: email,
  createdAt,
  redacted: null,
});
const slugless = (s: string) => s.replace(/\W+/g, '');

describe('service-user naming', () => {
  it('names a personal key after its owner and org, and a service key after its id', () => {
    const keys = [key('apk-aaaa1111bbbb2222', 'Jane.Doe@corp.example', 'Platform Team'), key('apk-ccccdddd33334444', null, 'Data')];
    const names = serviceUserNames(keys);
    expect(names.get('apk-aaaa1111bbbb2222')).toBe('migrated-jane-doe-platform-team');
    expect(names.get('apk-ccccdddd33334444')).toBe('migrated-svc-33334444-data');
  });

  it('gives the oldest of two colliding keys the plain name and suffixes the other', () => {
    const keys = [key('apk-new0000000000001', 'jane@corp.example', 'Ops', '2024-05-01'), key('apk-old0000000000002', 'jane@corp.example', 'Ops', '2023-05-01')];
    const names = serviceUserNames(keys);
    expect(names.get('apk-old0000000000002')).toBe('migrated-jane-ops');
    expect(names.get('apk-new0000000000001')).toBe('migrated-jane-ops-00000001');
    // Same answer whatever the input order, and through the one-key entry point.
    expect(serviceUserNames([...keys].reverse())).toEqual(names);
    expect(serviceUserName(keys[0]!, { keys })).toBe('migrated-jane-ops-00000001');
  });

  it('shares one name between keys of one owner in one org when grouping per owner and org', () => {
    const keys = [key('apk-k1xxxxxxxxxxxxxx', 'jane@corp.example', 'Ops', '2024-05-01'), key('apk-k2xxxxxxxxxxxxxx', 'jane@corp.example', 'Ops', '2023-05-01')];
    const names = serviceUserNames(keys, undefined, 'per-owner-org');
    expect(new Set(names.values())).toEqual(new Set(['migrated-jane-ops']));
  });

  it('keeps names within 256 characters and unique when cut', () => {
    const long = 'x'.repeat(400);
    const keys = [key('apk-aaaaaaaaaaaaaaaa1', `${long}a@corp.example`, 'Ops'), key('apk-aaaaaaaaaaaaaaaa2', `${long}b@corp.example`, 'Ops')];
    const names = [...serviceUserNames(keys, '{owner}-{org}').values()];
    for (const n of names) expect(n.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(new Set(names).size).toBe(2);
  });

  it('rejects a template with an unknown placeholder', () => {
    expect(() => serviceUserNames([], 'migrated-{user}')).toThrow(/unknown placeholder \{user\}/);
  });
});
