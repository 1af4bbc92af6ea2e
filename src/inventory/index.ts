// The remote inventory: collect, summarise.
export * from './collect.js';
export * from './errors.js';
export * from './summary.js';
