// Typed errors. Layers throw these; only the CLI entry point maps them to exit codes
// (see src/cli/exit-codes.ts). Messages are one line: what failed, why, what to do. They never
// carry a key value: build them with redactKey() when a key must be named.

export type ErrorKind =
  | 'usage' // bad flags or arguments
  | 'input' // a file, seed, config or document that is missing or invalid
  | 'auth' // missing or wrong key type, 401/403 from the API
  | 'safety' // refused to do something unsafe (stale plan, dirty tree, secrets path in git)
  | 'api' // the API answered with an error after retries
  | 'network' // the API could not be reached after retries
  | 'internal';

export class DevinMigrateError extends Error {
  readonly kind: ErrorKind;
  /** What to do about it; appended to the one-line message. */
  readonly hint: string | undefined;
  constructor(kind: ErrorKind, message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.hint = opts.hint;
  }
}

export class UsageError extends DevinMigrateError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('usage', message, opts);
  }
}

export class InputError extends DevinMigrateError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('input', message, opts);
  }
}

export class AuthError extends DevinMigrateError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('auth', message, opts);
  }
}

export class SafetyError extends DevinMigrateError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('safety', message, opts);
  }
}
