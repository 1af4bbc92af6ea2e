// Glue between commander actions and exit codes: an action returns its exit code.
export function setExit(code: number): void {
  // Never lower a code that an earlier step raised.
  if (typeof process.exitCode !== 'number' || code > process.exitCode) process.exitCode = code;
}
