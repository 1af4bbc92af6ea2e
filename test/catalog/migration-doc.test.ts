import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEGACY_ENDPOINTS } from '../../src/catalog/index.js';
import { withEndpointTables } from '../../src/catalog/markdown.js';

const doc = readFileSync(new URL('../../MIGRATION.md', import.meta.url), 'utf8');

describe('MIGRATION.md', () => {
  it('carries the endpoint tables exactly as the catalogue generates them (run `npm run docs` to refresh)', () => {
    expect(doc).toBe(withEndpointTables(doc));
  });

  it('lists every legacy path of the catalogue', () => {
    for (const e of LEGACY_ENDPOINTS) for (const p of e.paths) expect(doc).toContain(`${e.method} ${p}`);
  });
});
