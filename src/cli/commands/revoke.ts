// Owned by the verify/revoke helper; apply's helper: do not implement these.
// `devin-migrate revoke`: revoke legacy keys whose replacement is verified and in use.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, _ctx: CliContext): void {
  program.command('revoke').description('revoke legacy keys whose replacement is verified and in use (in progress)');
}
