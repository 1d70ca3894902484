import { PDFDocument } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTE_MAX } from '../../src/forms/selection.js';
import { FICHE_PER_HALF_LETTER, FICHE_PER_LETTER } from '../../src/lib/selection.js';
import { axeViolations, horizontalOverflow } from '../support/browser.js';
import { closeLiveBrowser, openLiveBrowser, type LiveApp } from '../support/live-app.js';

let live: LiveApp;
let browser: Browser;
let base: string;

beforeAll(async () => ({ live, browser, base } = await openLiveBrowser()));
afterAll(() => closeLiveBrowser({ live, browser }));

/** The demo's wordiest active entries (longest summary, hours and address): the fiche's worst realistic case. */
const wordiest = (count: number) =>
  live.db.$client
    .prepare(
      `select id from organisations where status = 'active'
       order by length(summary) + length(coalesce(hours, '')) + length(coalesce(address, '')) desc limit ?`,
    )
    .all(count) as { id: number }[];

/** Adds through the plain form endpoint, as a page of this site would (Origin set: no Sec-Fetch-Site here). */
async function select(context: BrowserContext, ids: number[]) {
  for (const id of ids) {
    const response = await context.request.post(`${base}/ma-selection/ajouter`, {
      form: { id: String(id), retour: '/' },
      headers: { origin: base },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
  }
}

async function pdfPages(page: Page): Promise<{ count: number; width: number; height: number }> {
  const pdf = await PDFDocument.load(await page.pdf({ preferCSSPageSize: true }));
  const { width, height } = pdf.getPage(0).getSize();
  return { count: pdf.getPageCount(), width, height };
}

describe('« Ajouter à ma sélection » with JavaScript', () => {
  it('updates the button and the header count in place, and the count survives navigation', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/themes/sante-mentale`);
    const count = page.locator('.site-nav [data-selection-count]');
    expect(await count.textContent()).toBe('');
    const first = page.locator('.select-button').first();
    const url = page.url();
    await first.click();
    await expect.poll(() => count.textContent()).toBe(' (1)');
    expect(page.url()).toBe(url);
    expect(await first.textContent()).toContain('Retirer de ma sélection');
    await page.locator('.select-button').nth(1).click();
    await expect.poll(() => count.textContent()).toBe(' (2)');

    await page.goto(`${base}/organismes`);
    expect(await page.locator('.site-nav [data-selection-count]').textContent()).toBe(' (2)');
    expect(await page.locator('.select-button.is-selected').count()).toBe(2);
    // Removing from a card works in place too.
    await page.locator('.select-button.is-selected').first().click();
    await expect.poll(() => page.locator('.site-nav [data-selection-count]').textContent()).toBe(' (1)');
    await context.close();
  });
});

describe('without JavaScript', () => {
  it('adds with a plain form and comes back to the card, which says it is in the selection', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/themes/sante-mentale`);
    const form = page.locator('form[data-selection-id]').first();
    const id = await form.getAttribute('data-selection-id');
    await form.locator('button').click();
    expect(page.url()).toBe(`${base}/themes/sante-mentale#selection-${id}`);
    expect(await page.locator(`#selection-${id}`).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Ma sélection', exact: true }).first().click();
    expect(await page.locator('.selection-item').count()).toBe(1);
    expect(await page.locator('.site-nav [data-selection-count]').textContent()).toBe(' (1)');
    await context.close();
  });
});

describe('/ma-selection', () => {
  it.each([320, 1280])('fits %i px and passes axe-core, with organisations and with a shared link', async (width) => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await select(
      context,
      wordiest(7).map((row) => row.id),
    );
    const page = await context.newPage();
    try {
      await page.goto(`${base}/ma-selection`);
      expect(await page.locator('.selection-item').count()).toBe(7);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(
        `${base}/ma-selection?ids=${wordiest(2)
          .map((row) => row.id)
          .join(',')}`,
      );
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('/ma-selection with JavaScript', () => {
  it('keeps the typed notes through a reorder, in this tab only, and offers to copy the share link', async () => {
    const context = await browser.newContext();
    const ids = wordiest(2).map((row) => row.id);
    await select(context, ids);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/ma-selection`);
      await page.fill(`#note-${ids[0]}`, 'De la part de Julie.');
      await page
        .locator(`#element-${ids[1]}`)
        .getByRole('button', { name: /^Monter/ })
        .click();
      await page.waitForURL(`${base}/ma-selection#element-${ids[1]}`);
      expect(await page.locator('.selection-item').first().getAttribute('id')).toBe(`element-${ids[1]}`);
      expect(await page.inputValue(`#note-${ids[0]}`)).toBe('De la part de Julie.');
      expect(await page.getByRole('button', { name: 'Copier le lien' }).count()).toBe(1);
      const other = await context.newPage();
      await other.goto(`${base}/ma-selection`);
      expect(await other.inputValue(`#note-${ids[0]}`)).toBe('');
    } finally {
      await context.close();
    }
  });
});

describe('the fiche de référence', () => {
  it(`prints ${FICHE_PER_LETTER} organisations, with people and notes, on exactly one Letter page`, async () => {
    const context = await browser.newContext();
    const ids = wordiest(FICHE_PER_LETTER).map((row) => row.id);
    await select(context, ids);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/ma-selection`);
      for (const id of ids) {
        const person = page.locator(`select[name="personne-${id}"]`);
        if (await person.count()) await person.selectOption({ index: 1 });
        await page.fill(`#note-${id}`, 'Dis que tu viens de la part de Julie, du CLSC. '.repeat(4).slice(0, NOTE_MAX));
      }
      await page.getByRole('button', { name: 'Imprimer la fiche' }).click();
      await page.waitForURL(`${base}/ma-selection/fiche`);
      expect(await page.locator('.fiche-entry').count()).toBe(FICHE_PER_LETTER);
      expect(await page.locator('.fiche-person').count()).toBeGreaterThan(0);
      expect(await page.locator('.fiche-note').count()).toBe(FICHE_PER_LETTER);
      expect(await page.locator('.fiche-demo').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const pdf = await pdfPages(page);
      expect(pdf.count).toBe(1);
      expect([Math.round(pdf.width), Math.round(pdf.height)]).toEqual([612, 792]);
    } finally {
      await context.close();
    }
  });

  it(`prints ${FICHE_PER_HALF_LETTER} organisations on one half-Letter page to fold, and more on more sheets`, async () => {
    const context = await browser.newContext();
    await select(
      context,
      wordiest(FICHE_PER_HALF_LETTER).map((row) => row.id),
    );
    const page = await context.newPage();
    try {
      await page.goto(`${base}/ma-selection`);
      await page.getByLabel(/Demi-lettre/).check();
      await page.getByRole('button', { name: 'Imprimer la fiche' }).click();
      await page.waitForURL(`${base}/ma-selection/fiche`);
      const half = await pdfPages(page);
      expect(half.count).toBe(1);
      expect([Math.round(half.width), Math.round(half.height)]).toEqual([396, 612]);

      await select(
        context,
        wordiest(FICHE_PER_LETTER + 2).map((row) => row.id),
      );
      await page.goto(`${base}/ma-selection/fiche`);
      expect(await page.locator('.fiche-warning').textContent()).toContain('2\u00a0feuilles');
      expect((await pdfPages(page)).count).toBe(2);
    } finally {
      await context.close();
    }
  });
});
