// Owned by the verify/revoke helper; apply's helper: do not implement these.
// `devin-migrate verify`: check each new token with GET /v3/self and report which replacements are in use.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, _ctx: CliContext): void {
  program.command('verify').description('verify the new service-user tokens against the plan (in progress)');
}
