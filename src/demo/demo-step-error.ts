import { DevinMigrateError } from '../errors.js';

/**
 * A demo step that failed against the demo's own fake API: nothing the user passed can cause it,
 * so it is reported as an internal failure (exit 3) with what to send, not as an unexpected crash.
 */
export class DemoStepError extends DevinMigrateError {
  constructor(message: string) {
    super('internal', `demo: ${message}`, { hint: 'the demo runs on its own fake API, so this is a bug of devin-migrate: run it again with DEBUG=devin-migrate and report the output' });
  }
}
