// Which hosts are the Devin API. Dedicated enterprise deployments use their own domain
// (`api.<company>.devinenterprise.com`, reference §1.5), so matching is by pattern, and callers
// may add hosts of their own.

export const DEFAULT_API_URL = 'https://api.devin.ai';

export const API_HOST_PATTERNS: readonly RegExp[] = [/^api\.devin\.ai$/i, /^(?:[a-z0-9-]+\.)*devinenterprise\.com$/i];

export function isDevinApiHost(host: string, extraHosts: readonly string[] = []): boolean {
  const h = host.replace(/:\d+$/, '').toLowerCase();
  return API_HOST_PATTERNS.some((re) => re.test(h)) || extraHosts.some((x) => x.toLowerCase() === h);
}

/**
 * A host code builds with unknown parts (`${HOST}`, `localhost:${PORT}`), which `unknown` finds:
 * it may be Devin's only when its name, the port aside, is unknown too or a Devin host.
 */
export function hostMayBeDevinApi(host: string, unknown: (name: string) => boolean): boolean {
  const name = host.replace(/:[^:]*$/, '');
  return unknown(name) || isDevinApiHost(name);
}
