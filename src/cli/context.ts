// What a command needs from the process, passed in so commands stay testable: streams,
// environment, whether stderr is a terminal, colour.
import type { Writable } from 'node:stream';

export interface CliContext {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stderr is an interactive terminal (progress bars, prompts). */
  interactive: boolean;
  /** stdin is a terminal (confirmation prompts allowed). */
  stdinIsTTY: boolean;
  color: boolean;
}

export function processContext(): CliContext {
  const env = process.env;
  const isTTY = Boolean(process.stderr.isTTY);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    cwd: process.cwd(),
    interactive: isTTY && !env.CI,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    color: isTTY && !('NO_COLOR' in env) && !process.argv.includes('--no-color'),
  };
}

/** Write a line to stderr (messages and progress); stdout is kept for data. */
export function say(ctx: CliContext, line: string): void {
  ctx.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
}
