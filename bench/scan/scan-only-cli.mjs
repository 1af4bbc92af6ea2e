// `devin-migrate scan` through commander with only the scan command registered: what the
// command costs once the CLI loads each command's code lazily (today program.ts imports every
// command, and their layers, before parsing). Bench-only; not shipped.
import { Command } from 'commander';
import { processContext } from '../../dist/src/cli/context.js';
import { register } from '../../dist/src/cli/commands/scan.js';

const program = new Command('devin-migrate');
program.exitOverride();
register(program, processContext());
await program.parseAsync(process.argv.slice(2), { from: 'user' });
