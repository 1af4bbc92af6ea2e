// The TypeScript compiler API, as ts-morph ships it. CommonJS on purpose: Node lexes a CommonJS
// module imported from ESM for its export names, and ts-morph's bundle costs 70-100 ms of that
// on every run; through this file Node lexes three lines instead.
import tsMorph = require('ts-morph');
export import ts = tsMorph.ts;
