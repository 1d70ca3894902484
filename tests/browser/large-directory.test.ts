import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARBRE_MAX_ENTRIES } from '../../src/lib/arbre/sheet.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { listThemes } from '../../src/queries/themes.js';
import { THEME_PAGE_SIZE } from '../../src/routes/themes.js';
import { axeViolations, horizontalOverflow } from '../support/browser.js';
import { seedArbreFixture } from '../support/arbre-fixtures.js';
import { closeLiveBrowser, openLiveBrowser, type LiveApp } from '../support/live-app.js';

let live: LiveApp;
let browser: Browser;
let base: string;
let themeNames: string[];
let largeTheme: string;

// The demo directory grown past ARBRE_MAX_ENTRIES: the Arbre becomes its thèmes and territories (decision 110),
// and the fixture's thèmes (~370 organisations each) run over several pages (decision 111).
beforeAll(
  async () =>
    ({ live, browser, base } = await openLiveBrowser((db) => {
      seedDatabase(db, 'demo');
      seedArbreFixture(db, { themes: 6, entries: ARBRE_MAX_ENTRIES + 200 });
      db.$client.prepare("UPDATE organisations SET territory = 'Ville de Rimouski' WHERE territory IS NULL").run();
      themeNames = listThemes(db).map((theme) => theme.name);
      largeTheme = listThemes(db).find((theme) => theme.name.startsWith('Thème fixture'))!.slug;
    })),
);
afterAll(() => closeLiveBrowser({ live, browser }));

describe.each([320, 1280])('the Arbre beyond its limit at %i px wide', (width) => {
  it('fits the width and passes axe-core', async () => {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    try {
      await page.goto(`${base}/arbre`);
      expect(await page.locator('.arbre-summary .summary-theme').count()).toBe(themeNames.length);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('leads to a drawn thème sheet by keyboard, without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/arbre`);
      await page.locator('.summary-theme a').first().focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/arbre\?themes=/);
      expect(await page.locator('.arbre-summary').count()).toBe(0);
      expect(await page.locator('.leaf').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});

describe('the printed summary', () => {
  it('is one page naming every thème with its count, and the crisis lines', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/arbre`);
      await page.evaluate(() => document.fonts.ready);
      const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbre-summary-'));
      try {
        fs.writeFileSync(path.join(dir, 'a.pdf'), pdf);
        const text = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', path.join(dir, 'a.pdf'), '-'], {
          encoding: 'utf8',
        }).replace(/\s+/g, ' ');
        for (const name of themeNames) expect(text).toMatch(new RegExp(`${name} \\(\\d[\\d ]* entrées?\\)`));
        expect(text).toContain('Urgence et lignes 24/7');
        // Links to online lists mean nothing on paper.
        expect(text).not.toContain('liste en ligne');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await page.close();
    }
  });
});

describe.each([320, 1280])('a thème page of several pages at %i px wide', (width) => {
  it('fits the width and passes axe-core', async () => {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    try {
      await page.goto(`${base}/themes/${largeTheme}`);
      expect(await page.locator('.entry').count()).toBe(THEME_PAGE_SIZE);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('goes to the next page by keyboard, without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/themes/${largeTheme}`);
      await page.locator('nav.pagination a[rel="next"]').focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/themes/${largeTheme}/2`);
      expect(await page.locator('nav.pagination a[aria-current="page"]').textContent()).toBe('2');
      expect(await page.locator('.entry').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
