// The scanner's rules, as data. Each rule has a pattern and examples it must and must not
// match (checked by test/scan/rules.test.ts). Key rules are built from the catalogue's key
// shape (KEY_BODY_PATTERN, looksLikeKeyBody): one definition of what a real key looks like.
// Endpoint rules run on string values after the scanner has resolved base constants and
// concatenation; which endpoint a value calls is decided by the catalogue (matchPath), never
// by a per-endpoint regex here.
import { KEY_BODY_PATTERN, KEY_RULES, looksLikeKeyBody, type KeyKind } from '../catalog/index.js';

export type RuleCategory = 'secret' | 'endpoint' | 'env';
export type RuleSeverity = 'error' | 'warning' | 'note';

export interface ScanRule {
  id: string;
  category: RuleCategory;
  severity: RuleSeverity;
  /** One line: what the rule finds. */
  description: string;
  /** What to do about a finding. */
  help: string;
  /** Global regex. Key and env rules run it over the whole file; endpoint rules over resolved values. */
  pattern: RegExp;
  /** A further test of a match that a regex cannot express well (the key-body test). */
  accept?: (match: RegExpExecArray) => boolean;
  mustMatch: string[];
  mustNotMatch: string[];
}

// Fake key bodies for the examples: shaped like real keys, obviously not real.
const FAKE_BODY = 'Fake0000TestKey0000Example0001';

function keyRule(kind: KeyKind, id: string, description: string, help: string, extra: Pick<ScanRule, 'mustMatch' | 'mustNotMatch'>): ScanRule {
  const rule = KEY_RULES.find((r) => r.kind === kind)!;
  // `apk_` must not also claim `apk_user_…` (the longer prefix is its own rule).
  const guard = kind === 'service' ? '(?!user_)' : '';
  return {
    id,
    category: 'secret',
    severity: 'error',
    description,
    help,
    pattern: new RegExp(`(?<![A-Za-z0-9_])${rule.prefix}${guard}(${KEY_BODY_PATTERN})(?![A-Za-z0-9_])`, 'g'),
    accept: (m) => looksLikeKeyBody(m[1]!),
    ...extra,
  };
}

/** A legacy API path (after any host): `/v1/…`, `/v2/…`, `/api/v2/…`, `/beta/v2/…`. */
const LEGACY_PATH = String.raw`(?:/api)?(?:/beta)?/v[12](?:/[^\s?#'"\x60]*)?(?:[?#][^\s'"\x60]*)?`;
const URL_ORIGIN = String.raw`(?:[a-z][a-z0-9+.-]*:)?//[^/\s?#'"\x60]+`;

