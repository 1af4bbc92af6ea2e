// endpoints: legacy v1/v2 Devin API URLs and paths become their v3 twins, through the catalogue
// (src/catalog), wherever code builds them: literals, templates, `+`, `new URL`, base constants
// (also imported), axios `baseURL` + relative paths, thin wrappers taking a path. A base shared by
// several calls is rewritten once so every joined path stays right. Calls with no v3 equivalent,
// that need a value the call lacks, or the forbidden revoke-all get a marker instead.
import { narrowEdit } from './edit-set.js';
import { envLookup, inModuleStyle } from './env-lookup.js';
import { markerEditAt } from './markers.js';
import { mayHandOn, outsideCalls, outsideMarker } from './outside-callers.js';
import { movedWith } from './transform-text.js';
import type { Edit, Span, Transform, TransformInput, TransformOutput } from './types.js';
import { DEFAULT_CODEMOD_OPTIONS } from './types.js';
import { analyzeFile, mayHaveDevinUrl, ORG_ID_CONST, type FileAnalysis } from './url/analyze.js';
import { ORG, type Site } from './url/model.js';
import { planLeaf } from './url/plan.js';
import { byFileOrdinal, solve, type Item } from './url/solve.js';


function escapeTemplate(s: string, orgRef: string): string {
  return s
    .split(ORG)
    .map((piece) => piece.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${'))
    .join(`\${${orgRef}}`);
}

function escapeString(s: string, quote: string): string {
  return s.replace(/\\/g, '\\\\').split(quote).join(`\\${quote}`);
}

function siteEdit(text: string, site: Site, next: string, orgRef: string): Edit {
  const loc = site.loc!;
  if (site.form === 'jsx') {
    const quote = text[loc.nodeStart]!;
    if (next.includes(ORG) || next.includes(quote)) return { start: loc.nodeStart, end: loc.nodeEnd, text: `{\`${escapeTemplate(next, orgRef)}\`}` };
    return { start: loc.start, end: loc.end, text: next };
  }
  if (site.form === 'string') {
    if (next.includes(ORG)) return { start: loc.nodeStart, end: loc.nodeEnd, text: `\`${escapeTemplate(next, orgRef)}\`` };
    return { start: loc.start, end: loc.end, text: escapeString(next, text[loc.nodeStart]!) };
  }
  return { start: loc.start, end: loc.end, text: escapeTemplate(next, orgRef) };
}

function orgDeclarationEdit(spot: FileAnalysis['orgDeclaration'], text: string): Edit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const decl = `const ${ORG_ID_CONST} = ${envLookup(text, 'DEVIN_ORG_ID')};`;
  return spot.afterStatement ? { start: spot.at, end: spot.at, text: `${eol}${decl}` } : { start: spot.at, end: spot.at, text: `${decl}${eol}${eol}` };
}

/** The environment variable that overrides a base (`process.env.X ?? '…/v1'`): X. */
function envOverriding(site: Site): string | undefined {
  const env = site.fallback && /^process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\])$/.exec(site.fallback);
  return env ? (env[1] ?? env[2]!) : undefined;
}

