// Owned by the verify/revoke helper.
// Read back the secrets file `apply --secrets-out` wrote (env or json format, see secrets.ts), so
// verify can test each new token. Tokens stay in the returned map: never printed, never thrown.
import { readFileSync } from 'node:fs';
import { keyRuleFor } from '../catalog/index.js';
import { InputError } from '../errors.js';
import { envVarName, type SecretsFormat } from './secrets.js';

export interface StoredToken {
  token: string;
  /** The service user the file says the token belongs to, when it says. */
  serviceUserId: string | null;
}

export interface SecretsReader {
  path: string;
  format: SecretsFormat;
  /** Token of a service user by name, or undefined. */
  get(name: string): StoredToken | undefined;
  /** Where a missing token was looked for (variable name or JSON key), for messages. */
  where(name: string): string;
}

/** Format from the flag, else json for a .json path, else env (apply's own rule). */
export function secretsFormatFor(path: string, flag?: SecretsFormat): SecretsFormat {
  return flag ?? (path.toLowerCase().endsWith('.json') ? 'json' : 'env');
}

export function readSecretsFile(path: string, format: SecretsFormat): SecretsReader {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the secrets file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, {
      hint: 'pass the file apply wrote with --secrets-out',
    });
  }
  if (format === 'json') return jsonReader(path, text);
  return envReader(path, text);
}

function envReader(path: string, text: string): SecretsReader {
  const values = new Map<string, string>();
  // `# <name> (<service user id>, <scope>[ <org>], role <role>)` precedes each token line.
  const ids = new Map<string, string>();
  let lastComment: { name: string; id: string } | null = null;
  for (const line of text.split('\n')) {
    const c = /^# (\S+) \(([^,()]+),/.exec(line);
    if (c) {
      lastComment = { name: c[1]!, id: c[2]!.trim() };
      continue;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (!m) continue;
    values.set(m[1]!, m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2'));
    if (lastComment && envVarName(lastComment.name) === m[1]) ids.set(m[1]!, lastComment.id);
    lastComment = null;
  }
  return {
    path,
    format: 'env',
    get(name) {
      const v = values.get(envVarName(name));
      return v ? { token: v, serviceUserId: ids.get(envVarName(name)) ?? null } : undefined;
    },
    where: (name) => envVarName(name),
  };
}

function jsonReader(path: string, text: string): SecretsReader {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(`the secrets file ${path} is not JSON`, { hint: 'pass --secrets-format env for a .env file' });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new InputError(`the secrets file ${path} is not a JSON object of service users`, { hint: 'pass the file apply wrote with --secrets-out' });
  }
  const entries = doc as Record<string, unknown>;
  return {
    path,
    format: 'json',
    get(name) {
      const e = entries[name];
      if (typeof e !== 'object' || e === null) return undefined;
      const { token, serviceUserId } = e as { token?: unknown; serviceUserId?: unknown };
      if (typeof token !== 'string' || token === '') return undefined;
      return { token, serviceUserId: typeof serviceUserId === 'string' ? serviceUserId : null };
    },
    where: (name) => `"${name}".token`,
  };
}

/** What kind of credential a stored value is (never the value). */
export function tokenKindLabel(token: string): string {
  return keyRuleFor(token)?.label ?? 'a value that is not a Devin key';
}
