// The TypeScript compiler API, as ts-morph ships it. CommonJS on purpose: Node lexes a CommonJS
// module imported from ESM for its export names, and the compiler's bundle costs 70-100 ms of
// that on every run; through this file Node lexes three lines instead. The compiler file itself
// rather than `require('ts-morph').ts`: the transforms use only the compiler's nodes, and ts-morph
// and @ts-morph/common's own bundles (4 MB, with minimatch and tinyglobby) cost about 40 ms more
// to load. @ts-morph/common has no `exports` map, and ts-morph pins its exact version.
import compiler = require('@ts-morph/common/dist/typescript.js');
export import ts = compiler;
