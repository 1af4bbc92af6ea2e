// The transform registry and the light list of names the CLI shows without loading transforms.
import { describe, expect, it } from 'vitest';
import { TRANSFORMS, transformNames } from '../../codemods/index.js';
import { TRANSFORM_NAMES } from '../../codemods/names.js';

describe('codemod transform registry', () => {
  it('runs keys, endpoints, attribution, pagination, fields in that order, then config for non-JS files', () => {
    expect(TRANSFORMS.map((t) => t.name)).toEqual(['keys', 'endpoints', 'attribution', 'pagination', 'fields']);
    expect(transformNames()).toEqual([...TRANSFORMS.map((t) => t.name), 'config']);
  });

  it('the CLI list of names matches the registry', () => {
    expect([...TRANSFORM_NAMES]).toEqual(transformNames());
  });
});
