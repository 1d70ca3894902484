import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/queries/seed.js';
import { PAGE_MARGIN_IN, pageSizePoints, printableAreaPx, type Paper } from '../../src/lib/arbre/formats.js';
import { metricsTable } from '../../src/lib/arbre/metrics.js';
import { listThemeEntries } from '../../src/queries/organisations.js';
import { listThemes } from '../../src/queries/themes.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { seedArbreFixture } from '../support/arbre-fixtures.js';
import { axeViolations, horizontalOverflow, launchBrowser } from '../support/browser.js';

let browser: Browser;
let demo: TestContext;
let big: TestContext;
let tooBig: TestContext;
let realistic: TestContext;
let realistic450: TestContext;
const origin = (ctx: TestContext) => {
  const { port } = ctx.app.server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
};

async function serve(seed: (ctx: TestContext) => void): Promise<TestContext> {
  const ctx = await buildTestApp();
  seed(ctx);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  return ctx;
}

beforeAll(async () => {
  browser = await launchBrowser();
  demo = await serve((ctx) => seedDatabase(ctx.db, 'demo'));
  big = await serve((ctx) => seedArbreFixture(ctx.db, { themes: 20, entries: 200 }));
  tooBig = await serve((ctx) => seedArbreFixture(ctx.db, { themes: 20, entries: 300, seed: 7 }));
  realistic = await serve((ctx) => seedArbreFixture(ctx.db, { themes: 15, entries: 200, profile: 'realistic' }));
  realistic450 = await serve((ctx) => seedArbreFixture(ctx.db, { themes: 15, entries: 450, profile: 'realistic' }));
});
afterAll(async () => {
  await browser?.close();
  for (const ctx of [demo, big, tooBig, realistic, realistic450]) await ctx?.app.close();
});

const query = (paper: Paper) => `?format=${paper.format}&orientation=${paper.orientation}`;

