// Last line of defence: every string of the report model goes through redactText before any
// renderer sees it, so a key value that slipped into a document (a finding's excerpt, a note,
// an error message) is shown as prefix + last 4 at most.
import { redactText } from '../catalog/index.js';

export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redactText(k)] = redactDeep(v);
    return out as T;
  }
  return value;
}
