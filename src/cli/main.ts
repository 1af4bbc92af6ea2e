#!/usr/bin/env node
import { compileCacheDir, enableCompileCache } from './compile-cache.js';
import { processContext } from './context.js';
import { run } from './program.js';

enableCompileCache(compileCacheDir(process.env));

// `devin-migrate scan . | head`: the reader went away; stop quietly, as other CLIs do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2), processContext());
