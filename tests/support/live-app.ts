import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { TEST_PASSWORD } from './auth.js';
import { launchBrowser } from './browser.js';
import { openTestDatabase } from './db.js';

export interface LiveApp {
  app: FastifyInstance;
  db: Db;
  /** http://127.0.0.1:<port> */
  base: string;
  close(): Promise<void>;
}

/**
 * The real app listening on a free local port, for Chromium, on a fresh migrated in-memory
 * database prepared by `prepare` (the demo data by default).
 */
export async function startLiveApp(
  prepare: (db: Db) => void | Promise<void> = (db) => seedDatabase(db, 'demo'),
): Promise<LiveApp> {
  const db = openTestDatabase();
  await prepare(db);
  const app = await buildApp(testConfig(), { db });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    db,
    base,
    async close() {
      await app.close();
      db.$client.close();
    },
  };
}

/** Signs in through the real login form in Chromium and waits for the dashboard. */
export async function signInBrowser(page: Page, base: string, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${base}/connexion`);
  await page.fill('#champ-email', email);
  await page.fill('#champ-password', password);
  await page.click('form[action="/connexion"] button[type="submit"]');
  await page.waitForURL(`${base}/admin`);
}

/** The live app and one Chromium, shared by a test file: open in beforeAll, close with closeLiveBrowser. */
export async function openLiveBrowser(
  prepare?: Parameters<typeof startLiveApp>[0],
): Promise<{ live: LiveApp; browser: Browser; base: string }> {
  const live = await startLiveApp(prepare);
  return { live, browser: await launchBrowser(), base: live.base };
}

/** Closes what openLiveBrowser opened, even when it failed half-way (either may be undefined). */
export async function closeLiveBrowser(opened: { live?: LiveApp; browser?: Browser }): Promise<void> {
  await opened.browser?.close();
  await opened.live?.close();
}
