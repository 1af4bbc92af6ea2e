// The Devin API client: one import for callers.
export * from './client.js';
export * from './errors.js';
export * from './endpoints.js';
export * from './paginate.js';
export * from './retry.js';
export { Limiter, mapLimit } from './limiter.js';
export * from './v1.js';
export * from './v2.js';
export * from './v3.js';
