// Read and validate the step documents named on the command line. Every failure is an
// InputError naming the file (readDocument).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { CodemodDocument } from '../documents/codemod.js';
import { InventoryDocument } from '../documents/inventory.js';
import { PlanDocument } from '../documents/plan.js';
import { readDocument } from '../documents/read.js';
import { ScanDocument } from '../documents/scan.js';
import { VerifyDocument } from '../documents/verify.js';
import { readJournal } from '../provision/journal.js';
import type { ReportInputs } from './model.js';

export interface ReportFiles {
  inventory: string;
  scan?: string | undefined;
  plan?: string | undefined;
  journal?: string | undefined;
  verify?: string | undefined;
  codemod?: string | undefined;
  cwd: string;
  generatedAt: string;
}

export function reportInputsFromFiles(files: ReportFiles): ReportInputs {
  const at = (p: string) => resolve(files.cwd, p);
  return {
    generatedAt: files.generatedAt,
    inventory: readDocument(at(files.inventory), InventoryDocument, 'inventory'),
    scan: files.scan ? readDocument(at(files.scan), ScanDocument, 'scan result') : undefined,
    plan: files.plan ? readDocument(at(files.plan), PlanDocument, 'plan') : undefined,
    journal: files.journal ? readJournalFile(at(files.journal)) : undefined,
    verify: files.verify ? readDocument(at(files.verify), VerifyDocument, 'verify result') : undefined,
    codemod: files.codemod ? readDocument(at(files.codemod), CodemodDocument, 'codemod result') : undefined,
  };
}

function readJournalFile(path: string) {
  // readJournal treats a missing file as empty (apply creates it); for a report it is a mistake.
  if (!existsSync(path)) throw new InputError(`cannot read journal ${path}: ENOENT`, { hint: 'check the path' });
  return readJournal(path).records;
}
