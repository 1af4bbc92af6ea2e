// Keeps V8's compiled code of the large CommonJS bundles (the TypeScript compiler ts-morph ships,
// 13 MB) between runs. Node 22 does this itself (`module.enableCompileCache`); Node 20 compiles
// them again on every start, 100-200 ms of each codemod run. The cache is an optimisation only:
// every failure (unwritable directory, corrupt or stale file) falls back to compiling normally.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

/** Smaller modules compile in well under a millisecond: a cache file each would cost more. */
const MIN_SOURCE_CHARS = 256 * 1024;

/**
 * Where the cache lives, from Node's own variables: NODE_DISABLE_COMPILE_CACHE turns it off,
 * NODE_COMPILE_CACHE names the directory; otherwise a per-user directory in the temp folder.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv): string | null {
  if (env.NODE_DISABLE_COMPILE_CACHE) return null;
  if (env.NODE_COMPILE_CACHE) return env.NODE_COMPILE_CACHE;
  return join(tmpdir(), `devin-migrate-compile-cache-${process.getuid?.() ?? 'user'}`);
}

/**
 * A directory only this user can write, created if missing; code read from anywhere else could
 * have been put there by someone else, and V8 runs it.
 */
function privateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (process.getuid && st.uid !== process.getuid()) return false;
    return (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

interface Pending {
  file: string;
  script: vm.Script;
}

type Compile = (this: Module, content: string, filename: string, format?: string) => unknown;

/** Turns the cache on for CommonJS modules loaded from now on. Returns whether it is on. */
export function enableCompileCache(dir: string | null): boolean {
  if (dir === null) return false;
  const builtIn = (Module as unknown as { enableCompileCache?: (dir: string) => { status: number } }).enableCompileCache;
  if (builtIn) {
    builtIn(dir);
    return true;
  }
  if (!privateDir(dir)) return false;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  const pending: Pending[] = [];
  const dynamicImport = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  proto._compile = function compile(content, filename, format) {
    if (content.length < MIN_SOURCE_CHARS || (format !== undefined && format !== 'commonjs') || content.startsWith('#!')) {
      return original.call(this, content, filename, format);
    }
    // V8 checks a cache against the source's length only: the key covers the content itself.
    const key = createHash('sha1').update(`${process.version}\0${process.arch}\0${filename}\0`).update(content).digest('hex');
    const file = join(dir, `${key}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    let script: vm.Script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: dynamicImport as never });
    } catch {
      return original.call(this, content, filename, format); // let Node report the syntax error its way
    }
    if (cachedData === undefined || script.cachedDataRejected) pending.push({ file, script });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = createRequire(filename);
    return fn.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  // Written at exit, so that the functions the run compiled lazily are in the cache too.
  process.once('exit', () => {
    for (const p of pending) {
      const tmp = `${p.file}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, p.script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, p.file);
      } catch {
        try {
          unlinkSync(tmp);
        } catch {
          // nothing was written
        }
      }
    }
  });
  return true;
}
