// The report model: everything the admin's report says, computed once from the step documents
// by buildReport() and then rendered three ways (HTML, Markdown, JSON). Renderers only lay it
// out; they never compute or look anything up.

export const REPORT_KIND = 'devin-migrate/report';
export const REPORT_SCHEMA_VERSION = 1;

/** Where a legacy key stands, in the order a key moves through them. */
export const KEY_STATES = ['unplanned', 'planned', 'created', 'verified', 'in-use', 'revoked'] as const;
export type KeyState = (typeof KEY_STATES)[number];

export const KEY_STATE_LABEL: Record<KeyState, string> = {
  unplanned: 'not planned',
  planned: 'planned',
  created: 'replacement created',
  verified: 'token verified',
  'in-use': 'replacement in use',
  revoked: 'legacy key revoked',
};

export type InputName = 'inventory' | 'scan' | 'plan' | 'journal' | 'codemod' | 'verify';

export interface InputSummary {
  name: InputName;
  provided: boolean;
  /** When the document was written (ISO), when it carries one. */
  generatedAt: string | null;
}

export interface NextStep {
  text: string;
  /** A command to run, when the step is one. */
  command: string | null;
}

export interface Headline {
  legacyKeys: { total: number; personal: number; service: number };
  organizations: number;
  /** Organizations some legacy key belongs to, and how many of those are gone from the enterprise. */
  organizationsWithKeys: number;
  organizationsGone: number;
  /** Distinct people who own a personal key. */
  owners: number;
  /** Keys that are done or nearly: replacement created or verified, or the key revoked. */
  migrated: number;
  /** Legacy keys already revoked. */
  revoked: number;
  serviceUsers: number;
  /** Null when the input that would tell was not given. */
  codeFindings: number | null;
  filesWithFindings: number | null;
  openMarkers: number | null;
  safeToRevoke: number | null;
}

export interface ChartSeries {
  /** `personal` or `service` */
  type: 'personal' | 'service';
  counts: Record<KeyState, number>;
  total: number;
}

export interface ChartOrg {
  orgId: string;
  orgName: string;
  /** The organization is no longer in the enterprise (its keys are left to revoke). */
  gone: boolean;
  series: ChartSeries[];
}

export interface KeysByOrgChart {
  states: readonly KeyState[];
  orgs: ChartOrg[];
  /** Largest single bar, for a shared scale. */
  max: number;
}

export interface Unavailable {
  available: false;
  /** Which input is missing and how to get it. */
  missing: string;
}

export interface PlanRow {
  legacyKeyId: string;
  keyType: 'personal' | 'service';
  orgName: string;
  owner: string | null;
  /** Null when no service user replaces the key (revoke only, or excluded). */
  serviceUser: string | null;
  scope: 'org' | 'enterprise' | null;
  role: string | null;
  attribution: string;
  /** Why this role (or why no service user). */
  reason: string;
  /** The other reasons and warnings of the plan action. */
  details: string[];
  /** Permissions the role grants beyond what the code needs; empty when it is the smallest fit. */
  extraPermissions: string[];
  /** Permissions the code needs that the role does not grant. */
  missingPermissions: string[];
  /** The plan's op (`create`, `noop`, `revoke-only`) or `excluded`. */
  action: string;
  state: KeyState;
}

export interface PlanSection {
  available: true;
  rows: PlanRow[];
  /** Planned service users whose role grants more than needed. */
  overGranted: number;
  summary: { keys: number; create: number; noop: number; revokeOnly: number; excluded: number };
  notes: string[];
}

export type MatrixCell = 'needed' | 'extra' | 'missing' | 'none';

export interface MatrixSection {
  available: true;
  permissions: string[];
  /** Per permission: organization-level or enterprise-wide (org ones first). */
  levels: ('org' | 'enterprise')[];
  rows: { serviceUser: string; role: string; cells: MatrixCell[] }[];
}

export interface FindingRow {
  line: number;
  column: number;
  category: 'secret' | 'endpoint' | 'env';
  severity: 'error' | 'warning' | 'note';
  message: string;
  legacy: string | null;
  replacement: string | null;
  permission: string | null;
  excerpt: string;
}

export interface FindingsSection {
  available: true;
  files: { file: string; findings: FindingRow[] }[];
  byCategory: Record<'secret' | 'endpoint' | 'env', number>;
  total: number;
  suppressed: number;
  filesScanned: number;
}

export interface CodemodSection {
  available: true;
  /** `write`, `dry-run` or `check`. */
  mode: string;
  totals: {
    files: number;
    changed: number;
    unchanged: number;
    skipped: number;
    errors: number;
    edits: number;
    markersAdded: number;
    markersPresent: number;
    unresolved: number;
  };
  /** Per transform: how many files it changed. */
  tally: { transform: string; files: number }[];
  /**
   * Files that still carry `TODO(devin-migrate)` markers, each with its line and message (a
   * codemod document of an earlier version has no lines: the messages that run added, line null).
   */
  openMarkers: { file: string; count: number; markers: { line: number | null; message: string }[] }[];
  /** What the codemod could not mark with a comment (JSON values) and facts worth knowing. */
  notes: { file: string; note: string }[];
  errors: { file: string; message: string }[];
}

/** `n/a`: the step does not apply (a key revoked without replacement, or excluded). */
export type StepStatus = 'done' | 'pending' | 'failed' | 'unknown' | 'n/a';

export interface ReadinessRow {
  legacyKeyId: string;
  keyType: 'personal' | 'service';
  orgName: string;
  owner: string | null;
  serviceUser: string | null;
  created: StepStatus;
  verified: StepStatus;
  usedSince: StepStatus;
  safeToRevoke: boolean;
  revoked: boolean;
  /** What stands between this key and `revoke`, or what was done. */
  note: string;
}

export interface ReadinessSection {
  available: true;
  rows: ReadinessRow[];
  safe: number;
  revoked: number;
}

export interface ReportModel {
  kind: typeof REPORT_KIND;
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  enterprise: { apiBase: string; inventoryAt: string; collectedBy: string | null };
  inputs: InputSummary[];
  nextSteps: NextStep[];
  headline: Headline;
  keysByOrg: KeysByOrgChart;
  plan: PlanSection | Unavailable;
  matrix: MatrixSection | Unavailable;
  findings: FindingsSection | Unavailable;
  codemod: CodemodSection | Unavailable;
  readiness: ReadinessSection | Unavailable;
}

/** Section titles, shared by the three renderers so they say the same thing. */
export const SECTION_TITLES = {
  nextSteps: 'What to do next',
  headline: 'At a glance',
  keysByOrg: 'Legacy keys per organization',
  plan: 'Migration plan',
  matrix: 'Permission matrix',
  findings: 'Code findings',
  codemod: 'Codemod',
  readiness: 'Cut-over readiness',
} as const;

export type SectionId = keyof typeof SECTION_TITLES;
