// Read an error body into one readable line. The API answers errors as `{detail: "…"}`,
// 422 `{detail: [{loc, msg, type}]}`, or problem+json `{type, title, status, detail}`; anything
// else is shown as a short redacted excerpt.
import { ALL_PERMISSIONS, redactText } from '../catalog/index.js';

export interface ProblemInfo {
  detail: string | null;
  problems: string[];
  missingPermission: string | null;
}

const PERMISSION_FIELDS = ['missing_permission', 'required_permission', 'permission'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validationLine(item: unknown): string | null {
  if (!isRecord(item)) return typeof item === 'string' ? item : null;
  const loc = Array.isArray(item.loc) ? item.loc.map(String).join('.') : null;
  const msg = typeof item.msg === 'string' ? item.msg : typeof item.message === 'string' ? item.message : null;
  if (!msg) return loc;
  return loc ? `${loc}: ${msg}` : msg;
}

/** The permission a 403 names: an explicit field, a catalogue permission name, or a quoted name. */
export function findMissingPermission(body: unknown, detail: string | null): string | null {
  if (isRecord(body)) {
    for (const f of PERMISSION_FIELDS) {
      const v = body[f];
      if (typeof v === 'string' && v) return v;
    }
  }
  if (!detail) return null;
  // Longest names first so that `ManageOrgSessions` does not match inside `ImpersonateOrgSessions`-like words.
  const names = [...ALL_PERMISSIONS].sort((a, b) => b.length - a.length);
  for (const p of names) if (new RegExp(`\\b${p}\\b`).test(detail)) return p;
  const quoted = /permission\s+['"`]([\w.:-]+)['"`]/i.exec(detail);
  return quoted?.[1] ?? null;
}

export function readProblem(text: string): ProblemInfo {
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  let detail: string | null = null;
  let problems: string[] = [];
  if (isRecord(body)) {
    const d = body.detail;
    if (typeof d === 'string') detail = d;
    else if (Array.isArray(d)) {
      problems = d.map(validationLine).filter((x): x is string => !!x);
      detail = problems.join('; ') || null;
    } else if (isRecord(d)) detail = validationLine(d);
    if (!detail && typeof body.title === 'string') detail = body.title;
    if (!detail && typeof body.message === 'string') detail = body.message;
    if (!detail && typeof body.error === 'string') detail = body.error;
  } else if (text && body === null) {
    detail = text.replace(/\s+/g, ' ').trim().slice(0, 200) || null;
  }
  detail = detail === null ? null : redactText(detail).slice(0, 500);
  problems = problems.map((p) => redactText(p));
  return { detail, problems, missingPermission: findMissingPermission(body, detail) };
}
