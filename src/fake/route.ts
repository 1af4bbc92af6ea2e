// What a route implementation receives and returns. Implementations are keyed by catalogue id
// (routes/v1.ts, v2.ts, v3.ts); handlers.ts registers them on the catalogue's paths.
import type { Permission } from '../catalog/index.js';
import type { FakeEnterprise, LegacyKeyRec, ServiceUserKeyRec, ServiceUserRec, UserRec } from './enterprise.js';

export type LegacyPrincipal = { kind: 'legacy'; key: LegacyKeyRec; user: UserRec | null };
export type ServiceUserPrincipal = {
  kind: 'service-user';
  serviceUser: ServiceUserRec;
  key: ServiceUserKeyRec;
  permissions: Set<Permission>;
};

export interface RouteContext<P> {
  state: FakeEnterprise;
  request: Request;
  params: Record<string, string>;
  query: URLSearchParams;
  principal: P;
}

export type LegacyRoute = (ctx: RouteContext<LegacyPrincipal>) => Response | Promise<Response>;
export type V3Route = (ctx: RouteContext<ServiceUserPrincipal>) => Response | Promise<Response>;
