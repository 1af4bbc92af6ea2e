// The scan document's kind and version, apart from its zod schema so the scanner can stamp a
// document without loading zod (start-up time counts for `devin-migrate scan`).
export const SCAN_KIND = 'devin-migrate/scan';
export const SCAN_SCHEMA_VERSION = 1;
