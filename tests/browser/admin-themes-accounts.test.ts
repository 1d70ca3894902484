import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { addSearchCounts, oneSearch } from '../../src/queries/search-log.js';
import { seedDatabase } from '../../src/queries/seed.js';
import type { User } from '../../src/db/schema.js';
import { createUser } from '../support/auth.js';
import { axeViolations, horizontalOverflow, launchBrowser } from '../support/browser.js';
import { signInBrowser, startLiveApp, type LiveApp } from '../support/live-app.js';

let live: LiveApp;
let db: Db;
let browser: Browser;
let context: BrowserContext;
let base: string;
let themeId: number;

const signIn = (page: Page, email: string) => signInBrowser(page, base, email);

beforeAll(async () => {
  let admin: User | undefined;
  live = await startLiveApp(async (database) => {
    seedDatabase(database, 'demo');
    // A territory text outside the hierarchy, so /admin/territoires shows its « Rattacher » form.
    database.$client.prepare("UPDATE organisations SET territory = 'Quartier Nazareth' WHERE id = 1").run();
    // Searches with and without results, so /admin/recherches shows both lists and the keyword form.
    for (const [words, results] of [
      ['hebergement 17 ans', 4],
      ['dormir ce soir chez quelqu un', 0],
    ] as const) {
      addSearchCounts(database, [
        { ...oneSearch(database.clock(), words, results), searches: 3, emptySearches: results === 0 ? 3 : 0 },
      ]);
    }
    admin = await createUser(database, {
      role: 'admin',
      name: 'Alice Administratrice',
      email: 'alice@cosmoss.example.org',
    });
    await createUser(database, {
      role: 'editeur',
      name: 'Bruno Éditeur avec un nom assez long pour déborder',
      email: 'bruno.editeur.tres.long@cosmoss.example.org',
    });
  });
  ({ db, base } = live);
  browser = await launchBrowser();
  context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, admin!.email);
  // The thème listing the most organisations, edited once through the form so its history shows a diff.
  themeId = (
    db.$client
      .prepare('select theme_id as id from organisation_themes group by theme_id order by count(*) desc limit 1')
      .get() as { id: number }
  ).id;
  await page.goto(`${base}/admin/themes/${themeId}`);
  await page.fill('#champ-description', 'Description revue par la coordination.');
  await page.click('form.form button[type="submit"]');
  await page.waitForURL(`${base}/admin/themes/${themeId}`);
  await page.close();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await live?.close();
});

const pages: [string, () => string][] = [
  ['liste des thèmes', () => '/admin/themes'],
  ['modification d’un thème avec historique', () => `/admin/themes/${themeId}`],
  ['nouveau thème', () => '/admin/themes/nouveau'],
  ['suppression d’un thème qui a des organismes', () => `/admin/themes/${themeId}/supprimer`],
  ['liste des comptes', () => '/admin/comptes'],
  ['nouveau compte', () => '/admin/comptes/nouveau'],
  ['modification d’un compte', () => '/admin/comptes/2'],
  ['son propre compte', () => '/admin/comptes/1'],
  ['mon mot de passe', () => '/admin/mot-de-passe'],
  ['synonymes de la recherche', () => '/admin/synonymes'],
  ['modification d’un synonyme', () => '/admin/synonymes/1'],
  ['territoires', () => '/admin/territoires'],
  ['nouveau territoire', () => '/admin/territoires/nouveau'],
  ['modification d’un territoire', () => '/admin/territoires/2'],
  ['ce que l’on cherche', () => '/admin/recherches'],
];

describe.each([320, 1280])('at %i px wide', (width) => {
  it.each(pages)('%s fits the width and passes axe-core', async (_name, path) => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    try {
      const response = await page.goto(base + path());
      expect(response?.status()).toBe(200);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows a thème form with errors (summary, invalid fields) that fits and passes axe-core', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    try {
      await page.goto(`${base}/admin/themes/${themeId}`);
      await page.fill('#champ-name', '');
      await page.fill('#champ-color', '#FFEE00');
      await page.click('form.form button[type="submit"]');
      await page.waitForSelector('.form-alert');
      expect(await page.locator('.form-alert li').count()).toBe(2);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
      // The summary's link takes keyboard focus to the field.
      await page.locator('.form-alert a[href="#champ-color"]').focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('champ-color');
    } finally {
      await page.close();
    }
  });
});

describe('keyboard', () => {
  it('reaches the thème list’s move buttons with Tab and moves a thème with Enter, without JavaScript', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
    const page = await noScript.newPage();
    try {
      await page.goto(`${base}/admin/themes`);
      const firstName = await page.locator('tbody tr th a').first().textContent();
      const button = page.locator('tbody tr').first().locator('button', { hasText: 'Descendre' });
      await button.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/admin\/themes#theme-\d+$/);
      expect(await page.locator('tbody tr th a').nth(1).textContent()).toBe(firstName);
      expect(await page.locator('.flash').textContent()).toContain('descendu d’un rang');
    } finally {
      await noScript.close();
    }
  });
});
