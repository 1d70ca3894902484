import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { A_TO_Z_ONE_PAGE } from '../../src/routes/organisations.js';
import { axeViolations, horizontalOverflow } from '../support/browser.js';
import { createOrganisation } from '../support/factories.js';
import { closeLiveBrowser, openLiveBrowser, type LiveApp } from '../support/live-app.js';

let live: LiveApp;
let browser: Browser;
let base: string;

// The demo directory grown past one page: the A–Z list becomes one letter at a time, B on two pages.
beforeAll(
  async () =>
    ({ live, browser, base } = await openLiveBrowser((db) => {
      seedDatabase(db, 'demo');
      inTransaction(db, () => {
        for (let i = 0; i < A_TO_Z_ONE_PAGE; i++)
          createOrganisation(db, { name: `${i % 2 ? 'CDLMPRS'[i % 7] : 'B'}ureau communautaire numéro ${i}` });
      });
    })),
);
afterAll(() => closeLiveBrowser({ live, browser }));

describe.each([320, 1280])('the A–Z list by letter at %i px wide', (width) => {
  it('fits the width and passes axe-core', async () => {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    try {
      await page.goto(`${base}/organismes/lettre/b`);
      expect(await page.locator('nav.pagination a').count()).toBeGreaterThan(1);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('goes from letter to letter by keyboard, without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/organismes/lettre/b`);
      await page.locator('.letters a', { hasText: /^D$/ }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/organismes/lettre/d`);
      expect(await page.locator('.letters a[aria-current="page"]').textContent()).toBe('D');
      expect(await page.locator('.letter-group h2').textContent()).toMatch(/^D \(\d+\)$/);
    } finally {
      await context.close();
    }
  });
});
