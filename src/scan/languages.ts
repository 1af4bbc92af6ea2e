// Which files the scanner reads and how it reads each kind: JS/TS lexes like JavaScript,
// Python like Python, the rest (shell, YAML, Dockerfiles, .env, config) as shell-like text.

export type Lang = 'js' | 'json' | 'python' | 'shell' | 'yaml' | 'env' | 'dockerfile' | 'markdown' | 'config';

const BY_EXTENSION: Readonly<Record<string, Lang>> = Object.assign(Object.create(null) as Record<string, Lang>, {
  ts: 'js', tsx: 'js', mts: 'js', cts: 'js', js: 'js', jsx: 'js', mjs: 'js', cjs: 'js',
  json: 'json', jsonc: 'json', json5: 'json',
  py: 'python', pyw: 'python', pyi: 'python',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell',
  yml: 'yaml', yaml: 'yaml',
  env: 'env',
  dockerfile: 'dockerfile', containerfile: 'dockerfile',
  md: 'markdown', markdown: 'markdown', mdx: 'markdown',
  toml: 'config', ini: 'config', cfg: 'config', conf: 'config', properties: 'config', tf: 'config', tfvars: 'config', hcl: 'config',
  http: 'config', rest: 'config',
});

const BY_NAME: Readonly<Record<string, Lang>> = Object.assign(Object.create(null) as Record<string, Lang>, {
  dockerfile: 'dockerfile',
  containerfile: 'dockerfile',
  makefile: 'shell',
  gnumakefile: 'shell',
  procfile: 'shell',
});

/**
 * The kind of a file from its name, `sniff` when only the first line can tell (an executable
 * script without extension), or null for files the scanner does not read.
 */
export function languageOf(fileName: string): Lang | 'sniff' | null {
  const slash = fileName.lastIndexOf('/');
  const base = slash === -1 ? fileName : fileName.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  // The common case first: a known extension, no special name.
  if (dot > 0) {
    const ext = base.slice(dot + 1);
    const hit = BY_EXTENSION[ext] ?? BY_EXTENSION[ext.toLowerCase()];
    if (hit && !base.startsWith('.env') && !/^(?:docker|container)file\./i.test(base)) return hit;
  }
  const lower = base.toLowerCase();
  if (lower === '.env' || lower.startsWith('.env.')) return 'env';
  const byName = BY_NAME[lower];
  if (byName) return byName;
  if (lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) return 'dockerfile';
  if (dot <= 0) return 'sniff';
  return BY_EXTENSION[lower.slice(dot + 1)] ?? null;
}

/** The kind of an extensionless file from its `#!` line, or null. */
export function languageFromShebang(head: string): Lang | null {
  if (!head.startsWith('#!')) return null;
  const line = head.slice(0, head.indexOf('\n') === -1 ? head.length : head.indexOf('\n'));
  if (/\bpython[0-9.]*\b/.test(line)) return 'python';
  if (/\b(?:node|deno|bun|tsx|ts-node)\b/.test(line)) return 'js';
  if (/\b(?:ba|z|k|da)?sh\b/.test(line)) return 'shell';
  return null;
}

/** Markdown fence info strings to a language; anything unknown reads as shell-like text. */
export function languageOfFence(info: string): Lang {
  const tag = info.trim().split(/[\s{,]/)[0]!.toLowerCase();
  switch (tag) {
    case 'js': case 'javascript': case 'ts': case 'typescript': case 'jsx': case 'tsx': case 'mjs': case 'cjs': case 'node':
      return 'js';
    case 'json': case 'jsonc': case 'json5':
      return 'json';
    case 'py': case 'python': case 'python3':
      return 'python';
    case 'yaml': case 'yml':
      return 'yaml';
    case 'dockerfile': case 'docker':
      return 'dockerfile';
    case 'env': case 'dotenv':
      return 'env';
    case 'toml': case 'ini': case 'properties':
      return 'config';
    default:
      return 'shell';
  }
}

/** Shell-like languages: unquoted URLs, `$VAR` references, curl commands. */
export function isShellLike(lang: Lang): boolean {
  return lang === 'shell' || lang === 'yaml' || lang === 'env' || lang === 'dockerfile' || lang === 'config';
}
