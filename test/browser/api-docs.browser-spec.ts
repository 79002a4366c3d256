/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The API reference pages in Debian's Chromium: ReDoc at /api/v1/redoc renders the served document
 * under its own CSP, with nothing fetched from another origin. Screenshot: test/browser/screenshots/.
 */
const SHOTS = join(__dirname, 'screenshots');

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Chromium starts while the app boots (neither needs the other).
  const [launched, app] = await Promise.allSettled([
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    }),
    startTestApp(),
  ]);
  if (launched.status === 'fulfilled') browser = launched.value;
  if (app.status === 'fulfilled') t = app.value;
  for (const step of [launched, app]) if (step.status === 'rejected') throw step.reason;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('ReDoc renders the document from this origin only, without CSP violations', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  const origins = new Set<string>();
  // ReDoc's sidebar always tries Redocly's logo from their CDN: the CSP blocks it (it then hides itself).
  page.on('console', (m) => m.type() === 'error' && !m.text().includes("image 'https://cdn.redoc.ly/redoc/logo-mini.svg'") && problems.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => problems.push(e.message));
  const blocked: string[] = [];
  page.on('requestfinished', (r) => !r.url().startsWith('data:') && !r.url().startsWith('blob:') && origins.add(new URL(r.url()).origin));
  page.on('requestfailed', (r) => blocked.push(r.url()));
  await page.goto(`${t.url}/api/v1/redoc`);
  await page
    .getByRole('heading', { name: /Ticketing API/ })
    .first()
    .waitFor({ timeout: 30_000 });
  await page.getByRole('heading', { name: 'Look up a ticket by its code' }).waitFor({ state: 'attached' });
  await page.screenshot({ path: join(SHOTS, 'redoc.png') });
  expect(problems).toEqual([]);
  expect([...origins]).toEqual([t.url]);
  expect(blocked.every((url) => url.startsWith('https://cdn.redoc.ly/'))).toBe(true);
}, 60_000);
