// The pure middle of the runner: given file texts, build the project index and run the
// transforms on each file. No I/O; the runner (runner.ts) reads, diffs and writes, and the
// fixture tests call this directly.
import { configTransform, type ConfigTransform } from './config.js';
import { outsideCalls } from './outside-callers.js';
import { buildProjectIndex, isCodeFile, type AliasesFor, type IndexOptions, type PathAlias } from './project-index.js';
import { markForeignTypeMembers } from './response-types.js';
import { applyEdits, checkText, errorsOfText, parse, transformTextUnchecked, type UncheckedText } from './transform-text.js';
import type { ts } from './ts.cjs';
import { EMPTY_PROJECT_INDEX, type CodemodOptions, type ForeignTypeMarker, type ProjectIndex, type Transform, type TransformOutput } from './types.js';

export interface PipelineFile {
  path: string;
  text: string;
}

export interface PipelineOptions {
  transforms: readonly Transform[];
  /** Run the config transform on .env and JSON files. */
  config: boolean;
  options: CodemodOptions;
  aliases?: readonly PathAlias[] | AliasesFor;
  configTransform?: ConfigTransform;
  /** See TransformTextOptions.shareTrees (default on). */
  shareTrees?: boolean;
}

export interface FileOutcome {
  path: string;
  action: 'changed' | 'unchanged' | 'skipped' | 'error';
  text: string;
  applied: { transform: string; edits: number; markers: string[] }[];
  /** Things JSON cannot carry as comments, and other facts for the report. */
  notes: string[];
  /** Legacy uses left that no marker records (JSON values). */
  unresolved: number;
  error?: string;
  /** Transforms that shared a tree with the one before them (see transformText). */
  merged?: number;
}

export function runPipeline(files: readonly PipelineFile[], opts: PipelineOptions): FileOutcome[] {
  const config = opts.configTransform ?? configTransform;
  const needsIndex = opts.transforms.some((t) => t.name === 'endpoints');
  const codeTexts = new Map<string, string>();
  for (const f of files) if (isCodeFile(f.path)) codeTexts.set(f.path, f.text);
  const project: ProjectIndex = needsIndex ? buildProjectIndex(codeTexts, { aliases: opts.aliases, runAhead: opts.shareTrees === false ? undefined : runAhead(opts), outsideCalls: (fileName, text, sourceFile, project) => outsideCalls({ fileName, text, sourceFile, project }) }) : EMPTY_PROJECT_INDEX;
  if (needsIndex) project.endpointsOutcome = endpointsOutcomes(codeTexts, opts, project);
  // Code first: what it decides about env-overridable bases is what .env values must become.
  const out = new Map<PipelineFile, FileOutcome>();
  const asked: ForeignTypeMarker[] = [];
  // Every module's transforms, then every result's syntax check one after the other: the parser
  // stays warm between checks (see UncheckedText).
  const unchecked = new Map<PipelineFile, UncheckedText | FileOutcome>();
  for (const f of files) if (isCodeFile(f.path)) unchecked.set(f, transformCode(f, opts, project));
  for (const [f, u] of unchecked) out.set(f, 'result' in u ? codeOutcome(f, u, asked) : u);
  if (asked.length > 0) markForeignTypes(new Map(files.filter((f) => out.has(f)).map((f) => [f.path, out.get(f)!])), asked, project);
  for (const f of files) if (!isCodeFile(f.path)) out.set(f, runConfig(f, opts, project, config));
  return files.map((f) => out.get(f)!);
}

/**
 * The markers modules asked for on types other modules of the run declare (a response typed
 * with an imported `Session`), put on those modules' text as their own transforms left it; a
 * module that re-exports the type hands them on to the one it comes from.
 */
function markForeignTypes(outcomes: ReadonlyMap<string, FileOutcome>, asked: readonly ForeignTypeMarker[], project: ProjectIndex): void {
  const resolve = (from: string, spec: string): string | undefined => project.resolveModule?.(from, spec);
  let pending = asked;
  for (let hop = 0; hop < 4 && pending.length > 0; hop++) {
    const byFile = new Map<string, ForeignTypeMarker[]>();
    for (const a of pending) byFile.set(a.file, [...(byFile.get(a.file) ?? []), a]);
    pending = [];
    for (const [file, markers] of byFile) {
      const o = outcomes.get(file);
      if (!o || o.action === 'error') continue;
      const { output, forward } = markForeignTypeMembers(file, parse(file, o.text), o.text, markers, resolve);
      pending = [...pending, ...forward];
      if (output.edits.length === 0) continue;
      // The module's result was checked before these markers: check it again, as written.
      const next = applyEdits(o.text, output.edits);
      const errors = errorsOfText(file, next);
      if (errors.length > 0) {
        o.notes.push(`type markers asked for by other modules were left out: with them the file would not parse (${errors[0]})`);
        continue;
      }
      o.text = next;
      o.action = 'changed';
      const fields = o.applied.find((a) => a.transform === 'fields');
      if (fields) {
        fields.edits += output.edits.length;
        fields.markers = [...fields.markers, ...output.markers];
      } else o.applied.push({ transform: 'fields', edits: output.edits.length, markers: output.markers });
    }
  }
}

