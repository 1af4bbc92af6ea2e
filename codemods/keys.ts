// keys: hard-coded Devin keys become environment lookups (placeholder; being written).
import type { Transform } from './types.js';

export const keysTransform: Transform = {
  name: 'keys',
  description: 'replace hard-coded apk_/apk_user_/cog_ keys by an environment lookup',
  mayApply: () => false,
  apply: () => ({ edits: [], markers: [] }),
};
