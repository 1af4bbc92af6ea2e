// The HTML report in a real browser: Debian's Chromium driven by playwright-core. Every request
// the page makes is routed here; anything that is not the report file itself (or a data: URL)
// fails the test. A screenshot lands in test-output/report/ for a human to look at.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, renderReport, SECTION_TITLES, type SectionId } from '../../src/report/index.js';
import { caseInputs, reportCases } from './cases.js';

// Browser globals used inside page.evaluate callbacks (they run in the page; the project's
// tsconfig has no DOM library).
declare const document: { scripts: { length: number } };
declare function getComputedStyle(el: unknown): { position: string };

const CHROMIUM = '/usr/bin/chromium';
const OUT_DIR = new URL('../../test-output/report/', import.meta.url).pathname;

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'devin-migrate-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe.each(reportCases())('the HTML report of fixtures/report/$name in Chromium', (c) => {
  const model = buildReport(caseInputs(c));
  const html = renderReport(model, 'html');
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `${c.name}.html`);
  writeFileSync(file, html);

  it('shows every section and the chart, fetches nothing, and prints', async () => {
    const page = await context.newPage();
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith('file:') && !url.startsWith('data:')) outside.push(url);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    for (const [id, title] of Object.entries(SECTION_TITLES) as [SectionId, string][]) {
      const section = page.locator(`section#${id}`);
      await expect.poll(() => section.isVisible(), { message: id }).toBe(true);
      expect(await section.locator('h2').innerText()).toBe(title);
    }

    // The chart: an SVG of real size with one bar segment per non-zero (org, type, state).
    const svg = page.locator('#keysByOrg svg');
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    expect(box!.height).toBeGreaterThan(100);
    const segments = model.keysByOrg.orgs.flatMap((o) => o.series.flatMap((s) => Object.values(s.counts).filter((n) => n > 0)));
    expect(await svg.locator('rect.seg').count()).toBe(segments.length);
    const names = await svg.locator('text.org-name').allTextContents();
    expect(names.slice(0, 3)).toEqual(model.keysByOrg.orgs.slice(0, 3).map((o) => o.orgName.slice(0, 24)));

    // Sections that have data show it, the others say which document is missing.
    for (const s of ['plan', 'matrix', 'findings', 'codemod', 'readiness'] as const) {
      const section = page.locator(`section#${s}`);
      if (model[s].available) expect(await section.locator('table').count()).toBeGreaterThan(0);
      else expect(await section.locator('.missing-input').innerText()).toBe(model[s].missing.replace(/`/g, ''));
    }
    if (model.plan.available && model.plan.overGranted > 0) {
      expect(await page.locator('#plan tr.flag').count()).toBeGreaterThan(0);
    }

    // Sticky table headers on screen; in print the scroll boxes open up.
    const th = page.locator('section table thead th').first();
    expect(await th.evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);

    await page.screenshot({ path: join(OUT_DIR, `${c.name}.png`), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await th.evaluate((el) => getComputedStyle(el).position)).toBe('static');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    expect(outside).toEqual([]);
    await page.close();
  });
});
