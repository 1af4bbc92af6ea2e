// Read and validate the step documents named on the command line. Every failure is an
// InputError naming the file (readDocument).
import { resolve } from 'node:path';
import { InventoryDocument } from '../documents/inventory.js';
import { PlanDocument } from '../documents/plan.js';
import { readDocument } from '../documents/read.js';
import { ScanDocument } from '../documents/scan.js';
import type { ReportInputs } from './model.js';

export interface ReportFiles {
  inventory: string;
  scan?: string | undefined;
  plan?: string | undefined;
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
  };
}
