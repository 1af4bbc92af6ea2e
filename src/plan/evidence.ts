// Which scan findings belong to which legacy key. The rule (documented in `plan --help`):
//  1. config `integrations`: a finding whose file matches one of an entry's `paths` globs
//     belongs to that entry's key (a key id), or to every key of that owner (an email);
//  2. otherwise, a file that holds a hard-coded key whose redacted form (`apk_user_…abcd`)
//     equals exactly one inventory key's `redacted` gives all of that file's endpoint
//     findings to that key (two keys with the same redacted form: not attributed, warned);
//  3. anything else is not attributed; those keys fall back to what v1/v2 offered them.
import type { LegacyKey } from '../documents/inventory.js';
import type { Finding, ScanDocument } from '../documents/scan.js';
import type { PlanConfig } from './config.js';
import { matchesGlob } from './glob.js';

export interface Attribution {
  byKey: Map<string, Finding[]>;
  /** Endpoint findings that belong to no key. */
  unattributed: Finding[];
  warnings: string[];
}

function push(map: Map<string, Finding[]>, keyId: string, f: Finding): void {
  const list = map.get(keyId);
  if (list) {
    if (!list.includes(f)) list.push(f);
  } else map.set(keyId, [f]);
}

export function attributeFindings(
  scan: ScanDocument,
  keys: readonly LegacyKey[],
  integrations: PlanConfig['integrations'],
): Attribution {
  const warnings: string[] = [];
  const byKey = new Map<string, Finding[]>();
  const endpointFindings = scan.findings.filter((f) => f.category === 'endpoint' && f.endpoint);

  // Rule 1: config integrations.
  const targets = integrations.map((entry) => {
    const sel = entry.key.toLowerCase();
    const ids = keys.filter((k) => k.id.toLowerCase() === sel || (k.ownerEmail ?? '').toLowerCase() === sel).map((k) => k.id);
    if (ids.length === 0) warnings.push(`integrations entry ${entry.key} matches no legacy key in the plan`);
    return { entry, ids };
  });
  const claimed = new Set<Finding>();
  for (const f of endpointFindings) {
    for (const { entry, ids } of targets) {
      if (!entry.paths.some((g) => matchesGlob(f.file, g))) continue;
      claimed.add(f);
      for (const id of ids) push(byKey, id, f);
    }
  }

  // Rule 2: a hard-coded key in the same file.
  const byRedacted = new Map<string, LegacyKey[]>();
  for (const k of keys) {
    if (!k.redacted) continue;
    byRedacted.set(k.redacted, [...(byRedacted.get(k.redacted) ?? []), k]);
  }
  const fileOwner = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const f of scan.findings) {
    if (f.category !== 'secret' || !f.key || f.key.kind === 'service-user') continue;
    const matches = byRedacted.get(f.key.redacted) ?? [];
    if (matches.length > 1) {
      warnings.push(`${f.file}:${f.line}: the hard-coded key ${f.key.redacted} matches ${matches.length} inventory keys; its file is not attributed`);
      ambiguous.add(f.file);
      continue;
    }
    const k = matches[0];
    if (!k) continue;
    const prev = fileOwner.get(f.file);
    if (prev !== undefined && prev !== k.id) {
      warnings.push(`${f.file} holds two different hard-coded keys; its findings are not attributed by key`);
      ambiguous.add(f.file);
    } else fileOwner.set(f.file, k.id);
  }
  for (const f of endpointFindings) {
    if (claimed.has(f) || ambiguous.has(f.file)) continue;
    const id = fileOwner.get(f.file);
    if (id === undefined) continue;
    claimed.add(f);
    push(byKey, id, f);
  }

  const unattributed = endpointFindings.filter((f) => !claimed.has(f));
  if (unattributed.length > 0) {
    const files = [...new Set(unattributed.map((f) => f.file))].sort();
    const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? `, and ${files.length - 5} more` : '');
    warnings.push(
      `${unattributed.length} endpoint finding(s) in ${files.length} file(s) belong to no key (${shown}); map them with config integrations [{ key, paths }]`,
    );
  }
  return { byKey, unattributed, warnings };
}
