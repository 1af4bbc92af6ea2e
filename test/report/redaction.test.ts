import { describe, expect, it } from 'vitest';
import { findKeys, redactKey } from '../../src/catalog/index.js';
import type { InventoryDocument } from '../../src/documents/inventory.js';
import type { PlanDocument } from '../../src/documents/plan.js';
import type { ScanDocument } from '../../src/documents/scan.js';
import { buildReport, renderReport, REPORT_FORMATS } from '../../src/report/index.js';
import { caseInputs, reportCases } from './cases.js';

// Key-shaped values built at run time (this file holds no key literal). Same shape as the
// fake API's keys: prefix + 32 letters and digits.
const body = (seed: string) => `${seed}${'x9Q2'.repeat(8)}`.slice(0, 32);
const PERSONAL = `apk_user_${body('Leak1')}`;
const SERVICE = `apk_${body('Leak2')}`;
const TOKEN = `cog_${body('Leak3')}`;

function poisoned() {
  const c = reportCases().find((x) => x.name === 'inventory-scan-plan')!;
  const inputs = caseInputs(c);
  const inventory = structuredClone(inputs.inventory) as InventoryDocument;
  const scan = structuredClone(inputs.scan) as ScanDocument;
  const plan = structuredClone(inputs.plan) as PlanDocument;
  // Every kind of string the report shows: names, emails, ids, messages, excerpts, reasons.
  inventory.organizations[0]!.name = `Platform ${PERSONAL}`;
  inventory.keys[0]!.orgName = `Org ${SERVICE}`;
  inventory.keys[1]!.ownerEmail = `${TOKEN}@acme.example`;
  inventory.collectedBy.email = `admin+${PERSONAL}@acme.example`;
  inventory.apiBase = `https://api.devin.ai/?key=${SERVICE}`;
  scan.findings[0]!.message = `found ${PERSONAL} in a string`;
  scan.findings[0]!.excerpt = `const key = '${PERSONAL}';`;
  scan.findings[1]!.file = `src/${TOKEN}.ts`;
  scan.findings[1]!.endpoint!.note = `see ${SERVICE}`;
  plan.warnings.push(`warning about ${TOKEN}`);
  plan.actions[0]!.reasons.op = `because ${PERSONAL}`;
  plan.actions[1]!.warnings.push(`token ${TOKEN} seen`);
  plan.actions[1]!.orgName = `Org ${SERVICE}`;
  return { ...inputs, inventory, scan, plan };
}

describe('report redaction', () => {
  const model = buildReport(poisoned());

  it.each(REPORT_FORMATS)('shows no key value in %s, only prefix and last 4', (format) => {
    const text = renderReport(model, format);
    expect(findKeys(text)).toEqual([]);
    for (const k of [PERSONAL, SERVICE, TOKEN]) {
      expect(text).not.toContain(k);
      expect(text).not.toContain(k.slice(-12));
      expect(text).toContain(redactKey(k));
    }
  });

  it('escapes HTML in every value, so document text cannot add markup or a script', () => {
    const inputs = poisoned();
    inputs.inventory.organizations[1]!.name = '<script>alert(1)</script>';
    inputs.inventory.keys[2]!.orgName = '<img src=x onerror=alert(1)>';
    inputs.scan!.findings[2]!.message = '"><iframe src="https://example.com/"></iframe>';
    inputs.plan!.actions[2]!.reasons.role = "role's <b>bold</b> & more";
    const html = renderReport(buildReport(inputs), 'html');
    expect(html).not.toMatch(/<script|<img|<iframe/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('role&#39;s &lt;b&gt;bold&lt;/b&gt; &amp; more');
  });

  it('keeps Markdown tables intact when values hold pipes and line breaks', () => {
    const inputs = poisoned();
    inputs.plan!.actions[0]!.reasons.op = 'a | b\nc';
    const md = renderReport(buildReport(inputs), 'md');
    const planTable = md.split('## Migration plan')[1]!.split('## ')[0]!;
    const rows = planTable.split('\n').filter((l) => l.startsWith('| '));
    const cols = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    expect(new Set(rows.map(cols)).size).toBe(1);
    expect(planTable).toContain('a \\| b c');
  });
});
