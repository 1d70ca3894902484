import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/queries/seed.js';
import { arbreFit } from '../../src/queries/arbre.js';
import { listThemeEntries } from '../../src/queries/organisations.js';
import { listThemes } from '../../src/queries/themes.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { seedArbreFixture } from '../support/arbre-fixtures.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { mainText, parseHtml } from '../support/html.js';
import { DAY_MS, TEST_NOW } from '../support/clock.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

const get = (url: string) => ctx.app.inject({ url });
// French typography puts no-break spaces before « : » and inside guillemets; compare with plain spaces.
const plain = (text: string | undefined) => (text ?? '').replace(/[\u00a0\u202f\s]+/g, ' ');
const sheetOf = (html: string) => parseHtml(html).querySelector('article.arbre-sheet');
const sheetText = (html: string) => plain(sheetOf(html)?.querySelector('.sheet-branches')?.textContent);
const stylesheets = (html: string) =>
  parseHtml(html)
    .querySelectorAll('link[rel="stylesheet"]')
    .map((link) => link.getAttribute('href') ?? '')
    .map((href) => href.split('/').pop());

const verifiedAt = TEST_NOW.toISOString();

function smallDirectory() {
  const sante = createTheme(ctx.db, { name: 'Santé mentale', position: 2 });
  const agressions = createTheme(ctx.db, { name: 'Agressions', position: 1 });
  const emploi = createTheme(ctx.db, { name: 'Employabilité', position: 3 });
  const phare = createOrganisation(ctx.db, { name: 'Centre de crise Le Phare', acronym: 'CCP', phone: '4185550169' });
  createContact(ctx.db, phare, { name: 'Anne Tremblay', role: 'Directrice', isPrimary: true, phone: null, verifiedAt });
  const eric = createContact(ctx.db, phare, {
    name: 'Éric Gosselin',
    role: 'Coordonnateur clinique',
    phone: '418 555-0169',
    phoneExtension: '12',
    verifiedAt,
  });
  linkTheme(ctx.db, phare, sante, { note: '12-17 ans', contact: eric });
  linkTheme(ctx.db, phare, agressions);
  const cje = createOrganisation(ctx.db, {
    name: 'Carrefour jeunesse-emploi',
    acronym: 'CJE',
    phone: '418 555-0135',
    phoneExtension: '2',
  });
  createContact(ctx.db, cje, {
    name: 'Karine Ouellet',
    role: 'Conseillère',
    phone: '1 800 555-0199',
    phoneExtension: null,
    isPrimary: true,
    verifiedAt,
  });
  linkTheme(ctx.db, cje, emploi);
  linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Organisme fermé', status: 'archived' }), emploi);
  return { sante, agressions, emploi, phare, cje };
}

/** Full entries plus the organisations named in « Voir aussi » paragraphs. */
function printedEntries(body: string): number {
  const sheet = sheetOf(body);
  return (
    (sheet?.querySelectorAll('.leaf:not(.leaf-also)').length ?? 0) + (sheet?.querySelectorAll('.also').length ?? 0)
  );
}

