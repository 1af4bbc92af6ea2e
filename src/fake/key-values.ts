// Key values of the fake are never stored: seeds hold key ids, and each value is derived from
// its id at startup with an HMAC, so the same seed always yields the same keys and no key-shaped
// string is committed. Shape: prefix + 32 base62 characters with at least one digit and one
// letter (matches KEY_BODY_PATTERN / looksLikeKeyBody in src/catalog/keys.ts).
import { createHmac } from 'node:crypto';

// Not a secret: the fake's keys only open the fake. Kept fixed so runs are reproducible.
const DERIVATION_SECRET = 'devin-migrate fake api key derivation v1';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_BODY_LENGTH = 32;

export type KeyPrefix = 'apk_user_' | 'apk_' | 'cog_';

function base62Body(input: string): string {
  let out = '';
  let counter = 0;
  while (out.length < KEY_BODY_LENGTH) {
    const digest = createHmac('sha256', DERIVATION_SECRET).update(`${input}#${counter++}`).digest();
    for (const byte of digest) {
      // Reject bytes >= 248 so every base62 character is equally likely.
      if (byte < 248 && out.length < KEY_BODY_LENGTH) out += BASE62[byte % 62];
    }
  }
  // A random body almost always has both; force them so the shape rule always holds.
  if (!/[0-9]/.test(out)) out = `${out.slice(0, -1)}${BASE62[out.charCodeAt(0) % 10]}`;
  if (!/[A-Za-z]/.test(out)) out = `${out.slice(0, -1)}${BASE62[10 + (out.charCodeAt(0) % 52)]}`;
  return out;
}

/** The value of a key, derived from its prefix and id. */
export function deriveKeyValue(prefix: KeyPrefix, keyId: string): string {
  return `${prefix}${base62Body(`${prefix}${keyId}`)}`;
}

/** A deterministic hex id part, for ids minted while the fake runs (`service-user-…`). */
export function deriveHex(input: string, length = 16): string {
  return createHmac('sha256', DERIVATION_SECRET).update(`id:${input}`).digest('hex').slice(0, length);
}
