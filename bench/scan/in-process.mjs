// The scanner without the CLI around it: one scan of the tree, timings to <tree>.in-process.json.
import { writeFileSync } from 'node:fs';
import { walk } from '../../dist/src/files/walk.js';
import { languageOf } from '../../dist/src/scan/languages.js';
import { scan } from '../../dist/src/scan/scan.js';

const tree = process.argv[2];
let t = process.hrtime.bigint();
walk({ paths: [tree], cwd: process.cwd(), classify: languageOf });
const walkMs = Number(process.hrtime.bigint() - t) / 1e6;
t = process.hrtime.bigint();
const r = scan({ paths: [tree], cwd: process.cwd() });
const scanMs = Number(process.hrtime.bigint() - t) / 1e6;
writeFileSync(
  `${tree}.in-process.json`,
  JSON.stringify({
    walkMs: Math.round(walkMs),
    scanMs: Math.round(scanMs),
    findings: r.document.findings.length,
    secondPass: `${r.stats.secondPassNames.join(',') || 'none'} (${r.stats.secondPass} files)`,
    firstPass: r.stats.firstPass,
  }),
);
