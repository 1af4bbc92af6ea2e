// One table-driven test over fixtures/scan/<case>/: scan the input tree, compare every finding
// (rule, file, line, and for endpoints the method and catalogue ids) with expected.json. Extra
// findings fail the case as much as missing ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/index.js';
import { caseNames, copyCase, FIXTURES } from './helpers.js';

interface ExpectedFinding {
  ruleId: string;
  file: string;
  line: number;
  method?: string | null;
  legacyIds?: string[];
}

interface Expected {
  description: string;
  hosts?: string[];
  filesScanned: number;
  suppressed: number;
  findings: ExpectedFinding[];
}

describe('scan fixtures', () => {
  const names = caseNames();
  it('has the cases the scanner promises to cover', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });
  for (const name of names) {
    const expected = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
    it(`${name}: ${expected.description}`, () => {
      const dir = copyCase(name);
      const { document } = scan({ paths: ['.'], cwd: dir, hosts: expected.hosts ?? [] });
      const actual = document.findings.map((f) => {
        const o: ExpectedFinding = { ruleId: f.ruleId, file: f.file, line: f.line };
        if (f.endpoint && f.endpoint.legacyIds.length > 0) {
          o.method = f.endpoint.method;
          o.legacyIds = f.endpoint.legacyIds;
        }
        return o;
      });
      expect(actual).toEqual(expected.findings);
      expect(document.filesScanned).toBe(expected.filesScanned);
      expect(document.suppressed).toBe(expected.suppressed);
    });
  }
});
