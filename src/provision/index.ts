// Provisioning: apply a plan (journal, idempotency, secrets sinks); verify and revoke follow.
export * from './apply.js';
export * from './apply-action.js';
export * from './journal.js';
export * from './live-state.js';
export * from './secrets.js';
