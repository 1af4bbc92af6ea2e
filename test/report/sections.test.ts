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
