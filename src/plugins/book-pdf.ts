import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Page } from 'playwright-core';
import { bookFileName, quebecIsoDay } from '../lib/book/book.js';
import { readPdfOutline } from '../lib/book/pdf-pages.js';
import { readyBytes } from '../lib/ready-bytes.js';
import { dataVersion } from '../queries/search-cache.js';

/** The printed Répertoire as a PDF, for one version of the data on one day. */
export interface BookPdf {
  key: string;
  body: Buffer;
  etag: string;
  fileName: string;
  generatedAt: Date;
  pageCount: number;
  /** Where each linked anchor (organisation, part) starts, as printed in the table of contents. */
  pages: Map<string, number>;
  durationMs: number;
}

/** `installed: false`: no Chromium on this server (lasting); otherwise a generation that failed (transient). */
export type BookPdfResult = { ok: true; pdf: BookPdf } | { ok: false; installed: boolean; reason: string };

export interface BookPdfService {
  /** False when no Chromium is installed at the configured path: the HTML print is then the only one. */
  available(): boolean;
  /** The PDF of the current data, if already generated. */
  current(): BookPdf | null;
  /** The PDF of the current data, generated now if needed; one generation at a time. */
  get(): Promise<BookPdfResult>;
  /** How many times Chromium was launched to print it (tests, logs). */
  generations(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    bookPdf: BookPdfService;
  }
}

// Never resolved on any network: every request of the page is answered by app.inject.
const ORIGIN = 'http://repertoire.invalid';
const MAX_PASSES = 4;
// After a failed launch, the same version is not retried for this long (each try costs a browser start).
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

/**
 * Prints /repertoire/imprimer to PDF with the server's Chromium (decision 102) and keeps the bytes per
 * content version and day (decision 103): the first request pays a few seconds, the next ones nothing.
 */
export const bookPdfPlugin = fp(async function bookPdf(app: FastifyInstance) {
  let cached: BookPdf | null = null;
  let inflight: Promise<BookPdfResult> | null = null;
  let failure: { key: string; at: number; reason: string } | null = null;
  let launches = 0;

  const currentKey = () => `${dataVersion(app.db)}@${quebecIsoDay(app.db.clock())}`;
  const available = () => fs.existsSync(app.config.chromiumPath);

  async function generate(key: string): Promise<BookPdfResult> {
    const started = performance.now();
    const generatedAt = app.db.clock();
    let browser;
    launches++;
    try {
      // Loaded on the first print only: playwright-core alone adds ~90 MB of RSS to every server (issue 17).
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: app.config.chromiumPath,
        timeout: 30_000,
        // As root (containers) Chromium needs --no-sandbox; the rest keeps it off any network.
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
      });
      const context = await browser.newContext();
      await context.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        // Either scheme: with PUBLIC_URL in https, the CSP may ask Chromium to upgrade the page's requests.
        if (url.host !== new URL(ORIGIN).host) return route.abort();
        const response = await app.inject({
          method: 'GET',
          url: url.pathname + url.search,
          headers: { 'accept-encoding': 'identity' },
        });
        return route.fulfill({
          status: response.statusCode,
          contentType: String(response.headers['content-type'] ?? 'application/octet-stream'),
          body: response.rawPayload,
        });
      });
      const page = await context.newPage();
      const response = await page.goto(`${ORIGIN}/repertoire/imprimer`, { waitUntil: 'load', timeout: 60_000 });
      if (!response?.ok()) throw new Error(`print page answered ${response?.status() ?? 'nothing'}`);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const { body, pages, pageCount, timings } = await printWithPageNumbers(page);
      const file = readyBytes(body);
      const pdf: BookPdf = {
        key,
        body: file.body,
        etag: file.etag,
        fileName: bookFileName(generatedAt),
        generatedAt,
        pageCount,
        pages,
        durationMs: Math.round(performance.now() - started),
      };
      app.log.info(
        { ms: pdf.durationMs, bytes: pdf.body.length, pages: pdf.pageCount, passes: timings },
        'répertoire PDF generated',
      );
      return { ok: true, pdf };
    } catch (error) {
      app.log.error({ err: error }, 'répertoire PDF generation failed');
      return { ok: false, installed: true, reason: 'La génération du PDF a échoué.' };
    } finally {
      await browser?.close().catch(() => undefined);
    }
  }

  async function run(key: string): Promise<BookPdfResult> {
    const result = await generate(key);
    if (result.ok) {
      cached = result.pdf;
      failure = null;
    } else {
      failure = { key, at: performance.now(), reason: result.reason };
    }
    return result;
  }

  const service: BookPdfService = {
    available,
    generations: () => launches,
    current: () => (cached && cached.key === currentKey() ? cached : null),
    async get() {
      for (;;) {
        const key = currentKey();
        if (cached?.key === key) return { ok: true, pdf: cached };
        if (!available()) return { ok: false, installed: false, reason: 'Chromium n’est pas installé sur ce serveur.' };
        if (failure?.key === key && performance.now() - failure.at < RETRY_AFTER_FAILURE_MS) {
          return { ok: false, installed: true, reason: failure.reason };
        }
        // One browser at a time: a second request waits for the first one's result.
        if (!inflight) inflight = run(key).finally(() => (inflight = null));
        const result = await inflight;
        // Generated for the data as it was when the request came in: good enough unless it changed since.
        if (!result.ok || result.pdf.key === currentKey() || result.pdf.key === key) return result;
      }
    },
  };
  app.decorate('bookPdf', service);
  app.addHook('onClose', async () => {
    await inflight;
  });
});

/**
 * Prints until the page numbers written in the table of contents are those where the entries really
 * start: print, read the PDF's destinations, write them in, print again. Numbers take a reserved width,
 * so the second pass normally confirms the first; the loop is there for the exception.
 */
async function printWithPageNumbers(
  page: Page,
): Promise<{ body: Buffer; pages: Map<string, number>; pageCount: number; timings: number[][] }> {
  let written = new Map<string, number>();
  // Per pass: Chromium's print, then reading its destinations (ms), for the log.
  const timings: number[][] = [];
  for (let pass = 1; ; pass++) {
    const started = performance.now();
    const body = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
    const printed = performance.now();
    const { destinations: pages, pageCount } = readPdfOutline(body);
    timings.push([Math.round(printed - started), Math.round(performance.now() - printed)]);
    if (sameNumbers(pages, written) || pass === MAX_PASSES) return { body, pages, pageCount, timings };
    written = pages;
    await page.evaluate(
      (entries) => {
        const numbers = new Map(entries);
        document.querySelectorAll<HTMLElement>('[data-page-of]').forEach((element) => {
          element.textContent = String(numbers.get(element.dataset.pageOf ?? '') ?? '');
        });
      },
      [...pages],
    );
  }
}

function sameNumbers(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([name, page]) => b.get(name) === page);
}
