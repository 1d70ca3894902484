import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import { axeViolations, horizontalOverflow, launchBrowser } from '../support/browser.js';
import { openTestDatabase } from '../support/db.js';
import { officialExampleFiles, zipOf } from '../support/hsds-packages.js';

let app: FastifyInstance;
let db: Db;
let browser: Browser;
let base: string;
let email: string;
let dir: string;
let file: string;

beforeAll(async () => {
  db = openTestDatabase();
  seedDatabase(db, 'themes');
  email = (await createUser(db, { role: 'admin', name: 'Coordination' })).email;
  app = await buildApp(testConfig(), { db });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hsds-browser-'));
  file = path.join(dir, 'exemple-hsds.zip');
  fs.writeFileSync(file, zipOf(officialExampleFiles()));
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  db?.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the HSDS import preview in Chromium', () => {
  for (const width of [320, 1280]) {
    it(`shows the package per file and field, axe-clean, fitting ${width} px, details open`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${base}/connexion`);
      await page.getByLabel('Courriel').fill(email);
      await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(`${base}/admin`);
      await page.goto(`${base}/admin/import`);
      await page.getByLabel('Fichier à importer').setInputFiles(file);
      await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
      await page.waitForURL(/\/admin\/import\/[A-Za-z0-9_-]+$/);
      // Keyboard: the first file's details open with Enter on its summary.
      await page.locator('section[aria-labelledby="hsds"] details summary').first().focus();
      await page.keyboard.press('Enter');
      expect(await page.locator('section[aria-labelledby="hsds"] details').first().getAttribute('open')).not.toBeNull();
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('Contenu du paquet HSDS 3.0.0');
      expect(await axeViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/hsds-preview-${width}.png`, fullPage: true });
      await page.close();
    });
  }
});
