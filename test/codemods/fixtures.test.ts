// Every codemod fixture, through the real pipeline (project index pre-pass, transforms in
// order, edits, re-parse): `fixtures/codemods/<transform>/<case>.input.<ext>` must become
// `<case>.output.<ext>` with that transform alone, and `fixtures/codemods/projects/<case>/input/`
// must become `output/` with every transform. Each output must parse and be a fixed point (the
// codemod run on it again changes nothing). A `<case>.options.json` (or `options.json` in a
// project) may set codemod options and the transforms to run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../../codemods/index.js';
import { isCodeFile } from '../../codemods/project-index.js';
import { runPipeline, type PipelineFile } from '../../codemods/pipeline.js';
import { parse, syntaxErrors } from '../../codemods/transform-text.js';
import { DEFAULT_CODEMOD_OPTIONS, type CodemodOptions } from '../../codemods/types.js';

const ROOT = join(import.meta.dirname, '../../fixtures/codemods');

interface CaseOptions {
  options?: Partial<CodemodOptions>;
  transforms?: string[];
}

function readOptions(file: string): CaseOptions {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CaseOptions) : {};
}

function run(files: PipelineFile[], transforms: string[], options: Partial<CodemodOptions>, shareTrees = true) {
  return runPipeline(files, {
    transforms: TRANSFORMS.filter((t) => transforms.includes(t.name)),
    config: transforms.includes('config'),
    options: { ...DEFAULT_CODEMOD_OPTIONS, ...options },
    shareTrees,
  });
}

function expectParses(path: string, text: string): void {
  if (isCodeFile(path)) expect(syntaxErrors(parse(path, text)), `${path} parses`).toEqual([]);
  else if (path.endsWith('.json')) expect(() => JSON.parse(text), `${path} is JSON`).not.toThrow();
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

const folders = readdirSync(ROOT)
  .filter((d) => d !== 'projects' && statSync(join(ROOT, d)).isDirectory())
  .sort();

for (const folder of folders) {
  describe(`${folder} fixtures`, () => {
    const dir = join(ROOT, folder);
    const inputs = readdirSync(dir)
      .filter((f) => /\.input\./.test(f))
      .sort();
    for (const input of inputs) {
      const [name, ext] = input.split('.input.') as [string, string];
      it(`${name}: the ${folder} transform turns the input into the expected output, which parses and is a fixed point`, () => {
        const opts = readOptions(join(dir, `${name}.options.json`));
        const transforms = opts.transforms ?? [folder];
        // The file name the transforms see: `<case>.<ext>` (so `x.input.env.example` is an .env example).
        const path = join(dir, `${name}.${ext}`);
        const text = readFileSync(join(dir, input), 'utf8');
        const expected = readFileSync(join(dir, `${name}.output.${ext}`), 'utf8');
        const [out] = run([{ path, text }], transforms, opts.options ?? {});
        expect(out!.error).toBeUndefined();
        expect(out!.text).toBe(expected);
        expectParses(path, out!.text);
        const [again] = run([{ path, text: out!.text }], transforms, opts.options ?? {});
        expect(again!.text).toBe(out!.text);
      });
    }
  });
}

const projectsDir = join(ROOT, 'projects');
describe('project fixtures (cross-module cases, every transform)', () => {
  const cases = existsSync(projectsDir) ? readdirSync(projectsDir).sort() : [];
  for (const name of cases) {
    it(`${name}: the whole input tree becomes the output tree, byte for byte, and a second run changes nothing`, () => {
      const caseDir = join(projectsDir, name);
      const opts = readOptions(join(caseDir, 'options.json'));
      const transforms = opts.transforms ?? [...TRANSFORMS.map((t) => t.name), 'config'];
      const inDir = join(caseDir, 'input');
      const outDir = join(caseDir, 'output');
      // Paths as the runner gives them: absolute, under the same (virtual) root for input and output.
      const virtualRoot = join(caseDir, 'tree');
      const files = walk(inDir).map((p) => ({ path: join(virtualRoot, relative(inDir, p)), text: readFileSync(p, 'utf8') }));
      const expectedFiles = walk(outDir).map((p) => relative(outDir, p));
      expect(files.map((f) => relative(virtualRoot, f.path))).toEqual(expectedFiles);
      const out = run(files, transforms, opts.options ?? {});
      for (const o of out) {
        const rel = relative(virtualRoot, o.path);
        expect(o.error, rel).toBeUndefined();
        expect(o.text, rel).toBe(readFileSync(join(outDir, rel), 'utf8'));
        expectParses(o.path, o.text);
      }
      const again = run(out.map((o) => ({ path: o.path, text: o.text })), transforms, opts.options ?? {});
      for (const o of again) expect(o.action, relative(virtualRoot, o.path)).toBe('unchanged');
    });
  }
});

// The tree-sharing transforms (attribution, pagination, fields) read one tree and their edits are
// merged; that must give what re-parsing after each of them gives, on every input we have.
describe('one shared tree for the call transforms', () => {
  const everyTransform = [...TRANSFORMS.map((t) => t.name), 'config'];
  const singles = folders.flatMap((folder) =>
    readdirSync(join(ROOT, folder))
      .filter((f) => /\.input\./.test(f))
      .sort()
      .map((input) => ({ name: `${folder}/${input}`, files: [{ path: join(ROOT, folder, input.replace('.input.', '.')), text: readFileSync(join(ROOT, folder, input), 'utf8') }] })),
  );
  const trees = [
    ...(existsSync(projectsDir) ? readdirSync(projectsDir).sort() : []).map((name) => join(projectsDir, name, 'input')),
    join(ROOT, '../sample-app'),
    // The scanner's cases: more real-world call shapes, each folder taken as one project.
    ...readdirSync(join(ROOT, '../scan')).map((name) => join(ROOT, '../scan', name)),
  ].map((dir) => ({ name: relative(ROOT, dir), files: walk(dir).map((p) => ({ path: p, text: readFileSync(p, 'utf8') })) }));
  // Re-parsing shows `fields` a v2 audit-log call already in v3 form, whose `after` is then v3's
  // cursor: only the legacy form says it is the v2 time filter (fields/audit-log-window, and the
  // audit-log call of projects/reexported-base).
  const oracleGaps = new Set(['projects/reexported-base/input', 'fields/audit-log-window.input.ts']);
  it.each([...singles, ...trees])('$name: every transform gives the same output as re-parsing after each one', ({ name, files }) => {
    const shared = run(files, everyTransform, {}, true).map((o) => [o.path, o.action, o.text]);
    const reparsed = run(files, everyTransform, {}, false).map((o) => [o.path, o.action, o.text]);
    if (oracleGaps.has(name)) expect(shared).not.toEqual(reparsed);
    else expect(shared).toEqual(reparsed);
  });
  it('merges edits on dozens of those inputs, so the comparison is not vacuous', () => {
    const merged = [...singles, ...trees].flatMap(({ files }) => run(files, everyTransform, {}, true)).reduce((n, o) => n + (o.merged ?? 0), 0);
    expect(merged).toBeGreaterThanOrEqual(50);
  });
});
