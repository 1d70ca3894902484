import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, horizontalOverflow } from '../support/browser.js';
import { closeLiveBrowser, openLiveBrowser, type LiveApp } from '../support/live-app.js';

let live: LiveApp;
let browser: Browser;
let base: string;

beforeAll(async () => ({ live, browser, base } = await openLiveBrowser()));
afterAll(() => closeLiveBrowser({ live, browser }));

const slugOf = (sql: string) => (live.db.$client.prepare(sql).get() as { slug: string }).slug;

// Paths are resolved inside each test: the demo data is only loaded once beforeAll has run.
const pages: [string, () => string][] = [
  ['accueil', () => '/'],
  ['thème', () => '/themes/sante-mentale'],
  ['organismes A–Z', () => '/organismes'],
  ['organismes filtrés', () => '/organismes?theme=hebergement'],
  [
    'organisme complet',
    () =>
      `/organismes/${slugOf("select slug from organisations where status = 'active' order by length(description) desc")}`,
  ],
  [
    'organisme sans personne',
    () =>
      `/organismes/${slugOf("select slug from organisations o where status = 'active' and not exists (select 1 from contacts c where c.organisation_id = o.id)")}`,
  ],
  ['organisme archivé', () => `/organismes/${slugOf("select slug from organisations where status = 'archived'")}`],
  ['page introuvable', () => '/page-introuvable'],
];

describe.each([320, 1280])('at %i px wide', (width) => {
  it.each(pages)('%s fits the width and passes axe-core', async (_name, path) => {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    try {
      await page.goto(base + path());
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('on a 360 × 740 phone', () => {
  it.each(pages)('%s: the header takes at most a fifth of the screen', async (_name, path) => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    try {
      await page.goto(base + path());
      const heights = await page.evaluate(() => ({
        header: document.querySelector('.site-header')!.getBoundingClientRect().height,
        demo: document.querySelector('.demo-banner')?.getBoundingClientRect().height ?? 0,
      }));
      expect(heights.header).toBeLessThanOrEqual(740 / 5);
      // The demo notice exists only while the demo data is loaded; it stays two short lines at most.
      expect(heights.demo).toBeLessThanOrEqual(48);
    } finally {
      await page.close();
    }
  });
});

describe('search suggestions in the header', () => {
  it('suggest thèmes and organisations while typing on any page, reachable by keyboard, axe-clean', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(`${base}/organismes`);
    await page.click('#q-header');
    await page.keyboard.type('héberg');
    await page.waitForSelector('.suggestions:not([hidden])');
    expect(await page.locator('.suggestions a').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Hébergement')]),
    );
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('.suggestions') !== null)).toBe(true);
    await page.close();
  });
});

describe('keyboard and print', () => {
  it('has an axe-core audit that does catch a real violation', async () => {
    const page = await browser.newPage();
    await page.setContent('<html><body><img src="x.png"><a href="/x"></a></body></html>');
    expect((await axeViolations(page)).join('\n')).toMatch(/image-alt[\s\S]*|link-name/);
    await page.close();
  });

  it('offers a skip link as the first Tab stop, which moves focus to the content', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(base + '/themes/hebergement');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe(
      'none',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenu');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
    await page.close();
  });

  it('prints an organisation page without the site navigation, on paper-friendly colours', async () => {
    const page = await browser.newPage();
    await page.goto(base + `/organismes/${slugOf("select slug from organisations where status = 'active' limit 1")}`);
    await page.emulateMedia({ media: 'print' });
    const visible = (selector: string) =>
      page.evaluate((s) => {
        const el = document.querySelector(s);
        return el !== null && getComputedStyle(el).display !== 'none';
      }, selector);
    expect(await visible('.site-nav')).toBe(false);
    expect(await visible('.header-search')).toBe(false);
    expect(await visible('.site-footer')).toBe(false);
    expect(await visible('.print-only')).toBe(true);
    expect(await visible('#personnes')).toBe(true);
    const pdf = await page.pdf({ format: 'Letter' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('prints a typical organisation on one Letter page: coordinates and people first, then the services', async () => {
    // The demo's fullest entry: most people (three), then the longest description.
    const slug = slugOf(`select o.slug from organisations o join contacts c on c.organisation_id = o.id
      where o.status = 'active' group by o.id order by count(c.id) desc, length(o.description) desc limit 1`);
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/organismes/${slug}`);
      const file = path.join(os.tmpdir(), `fiche-${process.pid}.pdf`);
      await page.pdf({ path: file, format: 'Letter', preferCSSPageSize: true });
      expect(execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Pages:\s+1$/m);
      const text = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      fs.rmSync(file);
      const at = (words: string) => text.indexOf(words);
      expect(at('Coordonnées')).toBeGreaterThan(-1);
      expect(at('Coordonnées')).toBeLessThan(at('Personnes-ressources'));
      expect(at('Personnes-ressources')).toBeLessThan(at('Services offerts'));
    } finally {
      await page.close();
    }
  });

  it('adds a print button only when JavaScript runs, and the page works without it', async () => {
    const slug = slugOf("select slug from organisations where status = 'active' limit 1");
    const withJs = await browser.newPage();
    await withJs.goto(`${base}/organismes/${slug}`);
    expect(await withJs.getByRole('button', { name: 'Imprimer cette fiche' }).count()).toBe(1);
    await withJs.close();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const withoutJs = await context.newPage();
    await withoutJs.goto(`${base}/organismes/${slug}`);
    expect(await withoutJs.getByRole('button', { name: 'Imprimer cette fiche' }).count()).toBe(0);
    await withoutJs.getByRole('link', { name: 'Organismes', exact: true }).first().click();
    expect(withoutJs.url()).toBe(`${base}/organismes`);
    await context.close();
  });
});
