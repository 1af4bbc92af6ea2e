// Shared by the scan tests: copy a fixture tree to a temp dir, turning the names git would not
// keep (`dot-gitignore`, `_node_modules`) into the real ones.
import { cpSync, mkdtempSync, readdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/scan/', import.meta.url));

const RENAMES: Readonly<Record<string, string>> = { 'dot-gitignore': '.gitignore', _node_modules: 'node_modules' };

function restoreNames(dir: string): void {
  for (const e of readdirSync(dir)) {
    let p = join(dir, e);
    const to = RENAMES[e];
    if (to) {
      renameSync(p, join(dir, to));
      p = join(dir, to);
    }
    if (statSync(p).isDirectory()) restoreNames(p);
  }
}

/** A fresh copy of fixtures/scan/<name>/input; returns its path. */
export function copyCase(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `devin-migrate-scan-${name}-`));
  cpSync(join(FIXTURES, name, 'input'), dir, { recursive: true });
  restoreNames(dir);
  return dir;
}

export function caseNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((n) => statSync(join(FIXTURES, n)).isDirectory())
    .sort();
}
