import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { createUser } from '../support/auth.js';
import { axeViolations, horizontalOverflow, launchBrowser } from '../support/browser.js';
import { signInBrowser, startLiveApp, type LiveApp } from '../support/live-app.js';

let live: LiveApp;
let db: Db;
let browser: Browser;
let base: string;
let email: string;
const SHOTS = process.env.SCREENSHOT_DIR;

beforeAll(async () => {
  live = await startLiveApp(async (database) => {
    seedDatabase(database, 'demo');
    email = (await createUser(database, { role: 'admin', name: 'Coordination' })).email;
  });
  ({ db, base } = live);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await live?.close();
});

/** A page without JavaScript: every form here must work as plain HTML. */
async function plainPage(width: number): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
  return context.newPage();
}

/**
 * No sideways scrolling, no axe violation; a screenshot when SCREENSHOT_DIR is set (never committed).
 * Needs JavaScript in the page (axe runs there): pages without it are checked again with checkUrl.
 */
async function check(page: Page, name: string, width: number): Promise<void> {
  expect(await horizontalOverflow(page), `${name} at ${width} px scrolls sideways`).toBe(0);
  expect(await axeViolations(page), `${name} at ${width} px`).toEqual([]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
}

async function checkUrl(url: string, name: string, width: number): Promise<void> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(url);
  await check(page, name, width);
  await page.close();
}

const firstActive = () =>
  db.$client.prepare("select id, slug, name from organisations where status = 'active' order by id limit 1").get() as {
    id: number;
    slug: string;
    name: string;
  };

describe('correction reports in Chromium', () => {
  for (const width of [320, 1280]) {
    it(`reports a correction without JavaScript at ${width} px, with errors first`, async () => {
      const organisation = firstActive();
      const page = await plainPage(width);
      await page.goto(`${base}/organismes/${organisation.slug}`);
      await page.getByRole('link', { name: 'Signaler une correction' }).first().click();
      await page.waitForURL(`${base}/signaler/${organisation.slug}`);
      await page.getByLabel('Bon numéro de téléphone').fill('555');
      await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
      expect(await page.locator('.form-alert').textContent()).toContain('Cochez au moins une chose à corriger.');
      await page.getByLabel('Le numéro de téléphone').check();
      await page.getByLabel('Qu’est-ce qui a changé').fill('Le numéro a changé.');
      await page.getByLabel('Bon numéro de téléphone').fill('418 555-0188');
      await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
      await page.waitForURL(`${base}/signaler/${organisation.slug}/merci`);
      await page.context().close();
    });

    it(`passes axe on the correction form, its errors and the thank-you page at ${width} px`, async () => {
      const organisation = firstActive();
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${base}/signaler/${organisation.slug}`);
      await check(page, 'correction-form', width);
      await page.getByLabel('Bon numéro de téléphone').fill('555');
      await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
      await page.locator('.form-alert').waitFor();
      await check(page, 'correction-form-errors', width);
      await page.goto(`${base}/signaler/${organisation.slug}/merci`);
      await check(page, 'correction-thanks', width);
      await page.close();
    });
  }

  for (const width of [320, 1280]) {
    it(`shows the admin queue at ${width} px`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await signInBrowser(page, base, email);
      await page.goto(`${base}/admin/signalements`);
      expect(await page.locator('.report').count()).toBeGreaterThan(0);
      await check(page, 'correction-queue', width);
      await page.close();
    });
  }

  it('runs a round without e-mail, and a partner confirms through the link with JavaScript off', async () => {
    const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInBrowser(admin, base, email);
    await admin.goto(`${base}/admin/tournees`);
    await check(admin, 'rounds', 1280);
    await admin.getByRole('link', { name: 'Nouvelle tournée' }).click();
    await check(admin, 'round-new', 1280);
    await admin.getByLabel('Tous les organismes actifs').check();
    await admin.getByRole('button', { name: 'Commencer la tournée' }).click();
    await admin.waitForURL(/\/admin\/tournees\/\d+$/);
    expect(await admin.locator('.flash').textContent()).toContain('Le courriel n’est pas configuré');
    await check(admin, 'round', 1280);
    await admin.getByRole('link', { name: 'Liste imprimable des liens' }).click();
    const link = (await admin.locator('.round-links code').first().textContent())!.trim();
    const url = link.replace('http://127.0.0.1:0', base);
    for (const width of [320, 1280]) {
      await checkUrl(url, 'verification', width);
      await checkUrl(`${url}/proposer`, 'verification-proposal', width);
    }
    const partner = await plainPage(320);
    await partner.goto(url);
    await partner.getByRole('button', { name: 'Tout est exact' }).click();
    await partner.waitForURL(/\/merci/);
    expect(await partner.locator('main').textContent()).toContain('est confirmée');
    await partner.context().close();
    await admin.goto(`${base}/admin`);
    expect(await admin.locator('main').textContent()).toContain('fiches confirmées par l’organisme\u00a0: 1');
    const round = admin.url().replace(/\/admin$/, '') + '/admin/tournees/1';
    for (const width of [320, 1280]) {
      await checkUrl(`${url}/merci`, 'verification-thanks', width);
      await admin.setViewportSize({ width, height: 900 });
      for (const [path, name] of [
        ['/admin', 'dashboard-round'],
        ['/admin/tournees', 'rounds'],
        ['/admin/tournees/nouvelle', 'round-new'],
        ['/admin/tournees/1', 'round'],
        ['/admin/tournees/1/liste', 'round-links'],
      ] as const) {
        await admin.goto(`${base}${path}`);
        await check(admin, name, width);
      }
    }
    // A withdrawn link answers with a French page (410), accessible too.
    await admin.goto(round);
    await admin.locator('form[action$="/retirer"] button').first().click();
    for (const width of [320, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const response = await page.goto(url);
      expect(response?.status()).toBe(410);
      await check(page, 'verification-closed', width);
      await page.close();
    }
    await admin.close();
  }, 180_000);
});
