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
    await page.selectOption('#filter-audience', 'jeunes');
    await page.press('#q', 'Enter');
    await page.waitForURL(/q=drogue/);
    expect(new URL(page.url()).searchParams.get('clientele')).toBe('jeunes');
    expect(await page.locator('.result').count()).toBeGreaterThan(0);
    await context.close();
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