/** What endpoints does to each module's text as read, asked for modules whose functions relay calls; once each. */
function endpointsOutcomes(texts: ReadonlyMap<string, string>, opts: PipelineOptions, project: ProjectIndex): NonNullable<ProjectIndex['endpointsOutcome']> {
  const endpoints = opts.transforms.find((t) => t.name === 'endpoints')!;
  const known = new Map<string, Pick<TransformOutput, 'moved' | 'keepsLegacy'> | undefined>();
  return (fileName) => {
    if (known.has(fileName)) return known.get(fileName);
    const text = texts.get(fileName);
    let outcome: Pick<TransformOutput, 'moved' | 'keepsLegacy'> | undefined;
    if (text !== undefined) {
      let sourceFile: ts.SourceFile | undefined;
      const input = { fileName, text, options: opts.options, project, get sourceFile() { return (sourceFile ??= parse(fileName, text)); } };
      try {
        const out = endpoints.mayApply(text, { fileName, project }) ? endpoints.apply(input) : { edits: [], markers: [] };
        outcome = { moved: out.moved ?? [], keepsLegacy: out.keepsLegacy ?? false };
      } catch {
        outcome = undefined; // that module's own run reports the failure
      }
    }
    known.set(fileName, outcome);
    return outcome;
  };
}

/**
 * The tree-sharing transforms that need no whole-project facts, run on the tree the index parsed
 * (the file is then parsed once for all of them). Only for a text the transforms before them
 * leave alone, so that it is the text they will see.
 */
function runAhead(opts: PipelineOptions): IndexOptions['runAhead'] {
  const first = opts.transforms.findIndex((t) => t.sharesTree);
  if (first < 0) return undefined;
  const before = opts.transforms.slice(0, first);
  const ahead = opts.transforms.filter((t) => t.sharesTree && !t.readsWholeProject);
  if (ahead.length === 0) return undefined;
  return (fileName, text, sourceFile, project) => {
    const context = { fileName, project };
    if (before.some((t) => t.mayApply(text, context))) return undefined;
    const outputs = new Map<string, TransformOutput>();
    try {
      for (const t of ahead) if (t.mayApply(text, context)) outputs.set(t.name, t.apply({ fileName, text, sourceFile, options: opts.options, project }));
    } catch {
      return undefined; // the file's own run reports the failure
    }
    return outputs;
  };
}

/** A code module's transforms, their result still to be checked (or the failure). */
function transformCode(f: PipelineFile, opts: PipelineOptions, project: ProjectIndex): UncheckedText | FileOutcome {
  try {
    return transformTextUnchecked(f.path, f.text, opts.transforms, opts.options, project, { shareTrees: opts.shareTrees });
  } catch (e) {
    return failed(f, e);
  }
}

/** The outcome of a code module once its result is checked: an error when it would not parse. */
function codeOutcome(f: PipelineFile, u: UncheckedText, asked: ForeignTypeMarker[]): FileOutcome {
  try {
    const r = checkText(u);
    asked.push(...r.foreignTypeMarkers);
    if (r.error) return { path: f.path, action: 'error', text: f.text, applied: r.applied, notes: [], unresolved: 0, error: r.error };
    return { path: f.path, action: r.changed ? 'changed' : 'unchanged', text: r.text, applied: r.applied, notes: [], unresolved: 0, merged: r.merged };
  } catch (e) {
    return failed(f, e);
  }
}

function failed(f: PipelineFile, e: unknown): FileOutcome {
  return { path: f.path, action: 'error', text: f.text, applied: [], notes: [], unresolved: 0, error: `a transform failed: ${(e as Error).message}` };
}

function runConfig(f: PipelineFile, opts: PipelineOptions, project: ProjectIndex, config: ConfigTransform): FileOutcome {
  if (opts.config && config.matches(f.path)) {
    if (!config.mayApply(f.text)) return { path: f.path, action: 'unchanged', text: f.text, applied: [], notes: [], unresolved: 0 };
    const { envBases, envKept } = project.endpoints ?? {};
    const r = config.apply(f.path, f.text, opts.options, { envBase: (name) => envBases?.get(name), envKept: (name) => envKept?.get(name) });
    if (r.error) return { path: f.path, action: 'error', text: f.text, applied: [], notes: r.notes, unresolved: r.unresolved, error: r.error };
    const applied = r.edits > 0 ? [{ transform: config.name, edits: r.edits, markers: r.markers }] : [];
    return { path: f.path, action: r.text !== f.text ? 'changed' : 'unchanged', text: r.text, applied, notes: r.notes, unresolved: r.unresolved };
  }
  return { path: f.path, action: 'skipped', text: f.text, applied: [], notes: [], unresolved: 0 };
}
