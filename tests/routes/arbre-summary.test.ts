import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARBRE_MAX_ENTRIES } from '../../src/lib/arbre/sheet.js';
import { parseArbreQuery } from '../../src/lib/arbre/formats.js';
import { fitInput } from '../../src/lib/arbre/sheet.js';
import { arbreFitEveryPaper, loadArbreSheet } from '../../src/queries/arbre.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { listThemes } from '../../src/queries/themes.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { seedArbreFixture } from '../support/arbre-fixtures.js';
import { parseHtml } from '../support/html.js';

// One directory for the whole file (seeding ~1,200 organisations takes a while); the tests only read it.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
  seedDatabase(ctx.db, 'demo');
  seedArbreFixture(ctx.db, { themes: 6, entries: ARBRE_MAX_ENTRIES + 400 });
  // The fixture's organisations spread over three places of the demo's hierarchy.
  ctx.db.$client
    .prepare(
      `UPDATE organisations SET territory = CASE id % 3 WHEN 0 THEN 'Saint-Fabien et Le Bic'
         WHEN 1 THEN 'Ville de Rimouski' ELSE 'Esprit-Saint et La Trinité-des-Monts' END
       WHERE territory IS NULL`,
    )
    .run();
});
afterAll(() => ctx.app.close());

const get = (url: string) => ctx.app.inject({ url });
const plain = (text: string | undefined) => (text ?? '').replace(/[\u00a0\u202f\s]+/g, ' ').trim();
const number = (text: string) => Number(/(\d[\d\u00a0\u202f ]*)/.exec(text)?.[1]?.replace(/\D/g, '') ?? NaN);

/** Every active organisation's thème links: what the whole sheet would print, counted apart from the app. */
const allEntries = () =>
  (
    ctx.db.$client
      .prepare(
        "SELECT count(*) AS n FROM organisation_themes JOIN organisations o ON o.id = organisation_id WHERE o.status = 'active'",
      )
      .get() as { n: number }
  ).n;

/** Each summary line: its link, its name and the count it announces. */
function summaryLines(body: string, part: 'themes' | 'territories') {
  const section = parseHtml(body).querySelector(`section[aria-labelledby="summary-${part}"]`);
  return (section?.querySelectorAll('li') ?? []).map((li) => ({
    href: li.querySelector('a')?.getAttribute('href') ?? null,
    name: plain(li.querySelector('a, strong')?.textContent),
    entries: number(li.querySelector('.branch-count')?.textContent ?? ''),
  }));
}

/** Entries a drawn sheet prints: full entries and « Voir aussi » mentions; or the count a summary announces. */
function sheetEntries(body: string): number {
  const html = parseHtml(body);
  if (html.querySelector('.arbre-summary')) return number(html.querySelector('.arbre-fit')?.textContent ?? '');
  return html.querySelectorAll('.leaf:not(.leaf-also)').length + html.querySelectorAll('.also').length;
}

describe(`an Arbre of more than ${ARBRE_MAX_ENTRIES} entries`, () => {
  it('shows its thèmes and territories with their counts instead of entries', async () => {
    const response = await get('/arbre');
    expect(response.statusCode).toBe(200);
    const html = parseHtml(response.body);
    expect(html.querySelectorAll('.leaf')).toHaveLength(0);
    expect(plain(html.querySelector('#arbre-summary-title')?.textContent)).toBe(
      'Trop d’entrées pour une feuille : choisissez un thème ou un territoire',
    );
    const total = allEntries();
    expect(total).toBeGreaterThan(ARBRE_MAX_ENTRIES);
    expect(sheetEntries(response.body)).toBe(total);
    const themes = summaryLines(response.body, 'themes');
    expect(themes.map((line) => line.name)).toEqual(listThemes(ctx.db).map((theme) => theme.name));
    expect(themes.reduce((sum, line) => sum + line.entries, 0)).toBe(total);
    // The crisis lines and the online address stay: the sheet still earns its place on the desk.
    expect(html.querySelector('.sheet-crisis')).not.toBeNull();
    expect(html.querySelector('.card-url a')).not.toBeNull();
    expect(html.querySelector('details.arbre-settings')?.hasAttribute('open')).toBe(true);
  });

  it('announces, for each thème and territory, exactly what its own sheet prints', async () => {
    const body = (await get('/arbre')).body;
    const lines = [...summaryLines(body, 'themes'), ...summaryLines(body, 'territories')];
    expect(summaryLines(body, 'territories').map((line) => line.name)).toEqual(
      expect.arrayContaining(['Ville de Rimouski', 'Saint-Fabien', 'MRC de Rimouski-Neigette']),
    );
    for (const line of lines) {
      expect(line.href, line.name).toMatch(/^\/arbre\?(themes|territoire)=/);
      // Counted by the sheet's own path (entries read and filtered), not by the summary's aggregate.
      const query = parseArbreQuery(Object.fromEntries(new URLSearchParams(line.href!.split('?')[1])));
      const sheet = loadArbreSheet(ctx.db, { ...fitInput(), themeSlugs: query.themeSlugs, territory: query.territory });
      expect(sheet.entryCount, line.name).toBe(line.entries);
      expect(sheet.summary === null, line.name).toBe(line.entries <= ARBRE_MAX_ENTRIES);
    }
    // Within the limit a linked sheet is drawn in full; the MRC's covers every fixture place and stays a summary.
    const drawn = lines.filter((line) => line.entries <= ARBRE_MAX_ENTRIES && line.entries > 100);
    expect(drawn.length).toBeGreaterThan(2);
    expect(lines.some((line) => line.entries > ARBRE_MAX_ENTRIES)).toBe(true);
    // Over HTTP (the page cache bounds variants per page, so a few), the drawn sheets print that many entries.
    for (const line of [drawn[0]!, drawn.at(-1)!])
      expect(sheetEntries((await get(line.href!)).body)).toBe(line.entries);
  });

  it('keeps the paper and the thème selection in its territory links, and marks the territory shown', async () => {
    const slugs = listThemes(ctx.db)
      .filter((theme) => theme.name.startsWith('Thème fixture'))
      .map((theme) => theme.slug);
    const body = (await get(`/arbre?format=tabloid&territoire=MRC+de+Rimouski-Neigette&themes=${slugs.join(',')}`))
      .body;
    const territories = summaryLines(body, 'territories');
    const current = territories.find((line) => line.name === 'MRC de Rimouski-Neigette');
    expect(current?.href).toBeNull();
    expect(parseHtml(body).querySelector('.summary-list strong[aria-current="page"]')).not.toBeNull();
    const rimouski = territories.find((line) => line.name === 'Ville de Rimouski');
    expect(rimouski?.href).toBe(`/arbre?format=tabloid&territoire=Ville+de+Rimouski&themes=${slugs.join(',')}`);
    for (const line of summaryLines(body, 'themes')) expect(line.href).toContain('format=tabloid&territoire=MRC');
  });

  it('reads no entry to say so: counts only, whatever the size', async () => {
    await get('/arbre');
    ctx.queries.length = 0;
    await get('/arbre?format=legal');
    expect(ctx.queries.join('\n')).not.toMatch(/"contacts"\."name"/);
  });

  it('tells the dashboard it fits no paper, at the minimum size', () => {
    const fits = arbreFitEveryPaper(ctx.db);
    expect(fits).toHaveLength(6);
    for (const fit of fits) expect(fit).toMatchObject({ fits: false, entries: allEntries(), fontPt: 6.5 });
  });
});
