import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  LEGACY_ENDPOINTS,
  V3_ENDPOINTS,
  fillTemplate,
  isLegacyPath,
  matchEndpoint,
  matchPath,
  matchV3,
  templateParams,
  v3Endpoint,
} from '../../src/catalog/index.js';

const HOSTS = ['https://api.devin.ai', 'https://api.acme.devinenterprise.com', 'http://127.0.0.1:4010', ''];

/** A concrete value per parameter name, distinct so that swaps would show. */
function sample(name: string): string {
  return `${name.replace(/_/g, '')}-42`;
}

const rows = LEGACY_ENDPOINTS.flatMap((entry) => entry.paths.map((template) => ({ entry, template })));

describe('the legacy catalogue', () => {
  it.each(rows.map((r) => [r.entry.id, r.template, r] as const))(
    'matches %s at %s on every host, with and without a query or trailing slash',
    (_id, template, { entry }) => {
      const values = Object.fromEntries(templateParams(template).map((p) => [p, sample(p)]));
      const path = fillTemplate(template, values);
      for (const host of HOSTS) {
        for (const suffix of ['', '?limit=10&offset=20', '/']) {
          const m = matchEndpoint(entry.method, `${host}${path}${suffix}`);
          expect(m?.entry.id, `${entry.method} ${host}${path}${suffix}`).toBe(entry.id);
          expect(m?.params).toEqual(values);
        }
      }
    },
  );

  it.each(LEGACY_ENDPOINTS.map((e) => [e.id, e] as const))('translates %s to its v3 row or says why not', (_id, entry) => {
    const template = entry.paths[0]!;
    const values = Object.fromEntries(templateParams(template).map((p) => [p, sample(p)]));
    const m = matchEndpoint(entry.method, fillTemplate(template, values), { orgId: 'org-demo' })!;
    if (entry.v3 === null) {
      expect(m.v3).toBeNull();
      expect(entry.note, 'a row with no v3 equivalent must say why').toBeTruthy();
      return;
    }
    const target = v3Endpoint(entry.v3);
    const expected: Record<string, string> = { org_id: 'org-demo' };
    for (const [k, v] of Object.entries(values)) expected[entry.paramRenames?.[k] ?? k] = v;
    const missing = templateParams(target.path).filter((p) => expected[p] === undefined);
    expect(m.v3!.method).toBe(target.method);
    expect(m.v3!.missing).toEqual(missing);
    expect(m.v3!.path).toBe(fillTemplate(target.path, expected, { keepMissing: true }));
    expect(m.v3!.path).toMatch(/^\/v3(beta1)?\//);
    if (missing.length > 0) expect(entry.note, 'an untranslatable parameter must be explained').toBeTruthy();
  });

  it('knows both session spellings and both message suffixes', () => {
    for (const p of ['/v1/session/devin-1/message', '/v1/sessions/devin-1/message', '/v1/sessions/devin-1/messages']) {
      const m = matchEndpoint('POST', p, { orgId: 'org-1' })!;
      expect(m.entry.id).toBe('v1.sessions.message');
      expect(m.v3!.path).toBe('/v3/organizations/org-1/sessions/devin-1/messages');
    }
    expect(matchEndpoint('GET', '/v1/session/devin-1')!.v3!.path).toBe('/v3/organizations/{org_id}/sessions/devin-1');
  });

  it('prefers a literal segment over a parameter', () => {
    expect(matchEndpoint('GET', '/v2/enterprise/sessions/insights')!.entry.id).toBe('v2.sessions.insights');
    expect(matchPath('/v2/enterprise/sessions/insights').map((m) => m.entry.id)).toEqual(['v2.sessions.insights']);
    expect(matchEndpoint('GET', '/v2/enterprise/sessions/devin-9')!.entry.id).toBe('v2.sessions.get');
  });

  it('lists every method for a path when the method is unknown', () => {
    expect(matchPath('https://api.devin.ai/v1/sessions').map((m) => m.entry.id).sort()).toEqual([
      'v1.sessions.create',
      'v1.sessions.list',
    ]);
  });

  it('accepts the gen-0 /api/v2 prefix and passes source expressions through untouched', () => {
    expect(matchEndpoint('GET', 'https://api.devin.ai/api/v2/enterprise/members')!.entry.id).toBe('v2.members.list');
    const m = matchEndpoint('GET', '/v1/sessions/${id}', { orgId: '${orgId}' })!;
    expect(m.v3!.path).toBe('/v3/organizations/${orgId}/sessions/${id}');
  });

  it('marks the enterprise-wide revoke as forbidden and gives it no v3 translation', () => {
    const m = matchEndpoint('DELETE', 'https://api.devin.ai/v2/enterprise/api-keys')!;
    expect(m.entry.forbidden).toBe(true);
    expect(m.v3).toBeNull();
    expect(LEGACY_ENDPOINTS.filter((e) => e.forbidden).map((e) => e.id)).toEqual(['v2.apiKeys.revokeAll']);
  });

  it('does not match what is not a legacy endpoint', () => {
    expect(matchEndpoint('GET', 'https://api.devin.ai/v3/organizations/org-1/sessions')).toBeNull();
    expect(matchEndpoint('PATCH', '/v1/sessions')).toBeNull();
    expect(matchPath('/v1/nonexistent')).toEqual([]);
    expect(isLegacyPath('/v1/nonexistent')).toBe(true);
    expect(isLegacyPath('/api/v2/enterprise/x')).toBe(true);
    expect(isLegacyPath('/v3/self')).toBe(false);
  });

  it('gives every row a unique id', () => {
    const ids = LEGACY_ENDPOINTS.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the v3 catalogue', () => {
  it.each(V3_ENDPOINTS.map((e) => [e.id, e] as const))('routes %s back to itself with a known permission', (_id, e) => {
    expect(ALL_PERMISSIONS).toContain(e.permission);
    const values = Object.fromEntries(templateParams(e.path).map((p) => [p, sample(p)]));
    const m = matchV3(e.method, `https://api.devin.ai${fillTemplate(e.path, values)}?first=5`);
    expect(m?.endpoint.id).toBe(e.id);
    expect(m?.params).toEqual(values);
  });

  it('never routes a v3 path to a different method', () => {
    expect(matchV3('PATCH', '/v3/self')).toBeNull();
  });

  it('gives every row a unique id and a unique method+path', () => {
    expect(new Set(V3_ENDPOINTS.map((e) => e.id)).size).toBe(V3_ENDPOINTS.length);
    expect(new Set(V3_ENDPOINTS.map((e) => `${e.method} ${e.path}`)).size).toBe(V3_ENDPOINTS.length);
  });
});
