// Errors from undici and Node can carry the request they belonged to (headers included) in
// their own properties. None of them is ever attached to an error we throw: we keep a plain
// copy with only a name, a code and a redacted message.
import { redactText } from '../catalog/index.js';

export interface SafeCause {
  name: string;
  code: string;
  message: string;
}

/** Node/undici error code of an error or of anything in its cause chain. */
export function errorCode(e: unknown): string {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}

/** A plain Error holding only name, code and redacted message of the original. */
export function sanitizeCause(e: unknown): Error & { code: string } {
  const name = e instanceof Error ? e.name : 'Error';
  const message = e instanceof Error ? e.message : String(e);
  const safe = new Error(redactText(message).slice(0, 300)) as Error & { code: string };
  safe.name = name;
  safe.code = errorCode(e);
  // The stack names only our frames and undici's; it never holds request data.
  safe.stack = `${safe.name}: ${safe.message}`;
  return safe;
}