export const SCAN_RULES: readonly ScanRule[] = [
  keyRule(
    'personal',
    'devin/personal-api-key',
    'Hard-coded legacy personal API key (apk_user_…)',
    'Remove the key from the code, read a service-user token (cog_…) from the environment or a secret store instead, and revoke the legacy key once nothing uses it (devin-migrate revoke).',
    {
      mustMatch: [`const KEY = 'apk_user_${FAKE_BODY}';`, `Authorization: Bearer apk_user_${FAKE_BODY}`, `DEVIN_API_KEY=apk_user_${FAKE_BODY}`],
      mustNotMatch: [
        "Authorization: Bearer apk_user_...",
        'DEVIN_API_KEY=apk_user_YOUR_KEY',
        "if (key.startsWith('apk_user')) {",
        'const apk_user_rating = 5;',
        'apk_user_YOUR_LEGACY_API_KEY_GOES_HERE',
        'apk_user_abcdefghijklmnopqrstuvwxyz',
        `apk_user_${FAKE_BODY}_suffix`,
      ],
    },
  ),
  keyRule(
    'service',
    'devin/service-api-key',
    'Hard-coded legacy service API key (apk_…)',
    'Remove the key from the code, provision a service user with the smallest role that covers the calls, read its token (cog_…) from the environment, and revoke the legacy key.',
    {
      mustMatch: [`token = "apk_${FAKE_BODY}"`, `apk_${FAKE_BODY}`],
      mustNotMatch: [`apk_user_${FAKE_BODY}`, 'apk_...', 'apk_YOUR_SERVICE_KEY', "value.startsWith('apk_')", 'apk_key_prefix_length', `xapk_${FAKE_BODY}`],
    },
  ),
  keyRule(
    'service-user',
    'devin/service-user-token',
    'Hard-coded service-user token (cog_…)',
    'Move the token to the environment or a secret store and rotate it: a token in source control is exposed to everyone who can read it.',
    {
      mustMatch: [`DEVIN_API_KEY=cog_${FAKE_BODY}`, `headers: { Authorization: \`Bearer cog_${FAKE_BODY}\` }`],
      mustNotMatch: ['cog_YOUR_SERVICE_USER_KEY', 'cog_...', 'const cog_enabled = true;', 'cog_service_user_token_placeholder'],
    },
  ),
  {
    id: 'devin/legacy-endpoint',
    category: 'endpoint',
    severity: 'warning',
    description: 'Call to a v1/v2 Devin API endpoint that has a catalogue entry',
    help: 'Move the call to its v3 replacement (devin-migrate codemod rewrites TS/JS) and give the service user a role with the listed permission.',
    pattern: new RegExp(`^(?:${URL_ORIGIN})?${LEGACY_PATH}$`, 'gi'),
    mustMatch: [
      'https://api.devin.ai/v1/sessions',
      'https://api.devin.ai/v1/session/${id}/message',
      'https://api.acme.devinenterprise.com/v2/enterprise/members',
      'https://api.devin.ai/api/v2/enterprise/organizations',
      '/v1/sessions/{session_id}',
      '/beta/v2/enterprise/repositories/bulk-index',
    ],
    mustNotMatch: [
      'https://api.devin.ai/v3/organizations/{org_id}/sessions',
      'https://api.devin.ai/v3beta1/enterprise/service-users',
      '/v10/sessions',
      '/sessions',
      'see /v1/sessions for details',
    ],
  },
  {
    id: 'devin/forbidden-revoke-all',
    category: 'endpoint',
    severity: 'error',
    description: 'Call to the v2 endpoint that revokes every API key of the enterprise at once',
    help: 'Remove this call: DELETE /v2/enterprise/api-keys revokes every user and service key in every organization. Revoke keys one by one (devin-migrate revoke) after their replacements are verified.',
    pattern: new RegExp(`^(?:${URL_ORIGIN})?${LEGACY_PATH}$`, 'gi'),
    mustMatch: ['https://api.devin.ai/v2/enterprise/api-keys', '/v2/enterprise/api-keys/'],
    mustNotMatch: ['https://api.devin.ai/v3beta1/enterprise/service-users/{id}/api-keys'],
  },
  {
    id: 'devin/unknown-legacy-endpoint',
    category: 'endpoint',
    severity: 'warning',
    description: 'Reference to a v1/v2 Devin API path that the catalogue does not know',
    help: 'Find the v3 replacement in the Devin API reference; if it is a real endpoint, add a row to the catalogue (src/catalog/legacy-endpoints.ts).',
    pattern: new RegExp(`^(?:${URL_ORIGIN})?${LEGACY_PATH}$`, 'gi'),
    mustMatch: ['https://api.devin.ai/v1/something-new', '/v2/enterprise/widgets'],
    mustNotMatch: ['https://api.devin.ai/v3/self', '/v3/enterprise/widgets'],
  },
  {
    id: 'devin/legacy-base-url',
    category: 'endpoint',
    severity: 'warning',
    description: 'Base URL of the v1 or v2 Devin API',
    help: 'Point the base at v3: `https://<host>/v3/organizations/{org_id}` for org calls, `https://<host>/v3/enterprise` for enterprise calls; every path joined to it is reported separately.',
    pattern: new RegExp(`^(?:${URL_ORIGIN})?(?:/api)?(?:/beta)?/(?:v1|v2)(?:/enterprise)?/?$`, 'gi'),
    mustMatch: ['https://api.devin.ai/v1', 'https://api.devin.ai/v1/', 'https://api.devin.ai/v2/enterprise', 'https://api.devin.ai/api/v2/enterprise/', 'https://api.acme.devinenterprise.com/v1', '/v2/enterprise'],
    mustNotMatch: ['https://api.devin.ai/v3', 'https://api.devin.ai', 'https://api.devin.ai/v1/sessions', 'https://api.devin.ai/v3beta1'],
  },
  {
    id: 'devin/key-env-var',
    category: 'env',
    severity: 'note',
    description: 'Environment variable that carries a Devin key',
    help: 'When this code moves to v3, put a service-user token (cog_…) in this variable (or a new one) instead of the legacy key.',
    // A prefix is allowed (`ACME_DEVIN_API_KEY`); a suffix is not (`DEVIN_API_KEY_FILE` holds a path).
    pattern: /(?<![A-Za-z0-9_])(?:[A-Z0-9]+_)*DEVIN_[A-Z0-9_]*(?:KEY|TOKEN)S?(?![A-Za-z0-9_])/g,
    mustMatch: ['os.getenv("DEVIN_API_KEY")', 'process.env.DEVIN_API_TOKEN', 'DEVIN_SERVICE_USER_TOKEN=', '${{ secrets.DEVIN_LEGACY_API_KEY }}', 'DEVIN_KEY', 'ACME_DEVIN_API_KEY'],
    mustNotMatch: ['DEVIN_ORG_ID', 'DEVIN_API_URL', 'DEVIN_API_KEY_FILE', 'devin_api_key', 'MY_DEVIN_URL'],
  },
];

const byId = new Map(SCAN_RULES.map((r) => [r.id, r]));

export function scanRule(id: string): ScanRule {
  const r = byId.get(id);
  if (!r) throw new Error(`scan: no rule ${id}`);
  return r;
}

export const KEY_RULE_IDS: Readonly<Record<KeyKind, string>> = {
  personal: 'devin/personal-api-key',
  service: 'devin/service-api-key',
  'service-user': 'devin/service-user-token',
};

/** Every accepted match of a rule in a text (the same function the scanner and the rule test use). */
export function ruleMatches(rule: ScanRule, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const re = new RegExp(rule.pattern.source, rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    if (!rule.accept || rule.accept(m)) out.push(m);
  }
  return out;
}
