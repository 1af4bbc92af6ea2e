// Keys come from environment variables or files, never from flag values (they would leak into
// shell history and `ps`). Every message here names the key's type, never its value.
import { readFileSync } from 'node:fs';
import { keyRuleFor, keyWorksWith, requiredKeyFor, type ApiVersion } from '../catalog/index.js';
import { AuthError, InputError } from '../errors.js';

/** Where the commands read the v3 token (cog_…) from. */
export const V3_KEY_ENV = 'DEVIN_API_KEY';
/** Where the commands read the legacy Enterprise Admin key (apk_user_…) from. */
export const LEGACY_KEY_ENV = 'DEVIN_LEGACY_API_KEY';

export interface KeySource {
  /** Environment variable to read, e.g. DEVIN_API_KEY. */
  envVar: string;
  /** Flag that names a file instead, e.g. --key-file. */
  fileFlag: string;
  file?: string | undefined;
  version: ApiVersion;
  /** What the key is for, e.g. "the v3 side of the inventory". */
  purpose: string;
}

export function readKey(src: KeySource, env: NodeJS.ProcessEnv): string {
  let value: string | undefined;
  let from: string;
  if (src.file) {
    from = `${src.fileFlag} ${src.file}`;
    try {
      value = readFileSync(src.file, 'utf8').trim();
    } catch (e) {
      throw new InputError(`cannot read the key file ${src.file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, {
        hint: `check the path given to ${src.fileFlag}`,
      });
    }
  } else {
    from = src.envVar;
    value = env[src.envVar]?.trim();
  }
  if (!value) {
    throw new AuthError(`no key for ${src.purpose}: ${src.envVar} is not set`, {
      hint: `set ${src.envVar} or pass ${src.fileFlag} PATH with ${requiredKeyFor(src.version)}`,
    });
  }
  if (!keyWorksWith(value, src.version)) {
    const rule = keyRuleFor(value);
    const what = rule ? `a ${rule.label}` : 'a value that is not a Devin key';
    throw new AuthError(`${from} holds ${what}, but ${src.purpose} needs ${requiredKeyFor(src.version)}`, {
      hint: `put the right key in ${src.envVar} or a file named by ${src.fileFlag}`,
    });
  }
  return value;
}
