import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { exportDirectoryCsv } from '../../src/exchange/csv-export.js';
import { loadDirectory } from '../../src/queries/exchange.js';
import { listThemes } from '../../src/queries/themes.js';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import { axeViolations, horizontalOverflow, launchBrowser } from '../support/browser.js';
import { openTestDatabase } from '../support/db.js';

let app: FastifyInstance;
let db: Db;
let browser: Browser;
let base: string;
let email: string;
let dir: string;
let file: string;

beforeAll(async () => {
  db = openTestDatabase();
  seedDatabase(db, 'demo');
  email = (await createUser(db, { role: 'admin', name: 'Coordination' })).email;
  app = await buildApp(testConfig(), { db });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  // The directory as exported, with one phone changed, one organisation added and one bad row's worth of data fixed.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-browser-'));
  file = path.join(dir, 'repertoire-modifie.csv');
  const csv = exportDirectoryCsv(loadDirectory(db, { activeOnly: true }), listThemes(db)).replace(
    '418 555-0157',
    '418 555-0199',
  );
  const lines = csv.split('\r\n');
  const extra = lines[1]!.replace(/^[^;]*;[^;]*;/, ';Nouvel organisme de démonstration;');
  fs.writeFileSync(file, [...lines.slice(0, -1), extra, ''].join('\r\n'));
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  db?.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signedInPage(width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${base}/admin`);
  return page;
}

describe('/donnees in Chromium', () => {
  for (const width of [320, 1280]) {
    it(`is axe-clean and fits ${width} px`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${base}/donnees`);
      expect(await axeViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/donnees-${width}.png`, fullPage: true });
      await page.close();
    });
  }

  it('downloads the CSV from its link', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/donnees`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Répertoire complet (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('repertoire-des-ressources.csv');
    await page.close();
  });
});

describe('the import preview in Chromium', () => {
  for (const width of [320, 1280]) {
    it(`uploads a file, previews the changes (axe-clean, fits ${width} px), and imports them`, async () => {
      const page = await signedInPage(width);
      await page.goto(`${base}/admin/import`);
      expect(await axeViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.getByLabel('Fichier à importer').setInputFiles(file);
      await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
      await page.waitForURL(/\/admin\/import\/[A-Za-z0-9_-]+$/);
      const text = (await page.locator('main').textContent()) ?? '';
      if (width === 320) {
        expect(text).toContain('1 organisme sera créé');
        expect(text).toContain('1 sera modifié');
        expect(text).toContain('418 555-0199');
      }
      expect(await axeViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/import-preview-${width}.png`, fullPage: true });
      if (width === 1280) {
        // The second run finds the first one's changes already there.
        expect(text).toContain('Le fichier correspond déjà au répertoire');
      } else {
        await page.getByRole('button', { name: 'Importer ces changements' }).click();
        await page.waitForURL(`${base}/admin/import`);
        expect(await page.locator('.flash').textContent()).toContain(
          'Importation terminée\u00a0: 1 organisme créé, 1 modifié, 45 inchangés.',
        );
      }
      await page.close();
    });
  }
});
