import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdfOutline } from '../../src/lib/book/pdf-pages.js';
import { loadBook } from '../../src/queries/book.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { axeViolations, chromiumPath, horizontalOverflow, launchBrowser } from '../support/browser.js';
import { createOrganisation } from '../support/factories.js';

// Two Chromium prints of the whole demo Répertoire: slower than the suite's default on 2 shared cores.
const PDF_TIMEOUT = 180_000;

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await buildTestApp({ chromiumPath: chromiumPath() });
  seedDatabase(ctx.db, 'demo');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repertoire-pdf-'));
});
afterAll(async () => {
  await ctx.app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Each page's text as poppler reads it, all whitespace removed: line breaks inside a name do not matter. */
function pageTexts(pdf: Buffer): string[] {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  // pdftotext ends every page with a form feed.
  return text.split('\f').slice(0, -1);
}
const squash = (text: string) => text.replace(/\s+/g, '');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the Répertoire as PDF (Chromium)', () => {
  it(
    'has a table of contents whose page numbers are the pages where the entries really start',
    async () => {
      const response = await ctx.app.inject({ url: '/repertoire/imprimer.pdf' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe('attachment; filename="repertoire-cosmoss-2026-11-22.pdf"');
      const pages = pageTexts(response.rawPayload).map(squash);
      const toc = pages[1]!;
      const firstEntryPage = Number(/OrganismesdeAàZ(\d+)/.exec(toc)![1]);
      const indexPage = Number(/Indexdesthèmes(\d+)/.exec(toc)![1]);
      expect(pages[firstEntryPage - 1]).toContain('OrganismesdeAàZ');
      expect(pages[indexPage - 1]).toContain('Indexdesthèmes');
      const tocText = pages.slice(1, firstEntryPage - 1).join('');
      const book = loadBook(ctx.db, []);
      expect(book.entries).toHaveLength(46);
      for (const entry of book.entries) {
        const o = entry.organisation;
        // The entry's own heading: its name, its acronym, then its thèmes (a mention in another entry has neither).
        const heading = squash(
          `${o.name}${o.acronym && !o.name.includes(o.acronym) ? ` (${o.acronym})` : ''}${entry.themes.map((link) => link.theme.name).join(' · ')}`,
        );
        const where = pages.flatMap((text, index) => (text.includes(heading) ? [index + 1] : []));
        expect(where, o.name).toHaveLength(1);
        const printed = [...tocText.matchAll(new RegExp(`${escapeRegExp(squash(o.name))}(\\d+)`, 'g'))].map((m) =>
          Number(m[1]),
        );
        // Listed once under each of its thèmes, always with the page its heading is on.
        expect(printed.length, o.name).toBe(entry.themes.length);
        expect(new Set(printed), o.name).toEqual(new Set(where));
      }
      // No entry is cut: each entry page has as many verification lines (the last line) as headings.
      for (let page = firstEntryPage; page < indexPage; page++) {
        const text = pages[page - 1]!;
        const headings = book.entries.filter((entry) => text.includes(squash(entry.organisation.name))).length;
        const ends = (text.match(/Vérifiéele|Àconfirmer—/g) ?? []).length;
        expect(ends, `page ${page}`).toBe(headings);
      }
    },
    PDF_TIMEOUT,
  );

  it(
    'reads the page order and destinations as a full PDF parser (pdf-lib) does',
    async () => {
      const response = await ctx.app.inject({ url: '/repertoire/imprimer.pdf' });
      const outline = readPdfOutline(response.rawPayload);
      const document = await PDFDocument.load(response.rawPayload);
      const pageOf = new Map(document.getPages().map((page, index) => [page.ref.toString(), index + 1]));
      const expected = new Map<string, number>();
      for (const [name, value] of document.catalog.lookup(PDFName.of('Dests'), PDFDict).entries()) {
        const target = value instanceof PDFRef ? document.context.lookup(value) : value;
        expected.set(name.decodeText(), pageOf.get((target as PDFArray).get(0).toString())!);
      }
      expect(outline.pageCount).toBe(document.getPageCount());
      expect(expected.size).toBeGreaterThan(46);
      expect(outline.destinations).toEqual(expected);
    },
    PDF_TIMEOUT,
  );

  it(
    'numbers every page but the cover and dates it',
    async () => {
      const response = await ctx.app.inject({ url: '/repertoire/imprimer.pdf' });
      const pages = pageTexts(response.rawPayload).map(squash);
      expect(pages[0]).not.toMatch(/Page\d+sur/);
      pages.slice(1).forEach((text, index) => {
        expect(text).toContain(`Page${index + 2}sur${pages.length}`);
        expect(text).toContain('22novembre2026');
        expect(text).toContain('donnéesdedémonstration(fictives)');
      });
    },
    PDF_TIMEOUT,
  );

  it(
    'serves the same bytes until the content changes, then prints again; two requests launch one browser',
    async () => {
      const first = await ctx.app.inject({ url: '/repertoire/imprimer.pdf' });
      const launches = ctx.app.bookPdf.generations();
      const again = await ctx.app.inject({ url: '/repertoire/imprimer.pdf' });
      expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
      expect(again.headers.etag).toBe(first.headers.etag);
      const revalidated = await ctx.app.inject({
        url: '/repertoire/imprimer.pdf',
        headers: { 'if-none-match': String(first.headers.etag) },
      });
      expect(revalidated.statusCode).toBe(304);
      expect(ctx.app.bookPdf.generations()).toBe(launches);

      createOrganisation(ctx.db, { name: 'Zénith, organisme ajouté' });
      const [one, two] = await Promise.all([
        ctx.app.inject({ url: '/repertoire/imprimer.pdf' }),
        ctx.app.inject({ url: '/repertoire/imprimer.pdf' }),
      ]);
      expect(ctx.app.bookPdf.generations()).toBe(launches + 1);
      expect(one.rawPayload.equals(two.rawPayload)).toBe(true);
      expect(one.headers.etag).not.toBe(first.headers.etag);
      expect(pageTexts(one.rawPayload).map(squash).join('')).toContain('Zénith,organismeajouté');

      const openData = await ctx.app.inject({ url: '/donnees' });
      expect(openData.body).toMatch(
        /Répertoire imprimable \(PDF\)<\/a> <span class="muted">— \d+\u00a0[kM]o, \d+&nbsp;pages, produit le 22 novembre 2026/,
      );
    },
    PDF_TIMEOUT * 2,
  );
});

describe('the print page in a browser', () => {
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await browser.close();
  });

  it('has no axe violations and no sideways scrolling at 320 and 1280 px, the error page included', async () => {
    for (const url of ['/repertoire/imprimer?themes=sante-mentale', '/repertoire/imprimer?themes=licornes']) {
      for (const width of [320, 1280]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(`${base}${url}`);
        expect(await axeViolations(page), `${url} at ${width} px`).toEqual([]);
        expect(await horizontalOverflow(page), `${url} at ${width} px`).toBeLessThanOrEqual(0);
        await page.close();
      }
    }
  });

  it('is usable with the keyboard and without JavaScript: the thème form filters the document', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/repertoire/imprimer`);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au document');
    await page.getByRole('checkbox', { name: 'Santé mentale', exact: true }).check();
    await page.getByRole('button', { name: 'Préparer le document' }).press('Enter');
    await page.waitForURL(/themes=sante-mentale/);
    expect(await page.locator('.cover-subtitle').textContent()).toContain('Thèmes choisis\u00a0: Santé mentale');
    await context.close();
  });
});
