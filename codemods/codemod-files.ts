// Which files the codemod looks at: TS/JS sources (and .env / JSON configs when the config
// transform runs) under the given paths, by the walker's rules (src/files/walk.ts: .gitignore,
// .git/info/exclude, .devin-migrate-ignore, no node_modules, no symbolic links). A path that
// matches no file, and a named file the codemod does not handle, are input errors.
import { InputError } from '../src/errors.js';
import { walk, type PathProblem, type WalkedFile } from '../src/files/walk.js';
import { isEnvFile, isJsonConfig } from './config.js';
import { isCodeFile } from './project-index.js';

export interface CodemodFilesOptions {
  paths: readonly string[];
  cwd: string;
  /** Include .env and JSON files (the config transform runs). */
  config: boolean;
}

export function handles(path: string, config: boolean): boolean {
  return isCodeFile(path) || (config && (isEnvFile(path) || isJsonConfig(path)));
}

function refuse(p: string, problem: PathProblem): InputError {
  if (problem === 'missing') return new InputError(`${p} matches no files: it does not exist`, { hint: 'pass files or directories that exist' });
  return new InputError(`${p} matches no files the codemod handles (after .gitignore and .devin-migrate-ignore)`, {
    hint: 'pass a directory with TS/JS sources, or check .gitignore, .git/info/exclude and .devin-migrate-ignore',
  });
}

export function codemodFiles(opts: CodemodFilesOptions): WalkedFile<true>[] {
  const { files } = walk<true>({ paths: opts.paths, cwd: opts.cwd, classify: (name) => handles(name, opts.config) || null, refuse });
  for (const f of files) {
    if (f.explicit && f.kind === null) {
      throw new InputError(`${opts.paths[f.root]} matches no files the codemod handles`, {
        hint: 'pass .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs files (and .env or JSON files for the config transform), or directories',
      });
    }
  }
  return files;
}
