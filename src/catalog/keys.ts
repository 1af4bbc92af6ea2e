// Key-prefix rules: which credential works with which API version (reference §1.2), how a
// real key is shaped, and how a key is shown when it must be shown at all.

export type ApiVersion = 'v1' | 'v2' | 'v3';
export type KeyKind = 'personal' | 'service' | 'service-user';

export interface KeyRule {
  kind: KeyKind;
  prefix: string;
  label: string;
  versions: readonly ApiVersion[];
  /** Where an admin gets one. */
  whereToGet: string;
  note?: string;
}

// Order matters: `apk_user_` is also `apk_`, so the longer prefix is tried first.
export const KEY_RULES: readonly KeyRule[] = [
  {
    kind: 'personal',
    prefix: 'apk_user_',
    label: 'personal API key (apk_user_…)',
    versions: ['v1', 'v2'],
    whereToGet: 'Settings > API Keys in any organization (shown once)',
    note: 'v2 accepts it only when its user is an Enterprise Admin',
  },
  {
    kind: 'service',
    prefix: 'apk_',
    label: 'service API key (apk_…)',
    versions: ['v1'],
    whereToGet: 'an organization\'s API key settings (legacy)',
    note: 'v2 and v3 reject it',
  },
  {
    kind: 'service-user',
    prefix: 'cog_',
    label: 'service-user token (cog_…)',
    versions: ['v3'],
    whereToGet: 'Enterprise Settings > Service Users (enterprise) or Settings > Service Users (organization), shown once',
  },
];

export function keyRuleFor(value: string): KeyRule | undefined {
  return KEY_RULES.find((r) => value.startsWith(r.prefix));
}

/** Which key the given API version needs, as a sentence fragment for error messages. */
export function requiredKeyFor(version: ApiVersion): string {
  switch (version) {
    case 'v1':
      return 'a personal (apk_user_…) or service (apk_…) API key';
    case 'v2':
      return `an Enterprise Admin's personal API key (apk_user_…), from ${KEY_RULES[0]!.whereToGet}`;
    case 'v3':
      return `a service-user token (cog_…), from ${KEY_RULES[2]!.whereToGet}`;
  }
}

export function keyWorksWith(value: string, version: ApiVersion): boolean {
  const rule = keyRuleFor(value);
  return rule !== undefined && rule.versions.includes(version);
}

/**
 * The body of a real key after its prefix. Keys are random: long, alphanumeric, with digits.
 * Placeholders (`apk_user_YOUR_KEY`, `apk_user_...`) and identifiers (`apk_user_rating`) fail
 * the length or digit test. The fake API mints keys of exactly this shape.
 */
export const KEY_BODY_PATTERN = '[A-Za-z0-9]{24,}';
export const KEY_PATTERN = new RegExp(
  `(?<![A-Za-z0-9_])(apk_user_|apk_|cog_)(?!user_)(${KEY_BODY_PATTERN})(?![A-Za-z0-9_])`,
  'g',
);

/** True when the body looks random rather than a word: it has a digit and a letter. */
export function looksLikeKeyBody(body: string): boolean {
  return body.length >= 24 && /[0-9]/.test(body) && /[A-Za-z]/.test(body) && !/^[A-Z_]+$/.test(body);
}

/** Every real-looking key in a text, with offsets. */
export function findKeys(text: string): { value: string; prefix: string; index: number }[] {
  const out: { value: string; prefix: string; index: number }[] = [];
  for (const m of text.matchAll(KEY_PATTERN)) {
    const prefix = m[1]!;
    const body = m[2]!;
    if (!looksLikeKeyBody(body)) continue;
    out.push({ value: m[0], prefix, index: m.index! });
  }
  return out;
}

/** A key as it may be shown: its prefix and last 4 characters, never more. */
export function redactKey(value: string): string {
  const rule = keyRuleFor(value);
  const prefix = rule?.prefix ?? '';
  const body = value.slice(prefix.length);
  if (body.length < 12) return `${prefix}…`;
  return `${prefix}…${body.slice(-4)}`;
}

// A key-shaped run glued to other text (`apk_user_<body>_old`, `cog_<a>xcog_<b>`) is not reported
// as a key, but must not be shown either. Its body stops before another prefix.
const GLUED_KEY = /(apk_user_|apk_|cog_)((?:(?!apk_|cog_)[A-Za-z0-9]){24,})/g;

/** Replace every key-shaped substring in a text by its redacted form, glued ones included. */
export function redactText(text: string): string {
  const first = text.replace(KEY_PATTERN, (whole, _p: string, body: string) =>
    looksLikeKeyBody(body) ? redactKey(whole) : whole,
  );
  if (!first.includes('apk_') && !first.includes('cog_')) return first;
  return first.replace(GLUED_KEY, (whole, prefix: string, body: string) =>
    looksLikeKeyBody(body) ? redactKey(prefix + body) : whole,
  );
}
