// The short "what to do next" list at the top of the report: what stands between this
// enterprise and a finished migration, in the order an admin does it. Commands are the real
// ones (`devin-migrate <command> --help` has the details).
import type { NextStep, ReportModel } from './types.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function nextSteps(model: Omit<ReportModel, 'nextSteps'>): NextStep[] {
  const steps: NextStep[] = [];
  const { headline: h, plan, findings, codemod, readiness } = model;
  const has = (name: string) => model.inputs.some((i) => i.name === name && i.provided);
  const rows = readiness.available ? readiness.rows.filter((r) => !r.revoked) : [];

  if (!has('scan')) {
    steps.push({ text: 'Scan the code that calls Devin for legacy endpoints and hard-coded keys.', command: 'devin-migrate scan <dir> --json --out scan.json' });
  }
  if (findings.available && findings.byCategory.secret > 0) {
    steps.push({
      text: `Treat the ${plural(findings.byCategory.secret, 'hard-coded key')} found in code as leaked: move ${findings.byCategory.secret === 1 ? 'it' : 'them'} out of the code and revoke ${findings.byCategory.secret === 1 ? 'it' : 'them'} with the rest.`,
      command: null,
    });
  }
  if (!plan.available) {
    if (h.legacyKeys.total > 0) {
      steps.push({ text: `Plan service users for ${plural(h.legacyKeys.total, 'legacy key')}.`, command: 'devin-migrate plan --inventory inventory.json --scan scan.json --out plan.json' });
    }
  } else {
    if (plan.overGranted > 0) {
      steps.push({ text: `Review ${plural(plan.overGranted, 'service user')} whose role grants more than the code needs (marked ⚠ in the plan); a custom role in the plan config narrows it.`, command: null });
    }
    const toCreate = new Set(rows.filter((r) => r.created === 'pending' && r.serviceUser).map((r) => r.serviceUser)).size;
    if (toCreate > 0) steps.push({ text: `Create ${plural(toCreate, 'service user')} from the plan; the tokens go to a 0600 file.`, command: 'devin-migrate apply plan.json --secrets-out <file>' });
    const failed = rows.filter((r) => r.created === 'failed' || r.verified === 'failed').length;
    if (failed > 0) steps.push({ text: `Fix ${plural(failed, 'replacement')} that failed to be created or verified (see the notes in cut-over readiness).`, command: null });
    const unverified = new Set(rows.filter((r) => r.created === 'done' && (r.verified === 'unknown' || r.verified === 'pending')).map((r) => r.serviceUser)).size;
    if (unverified > 0) steps.push({ text: `Verify ${plural(unverified, 'replacement')}: each token must authenticate as its planned service user.`, command: 'devin-migrate verify plan.json --secrets-out <file>' });
  }
  if (findings.available && findings.total > 0 && !codemod.available) {
    steps.push({ text: `Rewrite the ${plural(findings.files.length, 'file')} with findings to v3, and review the diff.`, command: 'devin-migrate codemod <dir> --dry-run' });
  }
  if (codemod.available && codemod.totals.markersPresent > 0) {
    steps.push({ text: `Finish the ${plural(codemod.totals.markersPresent, 'TODO(devin-migrate) marker')} the codemod left in the code.`, command: 'devin-migrate codemod <dir> --check' });
  }
  if (readiness.available) {
    const unused = new Set(rows.filter((r) => r.verified === 'done' && r.usedSince !== 'done').map((r) => r.serviceUser)).size;
    if (unused > 0) {
      steps.push({ text: `Deploy ${plural(unused, 'verified token')} where the code runs (DEVIN_API_KEY and DEVIN_ORG_ID), then verify again to see ${unused === 1 ? 'it' : 'them'} in use.`, command: 'devin-migrate verify plan.json --secrets-out <file>' });
    }
    if (readiness.safe > 0) {
      steps.push({ text: `Revoke the ${plural(readiness.safe, 'legacy key')} marked safe in cut-over readiness (dry run first).`, command: 'devin-migrate revoke plan.json --dry-run' });
    } else if (rows.length > 0) {
      steps.push({ text: 'No legacy key is safe to revoke yet: each needs a verified replacement that is in use.', command: null });
    }
  }
  if (steps.length === 0) steps.push({ text: 'Nothing left to do: every planned legacy key is revoked and no marker is open.', command: null });
  return steps;
}
