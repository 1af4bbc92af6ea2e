// SARIF output validates against the SARIF 2.1.0 schema and carries what GitHub code scanning
// reads: rules, ruleId, level, message, relative locations and partial fingerprints.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderSarif, SARIF_FINGERPRINT_KEY, scan } from '../../src/scan/index.js';
import { copyCase } from './helpers.js';

const require = createRequire(import.meta.url);

function validator() {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  // The file is draft-04 (`id`, draft-04 `$schema`); ajv 8 reads it as draft-07 once those two
  // keys are modernised (the schema uses no draft-04-only keyword such as boolean exclusiveMinimum).
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // One `pattern` in the schema (language) is not valid under the `u` flag; compile without it.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  return ajv.compile(schema);
}

describe('SARIF output', () => {
  const dir = copyCase('python-requests');
  const { document } = scan({ paths: ['.'], cwd: dir });
  const sarif = JSON.parse(renderSarif(document, { toolVersion: '1.2.3', srcRoot: dir })) as {
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[];
        partialFingerprints: Record<string, string>;
      }[];
      originalUriBaseIds: { SRCROOT: { uri: string } };
    }[];
  };

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    const validate = validator();
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The validator does reject what is not SARIF.
    const bad = structuredClone(sarif);
    (bad.runs[0]!.results[0] as { level: string }).level = 'critical';
    expect(validate(bad)).toBe(false);
    expect(validate({ ...sarif, version: '2.0.0' })).toBe(false);
  });

  it('has one result per finding with its rule, level, location and fingerprint', () => {
    const run = sarif.runs[0]!;
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('devin-migrate');
    expect(run.results).toHaveLength(document.findings.length);
    expect(run.results.length).toBeGreaterThan(5);
    for (const [i, r] of run.results.entries()) {
      const f = document.findings[i]!;
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.level).toBe(f.severity);
      expect(r.message.text).toBe(f.message);
      const loc = r.locations[0]!.physicalLocation;
      expect(loc.artifactLocation.uri).toBe(f.file);
      expect(loc.artifactLocation.uri).not.toMatch(/^(?:file:|\/)/);
      expect(loc.region.startLine).toBe(f.line);
      expect(r.partialFingerprints[SARIF_FINGERPRINT_KEY]).toBe(f.fingerprint);
    }
    expect(run.originalUriBaseIds.SRCROOT.uri).toMatch(/^file:\/\/\/.*\/$/);
  });

  it('lists every rule, including those without results', () => {
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('devin/service-user-token');
  });

  it('validates when there are no findings', () => {
    const empty = JSON.parse(renderSarif({ ...document, findings: [] }, { toolVersion: '1.2.3' }));
    expect(validator()(empty)).toBe(true);
  });
});
