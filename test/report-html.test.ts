/**
 * The HTML report in a real browser (Debian's chromium, driven by playwright-core): one
 * self-contained file that loads nothing from the network, shows the right totals, sorts its
 * route table on a click, and shows a route path such as `/<script>…` as text, never as markup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, renderHtml, type ReportData } from '../src/report/index.js';
import { planMigration } from '../src/run.js';
import { tmpProject } from './helpers/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`report-html.test.ts: skipped, ${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium; .ci/run does).`);
}

const EVIL = "/<script>window.__pwned=1</script>/<img src=x onerror='window.__pwned=2'>";

const APP = [
  "const express = require('express');",
  'const app = express();',
  "app.use(require('legacy-auth')());",
  `app.get(${JSON.stringify(EVIL)}, (req, res) => res.json({ evil: true }));`,
  "app.get('/zebra', (req, res) => res.json({}));",
  "app.post('/apple', (req, res) => res.status(201).json({}));",
  "app.delete('/mango/:id', (req, res) => res.sendStatus(204));",
  'app.listen(3000);',
  '',
].join('\n');

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  // Imported only when chromium is there, so a machine without it skips cleanly.
  let browser: import('playwright-core').Browser;
  let report: ReportData;
  let file: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    const root = tmpProject({ 'package.json': '{ "name": "evil<b>app</b>", "dependencies": { "express": "^4.21.2" } }\n', 'app.js': APP });
    report = buildReport(await planMigration(root, ['.']), { command: 'scan', mode: 'scan', toolVersion: '0.0.0-test' });
    file = path.join(root, 'report.html');
    fs.writeFileSync(file, renderHtml(report, { linkBase: '' }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the totals, escapes code, sorts on click, and loads nothing else', async () => {
    const page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);

    // Nothing but the file itself: no network, no other file.
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(errors).toEqual([]);

    // Summary cards show the report's totals.
    const card = (id: string) => page.locator(`[data-card="${id}"] .value`).textContent();
    const t = report.totals;
    expect(t.endpoints).toBe(4);
    expect(await card('endpoints')).toBe(String(t.endpoints));
    expect(await card('native')).toBe(String(t.native));
    expect(await card('compat')).toBe(String(t.compat));
    expect(await card('manual')).toBe(String(t.manual));
    expect(await card('middleware')).toBe(String(t.middleware.mapped));
    expect(await card('files')).toBe(String(t.files.changed));
    expect(await card('needs-human')).toBe(String(t.needsHuman));
    expect(await card('effort')).toBe((Math.round(report.effort.expected.savedDays * 10) / 10).toFixed(1));

    // The evil path is text: no script ran, no element was injected.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('#route-table tbody td.path').allTextContents()).toContain(EVIL);
    expect(await page.title()).toContain('evil<b>app</b>');

    // The checklist lists the unknown middleware with its file:line.
    const checklist = await page.locator('ul.checklist').first().textContent();
    expect(checklist).toContain('app.js:3');
    expect(checklist).toContain('E2F101');

    // Clicking a column header sorts by it; a second click reverses.
    const paths = () => page.locator('#route-table tbody td.path').allTextContents();
    const header = page.locator('#route-table thead th', { hasText: 'Path' }).locator('button');
    await header.click();
    const asc = await paths();
    expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    expect(asc[0]).toBe(EVIL); // `/<` sorts before letters
    expect(await page.locator('#route-table thead th', { hasText: 'Path' }).getAttribute('aria-sort')).toBe('ascending');
    await header.click();
    expect(await paths()).toEqual([...asc].reverse());
    const lines = () => page.locator('#route-table tbody tr td:nth-child(4)').allTextContents();
    await page.locator('#route-table thead th', { hasText: 'Line' }).locator('button').click();
    await page.locator('#route-table thead th', { hasText: 'Line' }).locator('button').click();
    expect((await lines()).map(Number)).toEqual([7, 6, 5, 4]);
    await page.close();
  }, 30_000);
});