function apply(input: TransformInput): TransformOutput {
  const { fileName, text, options, project } = input;
  const index = project.endpoints;
  // The pre-pass analysed this very text: reuse it (the tree is then not even parsed here).
  const cached = index?.analysisFor?.(fileName, text);
  const analysis = cached ?? analyzeFile(fileName, input.sourceFile, (spec, imported) => index?.importFact(fileName, spec, imported));
  const items: Item[] = [];
  const keys = new Set<string>();
  for (const leaf of analysis.leaves) {
    const plan = planLeaf(leaf);
    if (!plan) continue;
    items.push({ leaf, plan });
    for (const p of leaf.parts) if (p.kind === 'lit') keys.add(p.site.key);
  }
  // This file's bases may be used only elsewhere (an exported constant): those uses count too.
  for (const k of analysis.siteKeys) keys.add(k);
  for (const leaf of index?.foreignLeaves(fileName, keys) ?? []) {
    const plan = planLeaf(leaf);
    if (plan) items.push({ leaf, plan });
  }
  if (items.length === 0) return { edits: [], markers: [], moved: [] };
  items.sort((a, b) => byFileOrdinal(a.leaf, b.leaf));
  // Uses shared with other files are solved once per run when they are the index's own objects.
  const solution = solve(items, cached ? index?.solutions : undefined);

  // The module's own DEVIN_ORG_ID, or one declared for it; the expression itself where the name
  // is taken by a function or class.
  const useConst = options.orgIdExpr === DEFAULT_CODEMOD_OPTIONS.orgIdExpr && !analysis.orgDeclaration.taken;
  const orgRef = useConst ? ORG_ID_CONST : inModuleStyle(options.orgIdExpr, text);
  const edits: Edit[] = [];
  const markers: string[] = [];
  const seenMarkers = new Set<string>();
  const addMarker = (at: number, message: string): void => {
    const id = `${at}\u0000${message}`;
    if (seenMarkers.has(id)) return;
    seenMarkers.add(id);
    const e = markerEditAt(text, at, message);
    if (e) {
      edits.push(e);
      markers.push(message);
    }
  };

  let needsOrg = false;
  for (const [key, next] of solution.siteText) {
    const site = solution.sites.get(key)!;
    if (site.file !== fileName || !site.loc) continue;
    edits.push(narrowEdit(text, siteEdit(text, site, next, orgRef)));
    if (next.includes(ORG)) needsOrg = true;
    if (site.fallback !== undefined) {
      addMarker(
        site.loc.anchor,
        `${site.fallback} overrides this base: where it is set, it must now be a v3 base like ${next} (devin-migrate rewrites .env files in this repository, not deployed environments)`,
      );
      // Tell the config transform what this variable's value becomes in .env files.
      const env = envOverriding(site);
      const path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?$/i.exec(next);
      if (env && path && index?.envBases) index.envBases.set(env, path[1] ?? '');
    }
  }
  // And which variables' values must stay: a call built on their base keeps its legacy URL.
  for (const { leaf } of items) {
    if (!solution.kept.has(leaf)) continue;
    for (const p of leaf.parts) {
      if (p.kind !== 'lit' || p.site.file !== fileName || solution.siteText.has(p.site.key)) continue;
      const env = envOverriding(p.site);
      if (env && index?.envKept) index.envKept.set(env, p.site.owner ?? '');
    }
  }
  const moved: Span[] = [];
  let keepsLegacy = false;
  for (const leaf of analysis.leaves) {
    const at = analysis.anchors.get(leaf);
    if (at === undefined) continue;
    const reason = solution.kept.get(leaf);
    if (reason) {
      addMarker(at, reason);
      keepsLegacy = true;
    }
    if (solution.rewritten.has(leaf)) {
      const plan = planLeaf(leaf);
      const changed = leaf.parts.some((p) => p.kind === 'lit' && solution.siteText.has(p.site.key));
      if (plan && changed) for (const n of plan.notes) addMarker(at, n);
      const span = analysis.spans.get(leaf);
      if (changed && span) moved.push(span);
    }
  }
  // Responses of moved calls that exported functions hand to callers outside the run.
  if (moved.length > 0 && mayHandOn(text)) {
    const outside = project.outsideCallsFor?.(fileName, text) ?? outsideCalls({ fileName, text, sourceFile: input.sourceFile, project });
    for (const o of outside) {
      if (!movedWith(moved, o.call)) continue;
      const m = outsideMarker(o, fileName, project);
      if (m) addMarker(o.at, m);
    }
  }
  if (needsOrg && useConst && !analysis.orgDeclaration.declared) edits.unshift(orgDeclarationEdit(analysis.orgDeclaration, text));
  return { edits, markers, moved, keepsLegacy };
}

export const endpointsTransform: Transform = {
  name: 'endpoints',
  description: 'rewrite v1/v2 Devin API URLs and paths to v3 through the catalogue',
  mayApply: (text, context) =>
    (context?.project.namesDevinUrl?.(context.fileName, text) ?? mayHaveDevinUrl(text)) || (context?.project.importsDevin?.(context.fileName) ?? false),
  apply,
  sharesTree: true,
  readsWholeProject: true,
};
