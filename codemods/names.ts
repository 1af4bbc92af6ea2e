// Transform names without loading the transforms (the CLI's --help and flag checks stay fast;
// the parser is loaded only when a file needs it). test/codemods keeps this in step with index.ts.
export const TRANSFORM_NAMES = ['keys', 'endpoints', 'attribution', 'pagination', 'fields', 'config'] as const;
