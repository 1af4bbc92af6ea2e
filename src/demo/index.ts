// The one-command demo: the whole migration against the embedded fake API.
export * from './steps.js';
