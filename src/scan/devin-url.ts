// Reading a resolved string as a Devin API URL or path, through the catalogue's host and path
// rules (isDevinApiHost, isLegacyPath, splitUrl).
import { isDevinApiHost, isLegacyPath, splitUrl } from '../catalog/index.js';

const ABSOLUTE = /^(?:https?:)?\/\/([^/?#\s]+)/i;

/** The path as the catalogue reads it: no gen-0 `/api` prefix, no doubled or trailing slashes. */
export function cleanPath(path: string): string {
  let p = path.replace(/\/{2,}/g, '/');
  p = p.replace(/^\/api(?=\/(?:beta\/)?v[12](?:\/|$))/, '');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  return p || '/';
}

/** `/v1`, `/v2`, `/v2/enterprise`, `/beta/v2/enterprise` (after cleanPath): a base, not an endpoint. */
export function isLegacyBasePath(path: string): boolean {
  return /^\/(?:beta\/)?v[12](?:\/enterprise)?$/.test(path);
}

export interface UrlParts {
  /** Host of an absolute URL, or null for a path. */
  host: string | null;
  path: string;
  search: string;
}

export function urlParts(value: string): UrlParts | null {
  const abs = ABSOLUTE.exec(value);
  if (abs) {
    const { path, search } = splitUrl(value);
    return { host: abs[1]!, path: cleanPath(path), search };
  }
  if (value.startsWith('/')) {
    const { path, search } = splitUrl(value);
    return { host: null, path: cleanPath(path), search };
  }
  return null;
}

export function isDevinUrl(value: string, extraHosts: readonly string[]): boolean {
  if (!value.includes('//')) return false;
  const abs = ABSOLUTE.exec(value);
  return abs !== null && isDevinApiHost(abs[1]!, extraHosts);
}

/** A value worth binding to a name: a URL on a Devin host, or a legacy base path in Devin code. */
export function isDevinValue(value: string, extraHosts: readonly string[], devinContext: boolean): boolean {
  if (isDevinUrl(value, extraHosts)) return true;
  if (!devinContext || value.charCodeAt(0) !== 47) return false;
  return devinContext && value.startsWith('/') && isLegacyBasePath(cleanPath(splitUrl(value).path));
}

/** The legacy base path of a value (`https://api.devin.ai/v1/` -> `/v1`), or null. */
export function legacyBaseOf(value: string, extraHosts: readonly string[]): string | null {
  const u = urlParts(value);
  if (!u) return null;
  if (u.host !== null && !isDevinApiHost(u.host, extraHosts)) return null;
  return isLegacyBasePath(u.path) && isLegacyPath(u.path) ? u.path : null;
}
