// Which names a string is assigned to, read from the text before it on its line:
// `const BASE = '…'`, `BASE_URL: str = "…"`, `export DEVIN_API_URL=…`, `ENV DEVIN_API_URL …`,
// `baseURL: '…'`, `base_url="…"`, and the env var of a default
// (`process.env.DEVIN_API_URL || '…'`, `os.getenv("DEVIN_API_URL", "…")`, `${DEVIN_API_URL:-…}`),
// so `${BASE}/sessions` elsewhere can be resolved.

const ENV_DEFAULTS: readonly RegExp[] = [
  /(?:process\.env\.([A-Za-z_]\w*)|process\.env\[\s*['"]([A-Za-z_]\w*)['"]\s*\])\s*(?:\|\||\?\?)\s*$/,
  /(?:os\.getenv|os\.environ\.get|environ\.get|getenv)\(\s*['"]([A-Za-z_]\w*)['"]\s*,\s*(?:default\s*=\s*)?$/,
  /(?:os\.getenv|os\.environ\.get|environ\.get|getenv)\(\s*['"]([A-Za-z_]\w*)['"]\s*\)\s*or\s*$/,
  /\$\{([A-Za-z_]\w*):?[-=]$/,
];

const QUOTE_OR_CALL = /(?:["'\x60]|\b(?:new\s+URL|URL|String|str|urljoin|path\.join)\s*\(\s*)$/;

const ASSIGNMENT =
  /(?:^|[\s;,({-])(?:(?:export|const|let|var|readonly|private|public|protected|static|declare|final|local|set)\s+)*["']?([A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$]*)*)["']?\s*(?::\s*[A-Za-z_][\w.<>[\]|, ]*?)?\s*(?:=|:)\s*$/;

const DECLARATION = /(?:^|[\s;,({-])(?:export|const|let|var)\s/;
const TOP_LEVEL = /^[A-Za-z_$][\w$]*\s*(?::\s*[^=]+)?=\s*$/;

const DOCKER_ENV_SPACE = /^\s*(?:ENV|ARG)\s+([A-Za-z_]\w*)\s+$/;

export interface BoundName {
  name: string;
  /** An environment variable (its default, or an assignment in shell, .env, YAML, Dockerfile). */
  env: boolean;
  /**
   * Other modules can see it: an environment variable, a declaration (`const`, `export`,
   * `let`, `var`) or a top-level assignment (`BASE_URL = …` at the start of a line). Object
   * keys and keyword arguments (`baseURL: …`, `base_url=…`) are not.
   */
  shared: boolean;
}

/**
 * Names bound to the value that starts at the end of `before` (the text before it, up to its
 * line start). `envLike`: the file's own assignments are environment variables.
 */
export function bindingNames(before: string, previousLine = '', envLike = false): BoundName[] {
  const names: BoundName[] = [];
  let pre = before;
  if (pre.trim() === '' && /[=:]\s*$/.test(previousLine)) pre = `${previousLine} `;
  for (let changed = true; changed; ) {
    changed = false;
    const q = QUOTE_OR_CALL.exec(pre);
    if (q && q[0].length > 0) {
      pre = pre.slice(0, q.index);
      changed = true;
      continue;
    }
    for (const re of ENV_DEFAULTS) {
      const m = re.exec(pre);
      if (m) {
        names.push({ name: (m[1] ?? m[2])!, env: true, shared: true });
        pre = pre.slice(0, m.index);
        changed = true;
        break;
      }
    }
  }
  const docker = DOCKER_ENV_SPACE.exec(pre);
  if (docker) return [{ name: docker[1]!, env: true, shared: true }, ...names];
  const m = ASSIGNMENT.exec(pre);
  if (m && !KEYWORDS.has(m[1]!)) {
    const shared = envLike || DECLARATION.test(m[0]) || TOP_LEVEL.test(pre);
    names.unshift({ name: m[1]!, env: envLike, shared });
  }
  return names;
}

const KEYWORDS = new Set(['return', 'case', 'default', 'http', 'https']);
