// Catalogue rows as the client names them. Every path the client sends comes from here.
import { LEGACY_ENDPOINTS, v3Endpoint, type LegacyEndpoint } from '../catalog/index.js';
import type { EndpointLabel } from './errors.js';

const legacyById = new Map(LEGACY_ENDPOINTS.map((e) => [e.id, e]));

export function legacyRow(id: string): LegacyEndpoint {
  const e = legacyById.get(id);
  if (!e) throw new Error(`catalog: no legacy endpoint with id ${id}`);
  return e;
}

/** A v1/v2 endpoint by catalogue id; its documented (first) path spelling. */
export function legacyRef(id: string): EndpointLabel {
  const e = legacyRow(id);
  return { id: e.id, version: e.version, method: e.method, template: e.paths[0]! };
}

/** A v3 endpoint by catalogue id (`/v3/…` or `/v3beta1/…`; both take a cog_ token). */
export function v3Ref(id: string): EndpointLabel {
  const e = v3Endpoint(id);
  return { id: e.id, version: 'v3', method: e.method, template: e.path };
}
