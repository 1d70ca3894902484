import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { createUser } from '../support/auth.js';
import { axeViolations, horizontalOverflow } from '../support/browser.js';
import { closeLiveBrowser, openLiveBrowser, signInBrowser, type LiveApp } from '../support/live-app.js';

let live: LiveApp;
let db: Db;
let browser: Browser;
let base: string;
let email: string;

beforeAll(async () => {
  ({ live, browser, base } = await openLiveBrowser(async (database) => {
    seedDatabase(database, 'demo');
    email = (await createUser(database, { role: 'admin', name: 'Coordination' })).email;
  }));
  db = live.db;
});
afterAll(() => closeLiveBrowser({ live, browser }));

async function signedInPage(width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await signInBrowser(page, base, email);
  return page;
}

const firstActiveId = () =>
  (
    db.$client.prepare("select id from organisations where status = 'active' order by id limit 1").get() as {
      id: number;
    }
  ).id;
const firstContactId = () =>
  (db.$client.prepare('select id from contacts order by id limit 1').get() as { id: number }).id;

describe('admin in Chromium', () => {
  it('edits an organisation through the real form, and the public page shows the change', async () => {
    const page = await signedInPage(1280);
    const id = firstActiveId();
    await page.goto(`${base}/admin/organismes/${id}`);
    await page.getByLabel('Heures d’ouverture').fill('Lundi au jeudi, 9 h à 15 h');
    await page.getByLabel('Téléphone principal').fill('(418) 555-0166');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    expect(await page.locator('.flash').textContent()).toContain('Modifications enregistrées.');
    await page.getByRole('link', { name: 'Voir la page publique' }).click();
    await page.waitForURL(/\/organismes\//);
    const text = await page.locator('main').textContent();
    expect(text).toContain('Lundi au jeudi, 9 h à 15 h');
    expect(text).toContain('418 555-0166');
    await page.close();
  });

  it('shows field errors next to the fields, linked from a summary, keeping what was typed', async () => {
    const page = await signedInPage(1280);
    await page.goto(`${base}/admin/organismes/nouveau`);
    await page.getByLabel('Courriel').fill('pas un courriel');
    await page.getByRole('button', { name: 'Ajouter l’organisme' }).click();
    expect(await page.locator('#erreurs').textContent()).toContain('2 informations sont à corriger');
    await page.locator('#erreurs a').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('champ-name');
    expect(await page.getByLabel('Courriel').inputValue()).toBe('pas un courriel');
    await page.close();
  });

  describe.each([320, 1280])('at %i px', (width) => {
    it.each([
      ['tableau de bord', () => '/admin'],
      ['liste', () => '/admin/organismes'],
      ['fiche', () => `/admin/organismes/${firstActiveId()}`],
      ['nouvel organisme', () => '/admin/organismes/nouveau'],
      ['historique', () => `/admin/organismes/${firstActiveId()}/historique`],
      ['personne', () => `/admin/personnes/${firstContactId()}`],
    ])('%s fits and passes axe-core', async (_name, path) => {
      const page = await signedInPage(width);
      await page.goto(base + path());
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  });

  it('login page passes axe-core at 320 px', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(`${base}/connexion`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