async function openSheet(ctx: TestContext, paper: Paper): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${origin(ctx)}/arbre${query(paper)}`);
  await page.evaluate(() => document.fonts.ready);
  return page;
}

/** Text of the PDF by poppler's pdftotext, whitespace collapsed and hyphens dropped (it joins "Bas-|Saint" as "BasSaint"). */
function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'arbre-')), 'arbre.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return normalise(execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  /** Font size as pdftotext sees it: the box height (points). */
  height: number;
  page: number;
}

/** Every word of the PDF with its box in points, by poppler's `pdftotext -bbox-layout`. */
function pdfWords(pdf: Buffer): WordBox[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'arbre-')), 'arbre.pdf');
  fs.writeFileSync(file, pdf);
  try {
    const xml = execFileSync('/usr/bin/pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const words: WordBox[] = [];
    const pages = xml.split('<page ').slice(1);
    pages.forEach((pageXml, page) => {
      for (const match of pageXml.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      )) {
        const [xMin, yMin, xMax, yMax] = match.slice(1, 5).map(Number) as [number, number, number, number];
        const text = (match[5] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
        words.push({ text, xMin, yMin, xMax, yMax, height: yMax - yMin, page });
      }
    });
    return words;
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** The printed columns' boxes in PDF points (print emulation at the printable width, shifted by the margin). */
async function columnBoxes(page: Page, paper: Paper) {
  const area = printableAreaPx(paper);
  await page.setViewportSize({ width: Math.floor(area.width), height: Math.floor(area.height) });
  await page.emulateMedia({ media: 'print' });
  const boxes = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.sheet-column'), (column) => {
      const box = column.getBoundingClientRect();
      return { left: box.left, right: box.right, top: box.top + window.scrollY };
    }),
  );
  const toPt = (px: number) => (px + PAGE_MARGIN_IN * 96) * 0.75;
  return boxes.map((box) => ({ left: toPt(box.left), right: toPt(box.right), top: toPt(box.top) }));
}

/** The first printed line of each column, rebuilt from the word boxes. */
function firstLines(words: WordBox[], columns: { left: number; right: number; top: number }[]): string[] {
  return columns.map((column) => {
    const inside = words.filter(
      (word) =>
        word.page === 0 && word.xMin >= column.left - 1 && word.xMax <= column.right + 1 && word.yMax > column.top,
    );
    const top = Math.min(...inside.map((word) => word.yMax));
    return inside
      .filter((word) => Math.abs(word.yMax - top) < 2)
      .sort((a, b) => a.xMin - b.xMin)
      .map((word) => word.text)
      .join(' ');
  });
}

const normalise = (text: string) =>
  text
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .replace(/- ?/g, '')
    .replace(/[’']/g, "'");

interface PrintCheck {
  pages: number;
  size: { width: number; height: number };
  sideways: number;
  smallestFontPx: number;
  text: string;
}

async function printSheet(ctx: TestContext, paper: Paper): Promise<PrintCheck> {
  const page = await openSheet(ctx, paper);
  try {
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const doc = await PDFDocument.load(pdf);
    const firstPage = doc.getPage(0);
    // Chromium shrinks content wider than the page instead of clipping: check the printable width itself.
    const area = printableAreaPx(paper);
    await page.setViewportSize({ width: Math.floor(area.width), height: Math.floor(area.height) });
    await page.emulateMedia({ media: 'print' });
    const measures = await page.evaluate(() => {
      let smallest = Infinity;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !node.textContent?.trim() || parent.closest('script, style')) continue;
        if (parent.getClientRects().length === 0) continue;
        smallest = Math.min(smallest, parseFloat(getComputedStyle(parent).fontSize));
      }
      const root = document.documentElement;
      return { sideways: root.scrollWidth - root.clientWidth, smallest };
    });
    return {
      pages: doc.getPageCount(),
      size: firstPage.getSize(),
      sideways: measures.sideways,
      smallestFontPx: measures.smallest,
      text: pdfText(Buffer.from(pdf)),
    };
  } finally {
    await page.close();
  }
}

function expectEverything(ctx: TestContext, text: string) {
  for (const theme of listThemes(ctx.db)) expect(text).toContain(normalise(theme.name));
  const names = new Set(listThemeEntries(ctx.db).map((entry) => entry.organisation.name));
  expect(names.size).toBeGreaterThan(0);
  const missing = [...names].filter((name) => !text.includes(normalise(name)));
  expect(missing).toEqual([]);
}

const MIN_FONT_PX = (6.5 * 96) / 72;

describe('printing the demo Arbre', () => {
  const papers: Paper[] = [
    { format: 'lettre', orientation: 'portrait' },
    { format: 'lettre', orientation: 'paysage' },
    { format: 'legal', orientation: 'portrait' },
    { format: 'tabloid', orientation: 'portrait' },
  ];
  for (const paper of papers) {
    it(`fits one ${paper.format} ${paper.orientation} page with every thème and organisation, no text under 6.5 pt`, async () => {
      const result = await printSheet(demo, paper);
      expect(result.pages).toBe(1);
      expect(result.size).toEqual(pageSizePoints(paper));
      expect(result.sideways).toBeLessThanOrEqual(0);
      expect(result.smallestFontPx).toBeGreaterThanOrEqual(MIN_FONT_PX - 0.01);
      expectEverything(demo, result.text);
      expect(result.text).toContain(normalise("L'Arbre des ressources — COSMOSS Rimouski-Neigette"));
      expect(result.text).toMatch(/À jour au \d{1,2}(er)? \p{L}+ \d{4}/u);
      expect(result.text).toContain('Données de démonstration');
      // The screen-only parts stay off paper.
      expect(result.text).not.toContain('Pour imprimer, utilisez');
      expect(result.text).not.toContain('Organismes A–Z');
      expect(result.text).not.toContain('Rechercher');
    });
  }
});

describe('no orphan entries', () => {
  const papers: [string, () => TestContext, Paper][] = [
    ['the demo', () => demo, { format: 'lettre', orientation: 'portrait' }],
    ['the demo', () => demo, { format: 'lettre', orientation: 'paysage' }],
    ['the demo', () => demo, { format: 'legal', orientation: 'portrait' }],
    ['200 realistic entries', () => realistic, { format: 'lettre', orientation: 'portrait' }],
  ];
  for (const [label, context, paper] of papers) {
    it(`starts every printed column of ${label} on ${paper.format} ${paper.orientation} with a thème heading`, async () => {
      const ctx = context();
      const page = await openSheet(ctx, paper);
      try {
        const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
        const columns = await columnBoxes(page, paper);
        expect(columns.length).toBeGreaterThan(1);
        const names = listThemes(ctx.db).map((theme) => theme.name);
        const lines = firstLines(pdfWords(pdf), columns);
        for (const line of lines) {
          // The heading's line, or its first line when a long thème name wraps.
          const heading = names.find((name) => line.startsWith(`${name} (`) || name.startsWith(line));
          expect(heading, `column starting with « ${line} »`).toBeDefined();
          if (heading && line.length > heading.length) expect(line).toMatch(/\((suite|\d+)\)$/);
        }
        // A thème split over columns says so where it continues, at the top of the column.
        const continued = await page.locator('.branch-continued').count();
        expect(lines.filter((line) => line.endsWith('(suite)'))).toHaveLength(continued);
      } finally {
        await page.close();
      }
    });
  }
});

/** Roboto Condensed's word boxes (ascent + descent) are 1.171 em high: the type size of the smallest word, in pt. */
function smallestWordPt(words: WordBox[]): number {
  return Math.min(...words.filter((word) => word.text.trim()).map((word) => word.height / 1.171));
}

describe('capacity with realistic entries (issue 13)', () => {
  const cases: [number, () => TestContext, Paper][] = [
    [200, () => realistic, { format: 'lettre', orientation: 'portrait' }],
    [450, () => realistic450, { format: 'tabloid', orientation: 'portrait' }],
  ];
  for (const [count, context, paper] of cases) {
    it(`prints ${count} entries on exactly one ${paper.format} ${paper.orientation} page, every organisation named, no word under 6.5 pt`, async () => {
      const ctx = context();
      expect(listThemeEntries(ctx.db)).toHaveLength(count);
      const page = await openSheet(ctx, paper);
      try {
        expect(await page.locator('.arbre-overflow').count()).toBe(0);
        const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
        expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
        expectEverything(ctx, pdfText(pdf));
        expect(smallestWordPt(pdfWords(pdf))).toBeGreaterThanOrEqual(6.45);
      } finally {
        await page.close();
      }
    });
  }
});

describe('a subset sheet', () => {
  it('grows its type to fill the page: its smallest text is larger than the full sheet’s', async () => {
    const print = async (url: string) => {
      const page = await browser.newPage();
      try {
        await page.goto(`${origin(demo)}${url}`);
        await page.evaluate(() => document.fonts.ready);
        const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
        expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
        // The entries only: the head band and the crisis box keep their own sizes.
        const top = Math.min(
          ...(await columnBoxes(page, { format: 'lettre', orientation: 'portrait' })).map((c) => c.top),
        );
        return pdfWords(pdf).filter((word) => word.yMin >= top - 1);
      } finally {
        await page.close();
      }
    };
    const full = await print('/arbre');
    const subset = await print('/arbre?themes=sante-mentale,hebergement');
    expect(smallestWordPt(subset)).toBeGreaterThan(smallestWordPt(full) + 2);
    // It uses the page, not its top corner: the entries reach the lower half.
    expect(Math.max(...subset.map((word) => word.yMax))).toBeGreaterThan(792 / 2);
  });
});

describe('printing large directories', () => {
  it('fits 200 entries across 20 thèmes on one Tabloid page, nothing under 6.5 pt', async () => {
    const paper: Paper = { format: 'tabloid', orientation: 'portrait' };
    expect(listThemeEntries(big.db)).toHaveLength(200);
    const result = await printSheet(big, paper);
    expect(result.pages).toBe(1);
    expect(result.size).toEqual({ width: 792, height: 1224 });
    expect(result.sideways).toBeLessThanOrEqual(0);
    expect(result.smallestFontPx).toBeGreaterThanOrEqual(MIN_FONT_PX - 0.01);
    expectEverything(big, result.text);
  });

  it('warns on screen when the content cannot fit Letter, and prints it all rather than dropping any', async () => {
    const page = await openSheet(tooBig, { format: 'lettre', orientation: 'portrait' });
    try {
      const warning = page.locator('.arbre-overflow');
      await expect(warning.isVisible()).resolves.toBe(true);
      expect(await warning.locator('h2').textContent()).toBe('Tout ne tient pas sur une page Lettre portrait');
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThan(1);
      expectEverything(tooBig, pdfText(Buffer.from(pdf)));
    } finally {
      await page.close();
    }
  });
});

describe('the screen version', () => {
  for (const width of [320, 1280]) {
    it(`passes axe-core and has no sideways scroll at ${width} px`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        await page.goto(`${origin(demo)}/arbre`);
        await page.evaluate(() => document.fonts.ready);
        expect(await horizontalOverflow(page)).toBe(0);
        await page.locator('details.arbre-settings summary').click();
        expect(await axeViolations(page)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('offers a print button with JavaScript, and the form works by keyboard without it', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin(demo)}/arbre`);
      expect(await page.locator('button.js-print').textContent()).toBe('Imprimer l’Arbre');
      await page.locator('details.arbre-settings summary').focus();
      await page.keyboard.press('Enter');
      await page.locator('#arbre-format').focus();
      await page.locator('#arbre-format').selectOption('legal');
      await page.locator('input[name="orientation"][value="paysage"]').check();
      await page.locator('input[name="themes"]').first().check();
      await page.locator('.arbre-options button[type="submit"]').press('Enter');
      await page.waitForURL(/format=legal/);
      expect(page.url()).toContain('orientation=paysage');
      expect(page.url()).toContain('themes=agressions');
      expect(await page.locator('.branch:not(.branch-continued)').count()).toBe(1);
    } finally {
      await page.close();
    }
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page2 = await noScript.newPage();
      await page2.goto(`${origin(demo)}/arbre`);
      expect(await page2.locator('button.js-print').count()).toBe(0);
      expect(await page2.locator('.arbre-print p').textContent()).toContain('Ctrl+P');
    } finally {
      await noScript.close();
    }
  });

  it('has font metrics that match what Chromium measures (the server’s fit estimate relies on them)', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin(demo)}/arbre`);
      await page.evaluate(() => document.fonts.ready);
      const table = metricsTable();
      const measured = await page.evaluate(async (chars) => {
        await document.fonts.load('400 16px "Arbre Condensed"', chars);
        await document.fonts.load('700 16px "Arbre Condensed"', chars);
        const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        const widths = (weight: number) => {
          context.font = `${weight} 1000px "Arbre Condensed"`;
          return [...chars].map((char) => Math.round(context.measureText(char).width));
        };
        return { w400: widths(400), w700: widths(700) };
      }, table.chars);
      const worst = (a: number[], b: number[]) => Math.max(...a.map((value, i) => Math.abs(value - (b[i] ?? 0))));
      expect(worst(measured.w400, table.width400)).toBeLessThanOrEqual(2);
      expect(worst(measured.w700, table.width700)).toBeLessThanOrEqual(2);
    } finally {
      await page.close();
    }
  });
});
