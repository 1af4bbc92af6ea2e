// The transform registry: every JS/TS transform, in the order the runner applies them to one
// file. Each sees the previous one's output, except that those marked `sharesTree` read one tree
// and have their edits merged when none touch (transform-text.ts). `config` is separate: it
// handles .env and JSON.
import type { Transform } from './types.js';
import { keysTransform } from './keys.js';
import { endpointsTransform } from './endpoints.js';
// @transform-imports-start (attribution, pagination, fields: one import line each)
import { attributionTransform } from './attribution.js';
import { paginationTransform } from './pagination.js';
import { fieldsTransform } from './fields.js';
// @transform-imports-end

export const TRANSFORMS: readonly Transform[] = [
  keysTransform,
  endpointsTransform,
  // @transforms-start (attribution, pagination, fields, in that order)
  attributionTransform,
  paginationTransform,
  fieldsTransform,
  // @transforms-end
];

export { configTransform } from './config.js';

/** Every transform name, including config, for `--transform`. */
export function transformNames(): string[] {
  return [...TRANSFORMS.map((t) => t.name), 'config'];
}
