// The endpoint catalogue: the one table that the scanner, codemods, planner, fake API, client
// and MIGRATION.md all read. See README.md in this folder.
export * from './permissions.js';
export * from './keys.js';
export * from './v3-endpoints.js';
export * from './legacy-endpoints.js';
export * from './match.js';
export * from './hosts.js';
export * from './status.js';
