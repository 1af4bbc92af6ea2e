// The codemod document's kind and version, apart from its zod schema so the runner can stamp a
// document without loading zod (about 60 ms of every `devin-migrate codemod` run).
export const CODEMOD_KIND = 'devin-migrate/codemod';
export const CODEMOD_SCHEMA_VERSION = 1;
