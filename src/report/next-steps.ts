// The short "what to do next" list at the top of the report: the first few things that stand
// between this enterprise and a finished migration, in the order an admin does them.
import type { NextStep, ReportModel } from './types.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function nextSteps(model: Omit<ReportModel, 'nextSteps'>): NextStep[] {
  const steps: NextStep[] = [];
  const { headline: h, plan, findings, codemod, readiness } = model;
  const has = (name: string) => model.inputs.some((i) => i.name === name && i.provided);

  if (!has('scan')) {
    steps.push({ text: 'Scan the code that calls Devin for legacy endpoints and hard-coded keys.', command: 'devin-migrate scan <dir> --format json --out scan.json' });
  }
  if (findings.available && findings.byCategory.secret > 0) {
    steps.push({ text: `Rotate ${plural(findings.byCategory.secret, 'hard-coded key')} found in code: treat them as leaked, whatever happens next.`, command: null });
  }
  if (!plan.available) {
    if (h.legacyKeys.total > 0) {
      steps.push({ text: `Plan service users for ${plural(h.legacyKeys.total, 'legacy key')}.`, command: 'devin-migrate plan --inventory inventory.json --scan scan.json --out plan.json' });
    }
  } else {
    if (plan.overGranted > 0) {
      steps.push({ text: `Review ${plural(plan.overGranted, 'service user')} whose role grants more than the code needs (marked in the plan).`, command: null });
    }
    const toApply = plan.rows.filter((r) => r.state === 'planned').length;
    if (toApply > 0) steps.push({ text: `Create ${plural(toApply, 'service user')} from the plan.`, command: 'devin-migrate apply --plan plan.json' });
  }
  if (readiness.available) {
    const unverified = readiness.rows.filter((r) => r.created === 'done' && r.verified !== 'done').length;
    if (unverified > 0) steps.push({ text: `Verify ${plural(unverified, 'new token')}.`, command: 'devin-migrate verify --plan plan.json' });
  }
  if (findings.available && findings.total > 0 && !codemod.available) {
    steps.push({ text: `Rewrite ${plural(findings.files.length, 'file')} with the codemod, then review the diff.`, command: 'devin-migrate codemod <dir>' });
  }
  if (codemod.available && codemod.openMarkers.length > 0) {
    steps.push({ text: `Resolve ${plural(codemod.openMarkers.length, 'TODO(devin-migrate) marker')} the codemod left in the code.`, command: null });
  }
  if (readiness.available) {
    if (readiness.safe > 0) {
      steps.push({ text: `Revoke ${plural(readiness.safe, 'legacy key')} that ${readiness.safe === 1 ? 'is' : 'are'} safe to revoke (see cut-over readiness).`, command: 'devin-migrate revoke --plan plan.json' });
    } else if (readiness.rows.length > readiness.revoked) {
      steps.push({ text: 'No legacy key is safe to revoke yet: deploy the new tokens and wait until they are used.', command: null });
    }
  }
  if (steps.length === 0) steps.push({ text: 'Nothing left to do: every legacy key is revoked and the code is on v3.', command: null });
  return steps;
}
