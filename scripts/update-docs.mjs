// Rewrite the generated endpoint tables in MIGRATION.md from the built catalogue.
import { readFileSync, writeFileSync } from 'node:fs';
import { withEndpointTables } from '../dist/src/catalog/markdown.js';

const path = new URL('../MIGRATION.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withEndpointTables(before);
writeFileSync(path, after);
console.error(before === after ? 'MIGRATION.md is up to date' : 'MIGRATION.md endpoint tables updated');