describe('GET /arbre', () => {
  it('draws every thème in order with its active organisations, phone, person, fonction and note', async () => {
    const { phare, cje } = smallDirectory();
    const response = await get('/arbre');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const sheet = sheetOf(response.body);
    expect(sheet?.querySelector('h1')?.textContent.replace(/\s+/g, ' ')).toBe(
      'L’Arbre des ressources — COSMOSS Rimouski-Neigette',
    );
    const branches = sheet?.querySelectorAll('.branch-title').map((h) => h.textContent.replace(/\s+/g, ' ').trim());
    expect(branches).toEqual(['Agressions (1)', 'Santé mentale (1)', 'Employabilité (1)']);
    const text = sheetText(response.body);
    // Few entries: the most comfortable level, where "poste" is written out.
    expect(text).toContain(
      'Centre de crise Le Phare (CCP) 418 555-0169, poste 12 Éric Gosselin, Coordonnateur clinique · 12-17 ans',
    );
    expect(text).toContain('Centre de crise Le Phare (CCP) 418 555-0169 Anne Tremblay, Directrice');
    expect(text).toContain(
      'Carrefour jeunesse-emploi (CJE) 418 555-0135, poste 2 Karine Ouellet, Conseillère, 1 800 555-0199',
    );
    // People are set apart from organisations (italic), organisations in bold.
    expect(sheet?.querySelectorAll('.leaf-who').map((who) => who.textContent)).toContain('Éric Gosselin');
    expect(text).not.toContain('Organisme fermé');
    const hrefs = sheet?.querySelectorAll('a').map((a) => a.getAttribute('href'));
    expect(hrefs).toContain(`/organismes/${phare.slug}`);
    expect(hrefs).toContain(`/organismes/${cje.slug}`);
    expect(hrefs).toContain('tel:+14185550169;ext=12');
    expect(stylesheets(response.body)).toEqual(expect.arrayContaining(['arbre.css', 'arbre-page-lettre-portrait.css']));
    expect(sheet?.getAttribute('class')).toMatch(/arbre-level-1 arbre-cols-\d/);
    expect(mainText(response.body)).toContain('l’Arbre tient sur une page');
  });

  it('prints the date of the latest change, the online address with its QR code and the legend', async () => {
    smallDirectory();
    const response = await ctx.app.inject({ url: '/arbre', headers: { host: 'repertoire.local:8080' } });
    const sheet = sheetOf(response.body);
    expect(plain(sheet?.querySelector('.sheet-meta')?.textContent)).toContain('À jour au 22 novembre 2026');
    const card = sheet?.querySelector('.sheet-card');
    expect(card?.querySelector('svg.qr path')?.getAttribute('d')).toMatch(/^M\d/);
    expect(card?.querySelector('svg.qr')?.getAttribute('aria-label')).toContain('repertoire.local:8080');
    expect(card?.querySelector('.card-url a')?.getAttribute('href')).toBe('http://repertoire.local:8080/');
    const legend = plain(sheet?.querySelector('.sheet-legend')?.textContent);
    expect(legend).toContain('Chaque branche est un thème');
    expect(legend).toContain('° information non confirmée depuis plus de 12 mois.');
    expect(response.body).not.toMatch(/style="/);
  });

  it('uses PUBLIC_URL for the printed address, and never echoes a strange Host header', async () => {
    const withUrl = await buildTestApp({ publicUrl: 'https://repertoire.cosmoss.example' });
    try {
      const response = await withUrl.app.inject({ url: '/arbre', headers: { host: 'evil.example' } });
      expect(sheetOf(response.body)?.querySelector('.card-url')?.textContent).toContain('repertoire.cosmoss.example');
      expect(response.body).not.toContain('evil.example');
    } finally {
      await withUrl.app.close();
    }
    const odd = await ctx.app.inject({ url: '/arbre', headers: { host: 'bad"host<x>' } });
    expect(odd.statusCode).toBe(200);
    expect(sheetOf(odd.body)?.querySelector('.card-url a')?.getAttribute('href')).toBe('http://localhost/');
  });

  it('marks entries whose organisation or person was not verified for over a year', async () => {
    const theme = createTheme(ctx.db);
    const old = createOrganisation(ctx.db, { name: 'Vieil organisme', verifiedAt: '2020-01-01T00:00:00.000Z' });
    const fresh = createOrganisation(ctx.db, { name: 'Organisme vérifié' });
    createContact(ctx.db, fresh, { isPrimary: true, verifiedAt: ctx.clock().toISOString() });
    linkTheme(ctx.db, old, theme);
    linkTheme(ctx.db, fresh, theme);
    const leaves = sheetOf((await get('/arbre')).body)?.querySelectorAll('.leaf') ?? [];
    const marked = leaves
      .filter((leaf) => leaf.querySelector('.stale-mark'))
      .map((leaf) => leaf.querySelector('.leaf-name')?.textContent);
    expect(marked).toEqual(['Vieil organisme']);
    expect(leaves.find((leaf) => leaf.querySelector('.stale-mark'))?.textContent).toContain('(à vérifier)');
  });

  it('says what « À jour au » means and the share of entries verified in the last 12 months (injected clock)', async () => {
    const theme = createTheme(ctx.db);
    const old = createOrganisation(ctx.db, { name: 'Vieil organisme', verifiedAt: '2020-01-01T00:00:00.000Z' });
    linkTheme(ctx.db, old, theme);
    for (const name of ['Un', 'Deux', 'Trois']) linkTheme(ctx.db, createOrganisation(ctx.db, { name }), theme);
    const body = (await get('/arbre')).body;
    const meta = plain(sheetOf(body)?.querySelector('.sheet-meta')?.textContent);
    expect(meta).toContain('(dernière modification)');
    expect(meta).toContain('75 % des entrées vérifiées depuis 12 mois');
    expect(plain(sheetOf(body)?.querySelector('.sheet-legend')?.textContent)).toContain(
      '° information non confirmée depuis plus de 12 mois.',
    );
    // A year later, nothing has been confirmed since: the share falls.
    ctx.clock.advance(400 * DAY_MS);
    const later = plain(sheetOf((await get('/arbre')).body)?.querySelector('.sheet-meta')?.textContent);
    expect(later).toContain('0 % des entrées vérifiées depuis 12 mois');
  });

  it('says "Données de démonstration" on the sheet itself while the demo data is loaded', async () => {
    seedDatabase(ctx.db, 'demo');
    const response = await get('/arbre');
    expect(sheetOf(response.body)?.querySelector('.sheet-head')?.textContent).toContain('Données de démonstration');
    const entries = listThemeEntries(ctx.db);
    expect(printedEntries(response.body)).toBe(entries.length);
    expect(mainText(response.body)).toContain('l’Arbre tient sur une page');
  });

  it('chooses the @page stylesheet for each paper and orientation', async () => {
    smallDirectory();
    const cases: [string, string][] = [
      ['', 'arbre-page-lettre-portrait.css'],
      ['?orientation=paysage', 'arbre-page-lettre-paysage.css'],
      ['?format=legal', 'arbre-page-legal-portrait.css'],
      ['?format=legal&orientation=paysage', 'arbre-page-legal-paysage.css'],
      ['?format=tabloid', 'arbre-page-tabloid-portrait.css'],
      ['?format=tabloid&orientation=paysage', 'arbre-page-tabloid-paysage.css'],
      ['?format=L%C3%A9gal', 'arbre-page-legal-portrait.css'],
      ['?format=TABLO%C3%8FD', 'arbre-page-tabloid-portrait.css'],
    ];
    for (const [query, sheet] of cases) {
      const response = await get(`/arbre${query}`);
      expect(response.statusCode).toBe(200);
      const sheets = stylesheets(response.body);
      expect(sheets).toContain(sheet);
      expect(sheets.filter((name) => name?.startsWith('arbre-page-'))).toHaveLength(1);
      expect(parseHtml(response.body).querySelectorAll('.arbre-controls .notice')).toHaveLength(0);
    }
    const form = parseHtml((await get('/arbre?format=legal&orientation=paysage')).body).querySelector(
      'form.arbre-options',
    );
    expect(form?.getAttribute('method')).toBe('get');
    expect(form?.querySelector('option[selected]')?.getAttribute('value')).toBe('legal');
    expect(form?.querySelector('input[name="orientation"][checked]')?.getAttribute('value')).toBe('paysage');
  });

  it('falls back to Letter portrait with a French notice when a value is not understood', async () => {
    smallDirectory();
    const response = await get('/arbre?format=a4&orientation=%3Cb%3Ediagonale');
    expect(response.statusCode).toBe(200);
    expect(stylesheets(response.body)).toContain('arbre-page-lettre-portrait.css');
    const notices = parseHtml(response.body)
      .querySelectorAll('.arbre-controls .notice')
      .map((p) => plain(p.textContent));
    expect(notices).toEqual([
      'Format « a4 » inconnu : la feuille est en format Lettre.',
      'Orientation « <b>diagonale » inconnue : la feuille est en portrait.',
    ]);
    expect(response.body).not.toContain('<b>diagonale');
    const repeated = await get('/arbre?format=legal&format=tabloid');
    expect(repeated.statusCode).toBe(200);
    expect(stylesheets(repeated.body)).toContain('arbre-page-legal-portrait.css');
  });

  it('prints a subset of thèmes from ?themes=a,b or from the form’s repeated checkboxes', async () => {
    const { sante, agressions, emploi } = smallDirectory();
    for (const query of [
      `?themes=${emploi.slug},${agressions.slug}`,
      `?themes=${emploi.slug}&themes=${agressions.slug}`,
    ]) {
      const response = await get(`/arbre${query}`);
      expect(response.statusCode).toBe(200);
      const sheet = sheetOf(response.body);
      expect(
        sheet?.querySelectorAll('.branch-title').map((h) => h.textContent.replace(/\s*\(\d+\)/, '').trim()),
      ).toEqual(['Agressions', 'Employabilité']);
      expect(plain(sheet?.querySelector('.sheet-meta')?.textContent)).toContain(
        'Sélection de thèmes : Agressions, Employabilité',
      );
      const checked = parseHtml(response.body)
        .querySelectorAll('input[name="themes"][checked]')
        .map((i) => i.getAttribute('value'));
      expect(checked.sort()).toEqual([agressions.slug, emploi.slug].sort());
      expect(sheetText(response.body)).not.toContain('Éric Gosselin');
    }
    const unknown = await get(`/arbre?themes=${sante.slug},inexistant`);
    expect(sheetOf(unknown.body)?.querySelectorAll('.branch')).toHaveLength(1);
    expect(plain(mainText(unknown.body))).toContain('Thème inconnu ignoré : « inexistant »');
    const onlyUnknown = await get('/arbre?themes=inexistant');
    expect(sheetOf(onlyUnknown.body)?.querySelectorAll('.branch')).toHaveLength(3);
    expect(mainText(onlyUnknown.body)).toContain('tous les thèmes sont affichés');
  });

  it('still answers with an empty directory or thèmes without organisations', async () => {
    const empty = await get('/arbre');
    expect(empty.statusCode).toBe(200);
    expect(mainText(empty.body)).toContain('Aucun thème n’est encore défini.');
    expect(sheetOf(empty.body)?.querySelector('.sheet-meta')?.textContent).toContain('Répertoire vide');
    createTheme(ctx.db, { name: 'Troubles alimentaires' });
    const bare = await get('/arbre');
    expect(sheetText(bare.body)).toContain('Troubles alimentaires (0) Aucun organisme pour l’instant.');
  });

  it('escapes every value that comes from the database or the address', async () => {
    const theme = createTheme(ctx.db, { name: 'Thème <i>gras</i>' });
    const org = createOrganisation(ctx.db, { name: '<script>alert(1)</script> & "Cie"', acronym: '<b>X</b>' });
    createContact(ctx.db, org, { name: '<img src=x onerror=alert(2)>', role: '"rôle"', isPrimary: true });
    linkTheme(ctx.db, org, theme, { note: '</li><li>faux' });
    const response = await get('/arbre?themes=%3Cscript%3E');
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>alert(1)');
    expect(response.body).not.toContain('<img src=x');
    expect(response.body).not.toContain('<i>gras</i>');
    expect(response.body).not.toContain('</li><li>faux');
    expect(response.body).not.toMatch(/«\u00a0<script>/);
    const text = sheetText(response.body);
    const leaf = sheetOf(response.body)?.querySelector('.leaf');
    expect(leaf?.querySelector('.leaf-name')?.textContent).toBe('<script>alert(1)</script> & "Cie"');
    expect(leaf?.querySelector('.leaf-acronym')?.textContent).toBe('(<b>X</b>)');
    expect(text).toContain('<img src=x onerror=alert(2)>, "rôle"');
    expect(text).toContain('· </li><li>faux');
  });

  it('runs the same few queries for 2 or 60 organisations (no N+1)', async () => {
    const theme = createTheme(ctx.db);
    const add = (count: number) => {
      for (let i = 0; i < count; i++) {
        const org = createOrganisation(ctx.db);
        const person = createContact(ctx.db, org, { isPrimary: true });
        linkTheme(ctx.db, org, theme, { contact: i % 2 ? person : null, note: 'Note' });
      }
    };
    const countQueries = async () => {
      ctx.queries.length = 0;
      expect((await get('/arbre')).statusCode).toBe(200);
      return ctx.queries.length;
    };
    // Both measured renders start from a stale page-cache entry, so they pay the same version check.
    await get('/arbre');
    add(2);
    const few = await countQueries();
    add(58);
    expect(await countQueries()).toBe(few);
    // Thèmes, entries, last update, crisis lines, the territory choices (two queries and their version
    // check, cached per data version), the entry counts (decision 110: one aggregate and its version check)
    // and the page cache's version checks.
    expect(few).toBeLessThanOrEqual(12);
  });
});

describe('when the content cannot fit the paper', () => {
  it('warns on screen and proposes a larger paper or thème sheets that would each fit', async () => {
    seedArbreFixture(ctx.db, { themes: 20, entries: 220 });
    const response = await get('/arbre');
    expect(response.statusCode).toBe(200);
    const warning = parseHtml(response.body).querySelector('.arbre-overflow');
    expect(warning?.querySelector('h2')?.textContent).toBe('Tout ne tient pas sur une page Lettre portrait');
    expect(warning?.textContent).toContain('220 entrées');
    expect(warning?.textContent).toContain('rien n’est retiré');
    const links = warning?.querySelectorAll('a').map((a) => a.getAttribute('href') ?? '') ?? [];
    expect(links).toContain('/arbre?format=tabloid');
    const groups = links.filter((href) => href.includes('themes='));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    // Together the proposed sheets hold every thème exactly once.
    const slugs = groups.flatMap((href) => new URLSearchParams(href.split('?')[1]).get('themes')?.split(',') ?? []);
    expect(slugs).toEqual(listThemes(ctx.db).map((theme) => theme.slug));
    // Nothing is dropped from the (overflowing) sheet.
    expect(printedEntries(response.body)).toBe(220);
    expect(sheetOf(response.body)?.getAttribute('class')).toContain('arbre-level-10');
    expect(parseHtml(response.body).querySelector('details.arbre-settings')?.hasAttribute('open')).toBe(true);
  });

  it('gives the admin the same verdict through arbreFit()', async () => {
    seedArbreFixture(ctx.db, { themes: 20, entries: 220 });
    const letter = arbreFit(ctx.db);
    expect(letter).toMatchObject({
      fits: false,
      entries: 220,
      level: 10,
      fontPt: 6.5,
      paper: { format: 'lettre', orientation: 'portrait' },
    });
    expect(letter.suggestion?.paper).toEqual({ format: 'tabloid', orientation: 'portrait' });
    expect(letter.message).toContain('ne tient pas sur une page');
    const tabloid = arbreFit(ctx.db, { format: 'tabloid' });
    expect(tabloid).toMatchObject({ fits: true, entries: 220, suggestion: null });
    expect(tabloid.fontPt).toBeGreaterThanOrEqual(6.5);
    const subset = arbreFit(ctx.db, { themes: letter.suggestion?.themeGroups?.[0]?.slugs });
    expect(subset.fits).toBe(true);
  });
});
