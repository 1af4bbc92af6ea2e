// The report's fixture cases: each folder under fixtures/report holds the step documents of one
// input combination (written by the real commands against the fake API) and expect.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportInputsFromFiles } from '../../src/report/from-files.js';
import type { ReportInputs } from '../../src/report/index.js';

export const CASES_DIR = new URL('../../fixtures/report/', import.meta.url).pathname;

export interface ReportCase {
  name: string;
  dir: string;
  files: Record<string, string | undefined>;
  expect: {
    description: string;
    available: Record<string, boolean>;
    headline: Record<string, unknown>;
    chartOrgs: number;
    planRows?: number;
    overGranted?: number;
    firstStep: string;
  };
}

const DOCS = ['inventory', 'scan', 'plan', 'journal', 'codemod', 'verify'] as const;
const FILE_OF: Record<(typeof DOCS)[number], string> = {
  inventory: 'inventory.json',
  scan: 'scan.json',
  plan: 'plan.json',
  journal: 'journal.jsonl',
  codemod: 'codemod.json',
  verify: 'verify.json',
};

export function reportCases(): ReportCase[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(CASES_DIR, d.name);
      const files: Record<string, string | undefined> = {};
      for (const doc of DOCS) files[doc] = existsSync(join(dir, FILE_OF[doc])) ? FILE_OF[doc] : undefined;
      return { name: d.name, dir, files, expect: JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as ReportCase['expect'] };
    });
}

export function caseInputs(c: ReportCase, generatedAt = '2026-11-22T12:00:00.000Z'): ReportInputs {
  return reportInputsFromFiles({
    inventory: c.files.inventory!,
    scan: c.files.scan,
    plan: c.files.plan,
    journal: c.files.journal,
    verify: c.files.verify,
    codemod: c.files.codemod,
    cwd: c.dir,
    generatedAt,
  });
}
