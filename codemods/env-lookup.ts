// How a module reads its settings, so that what the codemod adds (the org id, the user to create
// sessions as) reads them the same way: `process.env.X` in Node, `Deno.env.get('X')` in Deno,
// `Bun.env.X`, `import.meta.env.X` (Vite, Astro), with the bundler's public prefix where the
// module's own reads all have it. A module that reads none of them gets Node's.

/** The default expression `process.env.X` as this module would write it. */
export function envLookup(text: string, name: string): string {
  if (text.includes('process.env')) return `process.env.${USE_CLIENT_RE.test(text) ? 'NEXT_PUBLIC_' : publicPrefix(text, /\bprocess\.env\.(\w+)/g)}${name}`;
  if (text.includes('Deno.env.get(')) return `Deno.env.get('${name}')`;
  if (text.includes('Bun.env.')) return `Bun.env.${name}`;
  if (text.includes('import.meta.env')) return `import.meta.env.${publicPrefix(text, /\bimport\.meta\.env\.(\w+)/g)}${name}`;
  // A Next.js client component sees only NEXT_PUBLIC_ variables.
  return `process.env.${USE_CLIENT_RE.test(text) ? 'NEXT_PUBLIC_' : ''}${name}`;
}

/** The `'use client'` directive, after any leading comments. */
const USE_CLIENT_RE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use client['"]/;

/**
 * Bundlers hand browser code only the variables named with their prefix (`VITE_`, `NEXT_PUBLIC_`,
 * `REACT_APP_`…): where every variable the module reads has one, what the codemod adds has it too.
 */
export const PUBLIC_PREFIXES = ['NEXT_PUBLIC_', 'NUXT_PUBLIC_', 'EXPO_PUBLIC_', 'VITE_', 'REACT_APP_', 'PUBLIC_'];

function publicPrefix(text: string, reads: RegExp): string {
  const names = [...text.matchAll(reads)].map((m) => m[1]!);
  if (names.length === 0) return '';
  return PUBLIC_PREFIXES.find((p) => names.every((n) => n.startsWith(p))) ?? '';
}

/** `process.env.X` given as an option's default: the module's own way of reading X instead. */
export function inModuleStyle(expr: string, text: string): string {
  const m = /^process\.env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
  return m ? envLookup(text, m[1]!) : expr;
}
