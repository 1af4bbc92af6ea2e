// Loaded with `--import` into a CLI child: records every module the run loaded, one path or URL
// per line, to the file LOADED_MODULES_LOG names. ESM through a load hook (it runs on Node's
// hooks thread), CommonJS from require's cache at exit.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url));
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(process.env.LOADED_MODULES_LOG, Object.keys(require.cache).map((p) => `${p}\n`).join('')));
