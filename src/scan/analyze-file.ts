// First look at one file: keys and key-carrying env var names (final at once), the string
// expressions that may reference the Devin API, and the names the file binds to Devin URLs
// (which other files may import). Endpoints are classified later (classify-file.ts), once the
// names bound anywhere in the scanned tree are known.
import { bindingNames, type BoundName } from './bindings.js';
import { expressionsOf, type StringExpr } from './expressions.js';
import { isShellLike, type Lang } from './languages.js';
import { Lines } from './lines.js';
import { KEY_RULE_IDS, ruleMatches, scanRule } from './rules.js';
import { segmentsOf, type Segment } from './segments.js';
import { keyRuleFor, redactKey } from '../catalog/index.js';
import type { RawFinding } from './raw-finding.js';

export interface BoundExpr {
  expr: StringExpr;
  /** Names this expression's value is assigned to (`const BASE = …`). */
  names: BoundName[];
}

export interface FileAnalysis {
  file: string;
  lang: Lang;
  text: string;
  lines: Lines;
  /** Keys and env names: complete after this step. */
  findings: RawFinding[];
  exprs: BoundExpr[];
  /** The file names the Devin API (a host, a DEVIN_* variable, a key). */
  devinContext: boolean;
  /** Names bound from this file's own text alone (computed once, see classify-file.ts). */
  local?: Map<string, LocalBinding>;
}

export interface LocalBinding {
  value: string;
  env: boolean;
  shared: boolean;
}

const ENV_RULE = scanRule('devin/key-env-var');
const KEY_RULES = (['personal', 'service', 'service-user'] as const).map((k) => scanRule(KEY_RULE_IDS[k]));

function keyFindings(text: string): RawFinding[] {
  const out: RawFinding[] = [];
  if (!text.includes('apk_') && !text.includes('cog_')) return out;
  for (const rule of KEY_RULES) {
    for (const m of ruleMatches(rule, text)) {
      const keyRule = keyRuleFor(m[0])!;
      const redacted = redactKey(m[0]);
      out.push({
        ruleId: rule.id,
        offset: m.index,
        content: redacted,
        message: `hard-coded ${keyRule.label} ${redacted}: ${keyRule.kind === 'service-user' ? 'move it to a secret store and rotate it' : 'replace it with a service-user token (cog_…) read from the environment, then revoke it'}`,
        key: { kind: keyRule.kind, redacted },
      });
    }
  }
  return out;
}

/** Key env var names; in Markdown only inside code blocks (prose that names a variable is not where a key is set). */
function envFindings(text: string, lines: Lines, segments: readonly Segment[], lang: Lang): RawFinding[] {
  const out: RawFinding[] = [];
  if (!text.includes('DEVIN')) return out;
  const seen = new Set<string>();
  for (const m of ruleMatches(ENV_RULE, text)) {
    if (lang === 'markdown' && !segments.some((s) => m.index >= s.from && m.index < s.to)) continue;
    // One finding per variable per line (`DEVIN_API_KEY: ${{ secrets.DEVIN_API_KEY }}` is one place).
    const dedupe = `${lines.indexOf(m.index)}:${m[0]}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push({
      ruleId: ENV_RULE.id,
      offset: m.index,
      content: m[0],
      message: `${m[0]} carries a Devin key: when this code moves to v3, put a service-user token (cog_…) in it instead of the legacy key`,
      envVar: m[0],
    });
  }
  return out;
}

export function hasDevinContext(text: string, extraHosts: readonly string[]): boolean {
  return (
    text.includes('api.devin.ai') ||
    text.includes('devinenterprise.com') ||
    /DEVIN_[A-Z]/.test(text) ||
    extraHosts.some((h) => text.includes(h))
  );
}

export function analyzeFile(file: string, text: string, lang: Lang, extraHosts: readonly string[]): FileAnalysis {
  const lines = new Lines(text);
  const segments = segmentsOf(text, lang);
  const findings = [...keyFindings(text), ...envFindings(text, lines, segments, lang)];
  const exprs: BoundExpr[] = [];
  for (const seg of segments) {
    for (const expr of expressionsOf(text, seg.lang, seg.from, seg.to)) {
      const li = lines.indexOf(expr.start);
      // The line before the string, at most 240 characters (minified files have long lines).
      const before = text.slice(Math.max(lines.start(li), seg.from, expr.start - 240), expr.start);
      const prev = li > 0 ? lines.line(li - 1) : '';
      exprs.push({ expr, names: bindingNames(before, prev, isShellLike(seg.lang) || seg.lang === 'json') });
    }
  }
  const devinContext = findings.some((f) => f.key !== undefined) || hasDevinContext(text, extraHosts);
  return { file, lang, text, lines, findings, exprs, devinContext };
}
