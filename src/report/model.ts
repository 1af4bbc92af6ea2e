// buildReport: the step documents in, the report model out. Pure: no I/O, no clock (the caller
// passes generatedAt), same inputs give the same model. Every string of the result has been
// through redactText.
import type { InventoryDocument } from '../documents/inventory.js';
import type { CodemodDocument } from '../documents/codemod.js';
import type { JournalRecord } from '../documents/journal.js';
import type { PlanDocument } from '../documents/plan.js';
import type { ScanDocument } from '../documents/scan.js';
import type { VerifyDocument } from '../documents/verify.js';
import { codemodSection } from './codemod-section.js';
import { keysByOrg } from './chart.js';
import { findingsSection } from './findings.js';
import { nextSteps } from './next-steps.js';
import { matrixSection, planSection } from './plan-section.js';
import { keyProgress } from './progress.js';
import { readinessSection } from './readiness.js';
import { redactDeep } from './redact.js';
import {
  REPORT_KIND,
  REPORT_SCHEMA_VERSION,
  type Headline,
  type InputSummary,
  type ReadinessSection,
  type ReportModel,
  type Unavailable,
} from './types.js';

export interface ReportInputs {
  inventory: InventoryDocument;
  scan?: ScanDocument | undefined;
  plan?: PlanDocument | undefined;
  /** The apply/verify/revoke journal's records, in order. */
  journal?: readonly JournalRecord[] | undefined;
  /** `devin-migrate verify --json`: which tokens work and which replacements are in use. */
  verify?: VerifyDocument | undefined;
  codemod?: CodemodDocument | undefined;
  /** ISO time the report is stamped with. */
  generatedAt: string;
}

function unavailable(missing: string): Unavailable {
  return { available: false, missing };
}

export function buildReport(inputs: ReportInputs): ReportModel {
  const { inventory, scan, plan, journal, verify, codemod } = inputs;
  const progress = keyProgress(inputs);
  const stateOf = (id: string) => progress.get(id)?.state ?? 'unplanned';

  const findings = scan ? findingsSection(scan) : unavailable('no scan result given: run `devin-migrate scan` and pass --scan');

  const orgNames = new Map(inventory.organizations.map((o) => [o.orgId, o.name]));
  const orgName = (id: string) => orgNames.get(id) ?? inventory.keys.find((k) => k.orgId === id)?.orgName ?? id;
  const readiness: ReadinessSection | Unavailable = plan
    ? readinessSection(progress.values(), orgName)
    : unavailable('no plan given: run `devin-migrate plan` and pass --plan (with --journal and --verify once applied)');

  const keys = inventory.keys;
  const all = [...progress.values()];
  const headline: Headline = {
    legacyKeys: {
      total: keys.length,
      personal: keys.filter((k) => k.type === 'personal').length,
      service: keys.filter((k) => k.type === 'service').length,
    },
    organizations: inventory.organizations.length,
    organizationsWithKeys: new Set(keys.map((k) => k.orgId)).size,
    organizationsGone: new Set(keys.map((k) => k.orgId).filter((id) => !orgNames.has(id))).size,
    owners: new Set(keys.filter((k) => k.type === 'personal').map((k) => k.ownerUserId ?? k.ownerEmail)).size,
    migrated: all.filter((p) => p.state === 'created' || p.state === 'verified' || p.state === 'in-use' || p.state === 'revoked').length,
    revoked: all.filter((p) => p.revoked).length,
    serviceUsers: inventory.serviceUsers.length,
    codeFindings: findings.available ? findings.total : null,
    filesWithFindings: findings.available ? findings.files.length : null,
    openMarkers: codemod ? codemod.totals.markersPresent : null,
    safeToRevoke: readiness.available ? readiness.safe : null,
  };

  const inputsSummary: InputSummary[] = [
    { name: 'inventory', provided: true, generatedAt: inventory.generatedAt },
    { name: 'scan', provided: Boolean(scan), generatedAt: scan?.generatedAt ?? null },
    { name: 'plan', provided: Boolean(plan), generatedAt: null },
    { name: 'journal', provided: Boolean(journal), generatedAt: journal?.at(-1)?.at ?? null },
    { name: 'verify', provided: Boolean(verify), generatedAt: verify?.generatedAt ?? null },
    { name: 'codemod', provided: Boolean(codemod), generatedAt: codemod?.generatedAt ?? null },
  ];

  const model: ReportModel = {
    kind: REPORT_KIND,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: inputs.generatedAt,
    enterprise: {
      apiBase: inventory.apiBase,
      inventoryAt: inventory.generatedAt,
      collectedBy: inventory.collectedBy.email ?? inventory.collectedBy.userId,
    },
    inputs: inputsSummary,
    nextSteps: [],
    headline,
    keysByOrg: keysByOrg(inventory, stateOf),
    plan: plan ? planSection(plan, inventory, stateOf) : unavailable('no plan given: run `devin-migrate plan` and pass --plan'),
    matrix: plan
      ? matrixSection(plan, inventory)
      : unavailable('no plan given: the matrix shows the permissions of the planned service users'),
    findings,
    codemod: codemod ? codemodSection(codemod) : unavailable('no codemod result given: run `devin-migrate codemod <dir> --json > codemod.json` and pass --codemod'),
    readiness,
  };
  model.nextSteps = nextSteps(model);
  return redactDeep(model);
}
