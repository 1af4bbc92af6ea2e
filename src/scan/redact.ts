// Redaction for everything the scanner prints or writes. The catalogue's redactText covers keys
// as the catalogue defines them (word boundaries on both sides); output also redacts a key-shaped
// run glued to other text (`cog_<body>cog_x`, `apk_user_<body>_old`), which the scanner does not
// report as a key but must not print either. The body test is the catalogue's.
import { looksLikeKeyBody, redactKey, redactText } from '../catalog/index.js';

// The body stops before another prefix, so `cog_<a>xcog_<b>` redacts both keys.
const GLUED = /(apk_user_|apk_|cog_)((?:(?!apk_|cog_)[A-Za-z0-9]){24,})/g;

export function redactOutput(text: string): string {
  const first = redactText(text);
  if (!first.includes('apk_') && !first.includes('cog_')) return first;
  return first.replace(GLUED, (whole, prefix: string, body: string) => (looksLikeKeyBody(body) ? redactKey(prefix + body) : whole));
}
