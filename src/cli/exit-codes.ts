// The one exit-code table of the tool (README "Exit codes", and every command's --help).
import type { ErrorKind } from '../errors.js';

export const EXIT = {
  OK: 0,
  /** Findings (scan, codemod --check) or pending changes (plan), where the command says so. */
  FINDINGS: 1,
  USAGE: 2,
  API: 3,
} as const;

export function exitCodeFor(kind: ErrorKind): number {
  switch (kind) {
    case 'api':
    case 'network':
    case 'internal':
      return EXIT.API;
    default:
      return EXIT.USAGE;
  }
}

export const EXIT_CODE_HELP = `Exit codes:
  0  ok, nothing to do
  1  findings (scan, codemod --check) or pending changes (plan), where the command documents it
  2  usage or input error: bad flags, missing or wrong key, unreadable file, refused as unsafe
  3  API or network failure after retries (or an unexpected internal error)`;
