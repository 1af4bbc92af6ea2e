// How a module reads its settings, so that what the codemod adds (the org id, the user to create
// sessions as) reads them the same way: `process.env.X` in Node, `Deno.env.get('X')` in Deno,
// `Bun.env.X`, `import.meta.env.X` (Vite, Astro). A module that reads none of them gets Node's.

/** The default expression `process.env.X` as this module would write it. */
export function envLookup(text: string, name: string): string {
  if (text.includes('process.env')) return `process.env.${name}`;
  if (text.includes('Deno.env.get(')) return `Deno.env.get('${name}')`;
  if (text.includes('Bun.env.')) return `Bun.env.${name}`;
  if (text.includes('import.meta.env')) return `import.meta.env.${name}`;
  return `process.env.${name}`;
}

/** `process.env.X` given as an option's default: the module's own way of reading X instead. */
export function inModuleStyle(expr: string, text: string): string {
  const m = /^process\.env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
  return m ? envLookup(text, m[1]!) : expr;
}
