/**
 * The Arbre's figures, outside the test suite (timings do not belong in tests).
 *   npx tsx bench/arbre.ts             median uncached server render of /arbre for 300 entries (target 50 ms)
 *   npx tsx bench/arbre.ts --capacity [--short|--demo-like]  entries that fit one page per paper, estimated by
 *       the server and printed by Chromium; default profile: issue 13's realistic entries (15 thèmes, names of
 *       30-50 characters, contact + short fonction, direct line with poste); --short: TECH-NOTES' name + phone +
 *       contact; --demo-like: names of 15-90 characters, 30 % notes
 */
import { execSync } from 'node:child_process';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/client.js';
import { PAPERS_BY_SIZE, paperLabel, type Paper } from '../src/lib/arbre/formats.js';
import { launchBrowser } from '../tests/support/browser.js';
import { seedArbreFixture } from '../tests/support/arbre-fixtures.js';

export interface ArbreRenderResult {
  entries: number;
  runs: number;
  medianMs: number;
  p90Ms: number;
  bytes: number;
}

/** Renders /arbre (300 entries across 20 thèmes, Letter, so the overflow advice is computed too) through app.inject. */
export async function benchArbreRender(entries = 300, runs = 200): Promise<ArbreRenderResult> {
  // The compiled app, as `npm start` runs it (tsx's transform adds a helper call per function: ~30 % slower).
  execSync('node scripts/build-if-stale.mjs --quiet', { stdio: 'inherit' });
  const compiled = (await import(
    path.join(import.meta.dirname, '..', 'dist', 'app.js')
  )) as typeof import('../src/app.js');
  const db = openDatabase(':memory:');
  seedArbreFixture(db, { themes: 20, entries });
  const app = await compiled.buildApp(testConfig({ env: 'production' }), { db });
  await app.ready();
  let bytes = 0;
  for (let i = 0; i < 20; i++) bytes = (await app.inject({ url: '/arbre' })).body.length;
  // Each run follows a content write (as after an editor's save): the page and its layout are computed
  // afresh, never served from the page cache (issue 17: the old figure was a cache hit).
  const touch = db.$client.prepare(
    'UPDATE organisations SET updated_at = updated_at WHERE id = (SELECT min(id) FROM organisations)',
  );
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    touch.run();
    const start = process.hrtime.bigint();
    const response = await app.inject({ url: '/arbre' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (response.statusCode !== 200) throw new Error(`/arbre answered ${response.statusCode}`);
    if (response.headers['x-page-cache'] !== 'miss') throw new Error('/arbre came from the page cache');
  }
  await app.close();
  db.$client.close();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return { entries, runs, medianMs: at(0.5), p90Ms: at(0.9), bytes };
}

interface CapacityRow {
  paper: Paper;
  /** Most entries for which the server says "fits". */
  estimated: number;
  /** Most entries Chromium printed on one page. */
  printed: number;
  /** Sizes the server said fit but Chromium printed on more than one page (must stay empty). */
  broken: number[];
}

const RANGES: Record<Paper['format'], [number, number, number]> = {
  lettre: [100, 360, 10],
  legal: [140, 500, 10],
  tabloid: [260, 900, 20],
};

type Profile = 'full' | 'short' | 'realistic';

async function measureCapacity(themes: number, profile: Profile): Promise<CapacityRow[]> {
  const browser = await launchBrowser();
  const rows: CapacityRow[] = [];
  try {
    for (const paper of PAPERS_BY_SIZE) {
      const [from, to, step] = RANGES[paper.format];
      const row: CapacityRow = { paper, estimated: 0, printed: 0, broken: [] };
      for (let entries = from; entries <= to; entries += step) {
        const { fits, pages } = await printOnce(browser, paper, themes, entries, profile);
        if (fits) row.estimated = entries;
        if (pages === 1) row.printed = entries;
        if (fits && pages > 1) row.broken.push(entries);
        if (!fits && pages > 1) break;
      }
      rows.push(row);
      console.log(
        `${paperLabel(paper).padEnd(18)} server: ${row.estimated}  printed: ${row.printed}${row.broken.length ? `  BROKEN at ${row.broken.join(', ')}` : ''}`,
      );
    }
  } finally {
    await browser.close();
  }
  return rows;
}

async function printOnce(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  paper: Paper,
  themes: number,
  entries: number,
  profile: Profile,
) {
  const db: Db = openDatabase(':memory:');
  seedArbreFixture(db, { themes, entries, profile });
  const app = await buildApp(testConfig(), { db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${port}/arbre?format=${paper.format}&orientation=${paper.orientation}`);
    await page.evaluate(() => document.fonts.ready);
    const fits = (await page.locator('.arbre-overflow').count()) === 0;
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = (await PDFDocument.load(pdf)).getPageCount();
    return { fits, pages };
  } finally {
    await page.close();
    await app.close();
    db.$client.close();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--capacity')) {
    const profile: Profile = process.argv.includes('--short')
      ? 'short'
      : process.argv.includes('--demo-like')
        ? 'full'
        : 'realistic';
    console.log(
      {
        short: 'Capacity, 20 thèmes, TECH-NOTES profile (26-45-character name + number, phone, contact name):',
        full: 'Capacity, 20 thèmes, demo-like profile (names 15-90 characters, fonction, extensions, 30 % notes):',
        realistic:
          'Capacity, the 15 thèmes, realistic profile (names 30-50 characters, contact + short fonction, direct line with poste):',
      }[profile],
    );
    await measureCapacity(profile === 'realistic' ? 15 : 20, profile);
    return;
  }
  const result = await benchArbreRender();
  console.log(
    `/arbre server render, ${result.entries} entries: median ${result.medianMs.toFixed(2)} ms, p90 ${result.p90Ms.toFixed(2)} ms ` +
      `(${result.runs} runs, ${Math.round(result.bytes / 1024)} KiB; target < 50 ms uncached, issue 17)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
