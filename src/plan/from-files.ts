// Read the planner's inputs from files (validated), hash them, and build the plan.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { InventoryDocument } from '../documents/inventory.js';
import type { InputRef, PlanDocument } from '../documents/plan.js';
import { readDocument } from '../documents/read.js';
import { ScanDocument } from '../documents/scan.js';
import { buildPlan } from './build.js';
import { parsePlanConfig, readPlanConfig, type PlanConfig } from './config.js';
import { sha256 } from './fingerprint.js';

export interface PlanFilesOptions {
  inventoryPath: string;
  scanPath?: string | undefined;
  configPath?: string | undefined;
  /** Where the plan goes; input paths are recorded relative to its folder. */
  outPath?: string | undefined;
  cwd: string;
}

/** A path as the plan records it: relative to the plan's folder, POSIX separators. */
export function recordedPath(path: string, opts: { outPath?: string | undefined; cwd: string }): string {
  const base = opts.outPath ? dirname(resolve(opts.cwd, opts.outPath)) : resolve(opts.cwd);
  return relative(base, resolve(opts.cwd, path)).split(sep).join('/') || '.';
}

function ref(path: string, opts: PlanFilesOptions): InputRef {
  return { path: recordedPath(path, opts), sha256: sha256(readFileSync(resolve(opts.cwd, path))) };
}

export function planFromFiles(opts: PlanFilesOptions): PlanDocument {
  const at = (p: string) => resolve(opts.cwd, p);
  const inventory = readDocument(at(opts.inventoryPath), InventoryDocument, 'inventory');
  const scan = opts.scanPath ? readDocument(at(opts.scanPath), ScanDocument, 'scan result') : null;
  const config: PlanConfig = opts.configPath ? readPlanConfig(at(opts.configPath)).config : parsePlanConfig({});
  return buildPlan({
    inventory,
    scan,
    config,
    inputs: {
      inventory: ref(opts.inventoryPath, opts),
      scan: opts.scanPath ? ref(opts.scanPath, opts) : null,
      config: opts.configPath ? ref(opts.configPath, opts) : null,
    },
  });
}
