import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, horizontalOverflow } from '../support/browser.js';
import { closeLiveBrowser, openLiveBrowser, type LiveApp } from '../support/live-app.js';

let live: LiveApp;
let browser: Browser;
let base: string;

beforeAll(async () => ({ live, browser, base } = await openLiveBrowser()));
afterAll(() => closeLiveBrowser({ live, browser }));

const pages = [
  ['results', '/recherche?q=logement&clientele=jeunes'],
  ['misspelt', '/recherche?q=hebergment'],
  ['no result', '/recherche?q=zzzz+qqqq'],
  ['blank', '/recherche'],
  ['paginated', '/recherche?q=aide'],
  ['age chip', '/recherche?q=h%C3%A9bergement+17+ans+ce+soir'],
  ['partial matches', '/recherche?q=h%C3%A9bergement+hippopotame'],
];

describe('search page in Chromium', () => {
  for (const width of [320, 1280]) {
    it.each(pages)(`%s page passes axe and does not scroll sideways at ${width} px`, async (_name, path) => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(base + path);
      expect(await axeViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.close();
    });
  }

  it('works without JavaScript: the form submits the query and filters', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/recherche`);
    await page.fill('#q', 'drogue');
    // The filters are collapsed behind their summary (issue 14): opening them needs no JavaScript.
    await page.click('.search-filters-box summary');
    await page.selectOption('#filter-audience', 'jeunes');
    await page.press('#q', 'Enter');
    await page.waitForURL(/q=drogue/);
    expect(new URL(page.url()).searchParams.get('clientele')).toBe('jeunes');
    expect(await page.locator('.result').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('shows the first result near the top at 320 px: filters collapsed to a summary of the active ones', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(`${base}/recherche?q=${encodeURIComponent('logement 17 ans')}&territoire=Ville+de+Rimouski`);
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/search-320.png`, fullPage: true });
    // The first result's title is on the first screen (it was about 1,050 px down before issue 14).
    const first = await page.locator('.result').first().boundingBox();
    expect(first!.y + 60).toBeLessThan(640);
    expect(await page.locator('.search-filters-box summary').textContent()).toContain('Ville de Rimouski');
    expect(await page.locator('#filter-territory').isVisible()).toBe(false);
    await page.click('.search-filters-box summary');
    expect(await page.locator('#filter-territory').isVisible()).toBe(true);
    // The age chip's ✕ is a plain link: it works with the keyboard.
    await page.locator('.search-chip a').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'logement');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('suggests while typing; arrow keys reach the links, Escape closes; still passes axe', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(`${base}/recherche`);
    await page.locator('#q').pressSequentially('heb', { delay: 30 });
    const list = page.locator('#q-suggestions');
    await expect.poll(() => list.isVisible()).toBe(true);
    await expect.poll(() => page.locator('[role="status"]').textContent()).toMatch(/suggestion/);
    expect(await list.locator('a').first().textContent()).toContain('Hébergement');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('#q-suggestions') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await list.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.close();
  });
});
