// transformText's tree sharing, with small made-up transforms: edits that stay apart are merged
// onto one tree; a transform whose edits touch the previous one's runs again on the new text.
import { describe, expect, it } from 'vitest';
import { transformText } from '../../codemods/transform-text.js';
import { DEFAULT_CODEMOD_OPTIONS, EMPTY_PROJECT_INDEX, type Edit, type Transform, type TransformInput } from '../../codemods/types.js';

/** A transform that replaces every `from` with `to`, counting the texts it was given. */
function rename(name: string, from: string, to: string, sharesTree = true): Transform & { seen: string[] } {
  const seen: string[] = [];
  return {
    name,
    description: `${from} -> ${to}`,
    sharesTree,
    seen,
    mayApply: (text) => text.includes(from),
    apply(input: TransformInput) {
      seen.push(input.text);
      void input.sourceFile; // reads the tree, as real transforms do
      const edits: Edit[] = [];
      for (let i = input.text.indexOf(from); i >= 0; i = input.text.indexOf(from, i + from.length)) edits.push({ start: i, end: i + from.length, text: to });
      return { edits, markers: [] };
    },
  };
}

const run = (text: string, transforms: Transform[], shareTrees = true) =>
  transformText('a.ts', text, transforms, DEFAULT_CODEMOD_OPTIONS, EMPTY_PROJECT_INDEX, { shareTrees });

describe('transformText tree sharing', () => {
  it('merges the edits of tree-sharing transforms that stay apart, each reading the original text once', () => {
    const a = rename('a', 'alpha', 'ALPHA');
    const b = rename('b', 'beta', 'BETA');
    const r = run('const x = alpha + 1;\nconst y = beta + 2;\n', [a, b]);
    expect(r.text).toBe('const x = ALPHA + 1;\nconst y = BETA + 2;\n');
    expect(r.merged).toBe(1);
    expect(a.seen).toEqual(['const x = alpha + 1;\nconst y = beta + 2;\n']);
    expect(b.seen).toEqual(a.seen);
    expect(r.applied.map((x) => x.transform)).toEqual(['a', 'b']);
  });

  it('runs a transform again on the new text when its edits touch the previous one, giving what running them in turn gives', () => {
    const a = rename('a', 'foo', 'fooBar');
    const b = rename('b', 'Bar(', 'Baz(');
    const text = 'call(foo); fooBar(1);\n';
    const r = run(text, [a, b]);
    // b's edit of `Bar(` starts where a's edit of the `foo` in `fooBar` ends: they touch, so b
    // read the original text, then again the text a produced.
    expect(b.seen).toEqual([text, 'call(fooBar); fooBarBar(1);\n']);
    expect(r.merged).toBe(0);
    const sequential = run(text, [rename('a', 'foo', 'fooBar'), rename('b', 'Bar(', 'Baz(')], false);
    expect(r.text).toBe(sequential.text);
    expect(r.text).toBe('call(fooBar); fooBarBaz(1);\n');
  });

  it('a transform that does not share the tree always reads the text before it changed', () => {
    const a = rename('a', 'one', 'two', false);
    const b = rename('b', 'two', 'three', false);
    const r = run('one;\n', [a, b]);
    expect(r.text).toBe('three;\n');
    expect(b.seen).toEqual(['two;\n']);
    expect(r.merged).toBe(0);
  });

  it('does not write a result that would not parse', () => {
    const r = run('const a = 1;\n', [rename('a', '= 1', '= (1')]);
    expect(r.error).toMatch(/would not parse/);
    expect(r.text).toBe('const a = 1;\n');
  });
});
