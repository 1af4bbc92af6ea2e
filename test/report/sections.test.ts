import { describe, expect, it } from 'vitest';
import { buildReport, renderReport, SECTION_TITLES, type ReportModel } from '../../src/report/index.js';
import { caseInputs, reportCases } from './cases.js';

const OPTIONAL = ['plan', 'matrix', 'findings', 'codemod', 'readiness'] as const;

describe.each(reportCases())('report of fixtures/report/$name', (c) => {
  const model = buildReport(caseInputs(c));

  it('computes the headline numbers and the chart from the documents given', () => {
    expect(model.headline).toMatchObject(c.expect.headline);
    expect(model.keysByOrg.orgs).toHaveLength(c.expect.chartOrgs);
    const charted = model.keysByOrg.orgs.flatMap((o) => o.series).reduce((n, s) => n + s.total, 0);
    expect(charted).toBe(model.headline.legacyKeys.total);
    expect(model.nextSteps[0]!.text).toContain(c.expect.firstStep);
  });

  it('has exactly the sections its documents allow', () => {
    for (const s of OPTIONAL) expect({ section: s, available: model[s].available }).toEqual({ section: s, available: c.expect.available[s] });
    if (model.plan.available) {
      expect(model.plan.rows).toHaveLength(c.expect.planRows!);
      expect(model.plan.overGranted).toBe(c.expect.overGranted);
    }
  });

  it('says the same thing in HTML, Markdown and JSON', () => {
    const html = renderReport(model, 'html');
    const md = renderReport(model, 'md');
    const json = JSON.parse(renderReport(model, 'json')) as ReportModel;
    expect(json).toEqual(model);
    for (const title of Object.values(SECTION_TITLES)) {
      expect(md).toContain(`## ${title}`);
      expect(html).toContain(`>${title}</h2>`);
    }
    for (const s of OPTIONAL) {
      const section = model[s];
      if (!section.available) {
        expect(md).toContain(section.missing);
        const escaped = section.missing.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        expect(html).toContain(escaped.replace(/`([^`]+)`/g, '<code>$1</code>'));
      }
    }
    for (const step of model.nextSteps) {
      expect(md).toContain(step.text);
      expect(html).toContain(step.text.replace(/'/g, '&#39;'));
    }
    if (model.plan.available) {
      for (const row of model.plan.rows) {
        expect(md).toContain(row.legacyKeyId);
        expect(html).toContain(row.legacyKeyId);
      }
    }
    if (model.findings.available) {
      for (const f of model.findings.files) {
        expect(md).toContain(f.file);
        expect(html).toContain(f.file);
      }
    }
  });

  it('is the same model for the same documents (no clock, no randomness)', () => {
    expect(buildReport(caseInputs(c))).toEqual(model);
  });
});

describe('open markers in the codemod section', () => {
  const full = reportCases().find((c) => c.name === 'full')!;
  const inputs = caseInputs(full);
  const codemod = structuredClone(inputs.codemod!);
  const file = codemod.files.find((f) => f.markersPresent > 0)!;
  file.openMarkers = [
    { line: 7, message: 'first thing to do by hand' },
    { line: 19, message: 'second thing to do by hand' },
  ];
  file.markersPresent = 2;

  it('lists each marker with its line in HTML and Markdown', () => {
    const model = buildReport({ ...inputs, codemod });
    const row = model.codemod.available ? model.codemod.openMarkers.find((m) => m.file === file.path) : undefined;
    expect(row).toEqual({ file: file.path, count: 2, markers: file.openMarkers });
    expect(renderReport(model, 'md')).toContain('7: first thing to do by hand<br>19: second thing to do by hand');
    expect(renderReport(model, 'html')).toContain('<li><span class="mono">19</span>: second thing to do by hand</li>');
  });

  it('falls back to the messages a result of an earlier version added, without lines', () => {
    const model = buildReport(inputs);
    const row = model.codemod.available ? model.codemod.openMarkers.find((m) => m.file === file.path) : undefined;
    expect(row!.markers.every((m) => m.line === null)).toBe(true);
    expect(row!.markers.map((m) => m.message)).toEqual(inputs.codemod!.files.find((f) => f.path === file.path)!.markersAdded);
  });
});
