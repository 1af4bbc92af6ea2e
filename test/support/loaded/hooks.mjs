// The load hook of preload.mjs.
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.LOADED_MODULES_LOG, `${new URL(url).pathname}\n`);
  return next(url, context);
}
